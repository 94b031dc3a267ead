"""Ids, versions and date-times."""

from __future__ import annotations

import pytest

from outsource_briefs.formats import format_version, is_slug, parse_moment, parse_version


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
