"""The format checks that specs rely on, as plain functions of a string, for the jsonschema-rs floor.

They check what ``outsource_briefs.schema_check.formats`` checks (date, date-time, uri, email,
time-zone), on the same libraries, but are written out here: importing the package's own would
make the floor pay for importing the package. A time zone is looked up, as there; here by
loading it, which accepts the same names for any realistic spec.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from datetime import date

from rfc3339_validator import validate_rfc3339
from rfc3986_validator import validate_rfc3986

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


def is_date(value: str) -> bool:
    if _DATE.match(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: str) -> bool:
    return bool(validate_rfc3339(value.upper()))


def is_uri(value: str) -> bool:
    return bool(validate_rfc3986(value, rule="URI"))


def is_email(value: str) -> bool:
    return _EMAIL.match(value) is not None


def is_time_zone(value: str) -> bool:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


FORMATS: dict[str, Callable[[str], bool]] = {
    "date": is_date,
    "date-time": is_date_time,
    "uri": is_uri,
    "email": is_email,
    "time-zone": is_time_zone,
}
