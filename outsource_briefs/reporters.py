"""What the command line prints: problems as text (``file:line:col: CODE message``), JSON or
GitHub annotations, version diffs and a brief's checklist as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from .archive import VersionDiff
from .errors import Problem, pointer_to_path


def format_text(problems: Sequence[Problem]) -> str:
    """One ``path:line:col: CODE message (path.to.value)`` line per problem, each followed by
    an indented ``hint:`` line when there is a hint."""
    lines = []
    for problem in problems:
        lines.append(str(problem))
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(problems: Sequence[Problem]) -> str:
    """A JSON array with one object per problem (file, line, column, pointer, code, severity,
    message, hint)."""
    return json.dumps([problem.to_dict() for problem in problems], indent=2, ensure_ascii=False) + "\n"


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, shown as annotations on the pull request."""
    lines = []
    for problem in problems:
        properties = ",".join(
            [
                f"file={_property(problem.file)}",
                f"line={problem.line}",
                f"col={problem.column}",
                f"title={_property(problem.code)}",
            ]
        )
        message = problem.message + (f" ({problem.dotted_path})" if problem.pointer else "")
        if problem.hint:
            message += f"\nhint: {problem.hint}"
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
        return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"
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
    head = "\n".join(lines) + "\n" if lines else ""
    return head + diff.brief_diff


#: The diff formats by the name ``diff --format`` takes.
DIFF_FORMATS = ("text", "json")


def format_checklist(checklist: dict[str, Any], output_format: str = "text") -> str:
    """A brief's checklist (:func:`outsource_briefs.criteria.checklist`): as JSON (``json``), or
    one line per criterion, id first, grouped by deliverable, then the kind's measures (``text``)."""
    if output_format == "json":
        return json.dumps(checklist, indent=2, ensure_ascii=False) + "\n"
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
    return "\n".join(lines) + "\n"


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
