"""Find and read a repository's ``outsource-briefs.yaml``: the file as data, and the settings
(``Config``) built from data that has been checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import as_path
from .yaml_loader import YamlDocument, load_yaml

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
    folder = as_path(start).absolute()
    if not folder.is_dir():
        folder = folder.parent
    return _find_in(folder)


def _find_in(folder: Path) -> Path | None:
    for candidate_folder in (folder, *folder.parents):
        candidate = candidate_folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path, display_name: str) -> YamlDocument:
    """The configuration file as data and source map; an empty file holds no settings."""
    document = load_yaml(path, display_name=display_name)
    if document.data is None and [problem.message for problem in document.problems] == ["the file is empty"]:
        return YamlDocument(document.file, {}, document.source_map, [])  # every setting is optional
    return document


def build_config(data: dict[str, Any], path: Path) -> Config:
    """The settings of the configuration file ``path``, from its checked ``data``."""
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


def default_config(path: str | Path) -> Config:
    """The settings where no configuration file applies: the folder of ``path`` is the root."""
    start = as_path(path).absolute()
    return Config(root=start if start.is_dir() else start.parent)
