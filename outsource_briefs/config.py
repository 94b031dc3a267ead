"""Find and read a repository's ``outsource-briefs.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Problem
from .files import shown_path
from .yaml_loader import SourceMap, load_yaml

CONFIG_NAME = "outsource-briefs.yaml"


@dataclass(frozen=True)
class LintSettings:
    """The ``lint:`` section: codes turned off and extra or allowed words."""

    disable: frozenset[str] = frozenset()
    warn_words: tuple[str, ...] = ()
    allow_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerdictSettings:
    """When the delegation report says keep, change or stop (the ``report.verdict`` section).

    Fewer than ``min_deliveries`` round-1 deliveries is too early to judge: keep. Otherwise
    stop when the first-pass or on-time rate is below its ``stop_`` threshold; change when a
    rate or the mean rubric score (0 to 100) is below its ``change_`` threshold; else keep.
    """

    min_deliveries: int = 3
    stop_first_pass_below: float = 0.33
    stop_on_time_below: float = 0.5
    change_first_pass_below: float = 0.65
    change_on_time_below: float = 0.8
    change_mean_score_below: float = 60.0


@dataclass(frozen=True)
class Config:
    """Settings for one repository of briefs; every path is absolute.

    ``root`` is the folder holding the configuration file (or the spec's folder when there is
    none): ``extends`` paths may not leave it.
    """

    root: Path
    path: Path | None = None
    templates: tuple[Path, ...] = ()
    schemas: tuple[Path, ...] = ()
    archive: Path | None = None
    team: Path | None = None
    schema_url: str | None = None
    lint: LintSettings = field(default_factory=LintSettings)
    verdict: VerdictSettings = field(default_factory=VerdictSettings)

    @property
    def archive_dir(self) -> Path:
        return self.archive or self.root / "briefs-archive"

    @property
    def team_dir(self) -> Path:
        return self.team or self.root / "team"


def find_config(start: str | Path) -> Path | None:
    """The nearest ``outsource-briefs.yaml`` in ``start`` or a folder above it."""
    folder = Path(start).absolute()
    if not folder.is_dir():
        folder = folder.parent
    return _find_in(folder)


def _find_in(folder: Path) -> Path | None:
    for candidate_folder in (folder, *folder.parents):
        candidate = candidate_folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def config_for(path: str | Path) -> Config:
    """The configuration that applies to the file or folder ``path``.

    :raises ConfigError: when the configuration file is invalid.
    """
    found = find_config(path)
    if found is None:
        start = Path(path).absolute()
        return Config(root=start if start.is_dir() else start.parent)
    return load_config(found)


def load_config(path: Path) -> Config:
    """Read and check one configuration file.

    :raises ConfigError: with located problems when it is not valid.
    """
    status = path.stat()
    return _load_config(path.absolute(), status.st_mtime_ns, status.st_size)


@functools.cache
def _load_config(path: Path, mtime: int, size: int) -> Config:
    from .schema_check import check_document

    shown = shown_path(path)
    document = load_yaml(path, display_name=shown)
    problems = document.problems
    data = document.data
    if data is None and [problem.message for problem in problems] == ["the file is empty"]:
        data, problems = {}, []  # every setting is optional
    if data is not None:
        problems = check_document(data, "config.schema.json", document.source_map)
    if data is not None and not problems:
        problems = _outside_folders(data, path.parent.absolute(), document.source_map)
        problems += _unknown_codes(data, document.source_map)
    if problems or data is None:
        raise ConfigError(f"{shown}: invalid configuration", problems)
    root = path.parent.absolute()
    lint = data.get("lint", {})
    return Config(
        root=root,
        path=path.absolute(),
        templates=tuple(root / folder for folder in data.get("templates", [])),
        schemas=tuple(root / folder for folder in data.get("schemas", [])),
        archive=root / data["archive"] if "archive" in data else None,
        team=root / data["team"] if "team" in data else None,
        schema_url=data.get("schema_url"),
        lint=LintSettings(
            disable=frozenset(lint.get("disable", ())),
            warn_words=tuple(lint.get("warn_words", ())),
            allow_words=tuple(lint.get("allow_words", ())),
        ),
        verdict=VerdictSettings(**data.get("report", {}).get("verdict", {})),
    )


def _unknown_codes(data: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    """``lint: disable:`` may name only lint codes that exist."""
    from .errors import CODES

    known = sorted(code for code in CODES if code.startswith("L"))
    problems = []
    for index, code in enumerate(data.get("lint", {}).get("disable", [])):
        if code not in known:
            pointer = f"/lint/disable/{index}"
            problems.append(
                Problem.at(
                    source_map.locate(pointer),
                    "S006",
                    f"there is no lint rule {code}",
                    pointer=pointer,
                    hint=f"lint rules are {known[0]} to {known[-1]}; docs/rules.md lists them",
                )
            )
    return problems


def _outside_folders(data: dict[str, Any], root: Path, source_map: SourceMap) -> list[Problem]:
    """Configured folders must lie inside the repository (the configuration's folder), so that a
    configuration cannot point the tool at files elsewhere on the machine."""
    problems = []
    named: list[tuple[str, str, str]] = [
        (key, data[key], f"/{key}") for key in ("archive", "team") if key in data
    ]
    for key in ("templates", "schemas"):
        named += [(key, value, f"/{key}/{index}") for index, value in enumerate(data.get(key, []))]
    for key, value, pointer in named:
        if not (root / value).resolve().is_relative_to(root.resolve()):
            code, message = "R013", f"the {key} folder '{value}' lies outside the repository"
            hint = "use a folder below the one holding outsource-briefs.yaml"
        elif key in ("templates", "schemas") and not (root / value).is_dir():
            code, message = "R014", f"the {key} folder '{value}' does not exist"
            hint = "create it, or correct the path (it is relative to outsource-briefs.yaml)"
        else:
            continue
        problems.append(Problem.at(source_map.locate(pointer), code, message, pointer=pointer, hint=hint))
    return problems
