"""The format checks specs rely on (date, date-time, uri, email, time-zone), as plain functions.

They are our own, on our declared dependencies: jsonschema's set depends on which optional
packages happen to be installed. Both validation engines call these same functions.
"""

from __future__ import annotations

import functools
import os
import re
import zoneinfo
from collections.abc import Callable
from datetime import date
from typing import Any

from ..errors import ConfigError

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")
#: Folders of a time-zone database that hold other copies of the zones, not zones.
_NOT_ZONE_FOLDERS = frozenset({"right", "posix"})
_ZONE_MAGIC = b"TZif"


def is_email(value: object) -> bool:
    """Whether ``value`` looks like a deliverable address: one ``@``, a dotted domain, no spaces.

    Stricter than jsonschema's own check (any text with an ``@``), which lets ``ana@`` through.
    """
    if not isinstance(value, str):
        return True
    return _EMAIL.match(value) is not None


def is_time_zone(value: object) -> bool:
    """Whether ``value`` names an IANA time zone (non-strings pass: ``type`` checks them).

    The name is looked up, not searched for among all zones: the answer is the same as
    ``value in zoneinfo.available_timezones()``, which reads every file of the database.
    """
    if not isinstance(value, str):
        return True
    return _is_zone_name(value)


@functools.cache
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (for "did you mean" hints)."""
    return frozenset(zoneinfo.available_timezones())


def is_date(value: object) -> bool:
    """Whether ``value`` is a calendar date written ``YYYY-MM-DD``."""
    if not isinstance(value, str):
        return True
    if _DATE.match(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: object) -> bool:
    """Whether ``value`` is an RFC 3339 date-time, with its UTC offset."""
    if not isinstance(value, str):
        return True
    return bool(_rfc3339()(value.upper()))


def is_uri(value: object) -> bool:
    """Whether ``value`` is an absolute URI (RFC 3986), such as ``https://example.com/page``."""
    if not isinstance(value, str):
        return True
    return bool(_rfc3986()(value, rule="URI"))


#: The format checks by format name.
FORMATS: dict[str, Callable[[object], bool]] = {
    "date": is_date,
    "date-time": is_date_time,
    "uri": is_uri,
    "email": is_email,
    "time-zone": is_time_zone,
}


def check_dependencies() -> None:
    """Make sure the packages the format checks need are installed.

    :raises ConfigError: when one is not: a broken installation, said plainly.
    """
    _rfc3339()
    _rfc3986()


# The RFC validators load on first use: rfc3986-validator compiles its grammar on import.
@functools.cache
def _rfc3339() -> Callable[[str], Any]:
    try:
        from rfc3339_validator import validate_rfc3339  # noqa: PLC0415 - loads on first use
    except ModuleNotFoundError as missing:
        raise _missing(missing) from None
    return validate_rfc3339  # type: ignore[no-any-return]


@functools.cache
def _rfc3986() -> Callable[..., Any]:
    try:
        from rfc3986_validator import validate_rfc3986  # noqa: PLC0415 - loads on first use
    except ModuleNotFoundError as missing:
        raise _missing(missing) from None
    return validate_rfc3986  # type: ignore[no-any-return]


def _missing(error: ModuleNotFoundError) -> ConfigError:
    return ConfigError(
        f"outsource-briefs needs the Python package {error.name}, which is not installed; "
        "reinstall it with its dependencies: pip install --force-reinstall outsource-briefs"
    )


@functools.lru_cache(maxsize=1024)
def _is_zone_name(name: str) -> bool:
    parts = name.split("/")
    if name == "posixrules" or "\0" in name or any(part in ("", ".", "..") for part in parts):
        return False
    on_disk = not (len(parts) > 1 and parts[0] in _NOT_ZONE_FOLDERS)
    return (
        on_disk and any(_is_zone_file(root, parts) for root in zoneinfo.TZPATH)
    ) or name in _tzdata_zones()


def _is_zone_file(root: str, parts: list[str]) -> bool:
    """Whether ``root``/``parts`` is a zone file that a walk of ``root`` (which does not follow
    linked folders) finds, with names compared exactly as they are written on disk."""
    folder = root
    for part in parts[:-1]:
        if part not in _entries(folder):
            return False
        folder = os.path.join(folder, part)
        if os.path.islink(folder) or not os.path.isdir(folder):
            return False
    if parts[-1] not in _entries(folder):
        return False
    path = os.path.join(folder, parts[-1])
    if os.path.isdir(path) or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as stream:
            return stream.read(len(_ZONE_MAGIC)) == _ZONE_MAGIC
    except OSError:
        return False


@functools.lru_cache(maxsize=64)
def _entries(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


@functools.cache
def _tzdata_zones() -> frozenset[str]:
    """The zones the ``tzdata`` package lists, when it is installed."""
    from importlib import resources  # noqa: PLC0415 - it imports tempfile; needed once, here

    try:
        with resources.files("tzdata").joinpath("zones").open("r", encoding="utf-8") as stream:
            return frozenset(line.strip() for line in stream if line.strip())
    except (ImportError, FileNotFoundError):
        return frozenset()
