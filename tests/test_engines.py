"""The two validation engines: jsonschema-rs first and jsonschema for the messages, or
jsonschema alone; whichever runs, every problem and every byte of output is the same."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from helpers import EXAMPLES, MINIMAL_SPEC, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema_specifications import REGISTRY

from outsource_briefs import ConfigError
from outsource_briefs.checks import validate_path
from outsource_briefs.schema_check import (
    ENGINE_VARIABLE,
    bundle_schema,
    check_spec_data,
    engines,
    selected_engine,
)
from outsource_briefs.schema_check.kinds import spec_check
from outsource_briefs.yaml_loader import SourceMap, parse_yaml

# The benchmark's generators make realistic specs, valid and flawed.
sys.path.insert(0, str(REPO / "benchmarks"))

import corpora
import specgen

DATA = REPO / "tests" / "data"
ENGINES = ("jsonschema-rs", "jsonschema")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generated specs: 70 valid ones (ten of every kind), and 90 of which every third has a
    problem (a wrong type, a missing section, local times, an unknown key, vague wording)."""
    root = tmp_path_factory.mktemp("generated")
    specgen.generate(root / "valid", 70)
    corpora.mixed_corpus(root / "mixed", 90)
    return {"valid": root / "valid", "mixed": root / "mixed"}


def _files(*folders: Path) -> list[Path]:
    kinds = ("*.brief.yaml", "*.review.yaml", "*.contractor.yaml")
    return sorted(path for folder in folders for kind in kinds for path in folder.rglob(kind))


def _problems_with(engine: str, files: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    return [(path.name, validate_path(path)) for path in files]


@pytest.mark.parametrize("corpus", ["valid", "invalid", "lint-heavy"])
def test_both_engines_find_the_same_problems(
    corpus: str, generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = {
        "valid": [EXAMPLES, generated["valid"]],
        "invalid": [DATA / "invalid", DATA / "five-mistakes.brief.yaml", generated["mixed"]],
        "lint-heavy": [DATA / "lint", generated["mixed"]],
    }[corpus]
    files = _files(*(folder for folder in folders if folder.is_dir()))
    files += [folder for folder in folders if folder.is_file()]
    fast, plain = (_problems_with(engine, files, monkeypatch) for engine in ENGINES)
    assert fast == plain
    found = sum(len(problems) for _, problems in fast)
    if corpus == "valid":
        assert found == 0
    else:
        assert found >= len(files) // 3, "the corpus must hold problems to compare"
    if corpus == "lint-heavy":
        assert sum(problem.code.startswith("L") for _, problems in fast for problem in problems) > 20


PROGRAM = "from outsource_briefs.cli import entry; entry()"


def _run(*args: str | Path, engine: str | None = None, code: str = PROGRAM) -> Any:
    """Python running ``code`` (by default the program) with ``args``, in a new process, with
    the engine setting ``engine`` (unset: the default)."""
    environment = {key: value for key, value in os.environ.items() if key != ENGINE_VARIABLE}
    if engine is not None:
        environment[ENGINE_VARIABLE] = engine
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_the_command_line_prints_the_same_bytes_with_either_engine(output: str) -> None:
    paths = ["examples", "tests/data/invalid", "tests/data/lint", "tests/data/five-mistakes.brief.yaml"]
    runs = [_run("validate", "--format", output, *paths, engine=engine) for engine in ENGINES]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr
    assert "S00" in runs[0].stdout
    assert "L00" in runs[0].stdout


def test_without_jsonschema_rs_jsonschema_alone_says_the_same() -> None:
    missing = "import sys; sys.modules['jsonschema_rs'] = None; "
    paths = ["examples", "tests/data/invalid"]
    alone = _run("validate", *paths, code=missing + PROGRAM)
    usual = _run("validate", *paths)
    assert (alone.returncode, alone.stdout, alone.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    required = _run("validate", *paths, engine="jsonschema-rs", code=missing + PROGRAM)
    assert required.returncode == 2
    assert "jsonschema-rs is not installed" in required.stderr
    assert "Traceback" not in required.stderr


def test_the_setting_chooses_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert selected_engine() == "jsonschema-rs"
    for engine in (*ENGINES, "auto"):
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        assert selected_engine() == ("jsonschema-rs" if engine == "auto" else engine)
    monkeypatch.setenv(ENGINE_VARIABLE, "fast")
    with pytest.raises(ConfigError, match="names no validator"):
        selected_engine()


def test_an_unknown_setting_is_a_usage_error() -> None:
    run = _run("validate", "examples", engine="rust")
    assert run.returncode == 2
    assert f"{ENGINE_VARIABLE}='rust' names no validator" in run.stderr
    assert "Traceback" not in run.stderr


VALID_PACKAGED_KINDS = [*map(str, sorted(EXAMPLES.glob("*.brief.yaml"))), "examples/reviews", "examples/team"]
_IMPORTED = (
    "import sys; from outsource_briefs.cli import main; code = main(sys.argv[1:]); "
    "print('jsonschema' in sys.modules, file=sys.stderr); raise SystemExit(code)"
)


@pytest.mark.parametrize(
    ("engine", "arguments", "imported"),
    [
        ("jsonschema-rs", ["validate", *VALID_PACKAGED_KINDS], False),
        ("jsonschema-rs", ["validate", "tests/data/five-mistakes.brief.yaml"], True),
        ("jsonschema", ["validate", *VALID_PACKAGED_KINDS], True),
        # A team's own kind schema is checked against the metaschema by jsonschema.
        ("jsonschema-rs", ["validate", "examples/custom-kind"], True),
        # Rendering checks the spec first, with the same engines.
        ("jsonschema-rs", ["render", "examples/cold-brew-guide.brief.yaml"], False),
    ],
)
def test_jsonschema_is_imported_only_when_a_message_is_needed(
    engine: str, arguments: list[str], imported: bool
) -> None:
    run = _run(*arguments, engine=engine, code=_IMPORTED)
    assert run.stderr.splitlines()[-1] == str(imported), run.stderr


def _spec_data(**changes: Any) -> tuple[dict[str, Any], SourceMap]:
    document = parse_yaml(MINIMAL_SPEC, "a.brief.yaml")
    assert document.data is not None
    return {**document.data, **changes}, document.source_map


def _problems_by_engine(data: Any, source_map: SourceMap, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Any:
    found = []
    for engine in ENGINES:
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        found.append(check_spec_data(data, source_map, **kw))
    return found


@pytest.mark.parametrize(
    ("title", "blank"),
    [
        ("\x85", True),  # Python's \S: a space; ECMA's: not one
        ("\x85\x1c", True),
        (" \ufeff", False),  # the other way round
        ("\u2028", True),
        ("Logo\x85", False),
    ],
)
def test_text_the_engines_read_differently_is_left_to_jsonschema(
    title: str, blank: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, source_map = _spec_data(title=title)
    fast, plain = _problems_by_engine(data, source_map, monkeypatch)
    assert fast == plain
    assert [problem.message for problem in plain] == (["'title' is blank"] if blank else [])
    rust_alone = jsonschema_rs.validator_for(bundle_schema((), "generic")).is_valid(data)
    if title == "\x85":
        assert rust_alone, "jsonschema-rs alone would accept this title"


@pytest.mark.parametrize("character", ["\x85", "\ufeff"])
def test_jsonschema_rs_never_answers_for_text_holding_next_line_or_byte_order_mark(character: str) -> None:
    """Python's ``\\S`` takes U+0085 (next line) for a space and U+FEFF (byte order mark) for
    a character; jsonschema-rs's, like ECMA's, the other way round."""
    schema = bundle_schema((), "generic")
    fast = engines._fast_check(schema)
    assert fast is not None
    python_blank = re.search(r"\S", character) is None
    rust_valid = jsonschema_rs.validator_for(schema).is_valid(_spec_data(title=character)[0])
    assert rust_valid == python_blank, "the engines disagree on this title"
    for title in (character, f"Logo {character} Co", f"{character}Logo"):
        assert fast.flagged_properties(_spec_data(title=title)[0]) is None, title
    assert fast.flagged_properties(_spec_data(title="Logo Co")[0]) == set()


def test_jsonschema_reads_no_schema_of_a_property_jsonschema_rs_found_valid() -> None:
    """The messages are written with the schemas of the flagged properties alone: the others'
    schemas, the kind's own (under ``allOf``) too, accept anything, and keep their names."""
    schema = spec_check((), "article").schema
    kind = next(branch for branch in schema["allOf"] if "details" in branch.get("properties", {}))
    pruned = engines._without_properties(schema, {"details", "budget"})
    pruned_kind = next(branch for branch in pruned["allOf"] if "details" in branch.get("properties", {}))
    assert pruned["properties"]["budget"] == pruned_kind["properties"]["details"] == {}
    assert pruned["properties"].keys() == schema["properties"].keys()
    assert pruned["properties"]["title"] is schema["properties"]["title"]
    assert kind["properties"]["details"] != {}, "the schema itself is left as it was"
    assert engines._without_properties(schema, {"no-such-property"}) is schema


def test_a_lone_surrogate_never_reaches_jsonschema_rs(monkeypatch: pytest.MonkeyPatch) -> None:
    data, source_map = _spec_data(title="Logo \ud800")
    fast, plain = _problems_by_engine(data, source_map, monkeypatch)
    assert fast == plain == []


def test_a_keyword_the_engines_disagree_on_is_left_to_jsonschema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = {"properties": {"details": {"properties": {"ratio": {"multipleOf": 0.1}}}}}
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "flyer.schema.json").write_text(json.dumps(kind), encoding="utf-8")
    data, source_map = _spec_data(kind="flyer", details={"ratio": 0.3})
    fast, plain = _problems_by_engine(data, source_map, monkeypatch, folders=(tmp_path,))
    assert fast == plain
    assert [problem.code for problem in plain] == ["S011"]
    assert jsonschema_rs.validator_for({"multipleOf": 0.1}).is_valid(0.3), (
        "jsonschema-rs alone would accept it"
    )


def test_every_keyword_that_can_fail_data_is_agreed_or_left_to_jsonschema() -> None:
    vocabularies = ("core", "applicator", "unevaluated", "validation", "format-annotation", "content")
    keywords = {
        keyword
        for vocabulary in vocabularies
        for keyword in REGISTRY.contents(f"https://json-schema.org/draft/2020-12/meta/{vocabulary}")[
            "properties"
        ]
    }
    assert keywords <= engines.AGREED_KEYWORDS | engines.DEFERRED_KEYWORDS
    assert not engines.AGREED_KEYWORDS & engines.DEFERRED_KEYWORDS


def test_the_packaged_schemas_use_agreed_keywords_only() -> None:
    for kind in [None, *sorted(bundle_schema()["properties"]["kind"]["enum"])]:
        assert engines.agreed(bundle_schema((), kind)), kind


FIELD_NAMES = st.sampled_from(
    ["name", "email", "timezone", "due", "model", "amount", "currency", "title", "x"]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(-3, 3)
    | st.text(" a1\x85\ufeff@.:-T+Z", max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELD_NAMES, inner, max_size=3),
    max_leaves=6,
)
TOP_KEYS = st.sampled_from(
    ["id", "title", "kind", "owner", "deliverables", "timeline", "budget", "steps", "x"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=TOP_KEYS, value=JSON_VALUES, kind=st.sampled_from(["generic", "article", "design", "bugfix", "x"]))
def test_both_engines_agree_on_arbitrary_changes_to_a_valid_spec(
    key: str, value: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, source_map = _spec_data(**{"kind": kind, key: value})
    fast, plain = _problems_by_engine(data, source_map, monkeypatch)
    assert fast == plain


def test_validating_loads_only_what_it_uses() -> None:
    """Start-up: no metaschema check, no listing of every time zone, no file-writing or
    package-resource machinery for a run that only reads."""
    watched = ["jsonschema", "tempfile", "zipfile", "importlib.resources"]
    code = (
        "import sys, zoneinfo\n"
        "zoneinfo.available_timezones = None  # calling it would fail\n"
        "from outsource_briefs.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"print(sorted(set({watched!r}) & set(sys.modules)), file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    run = _run("validate", *VALID_PACKAGED_KINDS, engine="jsonschema-rs", code=code)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "[]"
