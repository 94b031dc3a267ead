"""Problems (findings as values) and the exception hierarchy."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning"]

#: Every problem code with a one-line title. ``docs/rules.md`` documents each one.
CODES: dict[str, str] = {
    "Y001": "The file cannot be read",
    "Y002": "The file is not UTF-8 text",
    "Y003": "A control character is not allowed",
    "Y004": "The file is too large",
    "Y005": "YAML syntax error",
    "Y006": "More than one YAML document",
    "Y007": "The file does not hold a mapping",
    "Y008": "Duplicate key",
    "Y009": "A key is not a string",
    "Y010": "A YAML tag is not allowed",
    "Y011": "Anchors, aliases and merge keys are not allowed",
    "Y012": "A number cannot be represented in JSON",
    "Y013": "Nesting is too deep",
    "Y014": "Too many values",
    "Y015": "A string is too long",
    "Y016": "A number would change when read",
    "Y020": "A number may not mean what it looks like",
    "R001": "A base file named in `extends` does not exist",
    "R002": "An `extends` path leaves the repository",
    "R003": "`extends` forms a cycle",
    "R004": "`extends` chain is too deep",
    "R005": "`extends` must be a path or a list of paths",
    "R006": "The contractor is not on the team roster",
    "R007": "The reviewed brief version is not published",
    "R008": "The review's criteria differ from the brief's",
    "R009": "A score names a criterion the rubric does not have",
    "R010": "A roster file's id differs from its name",
    "R011": "The review names another contractor than the brief",
    "R012": "The review is dated before the submission",
    "R013": "A configured folder lies outside the repository",
    "R014": "A configured folder does not exist",
    "R015": "A result names a KPI the brief does not have",
    "R016": "An accepted review leaves a criterion unmet without a note",
    "R017": "The stream is not described in outsource-briefs.yaml",
    "R018": "The review's deliverables differ from the brief's",
    "R019": "The payments exceed the brief's budget",
    "R020": "The contractor is paused or no longer works with you",
    "R021": "Two reviews of the same round",
    "R022": "A round is missing before this one",
    "R023": "The review's period does not fit",
    "R024": "The brief names its contractor inline, not by roster id",
    "R025": "`extends` merges too much",
    "R040": "A review's criterion matches the brief's by id, but its text differs",
    "R041": "A check report names a criterion the brief does not have",
    "R042": "A check report reports a criterion twice",
    "S001": "Unknown key",
    "S002": "A required key is missing",
    "S003": "A value has the wrong type",
    "S004": "A date-time has no UTC offset",
    "S005": "A value is not in the required format",
    "S006": "A value is not one of the allowed values",
    "S007": "A value does not match the required pattern",
    "S008": "A value is out of range",
    "S009": "Unknown kind",
    "S010": "A field required by another field's value is missing",
    "S011": "A value breaks a schema rule",
    "S012": "A schema file is invalid",
    "S013": "Two KPIs share an id",
    "S040": "Two acceptance criteria share an id",
    "V001": "The content changed but the version did not",
    "V002": "The version is lower than a published one",
    "V003": "A new version has no changelog entry",
    "V004": "An archive path is a symlink or not a regular file",
    "V005": "An archived spec is unreadable",
    "V006": "The version is not in the archive",
    "V007": "A version is in the archive only in part",
    "V020": "Two spec files share an id",
    "L001": "Subjective quality words with nothing measurable",
    "L002": "Open lists and deferrals",
    "L003": "Vague quantities with no number",
    "L004": "Urgency without a date",
    "L005": "Placeholders left in",
    "L006": "References to things the contractor cannot see",
    "L007": "A password, key or token pasted inline",
    "L008": "Invisible or deceptive characters",
    "L009": "Dates out of order",
    "L010": "A deadline already past",
    "L011": "Budget figures that disagree",
    "L012": "A recommended section is missing",
    "L013": "An acceptance criterion nobody could check",
    "L014": "A comment cut a value short",
    "L015": "A KPI that cannot be measured",
    "L020": "A value left as the skeleton's example",
    "L021": "A deadline's offset is not the owner's on that date",
    "T001": "No template for this kind",
    "T002": "A template has a syntax error",
    "T003": "A template failed while rendering",
    "T004": "A template file lies outside its template folder",
    "T005": "The brief would hold too large a table",
}


class Location(NamedTuple):
    """A place in a source file; ``line`` and ``column`` count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One finding about a file: where it is, what is wrong and how to fix it.

    :param file: the path of the file the finding is in, as given by the user.
    :param line: 1-based line.
    :param column: 1-based column.
    :param pointer: JSON pointer of the value concerned (``/timeline/due``), or ``""``.
    :param code: stable code such as ``S004``; see ``docs/rules.md``.
    :param severity: ``"error"`` or ``"warning"``.
    :param message: what is wrong.
    :param hint: how to fix it, or ``""``.
    """

    file: str
    line: int
    column: int
    pointer: str
    code: str
    severity: Severity
    message: str
    hint: str = ""

    @classmethod
    def at(
        cls,
        location: Location,
        code: str,
        message: str,
        *,
        pointer: str = "",
        hint: str = "",
        severity: Severity = "error",
    ) -> Problem:
        """Build a problem at ``location``."""
        return cls(
            location.file,
            location.line,
            location.column,
            pointer,
            code,
            severity,
            message,
            hint,
        )

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def dotted_path(self) -> str:
        """The pointer as a readable path: ``/deliverables/0/name`` -> ``deliverables[0].name``."""
        return pointer_to_path(self.pointer)

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.code, self.pointer, self.message)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        label = f"{self.code} warning:" if self.severity == "warning" else self.code
        where = f" ({self.dotted_path})" if self.pointer else ""
        return f"{self.location}: {label} {self.message}{where}"


def pointer_to_path(pointer: str) -> str:
    """Turn a JSON pointer into ``a.b[0].c`` form for messages."""
    path = ""
    for token in split_pointer(pointer):
        if token.isdigit():
            path += f"[{token}]"
        else:
            path += f".{token}" if path else token
    return path


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer into its unescaped reference tokens."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def join_pointer(pointer: str, token: str | int) -> str:
    """Append one reference token to a JSON pointer, escaping it."""
    text = str(token)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{text}"


def value_at(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer in ``data``, or ``None`` when there is none."""
    for token in split_pointer(pointer):
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def unknown_name_hint(name: str, known: Sequence[str], *, listing: str, none: str) -> str:
    """The hint for a name that is not one of ``known``: a "did you mean" for a close one, else
    ``listing`` followed by the known names, else ``none`` when there are none."""
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return listing + ", ".join(known) if known else none


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order, without repeats."""
    return sorted(set(problems), key=Problem.sort_key)


class BriefError(Exception):
    """Base class for all outsource_briefs errors.

    Carries the problems that explain it; ``str()`` lists them with their locations.
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        lines = [self.message, *(str(problem) for problem in self.problems)]
        return "\n".join(lines)


class SpecError(BriefError, ValueError):
    """A spec cannot be loaded, resolved or used because it has errors."""


class ConfigError(BriefError, ValueError):
    """The configuration file or a user schema or template folder is unusable."""


class TemplateError(BriefError, LookupError):
    """A template is missing, broken or failed while rendering."""


class ArchiveError(BriefError, OSError):
    """The archive refused an operation; ``problems`` say why."""


class VersionNotFoundError(ArchiveError, LookupError):
    """The brief version asked for is not in the archive (V006)."""
