"""Keeping good people busy: recurring work reviewed per period, reviews that agree with each
other, the roster's status, and the team board."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EXAMPLES, MINIMAL_SPEC

from outsource_briefs import load_spec, render_brief
from outsource_briefs.archive import Archive
from outsource_briefs.checks import validate_paths
from outsource_briefs.config import ReportSettings, VerdictSettings
from outsource_briefs.delegation import delegation_report
from outsource_briefs.reviews import Review
from outsource_briefs.team import team_board

TRIAGE = {
    "id": "triage", "kind": "recurring-va", "title": "Inbox triage",
    "owner": {"name": "Ana", "timezone": "Europe/Lisbon"},
    "timeline": {"due": "2026-11-30T09:30:00+00:00"},
    "budget": {"model": "retainer", "amount": 360, "currency": "EUR"},
    "details": {"schedule": {"frequency": "Every weekday", "time": "09:30", "timezone": "Europe/Lisbon"}},
}  # fmt: skip
JOY = {
    "id": "joy",
    "name": "Joy",
    "status": "active",
    "rate": {"amount": 360, "currency": "EUR", "unit": "month"},
}


def week(start: str, end: str, submitted: str, decision: str, **extra: Any) -> Review:
    data = {"brief": "triage@1.0.0", "contractor": "joy", "reviewer": "Ana", "submitted": submitted,
            "period": {"from": start, "to": end}, "criteria": [], "decision": decision, **extra}  # fmt: skip
    return Review.from_data(Path(f"triage-{start}.review.yaml"), data, TRIAGE, JOY)


WEEKS = [
    # Due on the period's last day at 09:30 Lisbon time (UTC+00:00 in November).
    week("2026-11-02", "2026-11-06", "2026-11-06T09:10:00+00:00", "accept"),  # on time
    week("2026-11-09", "2026-11-13", "2026-11-13T09:45:00+00:00", "accept"),  # 15 minutes late
    week("2026-11-16", "2026-11-20", "2026-11-20T08:30:00+00:00", "revise",
         findings=[{"note": "Two invoices were not labelled", "severity": "must-fix"}]),
    week("2026-11-23", "2026-11-27", "2026-11-27T10:29:00+01:00", "accept"),  # 09:29 in Lisbon
]  # fmt: skip


def test_each_period_of_recurring_work_is_one_delivery() -> None:
    report = delegation_report(WEEKS, settings=ReportSettings(verdict=VerdictSettings(min_deliveries=4)))
    ((_, _, joy),) = report.contractors
    assert joy.deliveries == 4
    assert joy.first_pass_rate == 0.75  # 3 of 4 weeks accepted as first delivered
    assert joy.on_time_rate == 0.75  # week 2 was late
    assert joy.mean_rounds == 1.0  # over the 3 accepted weeks
    assert (joy.verdict, joy.reason) == ("change", "on-time rate 75% is below 80%")


def test_a_period_is_due_at_the_schedules_time_in_its_zone_across_a_clock_change() -> None:
    summer = week("2026-10-19", "2026-10-23", "2026-10-23T08:40:00+00:00", "accept")  # 09:40 in Lisbon
    winter = week("2026-10-26", "2026-10-30", "2026-10-30T09:20:00+00:00", "accept")  # 09:20 in Lisbon
    assert summer.due is not None
    assert summer.due.isoformat() == "2026-10-23T09:30:00+01:00"  # summer time
    assert summer.submitted > summer.due
    assert winter.due is not None
    assert winter.due.isoformat() == "2026-10-30T09:30:00+00:00"
    assert winter.submitted <= winter.due


def test_since_keeps_a_deliverys_rounds_together() -> None:
    first = week("2026-11-16", "2026-11-20", "2026-11-20T08:30:00+00:00", "revise")
    second = week("2026-11-16", "2026-11-20", "2026-11-24T08:00:00+00:00", "accept", round=2)
    after = delegation_report([first, second], since=date(2026, 11, 21))
    assert after.contractors == []  # the delivery started before the cut: all its rounds are out
    before = delegation_report([first, second], since=date(2026, 11, 16))
    assert before.contractors[0][2].mean_rounds == 2.0


# --- reviews checked against each other, in files ----------------------------------------

RECURRING_SPEC = MINIMAL_SPEC.replace("kind: generic", "kind: generic\nstream: inbox").replace(
    "model: fixed", "model: retainer"
)
REVIEW = """\
brief: logo-refresh@1.0.0
contractor: joy
reviewer: Ana
submitted: 2027-01-08T09:00:00+00:00
period: {from: 2027-01-04, to: 2027-01-08}
criteria:
  - criterion: The logo is legible at 32 by 32 pixels
    met: true
decision: accept
"""
ROSTER = "id: joy\nname: Joy\nstatus: active\n"


@pytest.fixture
def repository(write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/joy.contractor.yaml", ROSTER)
    spec = load_spec(write("logo.brief.yaml", RECURRING_SPEC + "contractor: joy\n"))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    write("reviews/week-1.review.yaml", REVIEW)
    return tmp_path


def problems_in(path: Path) -> list[tuple[str, str, int, str]]:
    return [(Path(p.file).name, p.code, p.line, p.message) for p in validate_paths([path])[1]]


def test_periods_that_overlap_are_located(repository, write) -> None:
    write(
        "reviews/week-2.review.yaml",
        REVIEW.replace("2027-01-04, to: 2027-01-08", "2027-01-08, to: 2027-01-14"),
    )
    assert problems_in(repository / "reviews") == [
        ("week-2.review.yaml", "R023", 5,
         "the period 2027-01-08/2027-01-14 overlaps 2027-01-04/2027-01-08 in reviews/week-1.review.yaml"),
    ]  # fmt: skip
    # Checked on its own, the file is still compared with the others in its folder (the hook).
    assert [code for _, code, _, _ in problems_in(repository / "reviews/week-2.review.yaml")] == ["R023"]


def test_a_period_that_ends_before_it_starts(repository) -> None:
    path = repository / "reviews/week-1.review.yaml"
    path.write_text(REVIEW.replace("2027-01-04, to: 2027-01-08", "2027-01-08, to: 2027-01-04"))
    assert problems_in(path) == [
        ("week-1.review.yaml", "R023", 5, "the period ends (2027-01-04) before it starts (2027-01-08)")
    ]


def test_a_period_for_work_that_does_not_recur(write, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/joy.contractor.yaml", ROSTER)
    spec = load_spec(write("logo.brief.yaml", MINIMAL_SPEC + "contractor: joy\n"))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    path = write("reviews/week-1.review.yaml", REVIEW)
    ((_, code, line, message),) = problems_in(path)
    assert (code, line) == ("R023", 5)
    assert message == "logo-refresh@1.0.0 is not recurring work, so its reviews count rounds, not periods"


def test_two_reviews_of_one_round_and_a_gap_in_the_rounds(repository, write) -> None:
    write("reviews/week-1-again.review.yaml", REVIEW.replace("decision: accept", "decision: revise"))
    write("reviews/week-1-round-3.review.yaml", REVIEW.replace("period:", "round: 3\nperiod:"))
    found = problems_in(repository / "reviews")
    assert ("week-1.review.yaml", "R021", 1,
            "round 1 of logo-refresh@1.0.0 2027-01-04/2027-01-08 is already reviewed in "
            "reviews/week-1-again.review.yaml") in found  # fmt: skip
    gap = "round 3 of logo-refresh@1.0.0 2027-01-04/2027-01-08 has no review of round 2"
    assert ("week-1-round-3.review.yaml", "R022", 5, gap) in found


def test_the_report_refuses_reviews_that_disagree(repository, write, cli) -> None:
    write("reviews/week-1-again.review.yaml", REVIEW)
    code, _, err = cli("report", repository / "reviews")
    assert code == 1
    assert "R021" in err


@pytest.mark.parametrize(("status", "warned"), [("active", False), ("paused", True), ("ended", True)])
def test_a_brief_for_someone_paused_or_gone_warns(repository, write, cli, status: str, warned: bool) -> None:
    write("team/joy.contractor.yaml", ROSTER.replace("active", status))
    code, out, _ = cli("validate", "--no-lint", repository / "logo.brief.yaml")
    assert code == 0
    assert ("R020 warning: joy is " in out) is warned
    if status == "ended":
        assert "joy is no longer working with you (status: ended) on the roster (contractor)" in out


def test_a_review_of_a_brief_with_an_inline_contractor_says_how_to_use_the_roster(
    write, tmp_path, cli
) -> None:
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/joy.contractor.yaml", ROSTER)
    inline = RECURRING_SPEC + "contractor: {name: Joy, email: joy@example.com}\n"
    spec = load_spec(write("logo.brief.yaml", inline))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    path = write("reviews/week-1.review.yaml", REVIEW)
    code, out, _ = cli("validate", path)
    assert code == 0
    assert "R024 warning: logo-refresh@1.0.0 names its contractor inline (Joy), not by roster id" in out
    assert "write `contractor: joy` in the brief's next version" in out


def test_review_new_writes_a_period(repository, cli) -> None:
    target = repository / "reviews/week-2.review.yaml"
    code, _, _ = cli(
        "review", "new", repository / "logo.brief.yaml", "--period", "2027-01-11/2027-01-15", "-o", target
    )
    assert code == 0
    assert yaml.safe_load(target.read_text())["period"] == {"from": "2027-01-11", "to": "2027-01-15"}
    code, _, err = cli("review", "new", repository / "logo.brief.yaml", "--period", "2027-01-15/2027-01-11")
    assert (code, err.strip()) == (
        2,
        "outsource-briefs: error: the period ends (2027-01-11) before it starts (2027-01-15)",
    )


def test_new_contractor_and_the_file_schemas(cli, tmp_path) -> None:
    target = tmp_path / "team/lee-wong.contractor.yaml"
    target.parent.mkdir()
    assert cli("new", "contractor", "--id", "lee-wong", "-o", target)[0] == 0
    assert yaml.safe_load(target.read_text())["id"] == "lee-wong"
    assert cli("validate", target)[0] == 0
    for name in ("review", "results", "contractor"):
        code, out, _ = cli("schema", name)
        assert code == 0
        assert json.loads(out)["title"] == f"outsource-briefs {name}"


# --- the team board -----------------------------------------------------------------------


def test_team_board_ranks_people_for_a_kind() -> None:
    roster = {"joy": JOY, "kim": {"id": "kim", "name": "Kim", "status": "paused"}}
    board = team_board(roster, WEEKS, [("triage@1.0.0", TRIAGE)], today=date(2026, 12, 7))
    joy, kim = board.members
    assert (joy.kinds[0].kind, joy.kinds[0].deliveries, joy.kinds[0].first_pass_rate) == (
        "recurring-va",
        4,
        0.75,
    )
    assert (joy.last_delivery, joy.days_idle) == (date(2026, 11, 27), 10)
    assert joy.open_briefs == ()  # the brief names no roster id
    assert joy.rate == "360 EUR per month"
    assert (kim.kinds, kim.last_delivery, kim.days_idle, kim.status) == ((), None, None, "paused")
    ranked = team_board(roster, WEEKS, [], today=date(2026, 12, 7), kind="recurring-va")
    assert [member.id for member in ranked.members] == ["joy", "kim"]


def test_shipped_team_board(cli) -> None:
    code, out, _ = cli("team", "--format", "json", EXAMPLES)
    assert code == 0
    people = {entry["id"]: entry for entry in json.loads(out)["contractors"]}
    assert set(people) == {"joy-villanueva", "kasia-nowak", "mei-tanaka"}
    mei = people["mei-tanaka"]
    assert mei["kinds"] == [
        {"kind": "article", "deliveries": 3, "first_pass_rate": 0.6667, "mean_score": 79.05}
    ]
    assert mei["last_delivery"] == "2026-11-13"
    assert people["joy-villanueva"]["open_briefs"] == [
        "inbox-triage-october@1.0.0"
    ]  # recurring work stays open
    assert people["kasia-nowak"]["open_briefs"] == []
    code, out, _ = cli("team", EXAMPLES, "--kind", "design")
    assert code == 0
    assert out.startswith("# Team board: who should do the next design\n")


def test_review_new_lists_what_the_last_round_left_open(repository, write, cli) -> None:
    write("reviews/logo-1.review.yaml", ONE_OFF_REVIEW)
    write("logo.brief.yaml", MINIMAL_SPEC + "contractor: joy\n")  # the working spec as published
    target = repository / "reviews/logo-2.review.yaml"
    spec = repository / "logo.brief.yaml"
    period = "2027-01-04/2027-01-08"
    code, _, err = cli("review", "new", spec, "--round", "2", "--period", period, "-o", target)
    assert code == 0
    text = target.read_text()
    assert (
        "# Round 1 left these open; check them first:\n"
        "#   - not met: The logo is legible at 32 by 32 pixels (The strokes merge at 32 px.)\n"
        "#   - must fix: Thicken the strokes.\n"
    ) in text
    assert "contractor: joy\n" in text
    assert "has changed since 1.0.0 was published" in err  # the working spec is not the retainer version


ONE_OFF_REVIEW = """\
brief: logo-refresh@1.0.0
contractor: joy
reviewer: Ana
submitted: 2027-01-08T09:00:00+00:00
round: 1
period: {from: 2027-01-04, to: 2027-01-08}
criteria:
  - criterion: The logo is legible at 32 by 32 pixels
    met: false
    note: The strokes merge at 32 px.
findings:
  - {note: Thicken the strokes., severity: must-fix}
  - {note: Try a darker green., severity: suggestion}
decision: revise
"""
