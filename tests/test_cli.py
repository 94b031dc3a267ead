"""The command line: exit codes, output formats, and every command end to end."""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLES, MINIMAL_SPEC, PACKAGED_KINDS, REPO, run_process

from outsource_briefs import Problem, load_spec, validate_file
from outsource_briefs import cli as cli_module
from outsource_briefs.archive import Archive
from outsource_briefs.cli import main
from outsource_briefs.schema_check.engines import SchemaCheck
from outsource_briefs.yaml_loader import SourceMap

DATA = Path(__file__).parent / "data"
FIVE = DATA / "five-mistakes.brief.yaml"


def test_validate_examples_is_clean(cli) -> None:
    code, out, err = cli("validate", EXAMPLES)
    assert (code, out) == (0, "")
    assert err.endswith("files OK\n")


def test_validate_reports_text_lines_with_hints(cli) -> None:
    code, out, err = cli("validate", "--no-lint", FIVE)
    assert code == 1
    lines = out.splitlines()
    assert f"{FIVE}:16:8: S004 'due' must have a UTC offset (timeline.due)" in lines
    assert (
        "    hint: add the UTC offset of the time zone you mean, such as `due: 2026-12-01T09:00:00+01:00`; "
        "with owner.timezone set, this hint gives the right offset"
    ) in lines
    assert err == "5 errors in 1 file\n"


def test_validate_json_format(cli) -> None:
    code, out, _ = cli("validate", "--no-lint", "--format", "json", FIVE)
    assert code == 1
    problems = json.loads(out)
    assert len(problems) == 5
    assert set(problems[0]) == {"file", "line", "column", "pointer", "code", "severity", "message", "hint"}
    assert problems[2]["pointer"] == "/timeline/due"
    assert problems[2]["severity"] == "error"


def test_validate_github_format(cli) -> None:
    code, out, _ = cli("validate", "--no-lint", "--format", "github", FIVE)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"::error file={FIVE},line=8,col=10,title=S005::")
    assert "%0Ahint: " in first


def test_validate_walks_folders_and_skips_other_files(cli, write, tmp_path) -> None:
    write("briefs/a.brief.yaml")
    write("briefs/nested/b.brief.yml")
    write("briefs/notes.yaml", "not: [a spec\n")
    write("briefs/.hidden/c.brief.yaml", "broken: [\n")
    code, _, err = cli("validate", "--no-lint", tmp_path / "briefs")
    assert code == 0
    assert err == "2 files OK\n"


def test_validate_missing_file_is_a_located_problem(cli, tmp_path) -> None:
    code, out, _ = cli("validate", tmp_path / "nope.brief.yaml")
    assert code == 1
    assert f"{tmp_path / 'nope.brief.yaml'}:1:1: Y001 cannot read the file" in out


def test_validate_collects_problems_from_every_file(cli, write) -> None:
    a = write("a.brief.yaml", "id: [\n")
    b = write("b.brief.yaml", MINIMAL_SPEC.replace("currency: EUR", "currency: eur"))
    code, out, _ = cli("validate", "--no-lint", a, b)
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "Y005",
        "S007",
    ]


def test_invalid_config_is_a_usage_error(cli, write) -> None:
    write("outsource-briefs.yaml", "templatez: [t]\n")
    code, _, err = cli("validate", write("a.brief.yaml"))
    assert code == 2
    assert "outsource-briefs.yaml:1:1: S001 unknown key 'templatez'" in err


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--format", "xml", "x"])
    assert raised.value.code == 2


def test_render_writes_markdown_and_html(cli, tmp_path) -> None:
    spec = EXAMPLES / "cold-brew-guide.brief.yaml"
    assert cli("render", spec, "-o", tmp_path / "brief.md")[0] == 0
    assert (tmp_path / "brief.md").read_text().startswith("# Write a cold brew guide")
    assert cli("render", spec, "--to", "html", "-o", tmp_path / "brief.html")[0] == 0
    assert (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", ["render", "publish", "diff"])
def test_commands_that_render_check_the_spec_against_its_schema_once(
    command: str, cli, write, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, archive = write("a.brief.yaml"), tmp_path / "archive"
    assert cli("publish", "--archive", archive, spec)[0] == 0
    checked: list[tuple[str, object]] = []
    check = SchemaCheck.problems

    def counted(self: SchemaCheck, data: object, source_map: SourceMap) -> list[Problem]:
        checked.append((self.schema["title"], data))
        return check(self, data, source_map)

    monkeypatch.setattr(SchemaCheck, "problems", counted)
    arguments = {
        "render": [spec],
        "publish": ["--archive", archive, spec],
        "diff": [spec, "--from", "1.0.0", "--archive", archive],
    }[command]
    code, _, err = cli(command, *arguments)
    assert code == 0, err
    # The archive's own record is checked too where it is read: that is another schema.
    specs = [data for title, data in checked if title != "outsource-briefs published brief"]
    assert specs == [load_spec(spec).data]


def test_render_of_invalid_spec_writes_nothing(cli, write, tmp_path) -> None:
    output = write("brief.md", "previous content\n")
    spec = write("a.brief.yaml", MINIMAL_SPEC.replace("model: fixed", "model: hourly"))
    code, out, err = cli("render", spec, "-o", output)
    assert code == 1
    assert out == ""
    assert "S010 'budget' needs 'rate' when model is 'hourly'" in err
    assert output.read_text() == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.brief.yaml", "brief.md"]


def test_render_with_extra_template_folder(cli, write, tmp_path) -> None:
    write(
        "mine/kinds/generic.md.j2",
        '{% extends "packaged/kinds/generic.md.j2" %}{% block summary %}{% endblock %}',
    )
    code, out, _ = cli("render", write("a.brief.yaml"), "--templates", tmp_path / "mine")
    assert code == 0
    assert "**Budget:**" not in out


@pytest.mark.parametrize("kind", PACKAGED_KINDS)
def test_new_skeleton_validates_as_it_is(cli, tmp_path, kind) -> None:
    target = tmp_path / f"{kind}.brief.yaml"
    code, _, _ = cli("new", kind, "--id", f"new-{kind}", "-o", target)
    assert code == 0
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert validate_file(target, lint=False) == []
    assert yaml.safe_load(text)["id"] == f"new-{kind}"


def test_new_skeleton_shows_every_field(cli) -> None:
    code, out, _ = cli("new", "design")
    assert code == 0
    for field in [
        "# objective:",
        "# scope:",
        "budget:",
        "# kpis:",
        "# changelog:",
        "  color_mode: CMYK",
        "  # dpi: 72",
    ]:
        assert f"\n{field}" in out


def test_new_skeleton_with_everything_uncommented_still_parses(cli) -> None:
    _, out, _ = cli("new", "article")
    headers = ("#", "yaml-", "A new", "Optional")

    def uncomment(line: str) -> str:
        body = line.lstrip()
        if body.startswith("# ") and ":" in body and not body[2:].startswith(headers):
            return line.replace("# ", "", 1)
        return line

    uncommented = yaml.safe_load("\n".join(map(uncomment, out.splitlines())))
    assert isinstance(uncommented, dict)
    assert {"objective", "scope", "kpis", "changelog", "details"} <= set(uncommented)


def test_new_refuses_to_overwrite(cli, write) -> None:
    existing = write("x.brief.yaml", "keep me\n")
    code, _, err = cli("new", "generic", "-o", existing)
    assert code == 2
    assert "already exists" in err
    assert existing.read_text() == "keep me\n"


def test_new_unknown_kind_suggests(cli) -> None:
    code, _, err = cli("new", "artcle")
    assert code == 2
    assert "did you mean 'article'?" in err


def test_kinds_lists_packaged_and_team_kinds(cli, monkeypatch) -> None:
    code, out, _ = cli("kinds")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == PACKAGED_KINDS
    monkeypatch.chdir(EXAMPLES / "custom-kind")
    _, out, _ = cli("kinds")
    line = next(line for line in out.splitlines() if line.startswith("podcast-edit "))
    assert "Podcast edit: Editing a recorded podcast episode" in line
    assert line.endswith("[schemas/kinds/podcast-edit.schema.json]")


def test_schema_for_one_kind(cli) -> None:
    code, out, _ = cli("schema", "bugfix")
    assert code == 0
    schema = json.loads(out)
    assert schema["allOf"] == [{"$ref": "#/$defs/kind.bugfix"}]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_python_dash_m_is_the_same_program() -> None:
    result = run_process("validate", EXAMPLES / "cold-brew-guide.brief.yaml", cwd=REPO)
    assert result.returncode == 0
    assert result.stderr == "1 file OK\n"
    version = run_process("--version")
    assert version.stdout.startswith("outsource-briefs 0.")


#: What validating a spec never loads: the template engine and HTML tools, a format checker
#: specs never use, and the team half and the archive (a hook run over specs starts sooner).
NOT_LOADED_BY_VALIDATE = (
    "jinja2",
    "markdown",
    "nh3",
    "rfc3987_syntax",
    "outsource_briefs.archive",
    "outsource_briefs.reviews",
    "outsource_briefs.results",
    "outsource_briefs.money",
    "outsource_briefs.kpis",
)


def test_validate_does_not_load_the_template_engine_or_the_team_half() -> None:
    result = run_process("validate", EXAMPLES / "cold-brew-guide.brief.yaml")
    assert result.returncode == 0
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom outsource_briefs.cli import entry\nsys.argv[1:] = ['validate', sys.argv[1]]\n"
            "try:\n    entry()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {NOT_LOADED_BY_VALIDATE!r} if sys.modules.get(m)))",
            str(EXAMPLES / "cold-brew-guide.brief.yaml"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "[]"


# At exit the program has frozen what it loaded (the collector skips it), and every output is
# complete: the brief written to a file and the report on standard output.
FROZEN_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen:", gc.get_freeze_count() > 0))
from outsource_briefs.cli import entry
sys.argv[1:] = sys.argv[2:]
entry()
"""


def test_the_program_ends_without_a_last_collection_and_with_every_output_written(tmp_path, cli) -> None:
    brief = tmp_path / "brief.md"
    spec = EXAMPLES / "cold-brew-guide.brief.yaml"
    rendered = subprocess.run(
        [sys.executable, "-c", FROZEN_AT_EXIT, "-", "render", str(spec), "-o", str(brief)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (rendered.returncode, rendered.stdout) == (0, "frozen: True\n")
    assert brief.read_text(encoding="utf-8") == cli("render", str(spec))[1]
    validated = subprocess.run(
        [sys.executable, "-c", FROZEN_AT_EXIT, "-", "validate", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (validated.returncode, validated.stdout, validated.stderr) == (0, "frozen: True\n", "1 file OK\n")


PLACEHOLDERS_AFTER = """
import sys
from outsource_briefs import cli
sys.argv = ["outsource-briefs", "validate", "--no-lint", "examples/cold-brew-guide.brief.yaml"]
try:
    cli.{call}()
except SystemExit:
    pass
blocked = [name for name in cli._UNUSED_FORMAT_CHECKERS if name in sys.modules and sys.modules[name] is None]
print(sorted(blocked))
"""


@pytest.mark.parametrize(
    ("call", "blocked"), [("main", "[]"), ("entry", str(sorted(cli_module._UNUSED_FORMAT_CHECKERS)))]
)
def test_only_the_program_skips_unused_format_checkers(call: str, blocked: str) -> None:
    """The program does without jsonschema's unused format checkers; a caller of main() keeps them."""
    result = subprocess.run(
        [sys.executable, "-c", PLACEHOLDERS_AFTER.format(call=call)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == blocked


def test_folder_without_specs_is_a_usage_error(cli, tmp_path) -> None:
    code, _, err = cli("validate", tmp_path)
    assert code == 2
    assert "no files to check" in err


def test_empty_config_file_is_fine(cli, write) -> None:
    write("outsource-briefs.yaml", "")
    assert cli("validate", write("a.brief.yaml"))[0] == 0


def test_changed_base_file_validates_the_specs_that_extend_it(cli, write) -> None:
    write("outsource-briefs.yaml", "")
    base = write("shared/house.base.yaml", "communication:\n  chanel: Slack\n")
    user = write("briefs/a.brief.yaml", MINIMAL_SPEC + "extends: ../shared/house.base.yaml\n")
    write("briefs/b.brief.yaml")
    code, out, err = cli("validate", "--no-lint", base)
    assert code == 1
    assert f"{base}:2:3: S001 unknown key 'chanel'" in out.replace(str(base.resolve()), str(base))
    assert err == "1 error in 1 file\n"
    assert user.exists()


def test_unused_base_file_is_checked_as_yaml(cli, write) -> None:
    base = write("house.base.yaml", "a: 1\na: 2\n")
    write("a.brief.yaml")
    code, out, _ = cli("validate", base)
    assert code == 1
    assert "Y008" in out


def test_render_failure_says_why_nothing_was_written(cli, write) -> None:
    code, _, err = cli("render", write("a.brief.yaml", MINIMAL_SPEC.replace("EUR", "eur")))
    assert code == 1
    assert err.splitlines()[-1] == (
        "outsource-briefs: nothing was rendered: fix the problems above, then render again"
    )


def test_new_uses_the_kinds_of_the_output_folder(cli, tmp_path) -> None:
    shutil.copytree(EXAMPLES / "custom-kind", tmp_path / "team")
    code, _, err = cli("new", "podcast-edit", "-o", tmp_path / "team" / "episode-43.brief.yaml")
    assert (code, err) == (0, "")
    assert validate_file(tmp_path / "team" / "episode-43.brief.yaml", lint=False) == []


def test_new_checks_the_id(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["new", "generic", "--id", "Bad Id"])
    assert raised.value.code == 2
    assert "is not an id" in capsys.readouterr().err


def test_missing_template_folder_is_a_usage_error(cli, write, tmp_path) -> None:
    spec = write("a.brief.yaml")
    code, _, err = cli("render", spec, "--templates", tmp_path / "nope")
    assert code == 2
    assert "does not exist" in err
    write("outsource-briefs.yaml", "templates: [templatez]\n")
    code, _, err = cli("render", spec)
    assert code == 2
    assert "R014 the templates folder 'templatez' does not exist" in err


def test_output_into_a_missing_folder_names_the_folder(cli, write, tmp_path) -> None:
    code, _, err = cli("render", write("a.brief.yaml"), "-o", tmp_path / "missing" / "brief.md")
    assert code == 2
    assert f"folder {tmp_path / 'missing'} does not exist" in err
    assert ".tmp" not in err


def test_unknown_lint_code_in_the_config(cli, write) -> None:
    write("outsource-briefs.yaml", "lint:\n  disable: [L999]\n")
    code, _, err = cli("validate", write("a.brief.yaml"))
    assert code == 2
    assert "S006 there is no lint rule L999" in err


def test_version_hint_gives_three_numbers(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", MINIMAL_SPEC.replace("version: 1.0.0", "version: 1.0")), lint=False
    )
    assert problems[0].hint == 'YAML read `1.0` as a number; quote it: "1.0.0"'


def test_a_folder_that_does_not_exist_is_a_usage_error(cli, tmp_path) -> None:
    for command in ("validate", "check", "render", "publish", "report"):
        code, out, err = cli(command, tmp_path / "briefs")
        assert (code, out) == (2, ""), command
        assert err.endswith(f"{tmp_path / 'briefs'} does not exist: name a spec file or a folder of specs\n")


def test_two_specs_with_one_id_are_an_error_naming_both(cli, write, tmp_path, monkeypatch) -> None:
    write("outsource-briefs.yaml", "")
    write("briefs/march.brief.yaml")
    write("briefs/april.brief.yaml")  # last month's brief, copied
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("validate", "--no-lint", "briefs")
    assert code == 1
    assert out.splitlines()[::2] == [
        "briefs/april.brief.yaml:1:5: V020 id 'logo-refresh' is also the id of briefs/march.brief.yaml (id)",
        "briefs/march.brief.yaml:1:5: V020 id 'logo-refresh' is also the id of briefs/april.brief.yaml (id)",
    ]
    assert "give each brief its own id" in out
    code, out, _ = cli("check", "briefs")  # no bump is proposed for either copy
    assert (code, [line.split(": ")[1].split()[0] for line in out.splitlines()[::2]]) == (1, ["V020", "V020"])
    code, _, err = cli("publish", "briefs")
    assert code == 1
    assert "V020" in err
    assert not (tmp_path / "briefs-archive").exists()


def test_render_refuses_to_write_over_its_spec_or_any_yaml(cli, write) -> None:
    spec = write("a.brief.yaml")
    for target in (spec, spec.with_name("notes.yaml"), spec.with_name("b.yml")):
        code, _, err = cli("render", spec, "-o", target)
        assert code == 2, target
        assert "would write the brief over a YAML file; name a Markdown file, such as -o" in err
    assert spec.read_text() == MINIMAL_SPEC
    copy = write("plain.txt", MINIMAL_SPEC)
    code, _, err = cli("render", copy, "-o", copy)
    assert (code, err) == (
        2,
        f"outsource-briefs: error: -o {copy} is the spec itself; name another file for the brief\n",
    )


def test_render_several_specs_and_folders_into_a_folder(cli, write, tmp_path, monkeypatch) -> None:
    write("briefs/a.brief.yaml")
    write("briefs/more/b.brief.yaml", MINIMAL_SPEC.replace("id: logo-refresh", "id: sign-refresh"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("render", "briefs", "-o", "out")
    assert code == 0
    assert out == (
        "rendered logo-refresh 1.0.0 -> out/logo-refresh.md\n"
        "rendered sign-refresh 1.0.0 -> out/sign-refresh.md\n"
    )
    assert '\nid: "sign-refresh"\n' in (tmp_path / "out" / "sign-refresh.md").read_text()
    code, _, err = cli("render", "briefs/a.brief.yaml", "briefs/more/b.brief.yaml")
    assert code == 2
    assert "2 briefs to render: name a folder for them with -o" in err
    assert cli("render", "briefs/a.brief.yaml", "--to", "html", "-o", "pages/")[0] == 0
    assert (tmp_path / "pages" / "logo-refresh.html").read_text().startswith("<!DOCTYPE html>")


def test_publish_checks_every_spec_first_and_publishes_none_when_one_is_invalid(
    cli, write, tmp_path, monkeypatch
) -> None:
    write("outsource-briefs.yaml", "")
    write("a.brief.yaml")
    write("b.brief.yaml", MINIMAL_SPEC.replace("id: logo-refresh", "id: b").replace("EUR", "eur"))
    write(
        "c.brief.yaml",
        MINIMAL_SPEC.replace("id: logo-refresh", "id: c").replace("model: fixed", "model: hourly"),
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("publish", "a.brief.yaml", "b.brief.yaml", "c.brief.yaml")
    assert (code, out) == (1, "")
    assert "b.brief.yaml:20:13: S007" in err
    assert "c.brief.yaml:17:1: S010" in err
    assert (
        err.splitlines()[-1]
        == "outsource-briefs: nothing was published: fix the problems above, then publish again"
    )
    assert "rendering" not in err
    assert not (tmp_path / "briefs-archive").exists()
    write("b.brief.yaml", MINIMAL_SPEC.replace("id: logo-refresh", "id: b"))
    write("c.brief.yaml", MINIMAL_SPEC.replace("id: logo-refresh", "id: c"))
    code, out, _ = cli("publish", ".")
    assert code == 0
    assert out == (
        "published logo-refresh 1.0.0 -> briefs-archive/logo-refresh/1.0.0.md\n"
        "published b 1.0.0 -> briefs-archive/b/1.0.0.md\npublished c 1.0.0 -> briefs-archive/c/1.0.0.md\n"
    )


def test_printed_paths_are_relative_to_the_current_folder(cli, write, tmp_path, monkeypatch) -> None:
    write("outsource-briefs.yaml", "")
    write("shared/house.base.yaml", "communication:\n  chanel: Slack\n")
    write("briefs/a.brief.yaml", MINIMAL_SPEC + "extends: ../shared/house.base.yaml\n")
    monkeypatch.chdir(tmp_path)
    for given in ("shared/house.base.yaml", str(tmp_path / "shared" / "house.base.yaml")):
        code, out, _ = cli("validate", "--no-lint", "--format", "github", given)
        assert code == 1
        assert out.startswith("::error file=shared/house.base.yaml,line=2,col=3,")
        assert str(tmp_path) not in out


def test_the_hook_shows_the_warnings_of_a_review_cut_short(cli, write, tmp_path) -> None:
    review = write("r.review.yaml", "note: The logo is small (around #3 on the sheet)\n")
    code, out, _ = cli("validate", review)
    assert code == 1  # the review itself is incomplete
    assert f"{review}:1:7: L014 warning: the value ends at 'The logo is small (around'" in out
    roster = write("team/mei.contractor.yaml", "id: mei\nname: Mei Tanaka #2\n")
    code, out, _ = cli("validate", roster)
    assert code == 0
    assert f"{roster}:2:7: L014 warning: the value ends at 'Mei Tanaka'" in out
    assert cli("validate", "--no-lint", roster)[1] == ""
    results = write("r.results.yaml", "note: Sign-ups rose (around #3 in the region)\n")
    code, out, _ = cli("validate", results)
    assert code == 1  # the results file itself is incomplete
    assert f"{results}:1:7: L014 warning: the value ends at 'Sign-ups rose (around'" in out


def test_every_command_and_option_says_what_it_does() -> None:
    parser = cli_module._parser()
    pending = [parser]
    while pending:
        current = pending.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help, f"{current.prog} {choice.dest}"
                pending.extend(action.choices.values())
            else:
                assert action.help, f"{current.prog} {action.dest}"


def test_new_help_lists_the_kinds(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["new", "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "\nkinds:\n" in out
    for kind in PACKAGED_KINDS:
        assert f"\n  {kind} " in out


def test_feedback_shows_a_note_cut_short_before_writing(cli, tmp_path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    review = tmp_path / "examples" / "reviews" / "autumn-menu-board-round-1.review.yaml"
    text = review.read_text()
    cut = "  - note: Correct the Cappuccino and Banana bread prices (around #2 on the board)\n"
    review.write_text(
        text.replace(
            "  - note: Correct the Cappuccino and Banana bread prices and add",
            cut + "    severity: suggestion\n  - note: And add",
            1,
        )
    )
    code, out, err = cli("feedback", review)
    assert code == 0
    assert "L014 warning: the value ends at 'Correct the Cappuccino and Banana bread prices (around'" in err
    assert "Correct the Cappuccino and Banana bread prices (around" in out


def test_ctrl_c_stops_with_a_message_and_no_traceback(cli, write, monkeypatch) -> None:
    def interrupted(self, spec, brief) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Archive, "publish", interrupted)
    code, out, err = cli("publish", write("a.brief.yaml"))
    assert (code, out, err) == (cli_module.EXIT_INTERRUPTED, "", "outsource-briefs: interrupted\n")


# Imports first (an interrupt while Python starts is Python's), then says it is ready.
READY_THEN_RUN = """
import sys
import outsource_briefs.cli, outsource_briefs.render, outsource_briefs.validate, jsonschema
sys.stderr.write("ready\\n")
sys.stderr.flush()
raise SystemExit(outsource_briefs.cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_interrupt_while_checking_is_reported_without_a_traceback(write, tmp_path) -> None:
    items = "".join(f"  - Item {index}\n" for index in range(15_000))
    for index in range(40):
        write(f"specs/s{index}.brief.yaml", MINIMAL_SPEC + "definition_of_done:\n" + items)
    child = subprocess.Popen(
        [sys.executable, "-c", READY_THEN_RUN, "validate", str(tmp_path / "specs")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    assert child.stderr.readline() == "ready\n"
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == cli_module.EXIT_INTERRUPTED, err
    assert err == "outsource-briefs: interrupted\n"
