"""Print problems as text (``file:line:col: CODE message``), JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .errors import Problem

FORMATS = ("text", "json", "github")


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


def formatter(name: str) -> Callable[[Sequence[Problem]], str]:
    """The formatter called ``name`` (one of :data:`FORMATS`)."""
    return {"text": format_text, "json": format_json, "github": format_github}[name]


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
