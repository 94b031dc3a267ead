"""The format checks: each says what its format allows, and a time zone is looked up, not
searched for among every zone."""

from __future__ import annotations

import zoneinfo

import pytest

from outsource_briefs.schema_check import formats
from outsource_briefs.schema_check.formats import (
    FORMATS,
    is_date,
    is_date_time,
    is_email,
    is_time_zone,
    is_uri,
)

NOT_QUITE_ZONES = [
    *("", "Europe", "Europe/", "/Europe/Lisbon", "Europe//Lisbon", "europe/lisbon", "Europe/./Lisbon"),
    *("../zoneinfo/UTC", "Europe/Lisbon/", "Europe/Lisbon\0", "posixrules", "right/UTC"),
    *("posix/Europe/Lisbon", "zone.tab", "zone1970.tab", "iso3166.tab", "tzdata.zi", "leapseconds"),
    *("Mars/Olympus", "Europe/Lisbn", " Europe/Lisbon", "UTC "),
]


def test_time_zone_lookup_agrees_with_the_list_of_every_zone() -> None:
    every = zoneinfo.available_timezones()
    assert every
    assert all(is_time_zone(name) for name in every)
    for name in NOT_QUITE_ZONES:
        assert is_time_zone(name) == (name in every), repr(name)


def test_a_time_zone_is_looked_up_without_listing_every_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    def listing() -> set[str]:
        raise AssertionError("every zone listed")

    monkeypatch.setattr(zoneinfo, "available_timezones", listing)
    formats._is_zone_name.cache_clear()
    assert is_time_zone("Asia/Tokyo")
    assert not is_time_zone("Asia/Tokio")


def test_values_that_are_not_strings_are_left_to_the_type_check() -> None:
    for check in FORMATS.values():
        assert check(12)
        assert check(None)


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (is_date, ["2026-12-01", "2024-02-29"], ["2026-13-01", "2025-02-29", "2026-12-1", "2026-12-01\n"]),
        (
            is_date_time,
            ["2026-12-18T17:00:00+01:00", "2026-12-18t17:00:00z"],
            ["2026-12-18T17:00:00", "2026-12-18", "2026-12-18T25:00:00Z"],
        ),
        (
            is_uri,
            ["https://example.com/page", "mailto:ana@example.com"],
            ["example.com", "https://exa mple.com"],
        ),
        (is_email, ["ana@example.com", "a.b+c@mail.example.org"], ["ana@", "@example.com", "ana@example"]),
    ],
)
def test_format_checks(check, good: list[str], bad: list[str]) -> None:
    assert all(check(value) for value in good)
    assert not any(check(value) for value in bad)
