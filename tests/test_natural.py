"""Natural forms: specs written the way people write them are read in full form, render with
nothing dropped, and problems inside them still point at what was written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import (
    EXAMPLES,
    MINIMAL_SPEC,
    PACKAGED_KINDS,
    example_specs,
    leaves,
    markdownlint_command,
    plain_text,
    shown_forms,
)
from jsonschema import Draft202012Validator

from outsource_briefs import load_spec, render_brief, validate_file, validate_spec
from outsource_briefs.checks import validate_path
from outsource_briefs.repository import config_for
from outsource_briefs.schema_check import bundle_schema, normalise_document, normalise_spec_data
from outsource_briefs.yaml_loader import load_yaml, parse_yaml

NATURAL = sorted((Path(__file__).parent / "data" / "natural").glob("*.brief.yaml"))


def test_the_folder_holds_a_dozen_specs_written_by_hand() -> None:
    assert len(NATURAL) >= 12


@pytest.mark.parametrize("path", NATURAL, ids=lambda p: p.name)
def test_a_spec_written_naturally_validates_and_shows_every_value_as_written(path: Path) -> None:
    spec = load_spec(path)
    assert [str(problem) for problem in validate_spec(spec, lint=False)] == []
    brief = render_brief(spec)
    seen = plain_text(brief.body)
    written = load_yaml(path).data
    zone = spec.data["owner"].get("timezone")
    missing = [
        (pointer, value)
        for pointer, value in leaves(written)
        if value is not None
        and pointer not in ("/id", "/version", "/kind")
        and not any(form in seen for form in shown_forms(value, zone))
    ]
    assert missing == []


def test_naturally_written_briefs_pass_markdownlint(tmp_path: Path) -> None:
    for path in NATURAL:
        (tmp_path / f"{path.stem}.md").write_text(render_brief(load_spec(path)).body)
    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), "*.md"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_three_refused_forms_of_the_first_hour_are_read() -> None:
    folder = Path(__file__).parent / "data" / "natural"
    design = render_brief(load_spec(folder / "christmas-flyer.brief.yaml")).body
    assert "- **Concepts:** 2\n" in design  # concepts: 2, a number where text is asked for
    assert "### Text to use word for word\n\n- Order by 18 December\n" in design  # copy: one string
    research = render_brief(load_spec(folder / "pet-shops.brief.yaml")).body
    assert "| Paws & Co | dogs, cats | 4 |" in research  # species: [dogs, cats] in a golden row


def test_values_are_read_in_full_form() -> None:
    data = load_spec(Path(__file__).parent / "data" / "natural" / "shop-sign.brief.yaml").data
    assert data["owner"] == {"name": "Maya Brooks"}
    assert data["deliverables"] == [
        {"name": "Painted sign", "format": "Wooden board", "deliver_to": "The shop"}
    ]
    assert data["acceptance_criteria"] == ["The letters read from across the street"]
    assert data["definition_of_done"] == ["The board is varnished"]
    assert data["steps"] == [{"title": "Sketch the lettering", "detail": "Send a photo of the sketch first"}]
    assert data["examples"] == {
        "good": [{"url": "https://example.com/signs/bakery-sign"}],
        "bad": [{"title": "The sign of the shop next door"}],
    }
    assert data["resources"] == [{"name": "The brand colour card in the shop"}]
    assert data["timeline"]["milestones"] == [{"name": "Sketch", "due": "2027-04-16T17:00:00+01:00"}]


def test_a_number_taken_as_text_keeps_the_digits_as_written() -> None:
    spec = load_spec(Path(__file__).parent / "data" / "natural" / "weekly-bookkeeping.brief.yaml")
    assert spec.data["details"]["schedule"]["time"] == "9.30"  # not 9.3
    assert spec.data["details"]["time_budget"] == "90"


def test_a_spec_in_full_form_is_left_as_it_is() -> None:
    for path in example_specs():
        spec = load_spec(path)
        assert normalise_spec_data(spec.data, spec.source_map, spec.config.schemas)[0] is spec.data


def test_a_problem_inside_a_natural_form_points_at_what_was_written(write) -> None:
    spec = MINIMAL_SPEC.replace(
        "deliverables:\n  - name: Logo files\n    format: SVG and PNG\n", "deliverables: {name: Logo files}\n"
    ).replace("  - The logo is legible at 32 by 32 pixels\n", "  - The logo pops\n")
    spec = spec.replace("acceptance_criteria:\n  - The logo pops\n", "acceptance_criteria: The logo pops\n")
    problems = validate_file(write("a.brief.yaml", spec), lint=False)
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        ("S002", 10, 15, "'format' is missing from 'deliverables'")
    ]


def test_the_lint_points_into_a_value_written_alone(write) -> None:
    spec = MINIMAL_SPEC + "scope:\n  out: Anything modern\n"
    problems = [p for p in validate_file(write("a.brief.yaml", spec)) if p.code == "L001"]
    assert [(p.line, p.column, p.pointer) for p in problems] == [(22, 17, "/scope/out/0")]


def test_a_list_written_without_spaces_after_the_dashes_is_not_one_item(write) -> None:
    spec = MINIMAL_SPEC.replace(
        "  - The logo is legible at 32 by 32 pixels\n",
        "  -Legible at 32 by 32 pixels\n  -Works in one colour\n",
    )
    [problem] = validate_file(write("a.brief.yaml", spec), lint=False)
    assert (problem.code, problem.line) == ("S003", 14)
    assert problem.message == "'acceptance_criteria' looks like a list with no space after its dashes"
    assert problem.hint == (
        "put a space after each dash and each item on its own line: `- Legible at 32 by 32 pixels` "
        "(2 items: [Legible at 32 by 32 pixels, Works in one colour])"
    )


def test_a_roster_entry_may_list_one_preference_as_text(write, tmp_path) -> None:
    write("outsource-briefs.yaml", "")
    write("team/mei.contractor.yaml", "id: mei\nname: Mei Tanaka\npreferences: One list of comments\n")
    spec = load_spec(write("a.brief.yaml", MINIMAL_SPEC + "contractor: mei\n"))
    assert spec.contractor is not None
    assert spec.contractor["preferences"] == ["One list of comments"]
    assert "- One list of comments\n" in render_brief(spec).body
    assert validate_path(tmp_path / "team" / "mei.contractor.yaml") == []


def test_a_configuration_may_name_one_folder_as_text(write, tmp_path) -> None:
    write("mine/kinds/.keep", "")
    config = config_for(write("outsource-briefs.yaml", "templates: mine\nlint: {disable: L004}\n"))
    assert config.templates == (tmp_path / "mine",)
    assert config.lint.disable == frozenset({"L004"})


def test_a_document_keeps_its_problems_in_place() -> None:
    document = parse_yaml("id: mei\nname: Mei\nskills: Newsletters\n", "mei.contractor.yaml")
    data, source_map = normalise_document(document.data, "contractor.schema.json", document.source_map)
    assert data["skills"] == ["Newsletters"]
    assert source_map.locate("/skills/0") == source_map.locate("/skills") == ("mei.contractor.yaml", 3, 9)
    assert source_map.locate("/skills", prefer_key=True) == ("mei.contractor.yaml", 3, 1)


def test_examples_still_publish_as_they_were(cli) -> None:
    assert cli("check", EXAMPLES)[0] == 0


def test_a_natural_spec_is_published_in_full_form_and_reviewed_from_it(cli, write, tmp_path) -> None:
    write("outsource-briefs.yaml", "")
    spec = write("shop-sign.brief.yaml", (NATURAL[0].parent / "shop-sign.brief.yaml").read_text())
    assert cli("publish", spec)[0] == 0
    record = json.loads((tmp_path / "briefs-archive" / "shop-sign" / "1.0.0.json").read_text())
    assert record["acceptance_criteria"] == ["The letters read from across the street"]
    code, out, _ = cli("review", "new", spec)
    assert code == 0
    assert "criteria:\n  - criterion: The letters read from across the street\n    met:\n" in out
    assert cli("check", spec)[0] == 0  # the working spec is the published one


def _natural_lists(node: object, pointer: str = ""):
    if isinstance(node, dict):
        if node.get("x-natural") == "list":
            yield pointer, node
        for key, value in node.items():
            yield from _natural_lists(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _natural_lists(value, f"{pointer}/{index}")


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_no_list_takes_a_text_starting_with_a_dash_as_one_item(kind: str) -> None:
    """The schema refuses what the normaliser will not wrap: "-Between 1,800 and 2,200 words"."""
    bundle = bundle_schema((), kind)
    validator = Draft202012Validator(bundle)
    found = list(_natural_lists(bundle))
    assert len(found) > 10
    for pointer, node in found:
        assert not validator.evolve(schema=node).is_valid("-Between 1,800 and 2,200 words"), pointer
