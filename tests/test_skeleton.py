"""`new`: a skeleton with every field, valid as it is."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from outsource_briefs.config import Config
from outsource_briefs.skeleton import spec_skeleton
from outsource_briefs.yaml_loader import parse_yaml


def skeleton(kind: str, tmp_path) -> str:
    return spec_skeleton(kind, Config(root=tmp_path), spec_id="my-brief", schema_url="brief.schema.json")


def test_first_line_points_editors_at_the_schema(tmp_path) -> None:
    assert skeleton("generic", tmp_path).startswith("# yaml-language-server: $schema=brief.schema.json\n")


@pytest.mark.parametrize(
    "kind", ["article", "bugfix", "data-research", "design", "generic", "recurring-va", "support-sop"]
)
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
        spec_skeleton("generic", Config(root=tmp_path), spec_id=bad, schema_url="brief.schema.json")
