"""`review new --from-check`: an agent's (or an automated check's) JSON report prefills a
review; the person confirms it and decides."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs import limits, load_spec, render_brief
from outsource_briefs.archive import Archive
from outsource_briefs.check_report import read_check_report
from outsource_briefs.criteria import derived_id, spec_criteria
from outsource_briefs.prompt import render_prompt

SPEC = (
    MINIMAL_SPEC.replace(
        "acceptance_criteria:\n  - The logo is legible at 32 by 32 pixels\n",
        "acceptance_criteria:\n"
        "  - {id: legible, text: The logo is legible at 32 by 32 pixels}\n"
        "  - The logo works in black on white\n",
    ).replace(
        "    format: SVG and PNG\n",
        "    format: SVG and PNG\n    acceptance_criteria: [The SVG opens in Inkscape]\n",
    )
    + "contractor: logo-agent\n"
)
AGENT = "id: logo-agent\nname: Logo drafting agent\ntype: agent\ntool: Claude Code\n"
BLACK = derived_id("The logo works in black on white")
SVG = derived_id("The SVG opens in Inkscape", "Logo files")


@pytest.fixture
def repository(write, tmp_path: Path) -> Path:
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/logo-agent.contractor.yaml", AGENT)
    spec = load_spec(write("logo.brief.yaml", SPEC))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    return tmp_path


def agent_answer(repository: Path, met: bool = True) -> list[dict[str, object]]:
    """The JSON block of the prompt, filled in as an agent would."""
    text = render_prompt(load_spec(repository / "logo.brief.yaml"))
    entries = json.loads(text.split("```json\n")[-1].split("\n```")[0])
    return [{**entry, "met": met, "evidence": f"Checked {entry['id']} by hand."} for entry in entries]


def test_an_agents_report_prefills_a_review_that_validates_once_decided(write, repository, cli) -> None:
    check = write("check.json", json.dumps(agent_answer(repository), indent=2))
    target = repository / "reviews" / "logo-1.review.yaml"
    target.parent.mkdir()
    code, out, err = cli("review", "new", repository / "logo.brief.yaml", "--from-check", check, "-o", target)
    assert (code, out) == (0, "")
    assert err == f"3 of 3 criteria filled in from {check}: confirm each, fill in the rest and decide\n"
    text = target.read_text()
    assert "  - id: legible\n    criterion: The logo is legible at 32 by 32 pixels\n    met: true\n" in text
    assert "    note: Checked legible by hand.\n" in text
    assert f"      - id: {SVG}\n        criterion: The SVG opens in Inkscape\n        met: true\n" in text
    assert "\ndecision:\n" in text
    code, out, _ = cli("validate", target)
    assert code == 1
    assert re.findall(r"S00[36] '(\w+)' is empty", out) == ["submitted", "reviewed", "decision"]
    for field, value in [
        ("submitted", "2027-01-14T09:00:00+00:00"),
        ("reviewed", "2027-01-15T09:00:00+00:00"),
        ("decision", "accept"),
    ]:
        text = text.replace(f"\n{field}:\n", f"\n{field}: {value}\n")
    target.write_text(text)
    assert cli("validate", target)[:2] == (0, "")


def test_a_wrong_id_is_a_located_problem_and_nothing_is_written(write, repository, cli) -> None:
    answer = agent_answer(repository)
    answer[0]["id"] = "legable"
    check = write("check.json", json.dumps(answer, indent=2))
    target = repository / "new.review.yaml"
    code, out, err = cli("review", "new", repository / "logo.brief.yaml", "--from-check", check, "-o", target)
    assert (code, out) == (1, "")
    assert err == (
        f"{check}:3:11: R041 'legable' is not the id of an acceptance criterion of the brief ([0].id)\n"
        f"    hint: did you mean 'legible'? (the brief's criteria are legible, {BLACK}, {SVG})\n"
    )
    assert not target.exists()


def test_a_criterion_reported_twice_is_a_problem(write, repository) -> None:
    answer = agent_answer(repository)
    path = write("check.json", json.dumps([*answer, answer[1]]))
    checks, problems = read_check_report(path, spec_criteria(load_spec(repository / "logo.brief.yaml").data))
    assert checks == {}
    assert [(p.code, p.line, p.pointer, p.message) for p in problems] == [
        ("R042", 1, "/3/id", f"criterion '{BLACK}' is reported more than once")
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "legible", "met": "yes"}]', [("S003", 1, 27)]),
        ('[{"id": "legible", "met": true, "evidance": "x"}]', [("S001", 1, 33)]),
        ('{"id": "legible", "met": true}', [("S003", 1, 1)]),
        ('[{"id": "legible", "met": true}', [("Y005", 1, 1)]),
        ("", [("Y007", 1, 1)]),
    ],
)
def test_a_malformed_report_gets_located_problems(write, repository, content: str, expected) -> None:
    path = write("check.json", content)
    criteria = spec_criteria(load_spec(repository / "logo.brief.yaml").data)
    checks, problems = read_check_report(path, criteria)
    assert checks == {}
    assert [(p.code, p.line, p.column) for p in problems] == expected


def test_criteria_the_report_leaves_out_stay_to_fill_in(write, repository, cli) -> None:
    check = write("check.json", '[{"id": "legible", "met": false, "evidence": null}]')
    code, out, err = cli("review", "new", repository / "logo.brief.yaml", "--from-check", check)
    assert code == 0
    assert err.startswith("1 of 3 criteria filled in")
    assert "  - id: legible\n    criterion: The logo is legible at 32 by 32 pixels\n    met: false\n" in out
    assert f"  - id: {BLACK}\n    criterion: The logo works in black on white\n    met:\n" in out


def test_a_report_with_thousands_of_wrong_ids_is_reported_in_part(write, repository) -> None:
    entries = [{"id": f"legable-{index}", "met": True} for index in range(5_000)]
    path = write("check.json", json.dumps(entries, indent=0))
    checks, problems = read_check_report(path, spec_criteria(load_spec(repository / "logo.brief.yaml").data))
    assert checks == {}
    assert len(problems) == limits.MAX_PROBLEMS_PER_FILE
    assert [problem.pointer for problem in problems[:2]] == ["/0/id", "/1/id"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("[" * 10_000, "Y013"),
        ('[{"id": "legible", "met": true, "evidence": "' + "x" * limits.MAX_FILE_BYTES + '"}]', "Y004"),
    ],
    ids=["nested-too-deeply", "too-large"],
)
def test_a_hostile_report_is_refused_with_a_located_problem(write, repository, content: str, code) -> None:
    path = write("check.json", content)
    checks, problems = read_check_report(path, spec_criteria(load_spec(repository / "logo.brief.yaml").data))
    assert checks == {}
    assert [(problem.code, problem.file, problem.line) for problem in problems] == [(code, str(path), 1)]
