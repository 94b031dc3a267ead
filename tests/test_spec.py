"""`extends`: merging, overriding, confinement, cycles, and locations in base files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs import SpecError, limits, load_spec, validate_file, validate_spec
from outsource_briefs.repository import read_spec
from outsource_briefs.spec import fingerprint

BASE = """\
standards:
  do:
    - Write in British English
  dont:
    - Invent statistics
communication:
  channel: Slack
  cadence: Every Friday
"""


def codes(problems) -> list[tuple[str, str, int, int]]:
    return [(p.code, Path(p.file).name, p.line, p.column) for p in problems]


def test_spec_without_extends(write) -> None:
    spec = load_spec(write("a.brief.yaml"))
    assert spec.id == "logo-refresh"
    assert spec.kind == "generic"
    assert spec.bases == ()
    assert validate_spec(spec, lint=False) == []


def test_mappings_merge_and_the_spec_wins(write) -> None:
    write("house.base.yaml", BASE)
    path = write(
        "a.brief.yaml",
        MINIMAL_SPEC
        + "extends: house.base.yaml\ncommunication:\n  cadence: Every Monday\nstandards:\n  do: [Be brief]\n",
    )
    spec = load_spec(path)
    assert spec.data["communication"] == {"channel": "Slack", "cadence": "Every Monday"}
    assert spec.data["standards"] == {"do": ["Be brief"], "dont": ["Invent statistics"]}
    assert "extends" not in spec.data
    assert spec.bases == ((path.parent / "house.base.yaml").resolve(),)


def test_later_bases_override_earlier_ones(write) -> None:
    write("one.base.yaml", "communication: {channel: Email, cadence: Daily}\n")
    write("two.base.yaml", "communication: {channel: Slack}\n")
    spec = load_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: [one.base.yaml, two.base.yaml]\n"))
    assert spec.data["communication"] == {"channel": "Slack", "cadence": "Daily"}


def test_bases_can_extend_bases(write) -> None:
    write("shared/root.base.yaml", "revisions: {rounds: 2, policy: Two rounds}\n")
    write("shared/team.base.yaml", "extends: root.base.yaml\nrevisions: {rounds: 3}\n")
    spec = load_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: shared/team.base.yaml\n"))
    assert spec.data["revisions"] == {"rounds": 3, "policy": "Two rounds"}


def test_problem_in_inherited_value_points_at_the_base_file(write) -> None:
    write(
        "house.base.yaml", "communication:\n  channel: Slack\n  cadense: Daily\nrevisions:\n  rounds: two\n"
    )
    spec = load_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: house.base.yaml\n"))
    assert codes(validate_spec(spec, lint=False)) == [
        ("S001", "house.base.yaml", 3, 3),
        ("S003", "house.base.yaml", 5, 11),
    ]


def test_overridden_value_points_at_the_spec(write) -> None:
    write("house.base.yaml", "revisions:\n  rounds: 2\n")
    spec = load_spec(
        write("a.brief.yaml", MINIMAL_SPEC + "extends: house.base.yaml\nrevisions:\n  rounds: many\n")
    )
    assert codes(validate_spec(spec, lint=False)) == [("S003", "a.brief.yaml", 23, 11)]


def test_replaced_list_forgets_the_base_positions(write) -> None:
    write("house.base.yaml", "standards:\n  do: [a, b, c]\n")
    spec = load_spec(
        write("a.brief.yaml", MINIMAL_SPEC + "extends: house.base.yaml\nstandards:\n  do: [x]\n")
    )
    assert "/standards/do/2" not in spec.source_map.values


def test_a_replaced_nested_value_forgets_every_base_position_inside_it(write) -> None:
    write(
        "house.base.yaml",
        "resources:\n  - {name: Drive, url: 'https://example.com/a', note: Shared}\n"
        "examples:\n  good:\n    - {title: One}\n  bad: [{title: Two}]\nextends: deeper.base.yaml\n",
    )
    write("deeper.base.yaml", "kpis:\n  - {name: Sales, target: 3}\n")
    spec = load_spec(
        write(
            "a.brief.yaml",
            MINIMAL_SPEC + "extends: house.base.yaml\nresources: Ask Ana\nexamples:\n  good: none\n",
        )
    )
    positions = [*spec.source_map.values, *spec.source_map.keys, *spec.source_map.ends]
    inside = [pointer for pointer in positions if pointer.startswith(("/resources/", "/examples/good/"))]
    # What is inside them now is the spec's own text read in full form ("Ask Ana" is the one
    # resource's name), at the spec's own lines.
    assert inside
    assert {Path(spec.locate(pointer).file).name for pointer in inside} == {"a.brief.yaml"}
    assert not [pointer for pointer in positions if pointer.startswith("/extends")]
    assert spec.locate("/examples/bad/0/title").file.endswith("house.base.yaml")
    assert spec.locate("/kpis/0/name").file.endswith("deeper.base.yaml")
    assert spec.locate("/resources").file.endswith("a.brief.yaml")


def test_merges_per_spec_are_bounded_not_only_the_depth(write) -> None:
    for index in range(limits.MAX_BASE_MERGES + 1):
        write(f"b{index}.base.yaml", f"standards:\n  do: [Rule {index}]\n")
    names = [f"b{index}.base.yaml" for index in range(limits.MAX_BASE_MERGES + 1)]
    spec, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + f"extends: {names[:-1]}\n"))
    assert problems == []
    assert spec is not None
    assert spec.data["standards"]["do"] == [f"Rule {limits.MAX_BASE_MERGES - 1}"]
    _, problems = read_spec(write("b.brief.yaml", MINIMAL_SPEC + f"extends: {names}\n"))
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("R025", 21, f"`extends` merges base files more than {limits.MAX_BASE_MERGES} times")
    ]


def test_a_base_listed_again_counts_again(write) -> None:
    write("loop.base.yaml", "extends: [leaf.base.yaml, leaf.base.yaml, leaf.base.yaml, leaf.base.yaml]\n")
    write("leaf.base.yaml", "kpis: []\n")
    listed = ", ".join(["loop.base.yaml"] * 8)
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + f"extends: [{listed}]\n"))
    assert [p.code for p in problems] == ["R025"]


def test_the_values_of_a_spec_and_its_bases_are_bounded_together(write) -> None:
    half = limits.MAX_NODES // 2
    write("one.base.yaml", "standards:\n  do:\n" + "    - x\n" * half)
    write("two.base.yaml", "definition_of_done:\n" + "  - y\n" * half)
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: [one.base.yaml, two.base.yaml]\n"))
    assert [(p.code, p.message) for p in problems] == [
        ("R025", f"the spec and its base files hold more than {limits.MAX_NODES:,} values")
    ]


def test_yaml_problem_in_base_is_reported_in_the_base(write) -> None:
    write("house.base.yaml", "a: 1\na: 2\n")
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: house.base.yaml\n"))
    assert codes(problems) == [("Y008", "house.base.yaml", 2, 1)]


def test_missing_base_suggests_a_close_name(write) -> None:
    write("house-style.base.yaml", BASE)
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: house-styl.base.yaml\n"))
    assert codes(problems) == [("R001", "a.brief.yaml", 21, 10)]
    assert "house-style.base.yaml" in problems[0].hint


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("../outside.base.yaml", id="parent-folder"),
        pytest.param("sub/../../outside.base.yaml", id="dotdot-inside-path"),
    ],
)
def test_extends_may_not_leave_the_repository(write, tmp_path, target) -> None:
    write("outside.base.yaml", BASE)
    write("repo/outsource-briefs.yaml", "{}\n")
    path = write("repo/a.brief.yaml", MINIMAL_SPEC + f"extends: {target}\n")
    _, problems = read_spec(path)
    assert codes(problems) == [("R002", "a.brief.yaml", 21, 10)]


def test_extends_may_reach_up_to_the_repository_root(write) -> None:
    write("repo/outsource-briefs.yaml", "{}\n")
    write("repo/house.base.yaml", BASE)
    spec = load_spec(
        write("repo/briefs/2026/a.brief.yaml", MINIMAL_SPEC + "extends: ../../house.base.yaml\n")
    )
    assert spec.data["communication"]["channel"] == "Slack"


def test_without_a_config_the_spec_folder_is_the_root(write) -> None:
    write("house.base.yaml", BASE)
    _, problems = read_spec(write("briefs/a.brief.yaml", MINIMAL_SPEC + "extends: ../house.base.yaml\n"))
    assert [p.code for p in problems] == ["R002"]


def test_absolute_path_is_refused(write, tmp_path) -> None:
    base = write("house.base.yaml", BASE)
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + f"extends: {base}\n"))
    assert [p.code for p in problems] == ["R002"]


def test_nul_in_path_is_refused(write) -> None:
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + 'extends: "house\\0.base.yaml"\n'))
    assert [p.code for p in problems] == ["Y003"]


def test_symlinked_base_leading_outside_is_refused(write, tmp_path) -> None:
    outside = write("outside.base.yaml", BASE)
    write("repo/outsource-briefs.yaml", "{}\n")
    os.symlink(outside, tmp_path / "repo" / "linked.base.yaml")
    _, problems = read_spec(write("repo/a.brief.yaml", MINIMAL_SPEC + "extends: linked.base.yaml\n"))
    assert [p.code for p in problems] == ["R002"]


def test_cycle_is_reported_with_its_links(write) -> None:
    write("one.base.yaml", "extends: two.base.yaml\n")
    write("two.base.yaml", "extends: one.base.yaml\n")
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: one.base.yaml\n"))
    assert codes(problems) == [("R003", "two.base.yaml", 1, 10)]
    assert "one.base.yaml -> two.base.yaml -> one.base.yaml" in problems[0].message


def test_spec_extending_itself_is_a_cycle(write) -> None:
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: a.brief.yaml\n"))
    assert [p.code for p in problems] == ["R003"]


def test_chain_too_deep(write) -> None:
    for index in range(12):
        write(f"b{index}.base.yaml", f"extends: b{index + 1}.base.yaml\n" if index < 11 else "kpis: []\n")
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + "extends: b0.base.yaml\n"))
    assert [p.code for p in problems] == ["R004"]


@pytest.mark.parametrize("value", ["42", "{file: x.base.yaml}", "[]", "''"])
def test_extends_must_be_paths(write, value) -> None:
    _, problems = read_spec(write("a.brief.yaml", MINIMAL_SPEC + f"extends: {value}\n"))
    assert [p.code for p in problems] == ["R005"]


def test_load_spec_raises_with_the_problems(write) -> None:
    with pytest.raises(SpecError) as raised:
        load_spec(write("a.brief.yaml", "id: [\n"))
    assert [p.code for p in raised.value.problems] == ["Y005"]
    assert "a.brief.yaml:1:5: Y005" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_fingerprint_ignores_version_and_changelog() -> None:
    data = {"id": "x", "version": "1.0.0", "title": "T"}
    same = {"title": "T", "id": "x", "version": "2.0.0", "changelog": [{"version": "2.0.0"}]}
    assert fingerprint(data) == fingerprint(same)
    assert fingerprint(data) != fingerprint({**data, "title": "U"})
    assert len(fingerprint(data)) == 64


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    data = {"title": "Café", "id": "x", "version": "1.0.0", "n": [1, 2.5]}
    expected = hashlib.sha256('{"id":"x","n":[1,2.5],"title":"Café"}'.encode()).hexdigest()
    assert fingerprint(data) == expected


def test_missing_base_suggestion_ignores_the_shared_suffix(write) -> None:
    write("house-style.base.yaml", BASE)
    _, problems = read_spec(
        write("a.brief.yaml", MINIMAL_SPEC + "extends: [house-style.base.yaml, legal.base.yaml]\n")
    )
    assert [p.code for p in problems] == ["R001"]
    assert problems[0].hint == "check the path; it is relative to this file"


def test_leaving_hint_names_the_real_limit(write) -> None:
    write("house.base.yaml", BASE)
    _, problems = read_spec(write("briefs/a.brief.yaml", MINIMAL_SPEC + "extends: ../house.base.yaml\n"))
    assert "the spec's folder" in problems[0].hint
    write("repo/outsource-briefs.yaml", "")
    _, problems = read_spec(write("repo/a.brief.yaml", MINIMAL_SPEC + "extends: ../house.base.yaml\n"))
    assert "which holds outsource-briefs.yaml" in problems[0].hint


@pytest.mark.parametrize("path", [b"a.brief.yaml", 42, None])
def test_a_path_that_is_not_text_is_the_callers_mistake(write, path) -> None:
    write("a.brief.yaml")
    with pytest.raises(TypeError, match=r"must be a str or a pathlib.Path"):
        load_spec(path)
    with pytest.raises(TypeError, match=r"must be a str or a pathlib.Path"):
        validate_file(path)
