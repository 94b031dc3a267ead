"""The documentation stays complete: every problem code documented, README commands real."""

from __future__ import annotations

import doctest
import importlib
import json
import re
import shlex
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, markdownlint_command, run_process

import outsource_briefs
from outsource_briefs import load_spec, render_brief, validate_spec
from outsource_briefs.errors import CODES

RULES = REPO / "docs" / "rules.md"


def documented_codes() -> dict[str, str]:
    return dict(re.findall(r"^### ([A-Z]\d{3}): (.+)$", RULES.read_text(), flags=re.MULTILINE))


def test_every_code_is_documented_with_its_title() -> None:
    assert documented_codes() == CODES


def test_every_code_entry_has_all_its_parts() -> None:
    text = RULES.read_text()
    entries = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    for entry in entries:
        code = entry.split(":")[0]
        for part in ("**What it means.**", "**Why.**", "**Example.**", "**How to fix it.**"):
            assert part in entry, f"{code} lacks {part}"


def test_every_code_in_the_source_is_registered() -> None:
    used = set()
    for path in (REPO / "outsource_briefs").rglob("*.py"):
        used |= set(re.findall(r'"([YRSTVL]\d{3})"', path.read_text()))
    assert used - set(CODES) == set()
    assert set(CODES) - used == set(), "registered but never produced"


def test_readme_opens_with_install_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    assert (
        blocks[0] == "python -m pip install . && outsource-briefs render examples/cold-brew-guide.brief.yaml"
    )
    assert blocks[1] == "python -m pip install -e '.[test]' && npm ci && pytest"
    assert blocks[1] in (REPO / ".ci" / "run").read_text()


def test_documentation_passes_markdownlint(tmp_path: Path) -> None:
    files = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), *map(str, files)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def readme_session(first_command: str) -> list[tuple[str, str]]:
    """The (command, shown output) pairs of the README's ```text block whose first command
    starts with ``first_command``."""
    text = (REPO / "README.md").read_text()
    block = re.search(rf"```text\n(\$ {re.escape(first_command)}.*?)```", text, flags=re.DOTALL)
    assert block, f"README has no session starting with $ {first_command}"
    steps = re.split(r"^\$ ", block.group(1), flags=re.MULTILINE)[1:]
    return [(step.split("\n", 1)[0], step.split("\n", 1)[1].strip("\n")) for step in steps]


def shown_output_matches(command: str, shown: str, cwd: Path) -> None:
    result = run_process(*shlex.split(command)[1:], cwd=cwd)
    assert "Traceback" not in result.stderr
    actual = result.stdout.rstrip("\n")
    if shown.endswith("…"):
        assert actual.startswith(shown.removesuffix("…")), command
    else:
        assert actual == shown, command


def test_readme_validate_session_is_real_output() -> None:
    [(command, shown)] = readme_session("outsource-briefs validate --no-lint")
    shown_output_matches(command, shown, REPO)


def test_readme_versioning_session_is_real_output(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("briefs-archive"))
    spec = tmp_path / "examples" / "cold-brew-guide.brief.yaml"
    edits = {
        "# raise the budget from 450 to 500 EUR, keep version 1.1.0": [("amount: 450", "amount: 500")],
        "# set version: 2.0.0 and add a changelog entry for it": [
            ("version: 1.1.0", "version: 2.0.0"),
            (
                "changelog:\n",
                "changelog:\n  - version: 2.0.0\n    date: 2026-11-27\n    changes: [Budget 500 EUR]\n",
            ),
        ],
    }
    session = readme_session("outsource-briefs publish examples/cold-brew-guide.brief.yaml")
    assert [command for command, _ in session if command.startswith("#")] == list(edits)
    for command, shown in session:
        if command.startswith("#"):
            text = spec.read_text()
            for old, new in edits[command]:
                assert old in text
                text = text.replace(old, new, 1)
            spec.write_text(text)
        else:
            shown_output_matches(command, shown, tmp_path)


def test_readme_report_tables_match_the_report() -> None:
    text = (REPO / "README.md").read_text()
    report = run_process("report", EXAMPLES, cwd=REPO).stdout
    streams = r"^\| (In-store print|Inbox triage|Newsletter|SEO guides) \| (.+) \|$"
    assert re.findall(streams, text, flags=re.MULTILINE) == re.findall(streams, report, flags=re.MULTILINE)
    assert len(re.findall(streams, text, flags=re.MULTILINE)) == 4
    people = "Joy Villanueva|Kasia Nowak|Mei Tanaka"
    shown = re.findall(rf"^\| ({people}) \| (.+) \|$", text, flags=re.MULTILINE)
    rows = re.findall(rf"^\| ({people}) \([a-z-]+\) \| (.+) \|$", report, flags=re.MULTILINE)
    # The README shows the first columns and the verdict.
    actual = [(name, " | ".join([*cells.split(" | ")[:6], cells.split(" | ")[-1]])) for name, cells in rows]
    assert shown == actual
    assert len(shown) == 3


def test_shipped_history_has_a_stream_to_change_whose_contractor_is_kept() -> None:
    report = json.loads(run_process("report", "--format", "json", EXAMPLES, cwd=REPO).stdout)
    streams = {stream["id"]: stream["verdict"] for stream in report["streams"]}
    people = {person["id"]: person["verdict"] for person in report["contractors"]}
    assert streams == {
        "in-store-print": "keep",
        "inbox-triage": "keep",
        "newsletter": "change",
        "seo-guides": "too-early",
    }
    assert people == {"joy-villanueva": "keep", "kasia-nowak": "stop", "mei-tanaka": "keep"}


@pytest.mark.parametrize(
    "module",
    [
        "outsource_briefs",
        "outsource_briefs.repository",
        "outsource_briefs.validate",
        "outsource_briefs.render",
    ],
)
def test_docstring_examples_run(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    names = {
        "date": date,
        "load_spec": load_spec,
        "render_brief": render_brief,
        "validate_spec": validate_spec,
    }
    result = doctest.testmod(importlib.import_module(module), extraglobs=names, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    [example] = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert capsys.readouterr().out.startswith("# Write a cold brew guide for home baristas\n")
    assert "<h1" in str(namespace["html"])


@pytest.mark.parametrize("schema", ["contractor", "review", "results"])
def test_the_file_formats_page_describes_every_field(schema: str) -> None:
    text = (REPO / "docs" / "files.md").read_text()
    properties = json.loads((REPO / "schemas" / f"{schema}.schema.json").read_text())["properties"]
    for name in properties:
        assert f"| `{name}`" in text, f"docs/files.md does not describe {schema} field {name}"


def test_the_pre_commit_rev_is_this_version_release_tag() -> None:
    readme = (REPO / "README.md").read_text()
    [rev] = re.findall(r"^ +rev: (\S+)", readme, flags=re.MULTILINE)
    assert rev == f"v{outsource_briefs.__version__}"
    assert f'git tag -a {rev} -m "outsource-briefs {rev[1:]}"' in readme.replace("\n", " ")


def test_what_changed_is_where_the_readme_says() -> None:
    body = render_brief(load_spec(EXAMPLES / "cold-brew-guide.brief.yaml")).body
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    changed = next(index for index, heading in enumerate(headings) if heading.startswith("What changed"))
    assert headings[:changed] == ["Outcome", "Why it matters", "Background", "Audience"][:changed]
    assert headings[changed + 1] in ("In scope", "Out of scope", "Deliverables")
