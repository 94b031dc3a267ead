"""Publish immutable versions, check version discipline, and diff versions.

The archive holds ``ARCHIVE/<id>/<version>.md`` (the brief as handed over) and
``ARCHIVE/<id>/<version>.json`` (the resolved spec it was rendered from). Files are created
once and never replaced.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import limits
from .errors import (
    ArchiveError,
    Location,
    Problem,
    SpecError,
    VersionNotFoundError,
    join_pointer,
    pointer_to_path,
)
from .fileio import write_new
from .files import shown_path
from .schema_check import check_document
from .spec import UNFINGERPRINTED, Spec, canonical_json, fingerprint
from .values import format_version, is_slug, parse_version
from .yaml_loader import SourceMap

#: Changes under these pointers change what the contractor delivers, when, or for what money.
MAJOR_FIELDS = ("/deliverables", "/timeline/due", "/budget")
#: What reviews, review skeletons and version checks read from a record, as a schema.
PUBLISHED_SCHEMA = "published.schema.json"
# The characters the YAML reader refuses in a spec (a record is a spec as JSON).
_NOT_IN_A_SPEC = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESTORE = "restore the file from version control: published files are never edited"


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a spec, by JSON pointer."""

    pointer: str
    kind: Literal["added", "removed", "changed"]
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"pointer": self.pointer, "change": self.kind, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class VersionDiff:
    """Two versions of a brief compared.

    ``changes`` lists the fields by JSON pointer (``None`` when the resolved specs are not at
    hand); ``brief_diff`` is a unified diff of the two briefs' Markdown.
    """

    from_name: str
    to_name: str
    changes: list[Change] | None
    brief_diff: str
    spec_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON data; ``changes`` is null when the resolved specs were not at hand."""
        names = {"id": self.spec_id} if self.spec_id is not None else {}
        return {
            **names,
            "from": self.from_name,
            "to": self.to_name,
            "changes": None if self.changes is None else [change.to_dict() for change in self.changes],
            "brief_diff": self.brief_diff,
        }


@dataclass(frozen=True)
class PublishResult:
    """What ``publish`` did: ``created`` is false when the same version was already there."""

    brief_path: Path
    spec_path: Path
    created: bool


class Archive:
    """A folder of published briefs.

    :param root: the archive folder (it need not exist yet).
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def versions(self, spec_id: str) -> list[str]:
        """Published versions of ``spec_id``, oldest first."""
        if not is_slug(spec_id):
            return []
        folder = self.root / spec_id
        if not folder.is_dir() or folder.is_symlink():
            return []
        found = [path.stem for path in folder.glob("*.json") if parse_version(path.stem)]
        return sorted(found, key=lambda text: parse_version(text) or (0, 0, 0))

    def ids(self) -> list[str]:
        """The ids of the briefs with at least one published version, sorted."""
        if not self.root.is_dir() or self.root.is_symlink():
            return []
        return sorted(path.name for path in self.root.iterdir() if self.versions(path.name))

    def spec_path(self, spec_id: str, version: str) -> Path:
        return self.root / spec_id / f"{version}.json"

    def brief_path(self, spec_id: str, version: str) -> Path:
        return self.root / spec_id / f"{version}.md"

    def read_spec(self, spec_id: str, version: str) -> dict[str, Any]:
        """The resolved spec published as ``spec_id`` ``version``.

        :raises VersionNotFoundError: when it is not published.
        :raises ArchiveError: when it is a symlink, not readable JSON, or not a published brief
            (``published.schema.json``: what reviews and version checks read from it) (V005).
        """
        path = self.spec_path(spec_id, version)
        data = _parse_record(path, self._read(path, spec_id, version))
        problems = check_document(data, PUBLISHED_SCHEMA, SourceMap())
        if problems:
            shown = shown_path(path)
            raise ArchiveError(
                f"{shown}: not a published brief",
                [
                    Problem.at(
                        Location(shown, 1, 1),
                        "V005",
                        f"the archived spec is not a published brief: {problem.message}",
                        pointer=problem.pointer,
                        hint=_RESTORE,
                    )
                    for problem in problems
                ],
            )
        return data

    def read_brief(self, spec_id: str, version: str) -> str:
        """The brief published as ``spec_id`` ``version``."""
        return self._read(self.brief_path(spec_id, version), spec_id, version)

    def _read(self, path: Path, spec_id: str, version: str) -> str:
        if not is_slug(spec_id) or parse_version(version) is None:
            # Never turn a malformed id or version into a path.
            raise _archive_error(
                self.root, "V006", f"'{spec_id}@{version}' is not a brief id and version", missing=True
            )
        try:
            status = path.lstat()
        except FileNotFoundError:
            published = ", ".join(self.versions(spec_id)) or "none"
            raise _archive_error(
                self.root / spec_id,
                "V006",
                f"version {version} of '{spec_id}' is not in the archive",
                hint=f"published versions: {published}",
                missing=True,
            ) from None
        if not stat.S_ISREG(status.st_mode):
            raise _unsafe(path)
        return path.read_text(encoding="utf-8")

    def diff(self, spec_id: str, old_version: str, new_version: str) -> VersionDiff:
        """Compare two published versions of ``spec_id``.

        :raises ArchiveError: when either version is not published or not readable.
        """
        return _version_diff(
            spec_id,
            (old_version, self.read_spec(spec_id, old_version), self.read_brief(spec_id, old_version)),
            (new_version, self.read_spec(spec_id, new_version), self.read_brief(spec_id, new_version)),
            new_file=f"{new_version}.md",
        )

    def diff_working(self, spec: Spec, brief_markdown: str, old_version: str) -> VersionDiff:
        """Compare the published ``old_version`` with the working ``spec`` and its rendered brief."""
        spec_id = spec.id or ""
        return _version_diff(
            spec_id,
            (old_version, self.read_spec(spec_id, old_version), self.read_brief(spec_id, old_version)),
            (f"{spec.version} (working copy)", spec.data, brief_markdown),
            new_file=f"{spec.version} (working copy)",
        )

    def check(self, spec: Spec) -> list[Problem]:
        """Version discipline for ``spec`` against what is published.

        - V001: the content differs from the published copy of the same version;
        - V002: the version is lower than the newest published one;
        - V003: a version after the first published one has no ``changelog`` entry;
        - V007: a version of the brief is there only in part (an interrupted publish).
        """
        if not is_slug(spec.id):
            return []  # the schema reports a malformed id
        return self._unfinished(spec.id or "") + self._discipline(spec)

    def unfinished(self, spec_id: str) -> list[tuple[str, Path]]:
        """Versions of ``spec_id`` of which only one of the two files is there: each with the
        file that is. A brief without its record is not published (an interrupted publish); a
        record without its brief is published, but not whole."""
        if not is_slug(spec_id):
            return []
        folder = self.root / spec_id
        if not folder.is_dir() or folder.is_symlink():
            return []
        names = {path.name for path in folder.iterdir()}
        found = []
        for name in names:
            version, partner = _version_file(name)
            if version is not None and partner not in names:
                found.append((version, folder / name))
        return sorted(found, key=lambda item: parse_version(item[0]) or (0, 0, 0))

    def _unfinished(self, spec_id: str, *, skip: str | None = None) -> list[Problem]:
        problems = []
        for version, path in self.unfinished(spec_id):
            if version == skip:
                continue  # publish finishes it, or refuses
            missing = "record" if path.suffix == ".md" else "brief"
            problems.append(
                _archive_problem(
                    path,
                    "V007",
                    f"version {version} of '{spec_id}' is there only in part: its {missing} is missing "
                    "(a publish was interrupted)",
                    hint=f"publish the spec at version {version} again to finish it, or remove {path.name} "
                    "if that content was never handed over",
                )
            )
        return problems

    def _discipline(self, spec: Spec) -> list[Problem]:
        spec_id, version = spec.id, spec.version
        current = parse_version(version or "")
        if spec_id is None or version is None or current is None or not is_slug(spec_id):
            return []  # the schema reports a malformed id or version
        published = self.versions(spec_id)
        if not published:
            return []
        newest = published[-1]
        problems = []
        newest_version = parse_version(newest)
        if newest_version is not None and current < newest_version:
            problems.append(
                Problem.at(
                    spec.locate("/version"),
                    "V002",
                    f"version {version} is lower than {newest}, the newest published version",
                    pointer="/version",
                    hint=f"use a version after {newest}",
                )
            )
        if version in published:
            return problems + self._same_version(spec, spec_id, version, newest)
        if not any(entry.get("version") == version for entry in _changelog(spec.data)):
            where = "/changelog" if "changelog" in spec.data else "/version"
            problems.append(
                Problem.at(
                    spec.locate(where, key=True),
                    "V003",
                    f"version {version} has no changelog entry",
                    pointer=where,
                    hint=f"add an entry at the top of `changelog:` with `version: {version}`, "
                    "the date and what changed, so the contractor sees the difference",
                )
            )
        return problems

    def _same_version(self, spec: Spec, spec_id: str, version: str, newest: str) -> list[Problem]:
        try:
            old = self.read_spec(spec_id, version)
        except ArchiveError as error:
            return list(error.problems)
        # Canonical JSON, not ==, which takes 300 and 300.0, or 1 and true, for the same value.
        if canonical_json(old) == canonical_json(spec.data):
            return []
        if fingerprint(old) == spec.fingerprint:
            # Only the changelog moved: the brief's "What changed" would no longer match.
            return [
                Problem.at(
                    spec.locate("/changelog", key=True),
                    "V001",
                    f"the changelog changed since {version} was published, but the version did not",
                    pointer="/changelog",
                    hint=f"restore the changelog of {version}, or bump the version for the new entry",
                )
            ]
        changes = diff_specs(old, spec.data)
        changed = ", ".join(pointer_to_path(change.pointer) for change in changes[:6])
        more = f" and {len(changes) - 6} more" if len(changes) > 6 else ""
        proposal, reason = propose_version(newest, changes)
        return [
            Problem.at(
                spec.locate("/version"),
                "V001",
                f"the content changed since {version} was published, but the version did not "
                f"(changed: {changed}{more})",
                pointer="/version",
                hint=f"bump to {proposal} ({reason}) and add a changelog entry",
            )
        ]

    def publish_problems(self, spec: Spec) -> list[Problem]:
        """What :meth:`publish` would refuse for ``spec``, found without writing anything: the
        problems of :meth:`check`, except a part left of the version being published (publishing
        it again finishes it), and an archive path that is a link or not a regular file (V004).
        Several specs are published together only when none has such a problem."""
        spec_id, version = spec.id, spec.version
        if spec_id is None or version is None or parse_version(version) is None or not is_slug(spec_id):
            return []  # the schema reports a malformed id or version
        folder = self.root / spec_id
        paths = (folder, folder / f"{version}.json", folder / f"{version}.md")
        unsafe = [_unsafe(path).problems[0] for path in paths if _unsafe_path(path, folder=path == folder)]
        return unsafe or self._unfinished(spec_id, skip=version) + self._discipline(spec)

    def publish(self, spec: Spec, brief_markdown: str) -> PublishResult:
        """Add ``spec`` and its brief to the archive, or confirm they are already there.

        Each file is written in full to a temporary file, flushed, then linked into place, so
        a reader never sees a partial file and of two racing publishers exactly one creates it.
        The brief comes first and the record last: a version exists once its record does, so
        an interrupted publish never leaves a version that is half there. Publishing the same
        content again finishes an interrupted one (and a record left without its brief).

        :raises ArchiveError: when :meth:`check` finds a problem (nothing is written), when the
            same version holds different content (or an interrupted publish left another
            brief), or when an archive path is a symlink.
        """
        spec_id, version = spec.id, spec.version
        if spec_id is None or version is None or parse_version(version) is None or not is_slug(spec_id):
            raise SpecError(f"{spec.name}: a spec needs a valid id and version to be published")
        problems = self.publish_problems(spec)
        if problems:
            raise ArchiveError(f"{spec.name}: not published", problems)
        folder = self._folder(spec_id)
        record = json.dumps(spec.data, indent=2, ensure_ascii=False) + "\n"
        spec_path, brief_path = folder / f"{version}.json", folder / f"{version}.md"
        for path in (spec_path, brief_path):
            if _unsafe_path(path):
                raise _unsafe(path)
        if spec_path.exists():
            # Published: the record decides; a brief missing beside it is written now.
            self._create(spec_path, record, lambda existing: _same_record(existing, spec))
            self._create(brief_path, brief_markdown, lambda existing: True)
            return PublishResult(brief_path, spec_path, created=False)
        brief_created = self._create(brief_path, brief_markdown, lambda existing: existing == brief_markdown)
        try:
            created = self._create(spec_path, record, lambda existing: _same_record(existing, spec))
        except BaseException:
            if brief_created:
                brief_path.unlink(missing_ok=True)  # no version after all: leave nothing of it
            raise
        return PublishResult(brief_path, spec_path, created)

    def _folder(self, spec_id: str) -> Path:
        folder = self.root / spec_id
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            raise _unsafe(folder)
        return folder

    def _create(self, path: Path, text: str, same: Any) -> bool:
        if write_new(path, text):
            return True
        if path.is_symlink():
            raise _unsafe(path)
        if not same(path.read_text(encoding="utf-8")):
            if path.suffix == ".md" and not path.with_suffix(".json").exists():
                raise _archive_error(
                    path,
                    "V007",
                    "an interrupted publish of this version left a brief with other content",
                    hint=f"remove {path.name} if that content was never handed over, then publish again",
                )
            raise _archive_error(
                path,
                "V001",
                "this version is already published with different content",
                hint="bump the version; published briefs are never overwritten",
            )
        return False


def _version_file(name: str) -> tuple[str | None, str]:
    """``1.2.0.md`` -> ``("1.2.0", "1.2.0.json")``: the version a file of the archive holds
    and the name of the file that goes with it; ``(None, "")`` for any other name."""
    for suffix, partner in ((".md", ".json"), (".json", ".md")):
        version = name.removesuffix(suffix)
        if version != name and parse_version(version) is not None:
            return version, version + partner
    return None, ""


def read_record(path: Path) -> dict[str, Any]:
    """A resolved spec stored as JSON (``VERSION.json`` beside a published brief).

    :raises ArchiveError: V004 for a symlink, V005 when it is not a JSON object.
    """
    if path.is_symlink() or not path.is_file():
        raise _unsafe(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _archive_error(path, "V005", f"the archived spec cannot be read: {error}") from None
    return _parse_record(path, text)


def _parse_record(path: Path, text: str) -> dict[str, Any]:
    """A record as JSON data that a spec could have held: an object, finite numbers, no
    nesting deeper than a spec's, no character the YAML reader refuses in a spec."""
    try:
        data = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except json.JSONDecodeError as error:
        raise _archive_error(path, "V005", f"the archived spec is not valid JSON: {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise _archive_error(
            path, "V005", f"the archived spec cannot be a spec: {error}", hint=_RESTORE
        ) from None
    if not isinstance(data, dict):
        raise _archive_error(path, "V005", "the archived spec is not a JSON object")
    where = _not_like_a_spec(data)
    if where is not None:
        raise _archive_error(
            path,
            "V005",
            f"the archived spec cannot be a spec: {where[1]} at {where[0] or '/'}",
            hint=_RESTORE,
        )
    return data


def _not_a_number(constant: str) -> Any:
    raise ValueError(f"{constant} is not a number JSON can hold")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number")
    return number


def _not_like_a_spec(data: dict[str, Any]) -> tuple[str, str] | None:
    """Where ``data`` holds what no spec can (a pointer and what it is), or ``None``."""
    pending: list[tuple[str, Any, int]] = [("", data, 0)]
    while pending:
        pointer, value, depth = pending.pop()
        if depth > limits.MAX_DEPTH:
            return pointer, f"nesting deeper than {limits.MAX_DEPTH} levels"
        texts = [value] if isinstance(value, str) else list(value) if isinstance(value, dict) else []
        if any(_NOT_IN_A_SPEC.search(text) for text in texts):
            return pointer, "a control character"
        if isinstance(value, dict):
            pending.extend((join_pointer(pointer, key), item, depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(
                (join_pointer(pointer, index), item, depth + 1) for index, item in enumerate(value)
            )
    return None


def diff_published(old_brief: Path, new_brief: Path) -> VersionDiff:
    """Compare two published briefs by file; their fields too when the resolved specs
    (``VERSION.json``) lie beside them."""
    old_record, new_record = old_brief.with_suffix(".json"), new_brief.with_suffix(".json")
    changes = (
        diff_specs(read_record(old_record), read_record(new_record))
        if old_record.exists() and new_record.exists()
        else None
    )
    text = brief_diff(
        _read_brief_file(old_brief), _read_brief_file(new_brief), str(old_brief), str(new_brief)
    )
    return VersionDiff(str(old_brief), str(new_brief), changes, text)


def _read_brief_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _archive_error(path, "V005", "the brief is not UTF-8 text") from None


def _version_diff(
    spec_id: str,
    old: tuple[str, dict[str, Any], str],
    new: tuple[str, dict[str, Any], str],
    *,
    new_file: str,
) -> VersionDiff:
    """``old`` and ``new`` are (version name, resolved spec, brief); ``new_file`` heads the
    new side of the brief diff."""
    (old_name, old_data, old_brief), (new_name, new_data, new_brief) = old, new
    text = brief_diff(old_brief, new_brief, f"{spec_id}/{old_name}.md", f"{spec_id}/{new_file}")
    return VersionDiff(old_name, new_name, diff_specs(old_data, new_data), text, spec_id=spec_id)


def _same_record(existing: str, spec: Spec) -> bool:
    try:
        data = json.loads(existing)
    except json.JSONDecodeError:
        return False
    # Canonical JSON, not ==, which takes 300 and 300.0, or 1 and true, for the same value.
    return isinstance(data, dict) and canonical_json(data) == canonical_json(spec.data)


def _changelog(data: dict[str, Any]) -> list[dict[str, Any]]:
    entries = data.get("changelog")
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def _unsafe_path(path: Path, *, folder: bool = False) -> bool:
    """Whether ``path`` is a link, or there but not a regular file (a folder, for ``folder``)."""
    if path.is_symlink():
        return True
    return path.exists() and not (path.is_dir() if folder else path.is_file())


def _unsafe(path: Path) -> ArchiveError:
    return _archive_error(
        path,
        "V004",
        "an archive path is a symlink or not a regular file; refusing to read or write through it",
        hint="remove it; the archive holds plain files only",
    )


def _archive_error(
    path: Path, code: str, message: str, *, hint: str = "", missing: bool = False
) -> ArchiveError:
    error_type = VersionNotFoundError if missing else ArchiveError
    return error_type(f"{shown_path(path)}: {message}", [_archive_problem(path, code, message, hint=hint)])


def _archive_problem(path: Path, code: str, message: str, *, hint: str = "") -> Problem:
    return Problem.at(Location(shown_path(path), 1, 1), code, message, hint=hint)


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Fields added, removed and changed between two resolved specs (``version`` and
    ``changelog`` left out), in document order."""
    old_content = {key: value for key, value in old.items() if key not in UNFINGERPRINTED}
    new_content = {key: value for key, value in new.items() if key not in UNFINGERPRINTED}
    return list(_diff(old_content, new_content, ""))


def _diff(old: Any, new: Any, pointer: str) -> Iterator[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            child = join_pointer(pointer, key)
            if key not in new:
                yield Change(child, "removed", old=old[key])
            elif key not in old:
                yield Change(child, "added", new=new[key])
            else:
                yield from _diff(old[key], new[key], child)
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            child = join_pointer(pointer, index)
            if index >= len(new):
                yield Change(child, "removed", old=old[index])
            elif index >= len(old):
                yield Change(child, "added", new=new[index])
            else:
                yield from _diff(old[index], new[index], child)
    elif old != new or type(old) is not type(new):
        yield Change(pointer, "changed", old=old, new=new)


def propose_version(newest: str, changes: list[Change]) -> tuple[str, str]:
    """The next version after ``newest`` for ``changes``, and why: major when deliverables,
    the deadline or the budget changed; minor when something was added; patch for wording."""
    major, minor, patch = parse_version(newest) or (0, 0, 0)
    touched = [
        pointer_to_path(field)
        for field in MAJOR_FIELDS
        if any(change.pointer == field or change.pointer.startswith(field + "/") for change in changes)
    ]
    if touched:
        return format_version((major + 1, 0, 0)), f"major: {', '.join(touched)} changed"
    if any(change.kind == "added" for change in changes):
        return format_version((major, minor + 1, 0)), "minor: items were added"
    return format_version((major, minor, patch + 1)), "patch: wording changed"


def brief_diff(old_brief: str, new_brief: str, old_name: str, new_name: str) -> str:
    """A unified diff of two briefs."""
    return "".join(
        difflib.unified_diff(
            old_brief.splitlines(keepends=True),
            new_brief.splitlines(keepends=True),
            fromfile=old_name,
            tofile=new_name,
        )
    )
