"""Schema validation: located, readable problems; real format checks; a self-contained bundle."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL_SPEC, PACKAGED_KINDS, REPO, example_specs, run_process
from jsonschema import Draft202012Validator

from outsource_briefs import ConfigError, load_spec, validate_file, validate_spec
from outsource_briefs.repository import config_for
from outsource_briefs.schema_check import bundle_schema, is_time_zone, known_kinds
from outsource_briefs.schema_check.schema_paths import inline_refs

DATA = Path(__file__).parent / "data"
INVALID = sorted((DATA / "invalid").glob("*.brief.yaml"))


def located(problems) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in problems]


def expected_from_header(path: Path) -> list[tuple[str, int, int]]:
    header = path.read_text().splitlines()[0]
    found = re.findall(r"([A-Z]\d{3}) (\d+):(\d+)", header)
    return [(code, int(line), int(column)) for code, line, column in found]


def test_five_mistakes_give_five_located_problems() -> None:
    problems = validate_file(DATA / "five-mistakes.brief.yaml", lint=False)
    assert located(problems) == [
        ("S005", 8, 10),
        ("S008", 12, 15),
        ("S004", 16, 8),
        ("S010", 17, 1),
        ("S001", 21, 1),
    ]
    by_code = {p.code: p for p in problems}
    assert by_code["S004"].hint.startswith("add the UTC offset of the time zone you mean")
    assert by_code["S004"].pointer == "/timeline/due"
    assert by_code["S010"].message == "'budget' needs 'rate' when model is 'hourly'"
    assert by_code["S001"].hint == "did you mean 'review'?"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name.removesuffix(".brief.yaml"))
def test_each_invalid_spec_gets_its_located_problem(path: Path) -> None:
    assert located(validate_file(path, lint=False)) == expected_from_header(path)


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_examples_are_valid(path: Path) -> None:
    assert validate_file(path, lint=False) == []


def test_format_checks_really_run(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("2027-01-15T17:00:00+00:00", "2026-13-40T12:00:00+00:00")),
        lint=False,
    )
    assert [(p.code, p.pointer) for p in problems] == [("S005", "/timeline/due")]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("email", "ana.example.com", "not a valid email address"),
        ("timezone", "Europe/Lisbn", "not a valid IANA time zone"),
    ],
)
def test_owner_formats(write, field, value, fragment) -> None:
    original = {"email": "ana@example.com", "timezone": "Europe/Lisbon"}[field]
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC.replace(original, value)), lint=False)
    assert len(problems) == 1
    assert fragment in problems[0].message


def test_time_zone_hint_suggests_the_closest_name(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("Europe/Lisbon", "Europe/Lisbn")), lint=False
    )
    assert problems[0].hint == "did you mean 'Europe/Lisbon'?"


def test_is_time_zone() -> None:
    assert is_time_zone("America/Chicago")
    assert not is_time_zone("Mars/Olympus")
    assert is_time_zone(12)


def test_quoting_hint_for_yaml_numbers(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("version: 1.0.0", "version: 1.10")), lint=False
    )
    assert problems[0].message == "'version' must be a string, not a number"
    assert problems[0].hint == 'YAML read `1.10` as a number; quote it: "1.10.0"'


def test_quoting_hint_for_a_changelog_version(write) -> None:
    changelog = "changelog:\n  - version: 1.1\n    date: 2026-12-02\n    changes: [Added a favicon]\n"
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC + changelog), lint=False)
    assert [(p.pointer, p.hint) for p in problems if p.code == "S003"] == [
        ("/changelog/0/version", 'YAML read `1.1` as a number; quote it: "1.1.0"')
    ]


def test_a_number_where_text_is_asked_for_is_the_text_as_written(write) -> None:
    path = write("a.brief.yaml", MINIMAL_SPEC.replace("title: Refresh the shop logo", "title: 1.10"))
    assert validate_file(path, lint=False) == []
    assert load_spec(path).data["title"] == "1.10"


def test_empty_value_says_so(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("title: Refresh the shop logo", "title:")), lint=False
    )
    assert problems[0].message == "'title' is empty; it must be text"


def test_unknown_kind_suggests_a_close_one(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: desing")), lint=False
    )
    assert problems[0].code == "S009"
    assert problems[0].hint.startswith("did you mean 'design'?")


def test_missing_key_hint_uses_the_schema_description(write) -> None:
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC.replace("  currency: EUR\n", "")), lint=False)
    assert problems[0].message == "'currency' is missing from 'budget'"
    assert "ISO 4217" in problems[0].hint


def test_anyof_reports_the_branch_that_was_meant(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC + "steps:\n  - Plain step\n  - {title: Sketch, detial: x}\n"),
        lint=False,
    )
    assert [(p.code, p.pointer) for p in problems] == [("S001", "/steps/1/detial")]
    assert problems[0].hint == "did you mean 'detail'?"


def test_anyof_with_no_matching_type_names_the_types(write) -> None:
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC + "steps:\n  - true\n"), lint=False)
    assert [(p.code, p.message) for p in problems] == [
        ("S003", "item 1 of 'steps' must be text or a mapping, not true/false")
    ]


def test_every_problem_has_a_location_in_the_file(write) -> None:
    path = DATA / "five-mistakes.brief.yaml"
    for problem in validate_file(path, lint=False):
        assert problem.file == str(path)
        assert problem.line >= 1
        assert problem.column >= 1


def test_bundle_is_self_contained_and_valid() -> None:
    for kind in [None, *PACKAGED_KINDS]:
        bundle = bundle_schema((), kind)
        Draft202012Validator.check_schema(bundle)
        refs = re.findall(r'"\$ref": "([^"]*)"', json.dumps(bundle))
        assert refs
        assert all(ref.startswith("#/$defs/") for ref in refs)


def test_bundle_lists_every_kind() -> None:
    bundle = bundle_schema()
    assert bundle["properties"]["kind"]["enum"] == PACKAGED_KINDS
    assert len(PACKAGED_KINDS) == 7
    for kind in PACKAGED_KINDS:  # each packaged kind has its template and a shipped example
        assert (REPO / "templates" / "kinds" / f"{kind}.md.j2").is_file()
        assert any(load_spec(path).kind == kind for path in EXAMPLES.glob("*.brief.yaml"))


def test_every_property_has_a_description() -> None:
    def walk(node, path):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert isinstance(sub, dict), f"{path}/properties/{name}"
                assert sub.get("description"), f"{path}/properties/{name}"
            for key, value in node.items():
                if key != "if":  # conditions name properties without defining them
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}/{index}")

    for schema_file in (REPO / "schemas").rglob("*.schema.json"):
        walk(json.loads(schema_file.read_text()), schema_file.name)


def test_user_kind_comes_from_the_config_folder() -> None:
    config = config_for(EXAMPLES / "custom-kind" / "episode-42-edit.brief.yaml")
    kinds = known_kinds(config.schemas)
    assert not kinds["podcast-edit"].packaged
    assert kinds["article"].packaged
    spec = load_spec(EXAMPLES / "custom-kind" / "episode-42-edit.brief.yaml")
    assert validate_spec(spec, lint=False) == []


def test_user_kind_schema_errors_are_located(write, tmp_path) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/broken.schema.json", '{"type": 12}')
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert [p.code for p in raised.value.problems] == ["S012"]


def test_user_kind_schema_that_is_not_json(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/broken.schema.json", "{not json")
    with pytest.raises(ConfigError):
        validate_file(write("a.brief.yaml"), lint=False)


def _check_jsonschema(schema: Path, files: list[Path], cwd: Path) -> dict[str, list[str]]:
    result = subprocess.run(
        ["check-jsonschema", "--schemafile", str(schema), "-o", "JSON", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {str(f): [] for f in files}
    for error in report.get("errors", []):
        errors[error["filename"]].append(error["path"])
    assert not report.get("parse_errors"), report
    return errors


def _pointer(json_path: str) -> str:
    parts = re.findall(r"\.([^.\[]+)|\[(\d+)\]", json_path.removeprefix("$"))
    return "".join(f"/{name or index}" for name, index in parts)


def test_check_jsonschema_agrees_with_validate(tmp_path) -> None:
    """A differential check: the printed schema, used by check-jsonschema, agrees with
    `validate` on every shipped example and every invalid spec (pass or fail, and where)."""
    groups = {
        REPO: [p for p in example_specs() if "custom-kind" not in p.parts]
        + INVALID
        + [DATA / "five-mistakes.brief.yaml"],
        EXAMPLES / "custom-kind": sorted((EXAMPLES / "custom-kind").glob("*.brief.yaml")),
    }
    for cwd, files in groups.items():
        schema = tmp_path / f"{cwd.name}.schema.json"
        printed = run_process("schema", "-o", schema, cwd=cwd)
        assert printed.returncode == 0, printed.stderr
        theirs = _check_jsonschema(schema, files, cwd)
        for path in files:
            ours = [p.pointer for p in validate_file(path, lint=False)]
            their_paths = theirs[str(path)]
            assert bool(ours) == bool(their_paths), (path.name, ours, their_paths)
            for json_path in their_paths:
                pointer = _pointer(json_path)
                assert any(
                    p == pointer or p.startswith(pointer + "/") or pointer.startswith(p) for p in ours
                ), (
                    path.name,
                    json_path,
                    ours,
                )


def test_kind_schema_with_a_broken_reference(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", '{"properties": {"details": {"$ref": "#/$defs/nothing"}}}')
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert [p.code for p in raised.value.problems] == ["S012"]
    assert "leads nowhere" in raised.value.problems[0].message


@pytest.mark.parametrize("other", ["article", "zine"])  # a kind named before it, and after it
def test_a_kind_schema_cannot_refer_to_another_kind(write, other: str) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write(f"schemas/kinds/{other}.schema.json", '{"$defs": {"size": {"type": "integer"}}}')
    reference = f"spec.schema.json#/$defs/kind.{other}/$defs/size"
    write("schemas/kinds/flyer.schema.json", '{"properties": {"details": {"$ref": "' + reference + '"}}}')
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert [p.code for p in raised.value.problems] == ["S012"]
    assert raised.value.problems[0].message == (
        f"reference '#/$defs/kind.{other}/$defs/size' leads into another kind's schema; "
        "a kind may refer only to spec.schema.json and to itself"
    )
    assert raised.value.problems[0].file.endswith("flyer.schema.json")


def test_kind_schema_name_must_be_a_slug(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/Flyer.schema.json", "{}")
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert "'Flyer' cannot be a kind name" in raised.value.problems[0].message


def test_kind_schema_json_error_is_located(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", '{\n  "title": "x",\n  oops\n}')
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert [(p.code, p.line, p.column) for p in raised.value.problems] == [("S012", 3, 3)]


@pytest.mark.parametrize("address", ["@", "ana@", "ana@@example.com", "ana@example", "ana @example.com"])
def test_email_must_look_deliverable(write, address) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("ana@example.com", f'"{address}"')), lint=False
    )
    assert [p.code for p in problems] == ["S005"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_links_must_be_web_or_mail_addresses(write, url) -> None:
    spec_text = MINIMAL_SPEC + f"resources:\n  - name: Link\n    url: '{url}'\n"
    problems = validate_file(write("a.brief.yaml", spec_text), lint=False)
    assert [(p.code, p.pointer) for p in problems] == [("S007", "/resources/0/url")]
    assert "https://" in problems[0].hint


def test_kind_that_is_not_text_gets_one_problem(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: 5")), lint=False
    )
    assert [p.code for p in problems] == ["S003"]


def test_blank_label_in_generic_details(write) -> None:
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC + "details:\n  ' ': text\n"), lint=False)
    assert [(p.code, p.pointer, p.line) for p in problems] == [("S007", "/details/ ", 22)]
    assert problems[0].message == "key ' ' in 'details' is not allowed"


def test_date_time_hints_lead_to_valid_values(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("2027-01-15T17:00:00+00:00", "2027-01-15 17:00")),
        lint=False,
    )
    assert problems[0].hint.endswith(": `due: 2027-01-15T17:00:00+00:00`")
    problems = validate_file(
        write("b.brief.yaml", MINIMAL_SPEC.replace("2027-01-15T17:00:00+00:00", "2027-02-30T17:00:00")),
        lint=False,
    )
    assert [p.code for p in problems] == ["S005"]


def test_problems_come_in_a_stable_order(write) -> None:
    path = write("a.brief.yaml", "id: x\n")
    first = validate_file(path, lint=False)
    assert [p.message for p in first] == sorted(p.message for p in first)
    assert validate_file(path, lint=False) == first


DESIGN = MINIMAL_SPEC.replace("kind: generic", "kind: design") + (
    "details:\n  piece: Flyer\n  dimensions: [{width: 148, height: 210, unit: mm}]\n  formats: [PDF]\n"
)


@pytest.mark.parametrize(
    ("find", "replace", "message", "hint"),
    [
        (
            "title: Refresh the shop logo",
            "title: [Refresh, the shop logo]",
            "'title' must be text, not a list",
            'write it as one line of text: `title: "Refresh, the shop logo"`',
        ),
        (
            "amount: 300",
            "amount: £600",
            "'amount' must be a number, not a string",
            "write the number alone: `amount: 600`; the currency goes in `currency`",
        ),
        (
            "amount: 300",
            'amount: "1,300"',
            "'amount' must be a number, not a string",
            "write the number alone: `amount: 1300`",
        ),
        (
            "amount: 300",
            "amount: 600 EUR",
            "'amount' must be a number, not a string",
            "write the number alone: `amount: 600`; the currency goes in `currency`",
        ),
        (
            "    format: SVG and PNG\n",
            "    format: SVG and PNG\n    quantity: two\n",
            "'quantity' must be a whole number, not a string",
            "write the number alone: `quantity: 2`",
        ),
        (
            "  - name: Logo files\n    format: SVG and PNG\n",
            "  - Logo files\n",
            "item 1 of 'deliverables' must be a mapping, not a string",
            'write it as a mapping, filling in every `…`: `- {name: Logo files, format: "…"}`',
        ),
        (
            "owner:\n  name: Ana Ribeiro\n  email: ana@example.com\n  timezone: Europe/Lisbon\n",
            "owner: [Ana Ribeiro]\n",
            "'owner' must be a mapping or a string, not a list",
            'write it as a mapping: `owner: {name: "…"}`',
        ),
        (
            "budget:",
            "contractor: Mei Tanaka\nbudget:",
            "'Mei Tanaka' is not a valid contractor",
            "name someone on the team roster by id, such as `contractor: mei-tanaka`, or write the "
            "person out: `contractor: {name: Mei Tanaka}`",
        ),
        (
            "due: 2027-01-15T17:00:00+00:00",
            "due: 2027-01-15",
            "'due' needs a time and a UTC offset, not just a date",
            "Europe/Lisbon (owner.timezone) is at UTC+00:00 on 2027-01-15: "
            "`due: 2027-01-15T17:00:00+00:00` (with your own time of day)",
        ),
    ],
)
def test_a_refused_form_gets_the_fixed_line(write, find: str, replace: str, message: str, hint: str) -> None:
    assert find in MINIMAL_SPEC
    [problem] = validate_file(write("a.brief.yaml", MINIMAL_SPEC.replace(find, replace)), lint=False)
    assert (problem.message, problem.hint) == (message, hint)


@pytest.mark.parametrize(
    ("find", "replace", "message", "hint"),
    [
        (
            "  formats: [PDF]\n",
            "  formats: [PDF]\n  source_files: 'yes'\n",
            "'source_files' must be true or false, not a string",
            "write `source_files: true`",
        ),
        (
            "  formats: [PDF]\n",
            "  formats: [PDF]\n  color_mode: rgb\n",
            "'color_mode' must be one of RGB, CMYK, not 'rgb'",
            "did you mean 'RGB'? write `color_mode: RGB`",
        ),
        (
            "  dimensions: [{width: 148, height: 210, unit: mm}]\n",
            "  dimensions: 1080x1350 px\n",
            "'dimensions' must be a mapping, not a string",
            "write it as a mapping: `dimensions: {width: 1080, height: 1350, unit: px}`",
        ),
    ],
)
def test_a_refused_design_value_gets_the_fixed_line(
    write, find: str, replace: str, message: str, hint: str
) -> None:
    [problem] = validate_file(write("a.brief.yaml", DESIGN.replace(find, replace)), lint=False)
    assert (problem.message, problem.hint) == (message, hint)


def test_a_word_count_given_as_one_number_shows_the_mapping(write) -> None:
    article = MINIMAL_SPEC.replace("kind: generic", "kind: article") + "details:\n  word_count: 2000\n"
    [problem] = validate_file(write("a.brief.yaml", article), lint=False)
    assert problem.hint == "write it as a mapping, for example `word_count: {min: 1800, max: 2200}`"


def test_a_misspelt_required_key_is_one_problem_at_the_typo(write) -> None:
    spec = MINIMAL_SPEC.replace("acceptance_criteria:", "acceptance_critera:")
    [problem] = validate_file(write("a.brief.yaml", spec), lint=False)
    assert (problem.code, problem.line, problem.column) == ("S001", 13, 1)
    assert problem.hint == (
        "did you mean 'acceptance_criteria'? It is required: write `acceptance_criteria:` "
        "instead of `acceptance_critera:`"
    )


@pytest.mark.parametrize(
    ("zone", "local", "offset"),
    [
        ("Europe/London", "2026-12-18T17:00:00", "+00:00"),
        ("Europe/London", "2026-03-28T17:00:00", "+00:00"),  # the day before summer time
        ("Europe/London", "2026-03-30T17:00:00", "+01:00"),  # the day after
        ("America/Chicago", "2026-12-18T17:00:00", "-06:00"),
        ("America/Chicago", "2026-03-07T17:00:00", "-06:00"),
        ("America/Chicago", "2026-03-09T17:00:00", "-05:00"),
        ("America/Chicago", "2026-11-02T17:00:00", "-06:00"),  # the day after summer time ends
    ],
)
def test_the_offset_hint_uses_the_owner_zone_on_that_date(write, zone: str, local: str, offset: str) -> None:
    spec = MINIMAL_SPEC.replace("Europe/Lisbon", zone).replace("2027-01-15T17:00:00+00:00", local)
    [problem] = validate_file(write("a.brief.yaml", spec), lint=False)
    assert problem.code == "S004"
    assert (
        problem.hint == f"{zone} (owner.timezone) is at UTC{offset} on {local[:10]}: `due: {local}{offset}`"
    )
    fixed = spec.replace(f"due: {local}", f"due: {local}{offset}")
    assert validate_file(write("b.brief.yaml", fixed), lint=False) == []


def test_every_packaged_schema_is_a_valid_schema() -> None:
    """The packaged schemas are checked here, not at run time."""
    for path in sorted((REPO / "schemas").rglob("*.schema.json")):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("details", "pointer", "fragment"),
    [
        (
            {"properties": {"code": {"pattern": "(?=x)y"}}},
            "/properties/details/properties/code/pattern",
            "lookahead",
        ),
        ({"propertyNames": {"pattern": "(?i)x"}}, "/properties/details/propertyNames/pattern", "flags"),
        ({"patternProperties": {"^x": {}}}, "/properties/details/patternProperties", "patternProperties"),
    ],
)
def test_kind_schema_patterns_must_be_matchable_in_linear_time(write, details, pointer, fragment) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", json.dumps({"properties": {"details": details}}))
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    [problem] = raised.value.problems
    assert (problem.code, problem.pointer) == ("S012", pointer)
    assert fragment in problem.message


def test_kind_schema_with_a_catastrophic_pattern_is_used(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    details = {"properties": {"code": {"type": "string", "pattern": "^(a|a)+$"}}}
    write("schemas/kinds/flyer.schema.json", json.dumps({"properties": {"details": details}}))
    spec = MINIMAL_SPEC.replace("kind: generic", "kind: flyer")
    assert validate_file(write("a.brief.yaml", spec + "details:\n  code: aaaa\n"), lint=False) == []
    problems = validate_file(write("b.brief.yaml", spec + f"details:\n  code: {'a' * 50_000}!\n"), lint=False)
    assert [(p.code, p.pointer) for p in problems] == [("S007", "/details/code")]


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ('{"$id": "https://example.com/x.json", "type": "object"}', "'$id' is allowed only at the top"),
        ('{"$schema": "https://example.com/meta.json"}', "'$schema' is allowed only at the top"),
        ('{"$ref": "/properties/title"}', "reference '/properties/title' leads outside the schema"),
        ('{"$ref": "other.schema.json#/x"}', "reference 'other.schema.json#/x' leads outside the schema"),
        ('{"$dynamicRef": "https://example.com/x.json#meta"}', "leads outside the schema"),
        ('{"prefixItems": [{"$ref": "file:///etc/passwd"}]}', "leads outside the schema"),
    ],
)
def test_a_kind_schema_refers_only_inside_itself(write, details: str, message: str) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", '{"properties": {"details": ' + details + "}}")
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml"), lint=False)
    assert [p.code for p in raised.value.problems] == ["S012"]
    assert message in raised.value.problems[0].message


def test_keywords_inside_data_and_property_names_are_not_references(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write(
        "schemas/kinds/flyer.schema.json",
        '{"properties": {"details": {"properties": {"$id": {"type": "string"}}, '
        '"examples": [{"$id": "https://example.com/x"}]}}}',
    )
    assert (
        validate_file(write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: flyer")), lint=False)
        == []
    )


def test_a_kind_schema_linked_from_outside_its_folder_is_refused(write, tmp_path) -> None:
    outside = write("outside/flyer.schema.json", '{"title": "Flyer"}')
    write("repo/outsource-briefs.yaml", "schemas: [schemas]\n")
    (tmp_path / "repo/schemas/kinds").mkdir(parents=True)
    (tmp_path / "repo/schemas/kinds/flyer.schema.json").symlink_to(outside)
    with pytest.raises(ConfigError) as raised:
        validate_file(write("repo/a.brief.yaml"), lint=False)
    assert [p.code for p in raised.value.problems] == ["S012"]
    assert "leads outside its folder" in raised.value.problems[0].message


def test_an_inlined_schema_keeps_its_definitions_only_while_a_reference_is_left() -> None:
    flat = {"$defs": {"name": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/name"}}}
    assert inline_refs(flat) == {"properties": {"a": {"type": "string"}}}
    node = {"type": "object", "properties": {"name": {"type": "string"}, "next": {"$ref": "#/$defs/node"}}}
    recursive = {"$defs": {"node": node}, "properties": {"a": {"$ref": "#/$defs/node"}}}
    inlined = inline_refs(recursive)
    assert inlined["$defs"] == recursive["$defs"]
    deep = {"a": {"name": "x", "next": {"name": "y", "next": {"name": 3}}}}
    assert [e.json_path for e in Draft202012Validator(inlined).iter_errors(deep)] == ["$.a.next.next.name"]


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_every_reference_of_a_packaged_kind_is_inlined(kind: str) -> None:
    inlined = inline_refs(bundle_schema((), kind))
    assert "$ref" not in json.dumps(inlined)
    assert "$defs" not in inlined
