"""The team roster: find and read ``TEAM/<id>.contractor.yaml`` files (checking them is the
validate stage's job)."""

from __future__ import annotations

import stat
from pathlib import Path

from .files import FileKind
from .values import is_slug
from .yaml_loader import YamlDocument, load_yaml


def roster_id(path: str | Path) -> str:
    """The id a roster file must hold: its name without ``.contractor.yaml``."""
    return FileKind.CONTRACTOR.stem(path)


def contractor_file(team: Path, contractor_id: str) -> Path | None:
    """The roster file of ``contractor_id`` in the folder ``team``, if there is one.

    Only that file is looked at, so a lookup costs the same with a roster of one or of hundreds.
    """
    if not is_slug(contractor_id):
        return None  # never turn something that is not an id into a path
    for suffix in FileKind.CONTRACTOR.suffixes:
        candidate = team / f"{contractor_id}{suffix}"
        try:
            if stat.S_ISREG(candidate.stat().st_mode):
                return candidate
        except OSError:
            continue
    return None


def roster_ids(team: Path) -> list[str]:
    """The ids of every roster file in ``team`` (by file name; the files are not read)."""
    if not team.is_dir():
        return []
    return sorted(roster_id(path) for path in team.iterdir() if FileKind.CONTRACTOR.matches(path))


def read_contractor(path: Path) -> YamlDocument:
    """A roster file as data and source map."""
    return load_yaml(path)
