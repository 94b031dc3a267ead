"""`outsource-briefs next`: the next instance of a brief, every date moved by one delta, and the
file otherwise exactly as the owner wrote it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLES, example_specs

from outsource_briefs.checks import validate_file
from outsource_briefs.cli import main
from outsource_briefs.derive import Shift, next_brief

TODAY = date(2026, 12, 7)
DATE = re.compile(r"\b(\d{4}-\d\d-\d\d)")


def moved_line(line: str, shift: Shift) -> str:
    return DATE.sub(lambda match: shift.apply(date.fromisoformat(match.group(1))).isoformat(), line)


def without_changelog(lines: list[str]) -> list[str]:
    """The lines before ``changelog:`` and from the next top-level key on."""
    if "changelog:" not in lines:
        return lines
    start = lines.index("changelog:")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[a-z_]+:", lines[i])), len(lines))
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return lines[:start] + lines[end:]


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_next_changes_only_the_values_that_must_change(path: Path, tmp_path: Path) -> None:
    shift = Shift(months=1)
    made = next_brief(path, shift=shift, today=TODAY)
    old_lines = path.read_text(encoding="utf-8").split("\n")
    new_lines = made.text.split("\n")
    old_data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert new_lines[new_lines.index("version: 1.0.0") + 1] == f"derived_from: {made.derived_from}"
    assert made.derived_from == f"{old_data['id']}@{old_data['version']}"
    new_lines.remove(f"derived_from: {made.derived_from}")
    old_kept, new_kept = without_changelog(old_lines), without_changelog(new_lines)
    assert len(old_kept) == len(new_kept)
    for old, new in zip(old_kept, new_kept, strict=True):
        if old.startswith("id: "):
            assert new == f"id: {made.spec_id}"
        elif old.startswith("version: "):
            assert new == "version: 1.0.0"
        elif old != new:
            # A date moved; a date-time's offset may follow the owner's zone into or out of
            # summer time, the clock time stays.
            assert re.sub(r"[+-]\d\d:\d\d", "", moved_line(old, shift)) == re.sub(r"[+-]\d\d:\d\d", "", new)
    new_data = yaml.safe_load(made.text)
    if "changelog" in old_data:
        note = f"Next instance of {made.derived_from}, every date moved by 1 month"
        assert new_data["changelog"] == [{"version": "1.0.0", "date": TODAY, "changes": [note]}]
    assert [key for key in new_data if key != "derived_from"] == list(old_data)
    # It validates where it is written: beside the original, with the same settings and roster.
    repository = tmp_path / "examples"
    shutil.copytree(EXAMPLES, repository)
    target = repository / path.relative_to(EXAMPLES).with_name(f"{made.spec_id}.brief.yaml")
    target.write_text(made.text, encoding="utf-8")
    assert [problem for problem in validate_file(target, lint=False) if problem.is_error] == []


def test_the_deadline_keeps_its_clock_time_across_summer_time(write) -> None:
    spec = write(
        "a.brief.yaml",
        "id: flyer\ntitle: Flyer\nversion: 1.2.0\nkind: generic\n"
        "owner: {name: Ana, timezone: Europe/London}\n"
        "timeline:\n  start: 2026-10-01\n  due: 2026-10-14T17:00:00+01:00  # London summer time\n"
        "  milestones:\n    - {name: Draft, due: 2026-10-07T09:00:00Z}\n",
    )
    made = next_brief(spec, shift=Shift(months=1), today=TODAY)
    assert "  due: 2026-11-14T17:00:00+00:00  # London summer time\n" in made.text
    assert "{name: Draft, due: 2026-11-07T09:00:00Z}" in made.text
    assert made.spec_id == "flyer-2026-11"


@pytest.mark.parametrize(
    ("old_id", "shift", "expected"),
    [
        ("newsletter-2026-10", Shift(months=1), "newsletter-2026-11"),
        ("newsletter", Shift(months=1), "newsletter-2026-11"),
        ("newsletter-2026-11", Shift(days=7), "newsletter-2026-11-21"),  # same month: the day too
    ],
)
def test_the_new_id_names_the_new_due_month(write, old_id: str, shift: Shift, expected: str) -> None:
    spec = write("a.brief.yaml", f"id: {old_id}\nversion: 1.0.0\ntimeline:\n  due: 2026-10-14T17:00:00Z\n")
    if old_id.endswith("11"):
        spec.write_text(spec.read_text().replace("2026-10-14", "2026-11-14"))
    assert next_brief(spec, shift=shift, today=TODAY).spec_id == expected


def test_cli_next_with_a_due_date_and_another_contractor(write, cli, tmp_path) -> None:
    spec = write(
        "a.brief.yaml",
        "id: flyer\nversion: 1.0.0\ncontractor:\n  name: Lee\n  email: lee@example.com\n"
        "timeline:\n  start: 2026-10-01\n  due: 2026-10-14T17:00:00Z\n",
    )
    code, _, err = cli("next", spec, "--due", "2026-10-28T17:00:00Z", "--contractor", "mei-tanaka")
    assert code == 0
    assert "flyer-2026-10, derived from flyer@1.0.0" in err
    made = (tmp_path / "flyer-2026-10.brief.yaml").read_text()
    assert "  start: 2026-10-15\n  due: 2026-10-28T17:00:00Z\n" in made
    assert "contractor: mei-tanaka\ntimeline:" in made
    assert cli("next", spec, "--due", "2026-10-28T17:00:00Z")[0] == 2  # never overwrites


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shift", "3 months"], "is not a duration"),
        (["--shift", "P0D"], "moves nothing"),
        (["--due", "2026-10-28"], "is not a date-time with its UTC offset"),
        (["--shift", "P1M", "--id", "Flyer 2"], "is not an id"),
    ],
)
def test_cli_next_refuses_what_it_cannot_do(write, capsys, args: list[str], message: str) -> None:
    spec = write("a.brief.yaml", "id: flyer\nversion: 1.0.0\ntimeline:\n  due: 2026-10-14T17:00:00Z\n")
    with pytest.raises(SystemExit) as raised:
        main(["next", str(spec), *args])
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("shift", "moved"), [("P1D", "1 day"), ("P1M", "1 month")])
def test_next_says_when_a_date_would_move_past_the_year_9999(write, cli, shift: str, moved: str) -> None:
    spec = write(
        "end.brief.yaml",
        "id: end\nversion: 1.0.0\nowner: {name: Ana, timezone: Europe/Lisbon}\n"
        "timeline:\n  due: 9999-12-31T23:59:59-12:00\n",
    )
    code, _, err = cli("next", spec, "--shift", shift)
    assert code == 2
    assert f"9999-12-31 moved by {moved} is past the year 9999" in err
    assert sorted(path.name for path in spec.parent.iterdir()) == ["end.brief.yaml"]


def test_a_deadline_outside_the_calendar_in_the_owner_zone_keeps_its_offset(write, cli, tmp_path) -> None:
    """9999-12-31 at -12:00 is already the year 10000 in Lisbon: no offset of Lisbon's applies."""
    spec = write(
        "end.brief.yaml",
        "id: end\nversion: 1.0.0\nowner: {name: Ana, timezone: Europe/Lisbon}\n"
        "timeline:\n  due: 9999-12-31T23:59:59-12:00\n",
    )
    made = tmp_path / "earlier.brief.yaml"
    assert cli("next", spec, "--due", "9999-12-30T23:59:59-12:00", "-o", made)[0] == 0
    assert "  due: 9999-12-30T23:59:59-12:00\n" in made.read_text()
