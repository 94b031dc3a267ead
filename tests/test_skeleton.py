"""`new`: a skeleton with every field, valid as it is."""

from __future__ import annotations

import json

import pytest
from helpers import PACKAGED_KINDS, REPO

from outsource_briefs import resources
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
    assert "# Why the work matters and how the result will be used.\n# objective: TODO\n" in text
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
