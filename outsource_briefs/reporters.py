"""What the command line prints: problems as text (``file:line:col: CODE message``), JSON or
GitHub annotations; version diffs and a brief's checklist as text or JSON.

File names, keys and values come from files anyone may write, and reports are read in
terminals and CI logs. Every format writes what would change what those show as escapes: no
control character (colour, cursor, window title, clipboard, a line break that starts a forged
line), no bidirectional control, and nothing a GitHub Actions runner reads as a workflow
command (a line that starts with ``::``, or ``##[`` anywhere in a line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import Problem, pointer_to_path

if TYPE_CHECKING:
    from .archive import VersionDiff

#: C0 and C1 controls (ESC starts colour, cursor, title and clipboard sequences; a line break
#: starts a line of its own), DEL, line and paragraph separators, and the bidirectional
#: controls, which reorder the text around them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# Inside JSON strings: json.dumps already writes C0 controls as \u escapes, and outside its
# strings a JSON text holds only line breaks and spaces.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The runner's older command form, which it looks for anywhere in a line.
_OLD_COMMAND = "##["


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every character that could change what a terminal or a CI log shows
    written as an escape (``\\n``, ``\\x1b``, ``\\u202e``, ``##\\x5b``); the characters in
    ``keep`` (such as the tabs of a diff) stay as they are."""
    escaped = _UNSAFE.sub(lambda match: _escape(match.group(), keep), text)
    return escaped.replace(_OLD_COMMAND, "##\\x5b")


def report_line(text: str, *, keep: str = "") -> str:
    """One line of a report: :func:`printable`, and never starting a workflow command (the
    runner reads a line that starts with ``::`` after its spaces as one)."""
    line = printable(text, keep=keep)
    stripped = line.lstrip()
    if not stripped.startswith("::"):
        return line
    indent = len(line) - len(stripped)
    return line[:indent] + "\\x3a" + line[indent + 1 :]


def json_text(data: Any) -> str:
    """``data`` as indented JSON, non-ASCII text as it is, the characters :func:`printable`
    escapes written as ``\\u`` escapes (so the JSON reads back to the same strings)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return text.replace(_OLD_COMMAND, "##\\u005b") + "\n"


def _escape(character: str, keep: str) -> str:
    if character in keep:
        return character
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def format_text(problems: Sequence[Problem]) -> str:
    """One ``path:line:col: CODE message (path.to.value)`` line per problem, each followed by
    an indented ``hint:`` line when there is a hint."""
    lines = []
    for problem in problems:
        lines.append(report_line(str(problem)))
        if problem.hint:
            lines.append(f"    hint: {printable(problem.hint)}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(problems: Sequence[Problem]) -> str:
    """A JSON array with one object per problem (file, line, column, pointer, code, severity,
    message, hint)."""
    return json_text([problem.to_dict() for problem in problems])


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, shown as annotations on the pull request."""
    lines = []
    for problem in problems:
        properties = ",".join(
            [
                f"file={_property(printable(problem.file))}",
                f"line={problem.line}",
                f"col={problem.column}",
                f"title={_property(problem.code)}",
            ]
        )
        message = printable(problem.message + (f" ({problem.dotted_path})" if problem.pointer else ""))
        if problem.hint:
            message += f"\nhint: {printable(problem.hint)}"
        lines.append(f"::{problem.severity} {properties}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


#: The problem formatters by the name ``--format`` takes.
FORMATTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def format_diff(diff: VersionDiff, output_format: str = "text") -> str:
    """A version diff: the changed fields, then the unified diff of the briefs (``text``), or
    the whole diff as JSON (``json``)."""
    if output_format == "json":
        return json_text(diff.to_dict())
    lines = []
    if diff.changes is not None:
        plural = "s" if len(diff.changes) != 1 else ""
        lines.append(f"{len(diff.changes)} field change{plural} from {diff.from_name} to {diff.to_name}:")
        for change in diff.changes:
            where = pointer_to_path(change.pointer)
            if change.kind == "changed":
                lines.append(f"  changed  {where}: {_shown(change.old)} -> {_shown(change.new)}")
            elif change.kind == "added":
                lines.append(f"  added    {where}: {_shown(change.new)}")
            else:
                lines.append(f"  removed  {where}: {_shown(change.old)}")
        lines.append("")
    lines.extend(diff.brief_diff.split("\n"))
    return "\n".join(report_line(line, keep="\t") for line in lines)


#: The diff formats by the name ``diff --format`` takes.
DIFF_FORMATS = ("text", "json")


def format_checklist(checklist: dict[str, Any], output_format: str = "text") -> str:
    """A brief's checklist (:func:`outsource_briefs.criteria.checklist`): as JSON (``json``), or
    one line per criterion, id first, grouped by deliverable, then the kind's measures (``text``)."""
    if output_format == "json":
        return json_text(checklist)
    criteria = checklist["criteria"]
    width = max(len(item["id"]) for item in criteria)
    lines = [f"{checklist['brief']}: {len(criteria)} acceptance criteria"]
    group: object = ()
    for item in criteria:
        if item["deliverable"] != group:
            group = item["deliverable"]
            lines.append(f"deliverable {group}:" if group is not None else "the brief:")
        lines.append(f"  {item['id']:<{width}}  {item['text']}")
    for name, value in checklist["measures"].items():
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(report_line(line) for line in lines) + "\n"


CHECKLIST_FORMATS = ("text", "json")


def summary(problems: Sequence[Problem], files: int) -> str:
    """``2 errors and 1 warning in 3 files`` (or ``3 files OK``)."""
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    noun = "file" if files == 1 else "files"
    if not problems:
        return f"{files} {noun} OK"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} {noun}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "..."
