"""Acceptance criteria with ids: written or derived ids, their checks, the brief, reviews that
match a criterion by id or by text, and the checklist that `criteria` exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL_SPEC, REPO, example_specs
from jsonschema import Draft202012Validator

from outsource_briefs import ConfigError, load_spec, render_brief, validate_file
from outsource_briefs.archive import Archive
from outsource_briefs.criteria import checklist, derived_id, spec_criteria
from outsource_briefs.repository import config_for
from outsource_briefs.reviews import read_review

CRITERIA_SCHEMA = json.loads((REPO / "schemas" / "criteria.schema.json").read_text())
WITH_IDS = MINIMAL_SPEC.replace(
    "acceptance_criteria:\n  - The logo is legible at 32 by 32 pixels\n",
    "acceptance_criteria:\n"
    "  - id: legible\n"
    "    text: The logo is legible at 32 by 32 pixels\n"
    "  - The logo works in black on white\n",
).replace(
    "    format: SVG and PNG\n",
    "    format: SVG and PNG\n"
    "    acceptance_criteria:\n"
    "      - {id: svg-opens, text: The SVG opens in Inkscape}\n",
)
REVIEW = """\
brief: logo-refresh@1.0.0
contractor: mei-tanaka
reviewer: Tomás Ferreira
submitted: 2027-01-14T09:00:00+09:00
round: 1
criteria:
  - id: legible
    criterion: The logo is legible at 32 by 32 pixels
    met: true
  - criterion: The logo works in black on white
    met: true
deliverables:
  - deliverable: Logo files
    criteria:
      - {id: svg-opens, criterion: The SVG opens in Inkscape, met: true}
decision: accept
"""


def codes(problems) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in problems]


def test_criteria_have_written_or_derived_ids(write) -> None:
    spec = load_spec(write("a.brief.yaml", WITH_IDS))
    criteria = spec_criteria(spec.data)
    assert [(c.id, c.derived, c.deliverable, c.pointer) for c in criteria] == [
        ("legible", False, None, "/acceptance_criteria/0"),
        (derived_id("The logo works in black on white"), True, None, "/acceptance_criteria/1"),
        ("svg-opens", False, "Logo files", "/deliverables/0/acceptance_criteria/0"),
    ]
    assert re.fullmatch(r"c-[0-9a-f]{7}", criteria[1].id)


def test_a_derived_id_depends_on_the_text_and_the_deliverable_only() -> None:
    text = "The logo works in black on white"
    assert derived_id(text) == derived_id("  The logo works\n in black on white ")
    assert derived_id(text) != derived_id(text + ".")
    assert derived_id(text) != derived_id(text, "Logo files") != derived_id(text, "Sign")


def test_the_same_text_twice_gets_two_ids() -> None:
    ids = [c.id for c in spec_criteria({"acceptance_criteria": ["Same", "Same", "Other", "Same"]})]
    same = derived_id("Same")
    assert ids == [same, f"{same}-2", derived_id("Other"), f"{same}-3"]


def test_ids_stay_when_other_criteria_are_added_or_moved() -> None:
    before = spec_criteria({"acceptance_criteria": ["A", "B"]})
    after = spec_criteria({"acceptance_criteria": ["New", "B", {"id": "x", "text": "y"}, "A"]})
    assert {c.text: c.id for c in before}.items() <= {c.text: c.id for c in after}.items()


def test_a_repeated_id_is_a_located_problem(write, cli) -> None:
    path = write("a.brief.yaml", WITH_IDS.replace("svg-opens", "legible"))
    code, out, _ = cli("validate", "--no-lint", path)
    assert code == 1
    assert (
        f"{path}:14:14: S040 criterion id 'legible' is used more than once "
        "(deliverables[0].acceptance_criteria[0].id)\n"
        "    hint: acceptance_criteria[0] has it too: give each criterion its own id\n"
    ) in out


def test_a_written_id_may_not_take_a_derived_one(write) -> None:
    taken = derived_id("The logo works in black on white")
    path = write("a.brief.yaml", WITH_IDS.replace("svg-opens", taken))
    assert [(p.code, p.pointer) for p in validate_file(path, lint=False)] == [
        ("S040", "/deliverables/0/acceptance_criteria/0/id")
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - id: legible\n", "  - id: Legible!\n", [("S007", 16, 9)]),
        ("    text: The logo is legible at 32 by 32 pixels\n", "", [("S002", 16, 5)]),
        ("    text: The logo", "    txt: The logo", [("S001", 17, 5)]),  # with "did you mean 'text'?"
    ],
)
def test_a_criterion_with_an_id_is_checked_by_the_schema(write, old: str, new: str, expected) -> None:
    path = write("a.brief.yaml", WITH_IDS.replace(old, new))
    assert codes(validate_file(path, lint=False)) == expected


def test_the_lint_reads_the_text_of_a_criterion_with_an_id(write) -> None:
    path = write("a.brief.yaml", WITH_IDS.replace("is legible at 32 by 32 pixels", "looks professional"))
    problems = [p for p in validate_file(path) if p.code in ("L001", "L013")]
    assert [(p.code, p.pointer) for p in problems] == [("L013", "/acceptance_criteria/0/text")]


def test_the_brief_shows_written_ids(write) -> None:
    text = render_brief(load_spec(write("a.brief.yaml", WITH_IDS))).markdown
    assert "- [ ] The logo is legible at 32 by 32 pixels (`legible`)\n" in text
    assert "- [ ] The logo works in black on white\n" in text
    assert "- [ ] The SVG opens in Inkscape (`svg-opens`)\n" in text


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_criteria_json_of_every_example_follows_its_schema(path: Path, cli) -> None:
    code, out, err = cli("criteria", "--format", "json", path)
    assert (code, err) == (0, "")
    exported = json.loads(out)
    Draft202012Validator.check_schema(CRITERIA_SCHEMA)
    errors = list(Draft202012Validator(CRITERIA_SCHEMA).iter_errors(exported))
    assert errors == []
    spec = load_spec(path)
    assert [item["id"] for item in exported["criteria"]] == [c.id for c in spec_criteria(spec.data)]
    assert exported["brief"] == f"{spec.id}@{spec.version}"


def test_criteria_json_carries_the_kinds_numbers(cli) -> None:
    article = json.loads(cli("criteria", "--format", "json", EXAMPLES / "cold-brew-guide.brief.yaml")[1])
    assert article["measures"] == {"word_count": {"min": 1800, "max": 2200}}
    assert article["criteria"][0] == {
        "id": "word-count",
        "text": "The guide is between 1,800 and 2,200 words, excluding the FAQ",
        "deliverable": None,
        "derived": False,
    }
    assert {item["deliverable"] for item in article["criteria"]} == {None, "Outline", "Guide draft"}
    design = json.loads(cli("criteria", "--format", "json", EXAMPLES / "winter-menu-carousel.brief.yaml")[1])
    assert design["measures"]["dimensions"][0] == {"width": 1080, "height": 1350, "unit": "px"}
    assert design["measures"]["dpi"] == 72
    generic = json.loads(cli("criteria", "--format", "json", EXAMPLES / "trade-fair-booth.brief.yaml")[1])
    assert generic["measures"] == {}


def test_criteria_as_text(cli) -> None:
    code, out, _ = cli("criteria", EXAMPLES / "cold-brew-guide.brief.yaml")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "cold-brew-guide@1.1.0: 8 acceptance criteria",
        "the brief:",
        "  word-count       The guide is between 1,800 and 2,200 words, excluding the FAQ",
    ]
    assert "deliverable Outline:" in lines
    assert lines[-1] == 'word_count: {"min": 1800, "max": 2200}'


def test_criteria_of_an_invalid_spec_are_refused_with_its_problems(write, cli) -> None:
    path = write(
        "a.brief.yaml",
        MINIMAL_SPEC.replace("acceptance_criteria:\n  - The", "acceptance_criteria:\n  - {}\n  - The"),
    )
    code, out, err = cli("criteria", path)
    assert (code, out) == (1, "")
    assert f"{path}:14:5: S002 'text' is missing from item 1 of 'acceptance_criteria'" in err


def test_a_team_kind_declares_its_measures(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write(
        "schemas/kinds/flyer.schema.json",
        '{"x-measures": ["/details/bleed_mm"], "properties": {"details": {"type": "object"}}}',
    )
    spec = load_spec(
        write(
            "a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: flyer") + "details: {bleed_mm: 3}\n"
        )
    )
    assert checklist(spec.data, spec.config.schemas)["measures"] == {"bleed_mm": 3}


@pytest.mark.parametrize("declared", ['"/details/x"', '["details/x"]', '[{"pointer": "/details/x"}]'])
def test_a_malformed_measures_list_is_a_schema_error(write, declared: str) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", '{"x-measures": ' + declared + "}")
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: flyer")))
    assert [(p.code, p.pointer) for p in raised.value.problems] == [("S012", "/x-measures")]


# --- reviews match a criterion by id first, then by text ---------------------------------


@pytest.fixture
def published(write, tmp_path: Path) -> Path:
    write("outsource-briefs.yaml", "team: team\narchive: archive\n")
    write("team/mei-tanaka.contractor.yaml", "id: mei-tanaka\nname: Mei Tanaka\n")
    spec = load_spec(write("logo.brief.yaml", WITH_IDS + "contractor: mei-tanaka\n"))
    Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    return tmp_path


def read(path: Path):
    return read_review(path, config_for(path))


def test_a_review_names_criteria_by_id_or_by_text(write, published) -> None:
    review, problems = read(write("r.review.yaml", REVIEW))
    assert problems == []
    assert review is not None


def test_a_reworded_criterion_is_matched_by_its_id_and_validate_says_so(write, published, cli) -> None:
    path = write("r.review.yaml", REVIEW.replace("legible at 32 by 32", "readable at 32 x 32"))
    review, problems = read(path)
    assert review is not None
    assert [(p.code, p.severity, p.line) for p in problems] == [("R040", "warning", 8)]
    assert problems[0].message == "criterion 1 matches the brief's by its id 'legible', but its text differs"
    assert problems[0].hint == "the brief says: The logo is legible at 32 by 32 pixels"
    code, out, _ = cli("validate", path)
    assert code == 0
    assert "R040 warning:" in out
    assert cli("validate", "--strict", path)[0] == 1


def test_a_criterion_without_its_id_is_matched_by_text(write, published) -> None:
    path = write("r.review.yaml", REVIEW.replace("  - id: legible\n    criterion", "  - criterion"))
    assert read(path)[1] == []
    path.write_text(REVIEW.replace("  - id: legible\n    criterion: The logo is", "  - criterion: A logo is"))
    (problem,) = read(path)[1]
    assert (problem.code, problem.line, problem.message) == (
        "R008",
        7,
        "criterion 1 differs from the brief's",
    )
    assert problem.hint == (
        "the brief says: The logo is legible at 32 by 32 pixels (or name it by its id: `id: legible`)"
    )


def test_a_wrong_id_is_located_and_says_which_criterion_has_it(write, published) -> None:
    path = write("r.review.yaml", REVIEW.replace("{id: svg-opens", "{id: legible"))
    (problem,) = read(path)[1]
    assert (problem.code, problem.line, problem.column) == ("R008", 15, 14)
    assert problem.message == "criterion 1 has the id 'legible', not the brief's 'svg-opens'"
    assert problem.hint == "the brief's criterion 1 is `svg-opens`: The SVG opens in Inkscape"
    path.write_text(REVIEW.replace("- id: legible", "- id: c-0000000"))
    assert [(p.code, p.line) for p in read(path)[1]] == [("R008", 7)]


def test_review_new_lists_ids_when_the_brief_gives_them(published, cli) -> None:
    code, out, _ = cli("review", "new", published / "logo.brief.yaml")
    assert code == 0
    assert "  - id: legible\n    criterion: The logo is legible at 32 by 32 pixels\n    met:\n" in out
    black = derived_id("The logo works in black on white")
    assert f"  - id: {black}\n    criterion: The logo works in black on white\n    met:\n" in out
    assert "      - id: svg-opens\n        criterion: The SVG opens in Inkscape\n" in out


def test_ids_in_another_order_than_the_briefs_are_named(write, published) -> None:
    black = derived_id("The logo works in black on white")
    swapped = REVIEW.replace(
        "  - id: legible\n    criterion: The logo is legible at 32 by 32 pixels\n    met: true\n"
        "  - criterion: The logo works in black on white\n    met: true\n",
        f"  - id: {black}\n    criterion: The logo works in black on white\n    met: true\n"
        "  - id: legible\n    criterion: The logo is legible at 32 by 32 pixels\n    met: true\n",
    )
    problems = read(write("r.review.yaml", swapped))[1]
    assert [(p.code, p.line, p.pointer) for p in problems] == [
        ("R008", 7, "/criteria/0/id"),
        ("R008", 10, "/criteria/1/id"),
    ]
    assert problems[1].hint.endswith("; `legible` is its criterion 1: list them in the brief's order")
