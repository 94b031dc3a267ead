"""Results files checked against the published brief's KPIs, the results skeleton, and the
review checks that keep the delegation figures fair: unexplained unmet criteria, deliverable
criteria, payments over budget, streams the configuration does not describe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import MINIMAL_SPEC

from outsource_briefs import load_spec, render_brief
from outsource_briefs.archive import Archive
from outsource_briefs.checks import validate_paths
from outsource_briefs.repository import config_for
from outsource_briefs.results import read_results
from outsource_briefs.skeleton import results_skeleton

KPIS = """\
stream: brand
kpis:
  - id: sign-ups
    name: Loyalty sign-ups in the first month
    target: {at_least: 120, unit: sign-ups, by: 2027-02-28}
  - id: complaints
    name: Complaints that the logo is hard to read
    target: {at_most: 2}
  - name: Customers like it
    target: a lot
"""
SPEC = (
    MINIMAL_SPEC.replace(
        "  - name: Logo files\n    format: SVG and PNG\n",
        "  - name: Logo files\n    format: SVG and PNG\n    acceptance_criteria:\n"
        "      - Both files are named bb-logo\n      - The SVG has no embedded bitmaps\n",
    )
    + KPIS
)
CONFIG = """\
team: team
archive: archive
streams:
  brand: {title: Brand work}
  newsletter: {title: Newsletter}
"""
RESULTS = """\
brief: logo-refresh@1.0.0
measured: 2027-03-01T09:00:00+00:00
source: The loyalty app's export
values:
  sign-ups: 131
  complaints: 0
"""
MEI = (
    "id: mei-tanaka\nname: Mei Tanaka\nemail: mei@example.com\ntimezone: Asia/Tokyo\n"
    "rate: {amount: 450, currency: EUR, unit: piece}\n"
)
REVIEW = """\
brief: logo-refresh@1.0.0
contractor: mei-tanaka
reviewer: Tomás Ferreira
submitted: 2027-01-14T09:00:00+09:00
round: 1
criteria:
  - criterion: The logo is legible at 32 by 32 pixels
    met: true
deliverables:
  - deliverable: Logo files
    criteria:
      - criterion: Both files are named bb-logo
        met: true
      - criterion: The SVG has no embedded bitmaps
        met: true
decision: accept
cost: {amount: 250, currency: EUR}
"""


@pytest.fixture
def repository(write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write("outsource-briefs.yaml", CONFIG)
    write("team/mei-tanaka.contractor.yaml", MEI)
    spec = load_spec(write("logo.brief.yaml", SPEC + "contractor: mei-tanaka\n"))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    write("results/logo.results.yaml", RESULTS)
    write("reviews/logo-1.review.yaml", REVIEW)
    return tmp_path


def problems_of(path: Path) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.message) for p in validate_paths([path])[1]]


def test_valid_results(repository) -> None:
    results, problems = read_results(repository / "results/logo.results.yaml", config_for(repository))
    assert problems == []
    assert results is not None
    assert results.brief_ref == "logo-refresh@1.0.0"
    assert results.values == {"sign-ups": 131.0, "complaints": 0.0}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("logo-refresh@1.0.0", "logo-refresh@1.1.0",
         ("R007", 1, 8, "brief logo-refresh@1.1.0 is not in the archive (archive)")),
        ("  sign-ups: 131", "  signups: 131", ("R015", 5, 3, "'signups' is not a KPI id of the brief")),
        ("  complaints: 0", "  complaints: none",
         ("S003", 6, 15, "'complaints' must be a number, not a string")),
        ("  sign-ups: 131", "  sign-ups: '131'",
         ("S003", 5, 13, "'sign-ups' must be a number, not a string")),
        ("measured: 2027-03-01T09:00:00+00:00", "measured: 2027-03-01T09:00:00",
         ("S004", 2, 11, "'measured' must have a UTC offset")),
    ],
)  # fmt: skip
def test_results_problems_are_located(repository, old: str, new: str, expected) -> None:
    path = repository / "results/logo.results.yaml"
    path.write_text(RESULTS.replace(old, new))
    assert problems_of(path) == [expected]


def test_an_unknown_kpi_id_gets_a_did_you_mean(repository, cli) -> None:
    path = repository / "results/logo.results.yaml"
    path.write_text(RESULTS.replace("  complaints: 0", "  complaint: 0"))
    code, out, _ = cli("validate", path)
    assert code == 1
    assert "logo.results.yaml:6:3: R015 'complaint' is not a KPI id of the brief (values.complaint)" in out
    assert "hint: did you mean 'complaints'?" in out


def test_results_skeleton_lists_every_kpi_id_with_its_target(repository, cli) -> None:
    target = repository / "results/new.results.yaml"
    code, _, err = cli("results", "new", repository / "logo.brief.yaml", "-o", target)
    assert (code, err) == (0, "")
    text = target.read_text()
    assert (
        "values:\n"
        "  # Loyalty sign-ups in the first month; target: at least 120 sign-ups by Sunday 28 February 2027\n"
        "  sign-ups:\n"
        "  # Complaints that the logo is hard to read; target: at most 2\n"
        "  complaints:\n"
    ) in text
    assert "Customers like it" not in text  # no id: nothing to record it under
    data = yaml.safe_load(text)
    assert data["brief"] == "logo-refresh@1.0.0"
    assert cli("results", "new", repository / "logo.brief.yaml", "-o", target)[0] == 2  # never overwrites


def test_results_skeleton_needs_kpi_ids() -> None:
    brief = yaml.safe_load(MINIMAL_SPEC + "kpis:\n  - {name: Sales, target: 10}\n")
    with pytest.raises(ValueError, match=r"no KPI of logo-refresh 1\.0\.0 has an id"):
        results_skeleton(brief, "1.0.0")


def test_a_kpi_name_with_line_breaks_stays_one_comment() -> None:
    kpis = 'kpis:\n  - {id: sales, name: "Sales\\n# in\\rMay", target: 10}\n'
    brief = yaml.safe_load(MINIMAL_SPEC + kpis)
    assert yaml.safe_load(results_skeleton(brief, "1.0.0"))["values"] == {"sales": None}


def test_accepting_work_with_an_unmet_criterion_needs_a_note(repository) -> None:
    path = repository / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace("    met: true\ndeliverables", "    met: false\ndeliverables"))
    assert problems_of(path) == [
        ("R016", 8, 10, "the review accepts the work, but criterion 1 is not met and has no note")
    ]
    explained = "    met: false\n    note: Legible at 40 px; we accept it for the sign.\ndeliverables"
    path.write_text(REVIEW.replace("    met: true\ndeliverables", explained))
    assert problems_of(path) == []
    path.write_text(REVIEW.replace("        met: true\ndecision", "        met: false\ndecision"))
    assert [code for code, *_ in problems_of(path)] == ["R016"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      - criterion: The SVG has no embedded bitmaps\n        met: true\n", "",
         ("R008", 11, 5, "the review lists 1 criteria; the brief has 2")),
        ("  - deliverable: Logo files", "  - deliverable: Logo file",
         ("R018", 10, 18, "deliverable 1 is not the brief's")),
        ("      - criterion: Both files are named bb-logo", "      - criterion: Both files are named logo",
         ("R008", 12, 20, "criterion 1 differs from the brief's")),
    ],
)  # fmt: skip
def test_deliverable_criteria_are_checked_like_the_top_level_ones(repository, old, new, expected) -> None:
    path = repository / "reviews/logo-1.review.yaml"
    path.write_text(REVIEW.replace(old, new))
    assert problems_of(path) == [expected]


def test_a_review_without_the_deliverable_criteria_is_told_which(repository, cli) -> None:
    path = repository / "reviews/logo-1.review.yaml"
    start = REVIEW.index("deliverables:")
    path.write_text(REVIEW[:start] + REVIEW[REVIEW.index("decision:") :])
    code, out, _ = cli("validate", path)
    assert code == 1
    assert "R018 the review lists 0 deliverables with criteria; the brief has 1" in out
    assert "hint: list, in this order: Logo files" in out


def test_review_new_groups_the_criteria_by_deliverable(repository, cli) -> None:
    target = repository / "reviews/new.review.yaml"
    assert cli("review", "new", repository / "logo.brief.yaml", "-o", target)[0] == 0
    data = yaml.safe_load(target.read_text())
    assert data["deliverables"] == [
        {
            "deliverable": "Logo files",
            "criteria": [
                {"criterion": "Both files are named bb-logo", "met": None},
                {"criterion": "The SVG has no embedded bitmaps", "met": None},
            ],
        }
    ]


def test_the_review_that_takes_a_brief_over_budget_is_warned_about(repository, write, cli) -> None:
    write("reviews/logo-2.review.yaml", REVIEW.replace("round: 1", "round: 2").replace("250", "100"))
    code, out, _ = cli("validate", repository / "reviews/logo-2.review.yaml")
    assert code == 0
    assert (
        "logo-2.review.yaml:17:1: R019 warning: payments for logo-refresh@1.0.0 reach 350.00 EUR, "
        "over its budget of 300.00 EUR (cost)"
    ) in out
    assert "R019" not in cli("validate", repository / "reviews/logo-1.review.yaml")[1]
    assert cli("validate", "--strict", repository / "reviews")[0] == 1


def test_a_stream_not_in_the_configuration_gets_a_did_you_mean(repository, write, cli) -> None:
    path = write("other.brief.yaml", SPEC.replace("stream: brand", "stream: brnad"))
    code, out, _ = cli("validate", "--no-lint", path)
    assert code == 1
    assert "other.brief.yaml:24:9: R017 stream 'brnad' is not described in outsource-briefs.yaml" in out
    assert "hint: did you mean 'brand'? (outsource-briefs.yaml describes: brand, newsletter)" in out


def test_any_stream_is_fine_without_a_streams_section(write, cli) -> None:
    path = write("solo/logo.brief.yaml", SPEC.replace("stream: brand", "stream: anything-goes"))
    assert cli("validate", "--no-lint", path)[0] == 0


def test_kpi_ids_are_unique_in_a_brief(write, cli) -> None:
    path = write("solo/logo.brief.yaml", SPEC.replace("id: complaints", "id: sign-ups"))
    code, out, _ = cli("validate", "--no-lint", path)
    assert code == 1
    assert "S013 KPI id 'sign-ups' is used more than once (kpis[1].id)" in out


def test_report_reads_results_beside_reviews(repository, cli) -> None:
    code, out, err = cli("report", repository, "--format", "json")
    assert (code, err) == (0, "")
    (stream,) = json.loads(out)["streams"]
    assert (stream["id"], stream["title"], stream["kpis"]) == (
        "brand",
        "Brand work",
        {"met": 2, "missed": 0, "pending": 0},
    )
