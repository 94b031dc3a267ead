"""The full-form shortcut: data that jsonschema-rs finds in full form skips the natural-form
walk, and nothing the walk would rewrite ever takes the shortcut."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, example_specs

from outsource_briefs.errors import split_pointer
from outsource_briefs.repository import config_for
from outsource_briefs.schema_check import (
    ENGINE_VARIABLE,
    Normaliser,
    bundle_schema,
    known_kinds,
    natural,
    normalise_document,
    normalise_spec_data,
    spec_normaliser,
)
from outsource_briefs.schema_check.full_form import full_form_check
from outsource_briefs.schema_check.schema_paths import inline_refs
from outsource_briefs.spec import resolve_spec
from outsource_briefs.yaml_loader import SourceMap, load_yaml

NATURAL = sorted((Path(__file__).parent / "data" / "natural").glob("*.brief.yaml"))
#: Values put in place of a spec's values: every JSON type, and every natural form's shape.
REPLACEMENTS: tuple[Any, ...] = (
    "one line",
    "-Between 2 and 3",
    "https://example.com/a",
    2,
    2.5,
    2.0,
    True,
    None,
    [],
    ["one"],
    [2],
    {},
    {"text": "x"},
    {"title": "Step"},
)
PLACES_PER_SPEC = 20


@pytest.fixture(autouse=True)
def _rust_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is jsonschema-rs's: these tests use it whatever engine the run chose."""
    monkeypatch.setenv(ENGINE_VARIABLE, "jsonschema-rs")


def _raw(path: Path) -> tuple[dict[str, Any], SourceMap, tuple[Path, ...]]:
    """A spec's data as written (``extends`` merged, natural forms not yet brought to full form)."""
    config = config_for(path)
    spec, problems = resolve_spec(path, config)
    assert spec is not None, problems
    return spec.data, spec.source_map, config.schemas


def _walked(monkeypatch: pytest.MonkeyPatch, data: Any, source_map: SourceMap, folders: Any) -> Any:
    """What the walk alone makes of ``data``: jsonschema as the engine turns the shortcut off."""
    with monkeypatch.context() as patched:
        patched.setenv(ENGINE_VARIABLE, "jsonschema")
        return normalise_spec_data(copy.deepcopy(data), source_map.copy(), folders)


def _places(data: Any, count: int, seed: str) -> list[str]:
    """Up to ``count`` pointers of ``data`` (containers and leaves), the same ones every run."""
    pointers = [pointer for pointer, _ in _all_values(data) if pointer]
    return random.Random(seed).sample(pointers, min(count, len(pointers)))


def _all_values(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    found = [(pointer, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _all_values(item, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _all_values(item, f"{pointer}/{index}")
    return found


def _replaced(data: Any, pointer: str, value: Any) -> Any:
    changed = copy.deepcopy(data)
    *parents, last = split_pointer(pointer)
    target = changed
    for token in parents:
        target = target[int(token) if isinstance(target, list) else token]
    target[int(last) if isinstance(target, list) else last] = value
    return changed


@pytest.mark.parametrize("kind", sorted(known_kinds()))
def test_every_packaged_kind_has_a_shortcut(kind: str) -> None:
    assert spec_normaliser((), kind)._full_form_check is not None


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_a_spec_in_full_form_takes_the_shortcut(path: Path) -> None:
    data, source_map, folders = _raw(path)
    full, _ = normalise_spec_data(data, source_map, folders)
    check = spec_normaliser(folders, full.get("kind"))._full_form_check
    assert check is not None
    assert check(full)


@pytest.mark.parametrize("path", NATURAL, ids=lambda p: p.name)
def test_a_spec_written_naturally_is_walked(path: Path) -> None:
    data, source_map, folders = _raw(path)
    check = spec_normaliser(folders, data.get("kind"))._full_form_check
    assert check is not None
    assert not check(data)
    full, _ = normalise_spec_data(data, source_map, folders)
    assert full != data
    assert check(full)


@pytest.mark.parametrize("path", [*example_specs(), *NATURAL], ids=lambda p: p.name)
def test_the_shortcut_gives_what_the_walk_gives(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, source_map, folders = _raw(path)
    full = normalise_spec_data(copy.deepcopy(data), source_map.copy(), folders)
    variants = [(data, source_map), full] + [
        (_replaced(data, pointer, value), source_map)
        for pointer in _places(data, PLACES_PER_SPEC, path.name)
        for value in REPLACEMENTS
    ]
    shortcuts = 0
    for variant, written_map in variants:
        check = spec_normaliser(folders, variant.get("kind"))._full_form_check
        shortcuts += bool(check is not None and check(variant))
        fast_data, fast_map = normalise_spec_data(copy.deepcopy(variant), written_map.copy(), folders)
        walked_data, walked_map = _walked(monkeypatch, variant, written_map, folders)
        assert fast_data == walked_data
        assert fast_map == walked_map
    assert shortcuts > 0


@pytest.mark.parametrize(
    ("schema_name", "pattern"),
    [("config.schema.json", "outsource-briefs.yaml"), ("contractor.schema.json", "*.contractor.yaml")],
)
def test_configuration_and_roster_files_take_the_shortcut_when_written_in_full(
    schema_name: str, pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in sorted(EXAMPLES.rglob(pattern)):
        document = load_yaml(path)
        full, full_map = normalise_document(document.data, schema_name, document.source_map)
        assert normalise_document(full, schema_name, full_map) == (full, full_map)
        with monkeypatch.context() as patched:
            patched.setenv(ENGINE_VARIABLE, "jsonschema")
            assert normalise_document(document.data, schema_name, document.source_map) == (full, full_map)


# --- schemas the shortcut must not take ------------------------------------------------------

TEXT = {"anyOf": [{"type": "string"}, {"type": "number"}], "x-natural": "text"}
LIST = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}], "x-natural": "list"}


def _has_natural(schema: dict[str, Any]) -> Any:
    return Normaliser(schema).has_natural


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(
            {"properties": {"a": {"anyOf": [{"type": "object"}, {"properties": {"b": TEXT}}]}}},
            id="untyped-branch-after-a-typed-one",
        ),
        pytest.param({"properties": {"a": {"anyOf": [{"type": "integer"}, TEXT]}}}, id="integer-branch"),
        pytest.param({"properties": {"a": {"$ref": "#/$defs/a"}}, "$defs": {"a": TEXT}}, id="reference-left"),
        pytest.param({"patternProperties": {"^a": TEXT}, "properties": {"b": TEXT}}, id="pattern-properties"),
        pytest.param({"properties": {"a": {"prefixItems": [TEXT], "items": TEXT}}}, id="prefix-items"),
        pytest.param({"properties": {"a": {"allOf": [TEXT, LIST]}}}, id="two-natural-forms-on-one-value"),
        pytest.param(
            {
                "$defs": {"obj": {"type": "object"}},
                "properties": {
                    "a": {
                        "anyOf": [
                            {"$ref": "#/$defs/obj", "anyOf": [{"type": "string"}, {"type": "number"}]},
                            TEXT,
                        ]
                    }
                },
            },
            id="branch-whose-reference-the-walk-follows",
        ),
        pytest.param(
            {
                "properties": {
                    "a": {"anyOf": [{"type": ["string", "number"]}, {"type": "string"}], "x-natural": "text"}
                }
            },
            id="full-form-that-takes-a-number",
        ),
    ],
)
def test_no_shortcut_where_validation_and_the_walk_could_part(schema: dict[str, Any]) -> None:
    assert full_form_check(schema, _has_natural(schema)) is None


def test_overlapping_branches_keep_the_first_fitting_one() -> None:
    # The walk takes the number branch for a number: the natural text branch never sees one.
    schema = {"properties": {"a": {"anyOf": [{"type": "object"}, {"type": "number"}, TEXT]}}}
    check = full_form_check(schema, _has_natural(schema))
    assert check is not None
    assert [check({"a": 2}), check({"a": "x"}), check({"a": {}})] == [True, True, True]
    assert Normaliser(schema).normalise({"a": 2}, SourceMap())[0] == {"a": 2}


def test_a_key_that_is_not_text_is_walked() -> None:
    check = spec_normaliser((), "article")._full_form_check
    assert check is not None
    assert not check({1: "x"})


def test_a_later_branch_does_not_let_a_natural_form_through() -> None:
    # The walk reads an object with the first branch, and so rewrites b; the second branch
    # would accept it as it is, but the walk never takes it for an object.
    schema = {
        "properties": {"a": {"anyOf": [{"type": "object", "properties": {"b": TEXT}}, {"type": "object"}]}}
    }
    check = full_form_check(schema, _has_natural(schema))
    assert check is not None
    assert not check({"a": {"b": 2}})
    assert Normaliser(schema).normalise({"a": {"b": 2}}, SourceMap())[0] == {"a": {"b": "2"}}


@pytest.mark.parametrize("engine", ["jsonschema", "no-such-engine"])
def test_only_jsonschema_rs_takes_the_shortcut(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data, source_map, folders = _raw(example_specs()[0])
    normaliser = spec_normaliser(folders, data.get("kind"))
    assert normaliser._is_in_full_form(data)
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    assert not normaliser._is_in_full_form(data)
    assert normalise_spec_data(data, source_map, folders) == (data, source_map)  # walked; nothing raised


def test_the_shortcut_is_built_from_the_second_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that reads one file, as a commit hook does, walks it and never builds the shape."""
    data, source_map, _ = _raw(example_specs()[0])
    normaliser = Normaliser(inline_refs(bundle_schema((), data["kind"])))
    assert normaliser.normalise(data, source_map) == (data, source_map)
    assert "_full_form_check" not in vars(normaliser)
    monkeypatch.setattr(natural, "_Walker", None)  # the second document is not walked
    assert normaliser.normalise(data, source_map) == (data, source_map)
    assert vars(normaliser)["_full_form_check"] is not None
