"""Ids, versions and date-times."""

from __future__ import annotations

import pytest

from outsource_briefs.values import format_version, is_slug, moment_or_none, parse_moment, parse_version


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a", True),
        ("cold-brew-2", True),
        ("-a", False),
        ("a-", False),
        ("A", False),
        ("a\n", False),
        ("a" * 65, False),
        (3, False),
    ],
)
def test_is_slug(text, ok) -> None:
    assert is_slug(text) is ok


def test_versions() -> None:
    assert parse_version("1.20.3") == (1, 20, 3)
    assert parse_version("01.2.3") is None
    assert parse_version("1.2.3\n") is None
    assert format_version((2, 0, 0)) == "2.0.0"


def test_moments_with_any_offset_spelling() -> None:
    assert parse_moment("2026-12-18T17:00:00z") == parse_moment("2026-12-18T17:00:00+00:00")
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_moment("tomorrow at noon")


def test_moment_or_none() -> None:
    assert moment_or_none("2026-12-01T09:00:00z") == parse_moment("2026-12-01T09:00:00Z")
    assert moment_or_none("2026-13-40T12:00:00+00:00") is None
    assert moment_or_none(20261201) is None
