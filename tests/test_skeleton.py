"""`new`: a skeleton with every field, valid as it is."""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import PACKAGED_KINDS, REPO

from outsource_briefs import load_spec, render_brief, resources, validate_spec
from outsource_briefs.schema_check import known_kinds
from outsource_briefs.skeleton import review_skeleton, spec_skeleton
from outsource_briefs.yaml_loader import parse_yaml


def skeleton(kind: str, tmp_path) -> str:
    return spec_skeleton(kind, (), spec_id="my-brief", schema_url="brief.schema.json")


def test_first_line_points_editors_at_the_schema(tmp_path) -> None:
    assert skeleton("generic", tmp_path).startswith("# yaml-language-server: $schema=brief.schema.json\n")


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_skeleton_is_strict_yaml_with_example_values(tmp_path, kind: str) -> None:
    document = parse_yaml(skeleton(kind, tmp_path))
    assert document.problems == []
    assert document.data is not None
    assert document.data["id"] == "my-brief"
    assert document.data["kind"] == kind


def test_optional_fields_are_commented_with_their_description(tmp_path) -> None:
    text = skeleton("article", tmp_path)
    assert "# Who the result is for.\n# audience: TODO\n" in text
    assert "\n    # quantity: 1\n" in text
    assert "#   # The version.\n#   - version: TODO\n" in text


def test_unknown_kind(tmp_path) -> None:
    with pytest.raises(KeyError):
        skeleton("podcast", tmp_path)


def test_every_top_level_field_appears(tmp_path) -> None:
    text = skeleton("design", tmp_path)
    schema_fields = json.loads((REPO / "schemas" / "spec.schema.json").read_text())["properties"]
    for field in schema_fields:
        if field != "extends":
            assert f"\n{field}:" in text or f"\n# {field}:" in text, field


@pytest.mark.parametrize("bad", ["", "My Brief", "../escape", "brief_1"])
def test_skeleton_refuses_an_id_that_is_not_one(tmp_path, bad: str) -> None:
    with pytest.raises(ValueError, match="is not an id"):
        spec_skeleton("generic", (), spec_id=bad, schema_url="brief.schema.json")


BRIEF = {
    "id": "logo-refresh",
    "owner": {"name": "Ana Ribeiro"},
    "contractor": "mei-tanaka",
    "acceptance_criteria": ["Legible at 32 px", "Works in one colour"],
    "review": {"rubric": [{"criterion": "Accuracy"}]},
    "budget": {"model": "fixed", "amount": 300, "currency": "PLN"},
}


def test_review_skeleton_lists_the_brief_and_leaves_judgements_empty() -> None:
    text = review_skeleton(BRIEF, "1.2.0", round_=2)
    document = parse_yaml(text)
    assert document.problems == []
    assert document.data == {
        "brief": "logo-refresh@1.2.0",
        "contractor": "mei-tanaka",
        "reviewer": "Ana Ribeiro",
        "submitted": None,
        "reviewed": None,
        "round": 2,
        "criteria": [
            {"criterion": "Legible at 32 px", "met": None},
            {"criterion": "Works in one colour", "met": None},
        ],
        "scores": {"Accuracy": None},
        "decision": None,
    }
    assert (
        "# cost:\n#   # Amount paid.\n#   amount: 0\n#   # ISO 4217 currency code.\n#   currency: PLN\n"
        in text
    )


def test_review_skeleton_follows_the_review_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = json.loads((REPO / "schemas" / "review.schema.json").read_text())
    schema["properties"]["invoice"] = {
        "type": "string",
        "description": "The invoice number.",
        "examples": ["F-12"],
    }
    monkeypatch.setattr(resources, "packaged_schema", lambda name: schema)
    assert "\n# The invoice number.\n# invoice: F-12\n" in review_skeleton(BRIEF, "1.0.0")


def test_an_inline_contractor_is_left_to_fill_in() -> None:
    brief = {**BRIEF, "contractor": {"name": "Mei"}}
    assert "\ncontractor:\n" in review_skeleton(brief, "1.0.0")


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_each_kind_skeleton_holds_that_kind_own_example(kind: str) -> None:
    data = parse_yaml(spec_skeleton(kind, (), schema_url="s.json")).data
    assert data is not None
    example = known_kinds()[kind].example
    assert example is not None
    assert (data["id"], data["title"], data["outcome"]) == (
        example["id"],
        example["title"],
        example["outcome"],
    )
    assert data["deliverables"] == example["deliverables"]
    titles = {known_kinds()[other].example["title"] for other in PACKAGED_KINDS if other != kind}
    assert data["title"] not in titles
    assert "cold brew" not in spec_skeleton(kind, (), schema_url="s.json").lower() or kind == "article"


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_an_unedited_skeleton_validates_renders_and_gets_the_left_unchanged_warning(
    tmp_path, kind: str
) -> None:
    path = tmp_path / f"{kind}.brief.yaml"
    path.write_text(spec_skeleton(kind, (), schema_url="s.json"))
    spec = load_spec(path)
    problems = validate_spec(spec, today=date(2026, 12, 1))
    assert [p for p in problems if p.is_error] == []
    assert {"/id", "/title", "/outcome"} <= {p.pointer for p in problems if p.code == "L020"}
    assert render_brief(spec).body.startswith(f"# {spec.data['title']}\n")


def test_the_kind_checklist_is_shown_as_a_comment() -> None:
    text = spec_skeleton("bugfix", (), schema_url="s.json")
    assert (
        "# Standing checklist that applies to every delivery of this kind. Left out, the brief shows "
        "this kind's checklist below; write your own list to replace it, or an empty list, [], for none.\n"
        "# definition_of_done:\n#   - The steps to reproduce no longer show the bug\n"
        "#   - Existing tests pass\n"
    ) in text
    assert "definition_of_done" not in (parse_yaml(text).data or {})


def test_a_team_kind_without_examples_gets_the_core_ones(tmp_path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "flyer.schema.json").write_text('{"title": "Flyer"}')
    data = parse_yaml(spec_skeleton("flyer", (tmp_path,), schema_url="s.json")).data
    assert data is not None
    assert data["title"] == known_kinds()["generic"].example["title"]
