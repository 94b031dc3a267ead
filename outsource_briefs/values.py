"""Reading the values every stage shares: ids (slugs), versions (semver) and RFC 3339 date-times."""

from __future__ import annotations

import functools
import re
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")

Version = tuple[int, int, int]


def is_slug(text: object) -> bool:
    """Whether ``text`` is an id: lowercase letters, digits and inner hyphens, 1 to 64 long."""
    return isinstance(text, str) and _SLUG.match(text) is not None


def parse_version(text: object) -> Version | None:
    """``"1.2.3"`` -> ``(1, 2, 3)``; anything else -> ``None``."""
    match = _SEMVER.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def format_version(version: Version) -> str:
    """``(1, 2, 3)`` -> ``"1.2.3"``."""
    return ".".join(map(str, version))


def parse_moment(text: str) -> datetime:
    """An RFC 3339 date-time, with ``Z``, ``z`` or a numeric offset.

    :raises ValueError: when it is not one.
    """
    return datetime.fromisoformat(text.replace("z", "Z"))


def moment_or_none(value: object) -> datetime | None:
    """``value`` as a date-time (see :func:`parse_moment`), or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return parse_moment(value)
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``, kept for the next value that names it: ``ZoneInfo`` keeps
    only the last eight zones it read, and the people of a repository may live in more.

    :raises zoneinfo.ZoneInfoNotFoundError: when there is no such zone.
    """
    return ZoneInfo(name)


def in_zone(moment: datetime, zone: tzinfo) -> datetime | None:
    """The same moment in ``zone``; ``None`` when that falls outside the years 1 to 9999 there
    (``9999-12-31T23:59:59-12:00`` is already the year 10000 in Lisbon)."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return None
