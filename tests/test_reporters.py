"""Printing problems: text lines editors parse, JSON, GitHub annotations, the summary."""

from __future__ import annotations

import json
import re

import pytest

from outsource_briefs.archive import Change, VersionDiff
from outsource_briefs.errors import Problem
from outsource_briefs.reporters import (
    FORMATTERS,
    format_diff,
    format_github,
    format_json,
    format_text,
    summary,
)

ERROR = Problem(
    "a.brief.yaml", 3, 8, "/timeline/due", "S004", "error", "'due' must have a UTC offset", "add +01:00"
)
WARNING = Problem("a.brief.yaml", 5, 1, "/objective", "L001", "warning", "'modern, 50%' is vague", "")


def test_text_lines_and_hints() -> None:
    assert format_text([ERROR, WARNING]) == (
        "a.brief.yaml:3:8: S004 'due' must have a UTC offset (timeline.due)\n"
        "    hint: add +01:00\n"
        "a.brief.yaml:5:1: L001 warning: 'modern, 50%' is vague (objective)\n"
    )
    assert format_text([]) == ""


def test_json_has_every_field() -> None:
    assert json.loads(format_json([ERROR])) == [
        {
            "file": "a.brief.yaml",
            "line": 3,
            "column": 8,
            "pointer": "/timeline/due",
            "code": "S004",
            "severity": "error",
            "message": "'due' must have a UTC offset",
            "hint": "add +01:00",
        }
    ]


def test_github_annotations_escape_their_separators() -> None:
    lines = format_github([ERROR, WARNING]).splitlines()
    assert lines[0] == (
        "::error file=a.brief.yaml,line=3,col=8,title=S004::"
        "'due' must have a UTC offset (timeline.due)%0Ahint: add +01:00"
    )
    assert lines[1].startswith(
        "::warning file=a.brief.yaml,line=5,col=1,title=L001::'modern, 50%25' is vague"
    )


def test_summary() -> None:
    assert summary([], 3) == "3 files OK"
    assert summary([ERROR], 1) == "1 error in 1 file"
    assert summary([ERROR, ERROR, WARNING], 2) == "2 errors and 1 warning in 2 files"


def test_every_format_has_a_formatter() -> None:
    assert set(FORMATTERS) == {"text", "json", "github"}
    assert FORMATTERS["json"]([ERROR]) == format_json([ERROR])


def test_diff_as_text_lists_fields_then_the_brief_diff() -> None:
    changes = [
        Change("/budget/amount", "changed", 450, 500),
        Change("/scope/in/2", "added", new="A" * 200),
        Change("/kpis", "removed", old=[{"name": "Sign-ups"}]),
    ]
    diff = VersionDiff("1.0.0", "2.0.0", changes, "--- a\n+++ b\n", spec_id="logo")
    assert format_diff(diff) == (
        "3 field changes from 1.0.0 to 2.0.0:\n"
        "  changed  budget.amount: 450 -> 500\n"
        f'  added    scope.in[2]: "{"A" * 96}...\n'
        '  removed  kpis: [{"name": "Sign-ups"}]\n'
        "\n--- a\n+++ b\n"
    )
    assert json.loads(format_diff(diff, "json"))["changes"][0] == {
        "pointer": "/budget/amount",
        "change": "changed",
        "old": 450,
        "new": 500,
    }


def test_diff_without_the_fields_shows_the_brief_diff_alone() -> None:
    assert format_diff(VersionDiff("a.md", "b.md", None, "-x\n+y\n")) == "-x\n+y\n"


# A file name with a window-title sequence and a line that would start a workflow command, a
# message with a forged problem line, a colour sequence, an 8-bit CSI and a bidi override, a
# hint with the runner's older command form.
HOSTILE = Problem(
    "::warning::x\x1b]0;owned\x07\n.brief.yaml",
    2,
    3,
    "/a\nb",
    "S001",
    "error",
    "unknown key 'a\nb.brief.yaml:1:1: S002 forged\x1b[8m'\x9b2J\u202eeulav\u2028",
    "did you mean ##[add-mask]x or\r\n::stop-commands::t?",
)
TERMINAL_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_no_format_prints_a_control_character_or_a_workflow_command(name: str) -> None:
    output = FORMATTERS[name]([HOSTILE, ERROR])
    assert TERMINAL_CONTROL.search(output) is None
    assert "##[" not in output
    lines = output.splitlines()
    assert len(lines) == {"text": 4, "github": 2, "json": len(lines)}[name]
    for line in lines:
        stripped = line.lstrip()
        assert not stripped.startswith("::") or stripped.startswith(("::error file=", "::warning file="))


def test_text_and_annotations_show_the_hostile_strings_as_escapes() -> None:
    text_line, hint_line = format_text([HOSTILE]).splitlines()
    assert text_line == (
        "\\x3a:warning::x\\x1b]0;owned\\x07\\n.brief.yaml:2:3: S001 unknown key 'a\\nb.brief.yaml:1:1: S002 "
        "forged\\x1b[8m'\\x9b2J\\u202eeulav\\u2028 (a\\nb)"
    )
    assert hint_line == "    hint: did you mean ##\\x5badd-mask]x or\\r\\n::stop-commands::t?"
    annotation = format_github([HOSTILE])
    assert annotation.startswith("::error file=%3A%3Awarning%3A%3Ax\\x1b]0;owned\\x07\\n.brief.yaml,line=2,")


def test_json_reads_back_to_the_hostile_strings() -> None:
    assert json.loads(format_json([HOSTILE])) == [HOSTILE.to_dict()]


def test_diff_lines_show_control_characters_as_escapes_and_keep_tabs() -> None:
    diff = VersionDiff(
        "1.0.0",
        "1.1.0",
        [Change("/title", "changed", old="a\x1b[2J", new="b\u202e")],
        "--- a.md\n+++ b.md\n@@ -1 +1 @@\n-\tOld \x1b]0;x\x07\n+ ::error::forged ##[add-mask]y\n",
    )
    text = format_diff(diff)
    assert TERMINAL_CONTROL.search(text.replace("\t", "")) is None
    assert text.splitlines()[1] == '  changed  title: "a\\u001b[2J" -> "b\\u202e"'
    assert text.splitlines()[-2:] == ["-\tOld \\x1b]0;x\\x07", "+ ::error::forged ##\\x5badd-mask]y"]
    assert json.loads(format_diff(diff, "json"))["changes"][0]["new"] == "b\u202e"
