"""The next instance of a brief (``outsource-briefs next``): the same file with every date moved
by one delta, a new id and version, ``derived_from`` naming the original, and a fresh changelog.

Only the values that must change are rewritten, where the source map says they are written;
comments, key order and layout stay as the owner wrote them.
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from .errors import Problem, SpecError, join_pointer
from .skeleton import yaml_scalar
from .values import in_zone, is_slug, moment_or_none, parse_moment, time_zone
from .yaml_loader import SourceMap, load_yaml

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d")
_DATED_ID = re.compile(r"-\d{4}-\d\d(?:-\d\d)?$")
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d\d:\d\d)$")
_SHIFT = re.compile(r"P(?:(\d{1,3})Y)?(?:(\d{1,3})M)?(?:(\d{1,3})W)?(?:(\d{1,4})D)?")


@dataclass(frozen=True)
class Shift:
    """A move of every date: whole months first (clamped to the month's last day), then days."""

    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Shift:
        """``P1M``, ``P2W``, ``P1Y6M``, ``P7D``.

        :raises ValueError: when ``text`` is not such a duration, or moves nothing.
        """
        match = _SHIFT.fullmatch(text)
        if match is None or text == "P":
            raise ValueError(f"'{text}' is not a duration: write P1M (a month), P2W (two weeks) or P7D")
        years, months, weeks, days = (int(part or 0) for part in match.groups())
        shift = cls(years * 12 + months, weeks * 7 + days)
        if shift == cls():
            raise ValueError(f"'{text}' moves nothing: give a number of days, weeks, months or years")
        return shift

    def apply(self, day: date) -> date:
        """``day`` moved.

        :raises ValueError: when that is past the year 9999.
        """
        index = day.month - 1 + self.months
        year, month = day.year + index // 12, index % 12 + 1
        try:
            moved = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
            return moved + timedelta(days=self.days)
        except (ValueError, OverflowError):
            raise ValueError(f"{day.isoformat()} moved by {_describe(self)} is past the year 9999") from None


@dataclass(frozen=True)
class NextBrief:
    """The text of the next instance and what it became."""

    text: str
    spec_id: str
    derived_from: str


def next_brief(
    path: str | Path,
    *,
    shift: Shift,
    today: date,
    spec_id: str | None = None,
    contractor: str | None = None,
) -> NextBrief:
    """The next instance of the spec file ``path``, with every date in it moved by ``shift``.

    :param spec_id: the new id (default: the old one with the new due month, such as
        ``autumn-newsletter-2027-01``).
    :param contractor: a roster id for the new instance (default: the same contractor).
    :raises SpecError: when the file cannot be read as a spec with an id and a version.
    :raises ValueError: when ``spec_id`` or ``contractor`` is not an id, or a date would move
        past year 9999.
    """
    document = load_yaml(path)
    data = document.data
    if data is None or not is_slug(data.get("id")) or not isinstance(data.get("version"), str):
        problems = document.problems or [
            Problem.at(document.source_map.locate("/id"), "S002", "the spec needs an id and a version")
        ]
        raise SpecError(f"{path}: cannot derive the next brief", problems)
    for value, what in ((spec_id, "id"), (contractor, "contractor")):
        if value is not None and not is_slug(value):
            raise ValueError(f"'{value}' is not a {what}: lowercase letters, digits and hyphens")
    original = f"{data['id']}@{data['version']}"
    new_id = spec_id or _derived_id(data, shift)
    edits = _Edits(Path(path).read_text(encoding="utf-8").split("\n"), document.source_map)
    zone = _zone((data.get("owner") or {}).get("timezone"))
    for pointer, value in _dates(data):
        edits.scalar(pointer, _moved(value, shift, zone))
    edits.scalar("/id", new_id)
    edits.scalar("/version", "1.0.0")
    if "derived_from" in data:
        edits.scalar("/derived_from", original)
    else:
        edits.after_line("/version", f"derived_from: {original}")
    if contractor is not None:
        edits.replace_value("/contractor", data, f"contractor: {contractor}")
    if "changelog" in data:
        entry = [
            "changelog:",
            "  - version: 1.0.0",
            f"    date: {today.isoformat()}",
            "    changes:",
            f"      - {yaml_scalar(f'Next instance of {original}, every date moved by {_describe(shift)}')}",
        ]
        edits.replace_value("/changelog", data, *entry)
    return NextBrief(edits.text(), new_id, original)


def _derived_id(data: dict[str, Any], shift: Shift) -> str:
    """The old id without a trailing date, then the new due month (or day, when the month is
    the same as the old id's)."""
    stem = _DATED_ID.sub("", str(data["id"]))
    due = moment_or_none((data.get("timeline") or {}).get("due"))
    day = shift.apply(due.date() if due is not None else date.today())
    candidate = f"{stem[:55].rstrip('-')}-{day:%Y-%m}"
    return candidate if candidate != data["id"] else f"{stem[:52].rstrip('-')}-{day:%Y-%m-%d}"


def _dates(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every value that is a whole date or date-time, except the changelog's (replaced)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if pointer == "" and key in ("changelog", "derived_from"):
                continue
            yield from _dates(value, join_pointer(pointer, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _dates(value, f"{pointer}/{index}")
    elif isinstance(data, str) and (
        _DATE.fullmatch(data) or (_MOMENT.match(data) and moment_or_none(data) is not None)
    ):
        yield pointer, data


def _moved(value: str, shift: Shift, zone: tzinfo | None) -> str:
    """The date moved; a date-time keeps its clock time as written, and its offset follows the
    owner's time zone when it was that zone's offset (17:00 in London stays 17:00 across summer
    time)."""
    if _DATE.fullmatch(value):
        return shift.apply(date.fromisoformat(value)).isoformat()
    moment = parse_moment(value)
    day = shift.apply(moment.date())
    clock, offset = _OFFSET.sub("", value[10:]), _OFFSET.search(value)
    written = offset.group() if offset else ""
    there = in_zone(moment, zone) if zone is not None else None
    if there is None or moment.utcoffset() != there.utcoffset():
        return day.isoformat() + clock + written
    local = datetime.combine(day, moment.time().replace(tzinfo=None), tzinfo=zone)
    minutes = int((local.utcoffset() or timedelta()).total_seconds() // 60)
    if minutes == 0 and written in ("Z", "z"):
        return day.isoformat() + clock + written
    sign = "+" if minutes >= 0 else "-"
    return f"{day.isoformat()}{clock}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone(name: object) -> tzinfo | None:
    try:
        return time_zone(name) if isinstance(name, str) else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _describe(shift: Shift) -> str:
    parts = []
    if shift.months:
        parts.append(f"{shift.months} month" + ("s" if shift.months != 1 else ""))
    if shift.days:
        parts.append(f"{shift.days} day" + ("s" if shift.days != 1 else ""))
    return " and ".join(parts)


class _Edits:
    """Changes to the lines of a YAML file at the places its source map gives; applied from
    the end of the file backwards so earlier positions stay valid."""

    def __init__(self, lines: list[str], source_map: SourceMap) -> None:
        self.lines = lines
        self.source_map = source_map
        self.changes: list[tuple[int, int, int, int, list[str]]] = []

    def scalar(self, pointer: str, value: str) -> None:
        span = self.source_map.span(pointer)
        if span is None:
            return
        (_, line, column), (_, end_line, end_column) = span
        written = self.lines[line - 1][column - 1 : column]
        shown = f'"{value}"' if written == '"' else f"'{value}'" if written == "'" else value
        self.changes.append((line, column, end_line, end_column, [shown]))

    def after_line(self, pointer: str, text: str) -> None:
        key = self.source_map.keys.get(pointer)
        if key is not None:
            line = key[1]
            self.changes.append((line + 1, 1, line + 1, 1, [text, ""]))

    def replace_value(self, pointer: str, data: dict[str, Any], *lines: str) -> None:
        """Replace a top-level key and its whole value (up to the next top-level key, keeping
        the comments and blank lines in between) with ``lines``."""
        key = self.source_map.keys.get(pointer)
        if key is None:
            return
        start = key[1]
        later = [
            found[1]
            for name in data
            if (found := self.source_map.keys.get(join_pointer("", str(name)))) and found[1] > start
        ]
        end = min(later, default=len(self.lines) + 1)
        while end - 1 > start and (
            not self.lines[end - 2].strip() or self.lines[end - 2].lstrip().startswith("#")
        ):
            end -= 1
        self.changes.append((start, 1, end, 1, [*lines, ""]))

    def text(self) -> str:
        lines = self.lines
        for line, column, end_line, end_column, new in sorted(self.changes, reverse=True):
            before = lines[line - 1][: column - 1] if line <= len(lines) else ""
            after = lines[end_line - 1][end_column - 1 :] if end_line <= len(lines) else ""
            replaced = [before + new[0], *new[1:]]
            replaced[-1] += after
            lines = [*lines[: line - 1], *replaced, *lines[end_line:]]
        return "\n".join(lines)
