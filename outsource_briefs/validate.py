"""The validate stage: a resolved spec against the schema of its kind, then the clarity lint;
and the checks of the files around specs (the configuration, roster entries)."""

from __future__ import annotations

import difflib
import functools
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from . import limits
from .config import Config
from .criteria import repeated_ids, spec_criteria
from .errors import CODES, Location, Problem, pointer_to_path, sorted_problems, split_pointer, value_at
from .files import links_outside, shown_path
from .lint import lint_spec
from .roster import contractor_file, read_contractor, roster_id, roster_ids
from .schema_check import check_document, check_spec_data, normalise_document
from .spec import Spec
from .values import is_slug
from .yaml_loader import SourceMap, YamlDocument

# 1.200 or 12.500.000: a dot between groups of three digits, as thousands are written in much of Europe.
_DOTTED_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def validate_spec(spec: Spec, *, lint: bool = True, today: date | None = None) -> list[Problem]:
    """Check a loaded spec against the schema of its kind and, with ``lint``, the clarity rules.

    :param spec: a spec from :func:`load_spec`.
    :param lint: also run the clarity lint; its findings are warnings (``severity="warning"``),
        with the settings of the spec's ``outsource-briefs.yaml``.
    :param today: the date the lint judges "already past" against (default: today).
    :returns: every problem found, in reading order; empty when the spec is valid and clear.

    >>> validate_spec(load_spec("examples/cold-brew-guide.brief.yaml"), today=date(2026, 11, 27))
    []
    """
    problems = [*spec.problems, *check_spec_data(spec.data, spec.source_map, spec.config.schemas)]
    if not problems:
        problems = [
            *_unknown_stream(spec),
            *_repeated_kpi_ids(spec),
            *_repeated_criterion_ids(spec),
            *_inactive_contractor(spec),
            *table_problems(spec),
        ]
    problems.extend(misread_numbers(spec.data, spec.source_map))
    if lint:
        problems.extend(lint_spec(spec, today=today))
    return sorted_problems(problems)


def misread_numbers(data: Any, source_map: SourceMap) -> list[Problem]:
    """Y020 warnings for numbers written with a dot between groups of three digits
    (``amount: 1.200``): YAML reads them as decimals (1.2), where many people write thousands."""
    problems = []
    for pointer, written in source_map.plain.items():
        if not _DOTTED_THOUSANDS.fullmatch(written):
            continue
        value = value_at(data, pointer)
        if isinstance(value, (str, bool)) or value is None:
            continue
        key = split_pointer(pointer)[-1] if pointer else ""
        line = "- " if key.isdigit() else f"{key}: "
        thousands = written.replace(".", "")
        big = f"{int(thousands):,}"
        problems.append(
            Problem.at(
                source_map.locate(pointer),
                "Y020",
                f"{written} is read as the number {value:g}, not {big}",
                pointer=pointer,
                hint=f"for {big} write `{line}{thousands}`; for {value:g} write `{line}{value:g}`",
                severity="warning",
            )
        )
    return problems


TABLES = ("/details/golden_rows",)


def table_problems(spec: Spec) -> list[Problem]:
    """A table of rows with different keys has a cell for every row and every key: one of more
    than ``limits.MAX_TABLE_CELLS`` cells would make the brief too large to read (T005)."""
    problems = []
    for pointer in TABLES:
        rows = value_at(spec.data, pointer)
        if not isinstance(rows, list):
            continue
        columns = {key for row in rows if isinstance(row, dict) for key in row}
        cells = len(rows) * len(columns)
        if cells > limits.MAX_TABLE_CELLS:
            problems.append(
                Problem.at(
                    spec.locate(pointer, key=True),
                    "T005",
                    f"{len(rows):,} rows with {len(columns):,} different keys make a table of {cells:,} "
                    f"cells, more than {limits.MAX_TABLE_CELLS:,}",
                    pointer=pointer,
                    hint="give the rows the same keys (the declared fields), and keep a few typical rows",
                )
            )
    return problems


def _unknown_stream(spec: Spec) -> list[Problem]:
    """A named stream must be one of the streams ``outsource-briefs.yaml`` describes, if any."""
    stream, described = spec.data.get("stream"), spec.config.streams
    if stream is None or not described or stream in described:
        return []
    close = difflib.get_close_matches(stream, list(described), n=1)
    where = f"outsource-briefs.yaml describes: {', '.join(sorted(described))}"
    hint = f"did you mean '{close[0]}'? ({where})" if close else f"{where}; add '{stream}' there"
    message = f"stream '{stream}' is not described in outsource-briefs.yaml"
    return [Problem.at(spec.locate("/stream"), "R017", message, pointer="/stream", hint=hint)]


def _inactive_contractor(spec: Spec) -> list[Problem]:
    """A brief for someone paused or gone is work nobody will pick up."""
    status = (spec.contractor or {}).get("status")
    if status not in ("paused", "ended"):
        return []
    named = spec.data["contractor"]
    state = "paused" if status == "paused" else "no longer working with you (status: ended)"
    hint = (
        f"give the brief to an active contractor, or set `status: active` in "
        f"{spec.config.team_dir.name}/{named}.contractor.yaml when they are back"
    )
    message = f"{named} is {state} on the roster"
    return [
        Problem.at(
            spec.locate("/contractor"), "R020", message, pointer="/contractor", hint=hint, severity="warning"
        )
    ]


def _repeated_kpi_ids(spec: Spec) -> list[Problem]:
    """Results files name KPIs by id, so an id may be used once in a brief."""
    seen: set[str] = set()
    problems = []
    for index, entry in enumerate(spec.data.get("kpis") or ()):
        kpi_id = entry.get("id")
        if kpi_id in seen:
            pointer = f"/kpis/{index}/id"
            message = f"KPI id '{kpi_id}' is used more than once"
            hint = "give each KPI its own id: results files name KPIs by id"
            problems.append(Problem.at(spec.locate(pointer), "S013", message, pointer=pointer, hint=hint))
        elif kpi_id is not None:
            seen.add(kpi_id)
    return problems


def _repeated_criterion_ids(spec: Spec) -> list[Problem]:
    """Reviews and check results name criteria by id, so an id may be used once in a brief."""
    problems = []
    for criterion, first in repeated_ids(spec_criteria(spec.data)):
        pointer = criterion.pointer if criterion.derived else f"{criterion.pointer}/id"
        message = f"criterion id '{criterion.id}' is used more than once"
        hint = f"{pointer_to_path(first.pointer)} has it too: give each criterion its own id"
        problems.append(Problem.at(spec.locate(pointer), "S040", message, pointer=pointer, hint=hint))
    return problems


def check_config(document: YamlDocument, root: Path) -> list[Problem]:
    """Every problem of a configuration file read as ``document``: YAML, schema, folders that
    leave the repository ``root`` or do not exist, and lint codes that do not exist."""
    data = document.data
    if data is None:
        return document.problems
    problems = check_document(data, "config.schema.json", document.source_map)
    if problems:
        return problems
    return _outside_folders(data, root, document.source_map) + _unknown_codes(data, document.source_map)


def check_contractor_file(path: str | Path) -> list[Problem]:
    """Every problem of one roster file: YAML, schema, and an id that differs from its name."""
    return check_contractor(read_roster_file(path), path)


def read_roster_file(path: str | Path) -> YamlDocument:
    """A roster file as data, its natural forms (``skills: Newsletters``) in full form."""
    document = read_contractor(Path(path))
    if document.data is None:
        return document
    data, source_map = normalise_document(document.data, "contractor.schema.json", document.source_map)
    return YamlDocument(document.file, data, source_map, document.problems)


def check_contractor(document: YamlDocument, path: str | Path) -> list[Problem]:
    """Every problem of a roster file read as ``document``."""
    data = document.data
    if data is None:
        return document.problems
    problems = check_document(data, "contractor.schema.json", document.source_map)
    expected = roster_id(path)
    written = data.get("id") if isinstance(data, dict) else None
    if isinstance(written, str) and written != expected:
        problems.append(
            Problem.at(
                document.source_map.locate("/id"),
                "R010",
                f"id '{written}' differs from the file name",
                pointer="/id",
                hint=f"write `id: {expected}` or rename the file to {written}.contractor.yaml",
            )
        )
    return problems


def find_contractor(
    team: Path, contractor_id: str, where: Location
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The checked roster entry of ``contractor_id`` in the folder ``team``; an id with no
    file, or whose file has problems, is an R006 problem at ``where``.

    Only that id's file is read, and while it stays unchanged it is read and checked once,
    however many specs and reviews name it.
    """
    path = contractor_file(team, contractor_id)
    if path is not None:
        entry = _usable_entry(path)
        if entry is not None:
            return entry, []
    return None, [unknown_contractor(contractor_id, where, team, known=path is not None)]


def _usable_entry(path: Path) -> dict[str, Any] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return _checked_entry(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=4096)
def _checked_entry(path: Path, mtime: int, size: int) -> dict[str, Any] | None:
    """A roster file's data when it has no problems (the data alone is kept, not its source
    map: a large roster stays small in memory)."""
    document = read_roster_file(path)
    if document.data is None or check_contractor(document, path):
        return None
    return document.data


def unknown_contractor(value: str, where: Location, team: Path, *, known: bool = False) -> Problem:
    """R006 for a contractor id that is not usable from the roster, with a "did you mean"."""
    close = difflib.get_close_matches(value, roster_ids(team), n=1) if not known else []
    linked = team / f"{value}.contractor.yaml"
    if is_slug(value) and links_outside(linked, team):
        hint = (
            f"{team.name}/{linked.name} links to a file outside {team.name}/; copy the file into the folder"
        )
    elif known:
        hint = f"{team.name}/{value}.contractor.yaml has problems; run `outsource-briefs validate` on it"
    elif close:
        hint = f"did you mean '{close[0]}'?"
    else:
        hint = f"add {team.name}/{value}.contractor.yaml to the roster"
    return Problem.at(where, "R006", f"'{value}' is not on the team roster", pointer="/contractor", hint=hint)


def check_default_folders(config: Config) -> list[Problem]:
    """The archive and roster folders that the configuration leaves at their defaults
    (``briefs-archive/`` and ``team/`` in the repository) must not lead out of it through a
    link (R013), or publishing would write, and roster lookups read, elsewhere."""
    root = config.root.resolve()
    problems = []
    for key, configured, folder in (
        ("archive", config.archive, config.archive_dir),
        ("team", config.team, config.team_dir),
    ):
        real = Path(os.path.realpath(folder))
        if configured is None and os.path.lexists(folder) and not real.is_relative_to(root):
            problems.append(
                Problem.at(
                    Location(shown_path(folder), 1, 1),
                    "R013",
                    f"the {key} folder '{folder.name}' leads outside the repository (to {real})",
                    hint="replace the link with a folder, or name a folder inside the repository "
                    f"under `{key}:` in outsource-briefs.yaml",
                )
            )
    return problems


def _unknown_codes(data: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    """``lint: disable:`` may name only lint codes that exist."""
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
