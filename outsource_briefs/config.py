"""Find and read a repository's ``outsource-briefs.yaml``: the file as data, and the settings
(``Config``) built from data that has been checked."""

from __future__ import annotations

import os
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
    """When the delegation report says keep, change or stop for a contractor (the
    ``report.verdict`` section).

    Fewer than ``min_deliveries`` round-1 deliveries is too early to judge (``too-early``).
    Otherwise stop when the first-pass or on-time rate is below its ``stop_`` threshold; change
    when a rate or the mean rubric score (0 to 100) is below its ``change_`` threshold; else keep.
    """

    min_deliveries: int = 3
    stop_first_pass_below: float = 0.33
    stop_on_time_below: float = 0.5
    change_first_pass_below: float = 0.65
    change_on_time_below: float = 0.8
    change_mean_score_below: float = 60.0


@dataclass(frozen=True)
class StreamVerdictSettings:
    """When the delegation report says keep, change, scrap or too-early for a stream of work
    (the ``report.stream_verdict`` section).

    Fewer than ``min_measured`` KPI results (met or missed) is too early to judge. Otherwise
    scrap when the share of KPIs met is below ``scrap_met_below``; change when it is below
    ``change_met_below``, or when a unit of the stream's main KPI costs more than it is worth;
    else keep.
    """

    min_measured: int = 2
    scrap_met_below: float = 0.34
    change_met_below: float = 0.67


@dataclass(frozen=True)
class ReportSettings:
    """The ``report:`` section: the currency totals are shown in, the owner's own exchange
    rates (report currency per unit of another currency) and hourly rate, and the verdict rules."""

    currency: str | None = None
    exchange_rates: dict[str, float] = field(default_factory=dict)
    owner_hour_rate: float | None = None
    verdict: VerdictSettings = field(default_factory=VerdictSettings)
    stream_verdict: StreamVerdictSettings = field(default_factory=StreamVerdictSettings)


@dataclass(frozen=True)
class StreamSettings:
    """One entry of ``streams:``: a stream of delegated work the report judges.

    :ivar review_every: how often to evaluate the stream, as an ISO 8601 duration (``P3M``).
    :ivar main_kpi: the KPI id the stream exists for; the report shows its cost per unit.
    :ivar value_per_unit: what one unit of the main KPI is worth, in the report currency.
    """

    title: str
    goal: str | None = None
    review_every: str | None = None
    main_kpi: str | None = None
    value_per_unit: float | None = None


@dataclass(frozen=True)
class Config:
    """Settings for one repository of briefs; every path is absolute.

    ``root`` is the folder holding the configuration file (without one, see
    :func:`repository_root`): ``extends`` paths may not leave it.
    """

    root: Path
    path: Path | None = None
    templates: tuple[Path, ...] = ()
    schemas: tuple[Path, ...] = ()
    archive: Path | None = None
    team: Path | None = None
    schema_url: str | None = None
    lint: LintSettings = field(default_factory=LintSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    streams: dict[str, StreamSettings] = field(default_factory=dict)
    #: The optional sections ``render --to prompt`` shows (``prompt: sections:``); all when ``None``.
    prompt_sections: tuple[str, ...] | None = None

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
        report=_report_settings(data.get("report", {})),
        streams={slug: _stream_settings(entry) for slug, entry in data.get("streams", {}).items()},
        prompt_sections=tuple(data["prompt"]["sections"]) if "sections" in data.get("prompt", {}) else None,
    )


def _stream_settings(data: dict[str, Any]) -> StreamSettings:
    worth = data.get("value_per_unit")
    return StreamSettings(**{**data, "value_per_unit": None if worth is None else float(worth)})


def _report_settings(data: dict[str, Any]) -> ReportSettings:
    owner_rate = data.get("owner_hour_rate")
    return ReportSettings(
        currency=data.get("currency"),
        exchange_rates={code: float(rate) for code, rate in data.get("exchange_rates", {}).items()},
        owner_hour_rate=None if owner_rate is None else float(owner_rate),
        verdict=VerdictSettings(**data.get("verdict", {})),
        stream_verdict=StreamVerdictSettings(**data.get("stream_verdict", {})),
    )


def default_config(path: str | Path) -> Config:
    """The settings where no configuration file applies, rooted at :func:`repository_root`."""
    start = as_path(path).absolute()
    return Config(root=repository_root(start if start.is_dir() else start.parent))


def repository_root(folder: Path) -> Path:
    """The root of the repository that ``folder`` belongs to when no ``outsource-briefs.yaml``
    says so: the top of the git work tree holding it, else the current folder when ``folder``
    lies inside it, else ``folder`` itself.

    Every command asks this one question, so a spec, its published versions, its reviews in a
    subfolder and the roster all agree on where ``briefs-archive/`` and ``team/`` are.
    """
    folder = Path(os.path.normpath(folder.absolute()))
    for candidate in (folder, *folder.parents):
        # A work tree's top holds ".git": a folder, or a file in linked work trees and submodules.
        if (candidate / ".git").exists():
            return candidate
    here = Path.cwd()
    return here if folder.is_relative_to(here) else folder
