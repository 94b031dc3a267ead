"""The clarity lint: each rule finds its smell at its line and stays quiet on clear briefs."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL_SPEC, example_specs
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from outsource_briefs import ConfigError, limits, load_spec, validate_file, validate_spec
from outsource_briefs.cli import main as cli_main
from outsource_briefs.errors import CODES
from outsource_briefs.lint import (
    _INVISIBLE,
    _LINE_BREAK,
    RULES,
    UNCHECKABLE,
    UNCHECKABLE_TRIGGERS,
    WORD_RULES,
    LintContext,
    WordRule,
    _holds_phrase,
    _Joined,
    _phrases,
    _Sources,
    _without_case,
    comment_cuts,
    lint_spec,
)
from outsource_briefs.yaml_loader import SourceMap, parse_yaml

TODAY = date(2026, 11, 27)
LINT = Path(__file__).parent / "data" / "lint"
GOOD = sorted((LINT / "good").glob("*.brief.yaml"))
VAGUE = sorted((LINT / "vague").glob("*.brief.yaml"))
# MINIMAL_SPEC lacks the recommended sections; these keep L012 out of the single-rule tests.
COMPLETE = MINIMAL_SPEC + (
    "scope:\n  out: [Printing]\nescalation:\n  contact: Ana Ribeiro\nreview:\n  reviewer: Ana Ribeiro\n"
    "kpis:\n  - {id: sign-ups, name: Loyalty sign-ups in January, target: {at_least: 120, by: 2027-01-31}}\n"
)
AFTER_COMPLETE = COMPLETE.count("\n") + 1  # the first line written after COMPLETE


def lint(
    write, extra: str = "", *, base: str = COMPLETE, name: str = "a.brief.yaml"
) -> list[tuple[str, int]]:
    problems = validate_file(write(name, base + extra), today=TODAY)
    assert all(p.severity == "warning" for p in problems), problems
    return [(p.code, p.line) for p in problems]


def expected_marks(path: Path) -> Counter[tuple[str, int]]:
    marks: Counter[tuple[str, int]] = Counter()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        found = re.search(r"# expect: ((?:L\d{3} ?)+)$", line)
        for code in found.group(1).split() if found else []:
            marks[(code, number)] += 1
    return marks


@pytest.mark.parametrize("path", [*example_specs(), *GOOD], ids=lambda p: p.name)
def test_clear_briefs_get_no_warning(path: Path) -> None:
    assert validate_file(path, today=TODAY) == []


@pytest.mark.parametrize("path", VAGUE, ids=lambda p: p.name)
def test_each_smell_is_reported_at_its_own_line(path: Path) -> None:
    found = Counter((p.code, p.line) for p in validate_file(path, today=TODAY))
    assert found == expected_marks(path)


def test_every_rule_is_registered_and_documented() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert CODES[rule.code] == rule.title


def test_the_vague_set_covers_every_rule() -> None:
    covered = {code for path in VAGUE for code, _ in expected_marks(path)}
    assert covered == {rule.code for rule in RULES}


@pytest.mark.parametrize(
    ("code", "bad", "good"),
    [
        ("L001", "objective: A modern page\n", "objective: A page that loads in under 2 seconds\n"),
        ("L001", "objective: Make the site fast\n", "objective: 'Make the site fast: under 1.5 s on 4G'\n"),
        ("L002", "audience: Cafés, bakeries etc.\n", "audience: Cafés and bakeries in Lisbon\n"),
        ("L002", "objective: Add photos as appropriate\n", "objective: Add one photo per section\n"),
        ("L003", "objective: Write a short intro\n", "objective: Write an intro of at most 80 words\n"),
        ("L003", "objective: Add several quotes\n", "objective: Add 3 to 5 quotes\n"),
        ("L003", "objective: Keep it long\n", "objective: The shop is no longer open on Sundays\n"),
        ("L004", "objective: We need it ASAP\n", "objective: We need it by 2026-12-18\n"),
        (
            "L004",
            "objective: Send it by Friday\n",
            "objective: Send it by Friday 18 December, 17:00 Lisbon time\n",
        ),
        ("L005", "objective: Budget TBD\n", "objective: The budget is fixed\n"),
        ("L005", "objective: '[insert goal here]'\n", "objective: 'Sell 20% more beans [Lisbon shop]'\n"),
        (
            "L006",
            "objective: Same style as discussed\n",
            "objective: Same style as https://example.com/style\n",
        ),
        ("L007", "objective: 'The password is Summer2026!'\n", "objective: The password is in the vault\n"),
        (
            "L007",
            "objective: Token ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
            "objective: Token stored in 1Password\n",
        ),
        (
            "L007",
            "objective: Use kX9fQ2mZ7pL4vB8nR1tY6wE3uC5sD0aH\n",
            "objective: Use the Shop-Admin-Staging entry\n",
        ),
        ("L008", 'objective: "Pay\\u202Eto\\u202C the supplier"\n', "objective: Pay the supplier\n"),
        (
            "L008",
            'objective: "Pay the supplier — 5 €\\u200B"\n',
            "objective: Pay the supplier — 5 € (text beyond Latin-1, nothing invisible)\n",
        ),
        ("L014", "objective: Post in the #general channel\n", "objective: 'Post in the #general channel'\n"),
    ],
)
def test_rule_positive_and_negative(write, code: str, bad: str, good: str) -> None:
    assert [found for found, _ in lint(write, bad)] == [code]
    assert lint(write, good) == []


@pytest.mark.parametrize("path", VAGUE, ids=lambda path: path.stem)
@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_findings_are_located_alike_whatever_ends_the_lines(write, path: Path, line_end: str) -> None:
    text = path.read_text(encoding="utf-8")
    found = {
        end: [
            (p.code, p.line, p.column)
            for p in validate_file(write(f"{end!r}/{path.name}", text.replace("\n", end)), today=TODAY)
        ]
        for end in ("\n", line_end)
    }
    assert found[line_end] == found["\n"]
    assert found["\n"]


@pytest.mark.parametrize("rule", WORD_RULES, ids=lambda rule: rule.code)
def test_a_text_in_ascii_holds_a_phrase_exactly_when_the_rule_would_find_it(rule: WordRule) -> None:
    extra = (re.escape("asap-ish"), re.escape("c++ guru"))
    words = _phrases((*rule.patterns, *extra))
    assert _without_case(words) is not None
    assert _without_case(_phrases((*rule.patterns, re.escape("ASAP-ish")))) is None  # not lower case
    assert _without_case(_phrases((*rule.patterns, r"\S+"))) is None  # \s would mean the opposite
    assert _without_case(_phrases((*rule.patterns, "straße"))) is None
    for bound_to_case in (r"\x41bc", r"\101bc", r"\u0041bc", "(?-i:abc)"):
        assert _without_case(_phrases((*rule.patterns, bound_to_case))) is None, bound_to_case
    # A global flag can only open a pattern of its own.
    assert _without_case(re.compile("(?i)abc", re.IGNORECASE | re.MULTILINE)) is None
    phrases = [*(word for word in rule.triggers), "asap-ish", "c++ guru", "strasse", "straße"]
    texts = [
        shape.format(phrase.upper() if upper else phrase.title())
        for phrase in phrases
        for upper in (False, True)
        for shape in ("{}", "Make it {}.", "x{}", "{}-y", "re-{}", "{}_z", "a\n{} b", "é {}")
    ]
    for text in texts:
        assert _holds_phrase(words, text) == (words.search(text) is not None), text


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 2\n",
        "a: 1\nb: 2",
        "",
        "a: 1\r\nb: 2\r\n",
        "a: 1\rb: 2\r",
        "a: x\u2028y\nb: z\n",
        "a: x\x85y\nb: z\n",
        "a: x\u2029y\n\nb: é\n",
    ],
)
def test_line_starts_are_where_each_line_break_ends(text: str) -> None:
    sources = _Sources(SourceMap(texts={"a.yaml": text}))
    assert sources.line_starts("a.yaml") == [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def test_every_invisible_character_lies_beyond_latin_1() -> None:
    # A text within Latin-1 is not searched for them (see _holding_invisible).
    assert not [chr(code) for code in range(0x100) if _INVISIBLE.match(chr(code))]


def test_measurable_phrases_from_the_issue_are_quiet(write) -> None:
    criteria = (
        "acceptance_criteria:\n"
        "  - The keyword appears, but never in the first 300 words\n"
        "  - The logo appears at most twice per page\n"
        "  - Questions are answered within 2 business days\n"
        "  - The fix adds no new runtime dependency\n"
    )
    base = COMPLETE.replace("acceptance_criteria:\n  - The logo is legible at 32 by 32 pixels\n", criteria)
    assert lint(write, base=base) == []


def test_timeline_rules(write) -> None:
    spec = COMPLETE.replace("timeline:\n", "timeline:\n  start: 2027-02-01\n")
    assert lint(write, base=spec) == [("L009", 17)]
    on_time = "  milestones:\n    - {name: Draft, due: 2027-01-10T09:00:00+00:00}\n"
    assert lint(write, base=COMPLETE.replace("  due: 2027-01-15", on_time + "  due: 2027-01-15")) == []
    late = on_time.replace("2027-01-10", "2027-02-01")
    assert lint(write, base=COMPLETE.replace("  due: 2027-01-15", late + "  due: 2027-01-15")) == [
        ("L009", 17)
    ]
    past = COMPLETE.replace("2027-01-15T17:00:00+00:00", "2026-11-26T17:00:00+00:00")
    assert lint(write, base=past) == [("L010", 16)]


def test_budget_rules(write) -> None:
    hourly = COMPLETE.replace(
        "model: fixed\n  amount: 300", "model: hourly\n  rate: 30\n  max_hours: 10\n  amount: 300"
    )
    assert lint(write, base=hourly) == []
    assert lint(write, base=hourly.replace("amount: 300", "amount: 250")) == [("L011", 21)]
    assert lint(write, base=hourly.replace("  max_hours: 10\n", "")) == [("L011", 17)]


def test_a_team_kind_declares_its_recommended_sections(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write(
        "schemas/kinds/flyer.schema.json",
        '{"title": "Flyer", "x-recommended": '
        '[{"pointer": "/details/bleed", "what": "bleed size", "why": "printers need it"}]}',
    )
    spec = write("a.brief.yaml", COMPLETE.replace("kind: generic", "kind: flyer"))
    problems = validate_file(spec, today=TODAY)
    assert [(p.code, p.pointer, p.message, p.hint) for p in problems] == [
        (
            "L012",
            "/details/bleed",
            "the brief has no bleed size (`details.bleed`)",
            "add one: printers need it",
        )
    ]


@pytest.mark.parametrize(
    "declared",
    ['"examples"', '[{"pointer": "examples", "what": "x", "why": "y"}]', '[{"pointer": "/x", "what": "x"}]'],
)
def test_a_malformed_recommended_list_is_a_schema_error(write, declared: str) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write("schemas/kinds/flyer.schema.json", '{"x-recommended": ' + declared + "}")
    with pytest.raises(ConfigError) as raised:
        validate_file(write("a.brief.yaml", COMPLETE.replace("kind: generic", "kind: flyer")))
    assert [(p.code, p.pointer) for p in raised.value.problems] == [("S012", "/x-recommended")]


def test_recommended_sections_per_kind(write) -> None:
    problems = validate_file(write("a.brief.yaml", MINIMAL_SPEC), today=TODAY)
    assert [p.message for p in problems] == [
        "the brief has no escalation contact (`escalation.contact`)",
        "the brief has no KPIs (`kpis`)",
        "the brief has no review plan (`review`)",
        "the brief has no out-of-scope list (`scope.out`)",
    ]
    assert [p.pointer for p in problems] == ["/escalation/contact", "/kpis", "/review", "/scope/out"]
    assert {(p.code, p.line) for p in problems} == {("L012", 4)}
    article = (
        COMPLETE.replace("kind: generic", "kind: article") + "details:\n  word_count: {min: 500, max: 700}\n"
    )
    messages = [p.message for p in validate_file(write("b.brief.yaml", article), today=TODAY)]
    assert messages == [
        "the brief has no examples (`examples`)",
        "the brief has no number of revision rounds (`revisions.rounds`)",
    ]


def test_uncheckable_criteria(write) -> None:
    spec = COMPLETE.replace("The logo is legible at 32 by 32 pixels", "The logo looks good to the team")
    assert lint(write, base=spec) == [("L013", 14)]
    spec = COMPLETE.replace("The logo is legible at 32 by 32 pixels", "The logo works correctly")
    assert lint(write, base=spec) == [("L013", 14)]


def test_phrase_is_located_inside_a_folded_block(write) -> None:
    text = "background: >-\n  We sell beans online.\n  Customers want several\n  recipes.\n"
    problems = validate_file(write("a.brief.yaml", COMPLETE + text), today=TODAY)
    assert [(p.code, p.line, p.column) for p in problems] == [("L003", 31, 18)]


def test_problem_in_a_base_file_is_reported_there(write) -> None:
    write("house.base.yaml", "standards:\n  do:\n    - Keep it short\n")
    problems = validate_file(write("a.brief.yaml", COMPLETE + "extends: house.base.yaml\n"), today=TODAY)
    assert [(Path(p.file).name, p.line, p.code) for p in problems] == [("house.base.yaml", 3, "L003")]


def test_config_disables_rules_and_adds_or_allows_words(write) -> None:
    text = "objective: A modern page with a vibe that is synergistic\n"
    assert lint(write, text) == [("L001", 29)]
    write("outsource-briefs.yaml", "lint:\n  warn_words: [synergistic]\n")
    assert lint(write, text, name="b.brief.yaml") == [("L001", 29), ("L001", 29)]
    write("outsource-briefs.yaml", "lint:\n  allow_words: [modern]\n")
    assert lint(write, text, name="c.brief.yaml") == []
    write("outsource-briefs.yaml", "lint:\n  disable: [L001]\n")
    assert lint(write, text, name="d.brief.yaml") == []


def test_inline_comment_silences_its_line(write) -> None:
    text = "objective: A modern page  # outsource-briefs: disable=L001\naudience: Cafés etc.\n"
    assert lint(write, text) == [("L002", 30)]
    text = "objective: A modern page, ASAP  # outsource-briefs: disable=L001, L004\n"
    assert lint(write, text) == []


def test_lint_can_be_skipped(write) -> None:
    spec = load_spec(write("a.brief.yaml", COMPLETE + "objective: A modern page\n"))
    assert validate_spec(spec, lint=False, today=TODAY) == []
    assert [p.code for p in validate_spec(spec, today=TODAY)] == ["L001"]


def test_strict_and_no_lint_on_the_command_line(write, cli) -> None:
    path = write("a.brief.yaml", COMPLETE + "objective: A modern page\n")
    code, out, err = cli("validate", path)
    assert code == 0
    assert "L001 warning: 'modern' means different things to different people (objective)" in out
    assert err == "1 warning in 1 file\n"
    assert cli("validate", "--strict", path)[0] == 1
    assert cli("validate", "--no-lint", "--strict", path)[:2] == (0, "")


def test_the_changelog_is_history_not_instructions(write) -> None:
    history = (
        "changelog:\n  - version: 1.0.0\n    date: 2026-12-01\n"
        "    changes: [Made it urgent, as discussed, with some modern colours etc.]\n"
    )
    assert lint(write, history) == []
    instructions = "background: Urgent, as discussed, with some modern colours etc.\n"
    assert sorted(code for code, _ in lint(write, instructions)) == ["L001", "L002", "L003", "L004", "L006"]


def test_lint_reads_no_file_the_loader_has_read(write, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_spec(
        write("a.brief.yaml", COMPLETE + "background: Make it pop.  # outsource-briefs: disable=L001\n")
    )
    monkeypatch.setattr(Path, "read_text", lambda *args, **kwargs: pytest.fail("read a file again"))
    monkeypatch.setattr(Path, "open", lambda *args, **kwargs: pytest.fail("opened a file again"))
    assert lint_spec(spec, today=TODAY) == []


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [(rule, pattern) for rule in WORD_RULES for pattern in rule.patterns],
    ids=lambda value: value.code if isinstance(value, WordRule) else value,
)
def test_every_match_of_a_word_rule_holds_one_of_its_trigger_words(rule: WordRule, pattern: str) -> None:
    """Values are only searched when they hold a trigger word: the triggers must cover every match."""

    @settings(max_examples=50, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))
    def holds_a_trigger(text: str) -> None:
        assert rule.may_match(text), text

    holds_a_trigger()


def test_extra_warn_words_trigger_the_subjective_rule() -> None:
    subjective = next(rule for rule in WORD_RULES if rule.code == "L001")
    assert not subjective.may_match("a synergistic launch")
    assert subjective.may_match("a synergistic launch", warn_words=("synergistic launch",))


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-03-28T17:00:00+00:00", None),  # London, the day before summer time
        ("2026-03-30T17:00:00+00:00", ("+00:00", "+01:00", "18:00", "2026-03-30T17:00:00+01:00")),
        ("2026-10-24T17:00:00+01:00", None),  # the day before winter time
        ("2026-10-26T17:00:00+01:00", ("+01:00", "+00:00", "16:00", "2026-10-26T17:00:00+00:00")),
        ("2026-12-18T17:00:00+01:00", ("+01:00", "+00:00", "16:00", "2026-12-18T17:00:00+00:00")),
    ],
)
def test_a_deadline_off_the_owner_zone_that_day_is_reported(write, due: str, expected) -> None:
    spec = COMPLETE.replace("Europe/Lisbon", "Europe/London").replace("2027-01-15T17:00:00+00:00", due)
    problems = [
        p for p in validate_file(write("a.brief.yaml", spec), today=date(2026, 1, 1)) if p.code == "L021"
    ]
    if expected is None:
        assert problems == []
        return
    written, owners, at_home, fixed = expected
    [problem] = problems
    assert (problem.line, problem.pointer) == (16, "/timeline/due")
    assert problem.message == (
        f"{written} is not the offset of Europe/London on {due[:10]} ({owners}): "
        f"this deadline is {at_home} there, not 17:00"
    )
    assert problem.hint == f"if you mean 17:00 in Europe/London, write `due: {fixed}`"


@pytest.mark.parametrize(
    ("due", "offsets"),
    [
        ("9999-12-31T23:59:59-12:00", "-12:00 is not the offset of Europe/Lisbon on 9999-12-31 (+00:00)"),
        ("0001-01-01T00:00:00+14:00", "+14:00 is not the offset of Europe/Lisbon on 0001-01-01 (-00:37)"),
    ],
)
def test_a_deadline_at_the_ends_of_the_calendar_is_reported_without_its_time_there(
    write, due: str, offsets: str
) -> None:
    spec = COMPLETE.replace("2027-01-15T17:00:00+00:00", due)
    [problem] = [p for p in validate_file(write("a.brief.yaml", spec), today=TODAY) if p.code == "L021"]
    assert problem.message == offsets  # the day it falls on in Lisbon is not in the calendar
    assert problem.hint.startswith(f"if you mean {due[11:16]} in Europe/Lisbon, write `due: {due[:19]}")


def test_a_deadline_in_the_contractor_zone_is_deliberate(write) -> None:
    spec = COMPLETE.replace("2027-01-15T17:00:00+00:00", "2027-01-15T17:00:00+09:00")
    assert "L021" in [p.code for p in validate_file(write("a.brief.yaml", spec), today=TODAY)]
    theirs = spec + "contractor: {name: Mei Tanaka, timezone: Asia/Tokyo}\n"
    assert "L021" not in [p.code for p in validate_file(write("b.brief.yaml", theirs), today=TODAY)]


def test_milestones_are_checked_too(write) -> None:
    spec = COMPLETE.replace(
        "  due: 2027-01-15T17:00:00+00:00\n",
        "  due: 2027-01-15T17:00:00+00:00\n"
        "  milestones:\n    - {name: Sketch, due: 2027-01-08T17:00:00+01:00}\n",
    )
    problems = [p for p in validate_file(write("a.brief.yaml", spec), today=TODAY) if p.code == "L021"]
    assert [p.pointer for p in problems] == ["/timeline/milestones/0/due"]


@pytest.mark.parametrize("kind", ["design", "recurring-va"])
def test_values_left_from_the_skeleton_are_reported(write, kind: str) -> None:
    tmp_spec = write("a.brief.yaml").with_name("new.brief.yaml")
    assert cli_main(["new", kind, "--id", "mine", "-o", str(tmp_spec)]) == 0
    text = tmp_spec.read_text()
    flagged = {p.pointer for p in validate_file(tmp_spec, today=TODAY) if p.code == "L020"}
    assert {"/title", "/outcome", "/owner/name", "/acceptance_criteria/0", "/timeline/due"} <= flagged
    assert "/id" not in flagged  # --id gave it its own
    own = text.replace(load_spec(tmp_spec).data["title"], "Our own title")
    tmp_spec.write_text(own)
    assert "/title" not in {p.pointer for p in validate_file(tmp_spec, today=TODAY) if p.code == "L020"}


def test_common_values_shared_with_the_example_are_not_reported(write) -> None:
    spec = COMPLETE.replace("format: SVG and PNG", "format: Google Sheet").replace(
        "currency: EUR", "currency: GBP"
    )
    assert "L020" not in [p.code for p in validate_file(write("a.brief.yaml", spec), today=TODAY)]


def test_comment_cuts_in_a_file_that_is_not_a_spec() -> None:
    document = parse_yaml(
        "note: The logo is small (around #3 on the sheet)\nfixed: 'a #b'\n", "r.review.yaml"
    )
    [problem] = comment_cuts(document)
    assert (problem.code, problem.severity, problem.line, problem.column) == ("L014", "warning", 1, 7)
    assert (
        problem.message
        == "the value ends at 'The logo is small (around': the text after ' #' is read as a comment"
    )


def test_every_match_of_an_uncheckable_phrase_holds_one_of_its_trigger_words() -> None:
    """Criteria are only searched for uncheckable phrases when they hold one of these words."""
    for pattern in UNCHECKABLE:

        @settings(max_examples=30, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
        @given(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))
        def holds_a_trigger(text: str) -> None:
            assert not set(re.findall("[a-z0-9]+", text.lower())).isdisjoint(UNCHECKABLE_TRIGGERS), text

        holds_a_trigger()


FRAGMENTS = (
    "etc.", "as needed", "as discussed", "modern", "Make it pop", "a few", "short", "no longer", "ASAP",
    "by Friday", "12:00", "2 pages", "TBD", "[insert name]", "<insert logo>", "???", "xxx", "lorem ipsum",
    "password: Abc123!x", "ghp_" + "a1" * 20, "AKIA" + "B" * 16, "kX9fQ2mZ7pL4vB8nR1tY6wE3uC5sD0aH",
    "token sk-live-" + "0a1b2c3d" * 4, "key " + "9f8e7d6c5b4a3928" * 2, "xoxe-" + "1a" * 8, "Modern Rye",
    "https://example.com/a", "\u200b", "looks good", "works well", "quickly", "synergistic",
)  # fmt: skip


@settings(max_examples=60, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from([" ", ". ", ", ", "\n", "-", "/", ""])),
            min_size=1,
            max_size=6,
        ).map(lambda parts: "".join(fragment + joint for fragment, joint in parts).strip() or "x"),
        min_size=4,
        max_size=4,
    )
)
def test_looking_only_at_candidates_misses_no_finding(tmp_path_factory, texts: list[str]) -> None:
    """The one pass that picks the strings each rule looks at drops nothing the rule would find
    if it looked at every string."""
    folder = tmp_path_factory.mktemp("spec")
    (folder / "outsource-briefs.yaml").write_text("lint:\n  warn_words: [synergistic, ':-)']\n")
    criteria = "acceptance_criteria:\n  - The logo is legible at 32 by 32 pixels\n"
    extra = (
        f"objective: {json.dumps(texts[0])}\nbackground: {json.dumps(texts[1])}\n"
        f"standards: {{do: [{json.dumps(texts[2])}]}}\nacceptance_criteria: [{json.dumps(texts[3])}]\n"
    )
    path = folder / "a.brief.yaml"
    path.write_text(COMPLETE.replace(criteria, "") + extra)
    spec = load_spec(path)
    found = lint_spec(spec, today=TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LintContext, "candidates", lambda self, code: self.scan.strings.entries())
        everything = lint_spec(spec, today=TODAY)
    assert sorted(map(str, found)) == sorted(map(str, everything))


def test_each_occurrence_of_a_phrase_is_located_where_it_is(write) -> None:
    text = "background: >-\n  Cafés etc. Bakeries\n  etc. and shops etc.\n  as\n  needed.\n"
    problems = validate_file(write("a.brief.yaml", COMPLETE + text), today=TODAY)
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("L002", AFTER_COMPLETE + 1, 9),
        ("L002", AFTER_COMPLETE + 2, 3),
        ("L002", AFTER_COMPLETE + 2, 18),
        ("L002", AFTER_COMPLETE + 3, 3),
    ]


def test_a_word_inside_a_longer_word_is_not_where_a_finding_points(write) -> None:
    problems = validate_file(
        write("a.brief.yaml", COMPLETE + "background: Breakfast menus load fast\n"), today=TODAY
    )
    assert [(p.code, p.line, p.column) for p in problems] == [("L001", AFTER_COMPLETE, 34)]


def test_a_rule_reports_at_most_its_limit_in_one_file(write) -> None:
    items = "".join(f"  - Item {index}, etc.\n" for index in range(limits.MAX_FINDINGS_PER_RULE + 5))
    problems = validate_file(write("a.brief.yaml", COMPLETE + "definition_of_done:\n" + items), today=TODAY)
    assert len(problems) == limits.MAX_FINDINGS_PER_RULE + 1
    assert {p.code for p in problems} == {"L002"}
    last = problems[-1]
    assert (last.line, last.pointer) == (
        AFTER_COMPLETE + 1 + limits.MAX_FINDINGS_PER_RULE,
        f"/definition_of_done/{limits.MAX_FINDINGS_PER_RULE}",
    )
    assert (
        last.message
        == f"L002 has more than {limits.MAX_FINDINGS_PER_RULE} findings in this file; the rest are not shown"
    )


def test_allowed_and_extra_words_are_words_not_patterns(write) -> None:
    write(
        "outsource-briefs.yaml",
        "lint:\n  warn_words: ['c++ guru', 'smile :)']\n  allow_words: ['smile :)', '(modern']\n",
    )
    text = "objective: A c++ guru with a smile :) and a modern page\n"
    problems = validate_file(write("a.brief.yaml", COMPLETE + text), today=TODAY)
    assert [(p.code, p.column, p.message) for p in problems] == [
        ("L001", 14, "'c++ guru' means different things to different people"),
        ("L001", 45, "'modern' means different things to different people"),
    ]


@pytest.mark.parametrize(
    ("due", "milestone"),
    [
        ("2027-01-15T17:00:00", "2027-01-10T09:00:00+00:00"),
        ("2027-01-15T17:00:00+00:00", "2027-01-20T09:00:00"),
        ("2027-01-15T17:00:00", "2027-01-20T09:00:00"),
    ],
    ids=["deadline-without-offset", "milestone-without-offset", "both-without-offset"],
)
def test_dates_without_an_offset_are_left_to_the_schema(write, due: str, milestone: str) -> None:
    spec = COMPLETE.replace(
        "  due: 2027-01-15T17:00:00+00:00",
        f"  milestones:\n    - {{name: Draft, due: {milestone}}}\n  due: {due}",
    )
    problems = validate_file(write("a.brief.yaml", spec), today=TODAY)
    assert {p.code for p in problems} == {"S004"}


def test_each_subjective_word_is_reported_once_at_its_own_column(write) -> None:
    write("outsource-briefs.yaml", "lint:\n  allow_words: [Modern Rye]\n")
    # The allowed phrase and the measurable sentence are passed over, and the last 'modern'
    # is pointed at where it is, not at the one before it.
    text = "objective: The Modern Rye loaf, a modern menu. The modern site loads in 2 s. It looks modern\n"
    problems = validate_file(write("a.brief.yaml", COMPLETE + text), today=TODAY)
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("L001", AFTER_COMPLETE, 35),
        ("L001", AFTER_COMPLETE, 87),
    ]


def test_allowed_phrases_allow_the_words_inside_them_only(write) -> None:
    write("outsource-briefs.yaml", "lint:\n  allow_words: [Modern Rye, short ribs]\n")
    text = "objective: The Modern  Rye loaf and the short ribs, on a modern and short menu\n"
    problems = validate_file(write("a.brief.yaml", COMPLETE + text), today=TODAY)
    assert [(p.code, p.column, p.message) for p in problems] == [
        ("L001", 58, "'modern' means different things to different people"),
        ("L003", 69, "'short' is not a quantity"),
    ]


HEX_32 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (f"Use token sk-live-{HEX_32} for the shop", f"sk-live-{HEX_32}"),
        ("Stripe: sk_live_51HxYzAbCdEfGhIjKlMn", "sk_live_51HxYzAbCdEfGhIjKlMn"),
        ("rk_test_4eC39HqLyjWDarjtT1zdp7dc is the restricted key", "rk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        ("Push with ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        ("Or github_pat_11ABCDEFG0abcdefghijklmnopqrstuv", "github_pat_11ABCDEFG0abcdefghijklmnopqrstuv"),
        ("AWS AKIAIOSFODNN7EXAMPLE in us-east-1", "AKIAIOSFODNN7EXAMPLE"),
        ("Slack xoxb-2048-abcdefghij1234 for the bot", "xoxb-2048-abcdefghij1234"),
        ("Maps AIzaSyA1234567890abcdefghijklmnopqrstuv here", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
        ("-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1r", "-----BEGIN OPENSSH PRIVATE KEY-----"),
        (f"The API key is {HEX_32}.", HEX_32),
        (f"Secret: {HEX_32}", HEX_32),
        (f"bearer {HEX_32[:24]}", HEX_32[:24]),
    ],
)
def test_pasted_keys_are_found_where_they_are(write, text: str, key: str) -> None:
    [problem] = validate_file(
        write("a.brief.yaml", COMPLETE + f"background: {json.dumps(text)}\n"), today=TODAY
    )
    assert (problem.code, problem.line) == ("L007", AFTER_COMPLETE)
    assert problem.column == len('background: "') + 1 + text.index(key)


@pytest.mark.parametrize(
    "text",
    [
        "The primary key of the table is the shop id",
        "Key messages: fresh bread every morning",
        "Use the key /home/mei/keys/shop-2026-signing.pem from the vault",
        "The token is in 1Password under Shop-Admin-Staging",
        f"See https://example.com/keys/{HEX_32} for the list",
        "Token budget: 12000000000000000000000 tokens",
        "The key file is key_results_for_the_quarter_2026_q4.csv",
        "Keywords: sourdough bakery lisbon 2026 best rye",
    ],
)
def test_words_near_a_key_are_not_taken_for_one(write, text: str) -> None:
    assert lint(write, f"background: {json.dumps(text)}\n") == []


def test_every_key_in_a_value_is_reported(write) -> None:
    text = f"Live sk_live_51HxYzAbCdEfGhIjKlMn, test token {HEX_32}; password: Abc123!x"
    problems = validate_file(
        write("a.brief.yaml", COMPLETE + f"background: {json.dumps(text)}\n"), today=TODAY
    )
    start = len('background: "') + 1
    assert [(p.code, p.column) for p in problems] == [
        ("L007", start + text.index("sk_live")),
        ("L007", start + text.index(HEX_32)),
        ("L007", start + text.index("Abc123!x")),
    ]


def test_values_left_from_the_skeleton_follow_a_changed_user_example(tmp_path: Path) -> None:
    repository = tmp_path / "custom-kind"
    shutil.copytree(EXAMPLES / "custom-kind", repository)
    spec_file = repository / "episode-42-edit.brief.yaml"
    schema_file = repository / "schemas" / "kinds" / "podcast-edit.schema.json"
    schema = json.loads(schema_file.read_text())
    example = load_spec(spec_file).data

    def flagged(outcome: str) -> set[str]:
        schema["examples"] = [{**example, "outcome": outcome}]
        schema_file.write_text(json.dumps(schema))
        stamp = schema_file.stat().st_mtime_ns + 1_000_000_000
        os.utime(schema_file, ns=(stamp, stamp))  # a new version of the file, however fast the clock
        return {p.pointer for p in validate_file(spec_file, today=TODAY) if p.code == "L020"}

    assert "/outcome" in flagged(example["outcome"])
    assert "/outcome" not in flagged("A different example outcome written for the new skeleton")


#: What a token candidate is, as a pattern: a whole run of at least 24 of these characters.
TOKEN_RUN = re.compile(r"(?<![a-z0-9+/_=-])[a-z0-9+/_=-]{24,}+")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab9+/_=-. é\u212a\nK"), max_size=60).map(str.lower),
        max_size=6,
    )
)
@example(["a" * 23, "b9+/_=-" * 3 + "ab", "x " + "a" * 24])
@example(["é" + "a" * 24, "a" * 12 + "." + "a" * 12, "\u212a" + "a" * 23])
def test_token_candidates_are_the_texts_with_a_long_run_of_token_characters(texts: list[str]) -> None:
    expected = [index for index, text in enumerate(texts) if TOKEN_RUN.search(text)]
    assert sorted(set(_Joined(texts).holding_tokens())) == expected


#: What may stand between the phrases of a text: sentence ends, line breaks, words that the
#: patterns look before or after ("as long", "no longer", "long as") and hyphens.
BETWEEN = st.sampled_from([" ", "\n", ". ", "; ", "!\n", " \n", "\n ", "-", "", " as ", " no ", ".", " x"])


@pytest.mark.parametrize("rule", WORD_RULES, ids=lambda rule: rule.code)
def test_a_text_whose_sentences_hold_a_phrase_holds_it_as_a_whole(rule: WordRule) -> None:
    """A word rule searches a text's sentences only when one search of the whole text finds a
    phrase: that search must find one whenever a sentence holds one."""
    phrase = st.one_of(*(st.from_regex(re.compile(p, re.IGNORECASE), fullmatch=True) for p in rule.patterns))
    words = _phrases(rule.patterns)
    context = LintContext(spec=None, settings=None, today=TODAY)  # type: ignore[arg-type]

    @settings(max_examples=200, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.lists(st.tuples(BETWEEN, phrase), min_size=1, max_size=4), BETWEEN)
    @example([("Do it ", "as before"), ("\n", "Then ship it")], ".")  # `$` at a line's end
    @example([("", "as long"), ("\n", "as")], "")
    def found_as_a_whole(parts: list[tuple[str, str]], end: str) -> None:
        text = "".join(before + found for before, found in parts) + end
        sentences = [sentence for _, sentence in context.sentences(text)]
        assert not any("\n" in sentence for sentence in sentences)  # `$` matches as at a line's end
        if any(words.search(sentence) for sentence in sentences):
            assert words.search(text) is not None, text

    found_as_a_whole()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aB \u0130\u212a\u1e9e\u03a3.")), max_size=5))
def test_texts_lowered_together_keep_their_own_positions(texts: list[str]) -> None:
    joined = _Joined(texts, lower=True)
    assert joined.text == "\0".join(text.lower() for text in texts)
    assert [joined.text[start : end - 1] for start, end in itertools.pairwise(joined.starts)] == [
        text.lower() for text in texts
    ]
