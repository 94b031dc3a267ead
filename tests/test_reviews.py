"""Roster files, reviews checked against the published brief, feedback and the report command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL_SPEC, markdownlint_command

from outsource_briefs import SpecError, load_spec, render_brief
from outsource_briefs.archive import Archive
from outsource_briefs.cli import main
from outsource_briefs.feedback import render_feedback
from outsource_briefs.repository import config_for
from outsource_briefs.reviews import Review, read_review
from outsource_briefs.skeleton import review_skeleton

MEI = """\
id: mei-tanaka
name: Mei Tanaka
email: mei@example.com
timezone: Asia/Tokyo
skills: [Recipes, SEO articles]
rate: {amount: 450, currency: EUR, unit: piece}
since: 2025-03-01
status: active
preferences:
  - One brief per message, with the deadline in my time zone
"""
RUBRIC = (
    "review:\n  reviewer: Tomás\n  rubric:\n"
    "    - {criterion: Accuracy, weight: 2}\n    - {criterion: Clarity}\n"
)
SPEC = MINIMAL_SPEC + "contractor: mei-tanaka\n" + RUBRIC
REVIEW = """\
brief: logo-refresh@1.0.0
contractor: mei-tanaka
reviewer: Tomás Ferreira
submitted: 2027-01-14T09:00:00+09:00
reviewed: 2027-01-15T10:00:00+00:00
round: 1
criteria:
  - criterion: The logo is legible at 32 by 32 pixels
    met: false
    note: At 32 px the two thin strokes merge into one.
scores:
  Accuracy: 3
  Clarity: 2
findings:
  - {note: Thicken the strokes to at least 2 px at 32 px, severity: must-fix}
  - {note: Try the wordmark in the darker green, severity: suggestion}
  - {note: The brief did not give the minimum stroke width, severity: must-fix, brief_gap: true}
went_well:
  - The mark reads as a coffee bean from across the room.
decision: revise
cost: {amount: 0, currency: EUR}
reviewer_minutes: 40
"""


def read(path: Path) -> tuple[Review | None, list]:
    """Read and check a review with the settings of its repository."""
    return read_review(path, config_for(path))


@pytest.fixture
def history(write, tmp_path: Path) -> Path:
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/mei-tanaka.contractor.yaml", MEI)
    spec = load_spec(write("logo.brief.yaml", SPEC))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    write("reviews/logo-1.review.yaml", REVIEW)
    return tmp_path


def codes(problems) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in problems]


def test_roster_entry_is_shown_in_the_brief(history) -> None:
    text = render_brief(load_spec(history / "logo.brief.yaml")).markdown
    assert "- **Contractor:** Mei Tanaka (<mei@example.com>), Asia/Tokyo" in text
    assert (
        "### How you like to receive work\n\n"
        "From your profile; if something has changed, tell Ana Ribeiro:\n\n- One brief per message"
    ) in text
    assert "for you: Saturday 16 January 2027, 02:00 (Asia/Tokyo)" in text


def test_unknown_contractor_id_suggests_a_close_one(write, history, cli) -> None:
    path = write("other.brief.yaml", SPEC.replace("contractor: mei-tanaka", "contractor: mei-tanka"))
    code, out, _ = cli("validate", "--no-lint", path)
    assert code == 1
    assert f"{path}:21:13: R006 'mei-tanka' is not on the team roster (contractor)" in out
    assert "did you mean 'mei-tanaka'?" in out


def test_roster_files_are_validated(write, history, cli) -> None:
    write("team/kasia.contractor.yaml", "id: kasia-nowak\nname: Kasia\nrate: {amount: 80, currency: pln}\n")
    code, out, _ = cli("validate", history / "team")
    assert code == 1
    assert "kasia.contractor.yaml:1:5: R010 id 'kasia-nowak' differs from the file name" in out
    assert "kasia.contractor.yaml:3:30: S007 'pln' is not a valid currency" in out


def test_valid_review(history) -> None:
    review, problems = read(history / "reviews/logo-1.review.yaml")
    assert problems == []
    assert review is not None
    assert (review.brief_id, review.brief_version, review.round, review.kind) == (
        "logo-refresh",
        "1.0.0",
        1,
        "generic",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("The logo is legible at 32 by 32 pixels", "The logo is legible at 16 by 16 pixels", [("R008", 8)]),
        ("logo-refresh@1.0.0", "logo-refresh@1.1.0", [("R007", 1)]),
        ("logo-refresh@1.0.0", "logo-refrsh@1.0.0", [("R007", 1)]),
        ("contractor: mei-tanaka", "contractor: jonas", [("R006", 2)]),
        ("  Clarity: 2", "  Clarty: 2", [("R009", 13)]),
        ("  Clarity: 2", "  Clarity: 5", [("S008", 13)]),
        ("decision: revise", "decision: revised", [("S006", 20)]),
        ("submitted: 2027-01-14T09:00:00+09:00", "submitted: 2027-01-14T09:00:00", [("S004", 4)]),
        ("reviewed: 2027-01-15T10:00:00+00:00", "reviewed: 2027-01-13T10:00:00+00:00", [("R012", 5)]),
    ],
)
def test_review_problems_are_located(history, old: str, new: str, expected) -> None:
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace(old, new))
    assert codes(read(path)[1]) == expected


def test_review_must_name_the_briefs_contractor(write, history) -> None:
    write("team/kasia-nowak.contractor.yaml", "id: kasia-nowak\nname: Kasia Nowak\n")
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("contractor: mei-tanaka", "contractor: kasia-nowak"))
    problems = read(path)[1]
    assert codes(problems) == [("R011", 2)]
    assert problems[0].message == "the brief was written for 'mei-tanaka', not 'kasia-nowak'"


def test_missing_criterion(history) -> None:
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("criteria:\n", "criteria: []\nunused:\n"))
    assert [p.code for p in read(path)[1]] == ["S001"]
    text = REVIEW.replace(
        "    note: At 32 px the two thin strokes merge into one.\n",
        "    note: At 32 px the two thin strokes merge into one.\n  - {criterion: Extra, met: true}\n",
    )
    path.write_text(text)
    problems = read(path)[1]
    assert codes(problems) == [("R008", 7)]
    assert problems[0].message == "the review lists 2 criteria; the brief has 1"


def test_unknown_brief_hint_lists_published_versions(history) -> None:
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("logo-refresh@1.0.0", "logo-refresh@2.0.0"))
    assert read(path)[1][0].hint == "published versions of logo-refresh: 1.0.0"


def test_review_new_writes_a_skeleton_with_every_criterion(history, cli) -> None:
    target = history / "reviews/new.review.yaml"
    code, _, _ = cli("review", "new", history / "logo.brief.yaml", "-o", target)
    assert code == 0
    text = target.read_text()
    assert "\nbrief: logo-refresh@1.0.0\n" in text
    assert "\ncontractor: mei-tanaka\n" in text
    assert "  - criterion: The logo is legible at 32 by 32 pixels\n    met:" in text
    assert "scores:" in text
    assert "  Accuracy:\n  Clarity:\n" in text
    problems = read(target)[1]
    assert {p.code for p in problems} <= {"S003", "S006"}
    assert cli("review", "new", history / "logo.brief.yaml", "-o", target)[0] == 2


def test_review_new_needs_a_published_brief(write, history, cli) -> None:
    path = write("fresh.brief.yaml", SPEC.replace("id: logo-refresh", "id: fresh-logo"))
    code, _, err = cli("review", "new", path)
    assert code == 2
    assert "no published version" in err


def test_feedback_is_ordered_and_constructive(history) -> None:
    review, _ = read(history / "reviews/logo-1.review.yaml")
    assert review is not None
    text = render_feedback(review)
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "## What went well",
        "## Criteria not met yet",
        "## Must fix",
        "## Suggestions",
        "## Where our brief was unclear",
        "## Scores",
        "## Decision and next step",
    ]
    assert (
        "- [ ] The logo is legible at 32 by 32 pixels: At 32 px the two thin strokes merge into one." in text
    )
    assert "These points are on us" in text
    assert "- **Must fix:** The brief did not give the minimum stroke width" in text
    assert (
        "The brief did not give the minimum stroke width" not in text.split("## Must fix")[1].split("##")[0]
    )
    assert "**Please revise.** Send round 2" in text
    assert text.startswith("# Feedback: Refresh the shop logo\n\nHello Mei Tanaka")


@pytest.mark.parametrize(
    ("decision", "sentence"),
    [
        ("accept", "**Accepted.**"),
        ("accept-with-edits", "**Accepted with small edits.**"),
        ("reject", "**Not accepted.**"),
    ],
)
def test_feedback_decisions(history, decision: str, sentence: str) -> None:
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("decision: revise", f"decision: {decision}"))
    review, _ = read(path)
    assert review is not None
    assert sentence in render_feedback(review)


def test_feedback_and_report_commands_pass_markdownlint(history, cli, tmp_path) -> None:
    out = tmp_path / "lint"
    out.mkdir()
    assert cli("feedback", history / "reviews/logo-1.review.yaml", "-o", out / "feedback.md")[0] == 0
    second = REVIEW.replace("round: 1", "round: 2").replace("decision: revise", "decision: accept")
    second = second.replace("2027-01-14T09", "2027-02-02T09").replace("2027-01-15T10", "2027-02-03T10")
    (history / "reviews/logo-2.review.yaml").write_text(second)
    assert cli("report", history / "reviews", "-o", out / "report.md")[0] == 0
    report = (out / "report.md").read_text()
    assert "| Mei Tanaka (mei-tanaka) | 1 | 100% | 0% | 2.0 |" in report
    assert '    x-axis "Month submitted" ["2027-01", "2027-02"]' in report
    assert "### logo-refresh@1.0.0\n" in report
    (out / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), "*.md"], cwd=out, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_json_and_since(history, cli) -> None:
    code, out, _ = cli("report", "--format", "json", history / "reviews")
    assert code == 0
    document = json.loads(out)
    assert document["contractors"][0]["id"] == "mei-tanaka"
    assert document["contractors"][0]["first_pass_rate"] == 0.0
    code, out, _ = cli("report", "--format", "json", "--since", "2027-02-01", history / "reviews")
    assert json.loads(out)["contractors"] == []


def test_report_refuses_invalid_reviews(history, cli) -> None:
    (history / "reviews/logo-1.review.yaml").write_text(REVIEW.replace("round: 1", "round: 0"))
    code, _, err = cli("report", history / "reviews")
    assert code == 1
    assert "S008" in err


def test_report_with_bad_since_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["report", "--since", "yesterday"])
    assert raised.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_verdict_thresholds_come_from_the_config(write, history, cli, monkeypatch) -> None:
    write(
        "outsource-briefs.yaml", "team: team\narchive: archive\nreport:\n  verdict:\n    min_deliveries: 1\n"
    )
    monkeypatch.chdir(history)
    code, out, _ = cli("report", "--format", "json", "reviews")
    assert code == 0
    assert json.loads(out)["contractors"][0]["verdict"] == "stop"


def test_shipped_history_report(cli) -> None:
    """The example history in examples/: figures computed by hand from its nine reviews, in EUR
    with the examples' rate of 0.23 EUR per PLN and 45 EUR per hour of review."""
    code, out, _ = cli("report", "--format", "json", EXAMPLES / "reviews")
    assert code == 0
    people = {entry["id"]: entry for entry in json.loads(out)["contractors"]}
    mei, kasia = people["mei-tanaka"], people["kasia-nowak"]
    assert (mei["deliveries"], mei["on_time_rate"], mei["first_pass_rate"]) == (3, 1.0, 0.6667)
    assert (mei["mean_rounds"], mei["mean_score"], mei["brief_caused_rounds"]) == (1.33, 79.05, 0)
    # 1,100 EUR paid + 175 minutes at 45 EUR an hour, over 3 accepted briefs
    assert mei["spend"] == {
        "contractor": 1100.0, "owner_time": 131.25, "total": 1231.25, "currency": "EUR", "missing_rates": [],
    }  # fmt: skip
    assert mei["cost_per_accepted"] == 410.42
    assert (mei["reviewer_hours"], mei["brief_gaps"], mei["verdict"]) == (2.92, 1, "keep")
    assert (kasia["deliveries"], kasia["on_time_rate"], kasia["first_pass_rate"]) == (2, 0.0, 0.0)
    assert (kasia["mean_rounds"], kasia["mean_score"]) == (3.0, 59.64)
    # 190 EUR + 1,920 PLN * 0.23 + 205 minutes at 45 EUR an hour, over 1 accepted brief
    assert kasia["cost_per_accepted"] == 785.35
    assert (kasia["reviewer_hours"], kasia["brief_gaps"], kasia["verdict"]) == (3.42, 1, "stop")


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).parent.parent / "examples" / "reviews").glob("*.yaml"))
)
def test_shipped_feedback(path: Path, tmp_path: Path) -> None:
    review, problems = read(path)
    assert problems == []
    assert review is not None
    text = render_feedback(review)
    assert text.startswith("# Feedback: ")
    assert f"round {review.round} of" in text


def test_shipped_feedback_and_report_pass_markdownlint(cli, tmp_path: Path) -> None:
    for path in sorted((EXAMPLES / "reviews").glob("*.review.yaml")):
        assert cli("feedback", path, "-o", tmp_path / f"{path.stem}.md")[0] == 0
    assert cli("report", EXAMPLES, "-o", tmp_path / "report.md")[0] == 0
    assert cli("team", EXAMPLES, "-o", tmp_path / "team.md")[0] == 0
    assert cli("team", EXAMPLES, "--kind", "article", "-o", tmp_path / "team-article.md")[0] == 0
    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), "*.md"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Linting: 16 file(s)" in result.stdout + result.stderr


def test_lowercase_z_is_a_valid_offset(history, cli) -> None:
    path = history / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("2027-01-14T09:00:00+09:00", "2027-01-14T00:00:00z"))
    review, problems = read(path)
    assert problems == []
    assert review is not None
    assert review.submitted.utcoffset() is not None
    assert cli("report", history / "reviews")[0] == 0


def test_review_new_checks_its_arguments(history, cli) -> None:
    for bad in ("0", "-1", "two", "\u0661"):
        with pytest.raises(SystemExit) as raised:
            main(["review", "new", str(history / "logo.brief.yaml"), "--round", bad])
        assert raised.value.code == 2
    _, out, _ = cli("review", "new", history / "logo.brief.yaml", "--round", "2")
    assert "\nround: 2\n" in out


def test_report_says_when_nothing_was_submitted_since(history, cli) -> None:
    code, out, _ = cli("report", "--since", "2030-01-01", history / "reviews")
    assert code == 0
    assert "No reviews of work submitted on or after Tuesday 1 January 2030." in out
    assert "\n\n## How to read this report" in out


def test_report_takes_the_settings_of_the_reviews(write, history, cli, monkeypatch, tmp_path) -> None:
    write(
        "outsource-briefs.yaml", "team: team\narchive: archive\nreport:\n  verdict:\n    min_deliveries: 1\n"
    )
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # The first PATH lies outside the reviews' repository: the reviews' own settings still count.
    _, out, _ = cli("report", "--format", "json", elsewhere, history / "reviews")
    assert json.loads(out)["contractors"][0]["verdict"] == "stop"


def test_team_templates_shape_feedback_and_report(history, cli, write) -> None:
    write("outsource-briefs.yaml", "team: team\narchive: archive\ntemplates: [house]\n")
    footer = "\nPrepared by the Ferreira Coffee studio.\n"
    write("house/feedback.md.j2", '{% include "packaged/feedback.md.j2" %}' + footer)
    write("house/report.md.j2", '{% include "packaged/report.md.j2" %}' + footer)
    code, feedback, _ = cli("feedback", history / "reviews/logo-1.review.yaml")
    assert code == 0
    assert feedback.endswith(footer)
    code, report, _ = cli("report", history / "reviews")
    assert code == 0
    assert report.startswith("# Delegation report\n")
    assert report.endswith(footer)


def test_review_skeleton_refuses_a_round_below_one(history) -> None:
    brief = Archive(history / "archive").read_spec("logo-refresh", "1.0.0")
    assert "\nround: 3\n" in review_skeleton(brief, "1.0.0", round_=3)
    with pytest.raises(ValueError, match="is not a round"):
        review_skeleton(brief, "1.0.0", round_=0)


def test_unknown_contractor_does_not_hide_other_problems(write, history, cli) -> None:
    path = write(
        "other.brief.yaml",
        SPEC.replace("contractor: mei-tanaka", "contractor: mei-tanka").replace(
            "title: Refresh the shop logo", "title: [1]"
        ),
    )
    code, out, _ = cli("validate", "--no-lint", path)
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "S003",
        "R006",
    ]
    spec = load_spec(path)
    assert spec.contractor is None
    with pytest.raises(SpecError) as raised:
        render_brief(spec)
    assert "R006" in [problem.code for problem in raised.value.problems]


def test_a_base_still_finds_the_spec_with_an_unknown_contractor(write, history, cli) -> None:
    write("house.base.yaml", "owner: {name: Ana, email: ana@example.com}\n")
    write("other.brief.yaml", "extends: house.base.yaml\n" + SPEC.replace("mei-tanaka", "mei-tanka"))
    code, out, _ = cli("validate", "--no-lint", history / "house.base.yaml")
    assert code == 1
    assert "R006 'mei-tanka' is not on the team roster" in out
