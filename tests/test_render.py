"""Rendering: values as data, escaping, nothing dropped, deterministic, provenance, templates."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    EXAMPLES,
    MINIMAL_SPEC,
    assert_markdownlint_passes,
    example_specs,
    leaves,
    plain_text,
    read_provenance,
    shown_forms,
)

from outsource_briefs import SpecError, TemplateError, limits, load_spec, render_brief, validate_spec
from outsource_briefs.prompt import render_prompt
from outsource_briefs.render import GENERATOR, _provenance_comment


def render(path: Path) -> str:
    return render_brief(load_spec(path)).markdown


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_nothing_is_dropped(path: Path) -> None:
    spec = load_spec(path)
    brief = render_brief(spec)
    provenance = read_provenance(brief.markdown)
    seen = plain_text(brief.body) + " " + " ".join(map(str, provenance.values()))
    zone = spec.data["owner"].get("timezone")
    missing = [
        (pointer, value)
        for pointer, value in leaves(spec.data)
        if value is not None and not any(form in seen for form in shown_forms(value, zone))
    ]
    assert missing == []


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_rendering_is_deterministic(path: Path) -> None:
    assert render(path) == render(path)


def test_rendering_is_the_same_in_every_process() -> None:
    """Hash seeds change set and dict-of-set orders between processes; the bytes must not change."""
    script = (
        "import sys, json\n"
        "from outsource_briefs import load_spec, render_brief\n"
        "print(json.dumps([render_brief(load_spec(p)).markdown for p in sys.argv[1:]]))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, *map(str, example_specs())],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == [render(path) for path in example_specs()]


def test_every_example_passes_markdownlint(tmp_path: Path) -> None:
    documents = {path.name.removesuffix(".brief.yaml") + ".md": render(path) for path in example_specs()}
    assert_markdownlint_passes(documents, tmp_path)


def test_provenance_is_complete_and_comes_after_the_brief() -> None:
    brief = render_brief(load_spec(EXAMPLES / "cold-brew-guide.brief.yaml"))
    front = read_provenance(brief.markdown)
    assert front["id"] == "cold-brew-guide"
    assert front["version"] == "1.1.0"
    assert front["kind"] == "article"
    assert front["fingerprint"] == brief.spec.fingerprint
    assert front["template"] == {"name": "kinds/article.md.j2", "hash": brief.template_hash}
    assert re.fullmatch(r"[0-9a-f]{64}", front["schema"])
    assert front["generator"] == GENERATOR
    assert brief.markdown.startswith("# Write a cold brew guide for home baristas\n")
    assert brief.body == brief.markdown.split("\n\n<!-- outsource-briefs provenance\n")[0] + "\n"


def test_no_value_can_end_the_provenance_comment_early() -> None:
    provenance = {"id": "a-->b", "template": {"name": "x --!> y", "hash": "0"}}
    comment = _provenance_comment(provenance)
    assert comment.count("-->") == 1
    assert comment.endswith("\n-->")
    assert read_provenance(f"# Title\n\n{comment}\n") == provenance


def test_deadline_shows_offset_and_contractor_time() -> None:
    text = render(EXAMPLES / "cold-brew-guide.brief.yaml")
    assert (
        "- **Due:** Friday 18 December 2026, 17:00 (Europe/Lisbon); "
        "for you: Saturday 19 December 2026, 02:00 (Asia/Tokyo)"
    ) in text


def test_deadline_without_contractor_timezone(write) -> None:
    text = render(write("a.brief.yaml", MINIMAL_SPEC.replace("+00:00", "-06:00")))
    assert "- **Due:** Friday 15 January 2027, 23:00 (Europe/Lisbon)\n" in text
    without_zone = MINIMAL_SPEC.replace("+00:00", "-06:00").replace("  timezone: Europe/Lisbon\n", "")
    assert "- **Due:** Friday 15 January 2027, 17:00 (UTC-06:00)\n" in render(
        write("b.brief.yaml", without_zone)
    )


def test_empty_sections_are_left_out(write) -> None:
    text = render(write("a.brief.yaml"))
    headings = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert headings == [
        "Outcome",
        "Deliverables",
        "Acceptance criteria",
        "Timeline",
        "Budget and payment",
        "Contacts",
    ]


HOSTILE_VALUES = {
    "{{ 7*7 }}": "\\{\\{ 7\\*7 }}",
    "{% for x in range(3) %}loop{% endfor %}": "\\{% for x in range(3) %}loop\\{% endfor %}",
    "{{ ''.__class__.__mro__ }}": "\\{\\{ ''.\\_\\_class\\_\\_.\\_\\_mro\\_\\_ }}",
    "# not a heading": "\\# not a heading",
    "*not emphasis*": "\\*not emphasis\\*",
    "[link](https://evil.example)": "\\[link\\](<https://evil.example>)",
    "<img src=x onerror=alert(1)>": "&lt;img src=x onerror=alert(1)>",
}


@pytest.mark.parametrize(("value", "escaped"), HOSTILE_VALUES.items())
def test_values_show_literally(write, value: str, escaped: str) -> None:
    spec_text = MINIMAL_SPEC.replace("title: Refresh the shop logo", f"title: {json.dumps(value)}")
    brief = render_brief(load_spec(write("a.brief.yaml", spec_text)))
    assert brief.markdown.startswith(f"# {escaped}\n")
    assert "49" not in brief.markdown.split("\n")[0]
    heading = re.search(r"<h1>(.*)</h1>", brief.to_html())
    assert heading is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))) == value


def test_newlines_cannot_start_a_block(write) -> None:
    spec_text = MINIMAL_SPEC.replace(
        "title: Refresh the shop logo", 'title: "Logo\\n# Injected heading\\n- injected item\\n\\n> quote"'
    )
    text = render(write("a.brief.yaml", spec_text))
    assert text.startswith("# Logo # Injected heading - injected item > quote\n")
    assert not re.search(r"^# Injected", text, flags=re.MULTILINE)
    assert not re.search(r"^- injected", text, flags=re.MULTILINE)


def test_multi_line_text_keeps_paragraphs_but_not_blocks(write) -> None:
    spec_text = (
        MINIMAL_SPEC
        + "background: |\n  First paragraph.\n  # not a heading\n\n  1. not a list\n      indented code?\n"
    )
    text = render(write("a.brief.yaml", spec_text))
    assert "## Background\n\nFirst paragraph.\n\\# not a heading\n\n1\\. not a list\nindented code?\n" in text


def test_html_has_no_script_and_no_javascript_links(write) -> None:
    spec_text = MINIMAL_SPEC + (
        "background: '<script>alert(1)</script>'\n"
        "resources:\n"
        "  - name: Click me\n    url: 'javascript:alert(1)'\n"
        "  - name: Data\n    url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='\n"
        "  - name: Safe\n    url: https://example.com/guide\n"
    )
    spec = load_spec(write("a.brief.yaml", spec_text))
    assert [(p.code, p.pointer) for p in validate_spec(spec, lint=False)] == [
        ("S007", "/resources/0/url"),
        ("S007", "/resources/1/url"),
    ]
    page = render_brief(spec, check=False).to_html()
    assert "<script" not in page.lower()
    assert "javascript:" not in page.split("<main>")[1].split("</main>")[0].replace(
        "<code>javascript:alert(1)</code>", ""
    )
    assert 'href="javascript' not in page
    assert 'href="data' not in page
    assert '<a href="https://example.com/guide" rel="noopener noreferrer">Safe</a>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_page_is_standalone_and_printable() -> None:
    page = render_brief(load_spec(EXAMPLES / "cold-brew-guide.brief.yaml")).to_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Write a cold brew guide for home baristas</title>" in page
    assert "@media print" in page
    assert "<table>" in page
    assert "provenance" not in page


def test_html_checklists_are_checkboxes_and_steps_count_on(write) -> None:
    steps = "".join(f"  - title: Step {n}\n    detail: What to do.\n" for n in range(1, 12))
    spec_text = MINIMAL_SPEC + "steps:\n" + steps + "definition_of_done: [Spelling is checked, Links open]\n"
    main = render_brief(load_spec(write("a.brief.yaml", spec_text))).to_html().split("<main>")[1]
    boxes = re.findall(r"<input[^>]*>", main)
    assert boxes == ['<input type="checkbox" disabled="disabled">'] * 3
    assert "[ ]" not in main
    steps_list = main.split("<h2>Steps</h2>")[1].split("</ol>")[0]
    assert steps_list.count("<ol") == 1
    assert steps_list.count("<li>") == 11


def test_what_changed_is_shown_once() -> None:
    text = render(EXAMPLES / "cold-brew-guide.brief.yaml")
    assert "\n## What changed in version 1.1.0 (Friday 20 November 2026)\n" in text
    history = text.split("\n## Version history\n")[1]
    assert "### Version 1.1.0" not in history
    assert "### Version 1.0.0 (Thursday 12 November 2026)" in history


def test_quantities_are_grouped_and_free_form_numbers_stay_as_written(write) -> None:
    spec_text = MINIMAL_SPEC + (
        "kpis:\n  - {name: Visits, target: 1500}\n  - {name: Orders, target: '1,300 a month'}\n"
        "  - {name: Rate, target: 2.5}\n"
        "details: {founded: 2009, share: 12.5}\n"
    )
    text = render(write("a.brief.yaml", spec_text))
    assert "| Visits | 1,500 |\n| Orders | 1,300 a month |\n| Rate | 2.5 |\n" in text
    assert "- **Founded:** 2009\n- **Share:** 12.5\n" in text


def test_the_contractor_reads_their_own_preferences_addressed_to_them() -> None:
    text = render(EXAMPLES / "history" / "autumn-newsletter.brief.yaml")
    assert "\n### How you like to receive work\n\nFrom your profile; if something has changed, tell " in text
    assert "Mei Tanaka likes" not in text
    assert "\n- One consolidated list of comments per round" in text


def test_render_refuses_an_invalid_spec(write) -> None:
    spec = load_spec(write("a.brief.yaml", MINIMAL_SPEC.replace("currency: EUR", "currency: euro")))
    with pytest.raises(SpecError) as raised:
        render_brief(spec)
    assert [p.code for p in raised.value.problems] == ["S007"]


def test_team_template_overrides_one_block() -> None:
    brief = render_brief(load_spec(EXAMPLES / "custom-kind" / "episode-42-edit.brief.yaml"))
    assert "Send invoices to <accounts@northside-audio.example>" in brief.markdown
    assert "## Episode 42\n" in brief.markdown
    assert "## Budget and payment" in brief.markdown
    assert brief.template == "kinds/podcast-edit.md.j2"


def _team(write, template: str, name: str = "kinds/generic.md.j2") -> Path:
    write("outsource-briefs.yaml", "templates: [templates]\n")
    write(f"templates/{name}", template)
    return write("a.brief.yaml")


def test_team_template_replaces_a_packaged_kind(write) -> None:
    path = _team(
        write,
        '{% extends "packaged/kinds/generic.md.j2" %}'
        '{% block outcome %}## Goal\n\n{{ spec["outcome"] | md }}\n\n{% endblock %}',
    )
    text = render(path)
    assert "## Goal\n\nA refreshed logo" in text
    assert "## Outcome" not in text


def test_template_hash_follows_the_sources(write) -> None:
    packaged = render_brief(load_spec(write("plain/a.brief.yaml"))).template_hash
    path = _team(write, '{% extends "packaged/kinds/generic.md.j2" %}')
    assert render_brief(load_spec(path)).template_hash != packaged


def test_kind_without_template(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\n")
    write(
        "schemas/kinds/survey.schema.json",
        '{"properties": {"details": {"type": "object", "description": "x"}}}',
    )
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic", "kind: survey"))))
    assert [(p.code, p.line) for p in raised.value.problems] == [("T001", 4)]


def test_template_syntax_error_is_located(write) -> None:
    path = _team(write, '{% extends "base.md.j2" %}\n{% block details %}\n{% if %}\n{% endblock %}\n')
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(path))
    problem = raised.value.problems[0]
    assert (problem.code, Path(problem.file).name, problem.line) == ("T002", "generic.md.j2", 3)


def test_template_runtime_error_is_located(write) -> None:
    path = _team(
        write, '{% extends "base.md.j2" %}\n{% block details %}\n\n{{ no_such_variable }}\n{% endblock %}\n'
    )
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(path))
    problem = raised.value.problems[0]
    assert (problem.code, Path(problem.file).name, problem.line) == ("T003", "generic.md.j2", 4)
    assert "no_such_variable" in problem.message


def test_sandbox_blocks_unsafe_template_code(write) -> None:
    path = _team(
        write,
        '{% extends "base.md.j2" %}'
        "{% block details %}{{ spec.__class__.__mro__[1].__subclasses__() }}{% endblock %}",
    )
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(path))
    assert raised.value.problems[0].code == "T003"


def test_symlink_out_of_the_template_folder_is_refused(write, tmp_path) -> None:
    secret = write("secret.txt", "top secret\n")
    path = _team(write, "unused")
    (tmp_path / "templates/kinds/generic.md.j2").unlink()
    os.symlink(secret, tmp_path / "templates/kinds/generic.md.j2")
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(path))
    assert raised.value.problems[0].code == "T004"


def test_missing_included_template_is_a_located_problem(write) -> None:
    path = _team(
        write,
        '{% extends "base.md.j2" %}{% block details %}{% include "partials/nope.md.j2" %}{% endblock %}',
    )
    with pytest.raises(TemplateError) as raised:
        render_brief(load_spec(path))
    assert [p.code for p in raised.value.problems] == ["T001"]
    assert "partials/nope.md.j2" in raised.value.problems[0].message


def test_a_missing_template_folder_is_the_callers_mistake(tmp_path) -> None:
    spec = load_spec(EXAMPLES / "cold-brew-guide.brief.yaml")
    with pytest.raises(FileNotFoundError, match=r"template folder .* does not exist"):
        render_brief(spec, templates=[tmp_path / "missing"])


ARTICLE = (
    MINIMAL_SPEC.replace("kind: generic", "kind: article") + "details:\n  word_count: {min: 800, max: 1000}\n"
)
STANDARD = "Before you deliver, check these standard points for this kind of work"


def test_the_kind_checklist_shows_when_the_spec_has_none_and_says_the_criteria_win(write) -> None:
    body = render_brief(load_spec(write("a.brief.yaml", ARTICLE))).body
    assert f"## Definition of done\n\n{STANDARD} (where one differs from the acceptance criteria" in body
    assert "- [ ] The word count is inside the range, checked with a word counter\n" in body


def test_a_standard_point_gives_way_to_the_spec_own_criterion_on_the_same_thing(write) -> None:
    """The article checklist asks for a word counter and sources; a brief whose own criteria
    speak of the word count (per deliverable here) and of sources keeps only the other points."""
    spec = ARTICLE.replace(
        "    format: SVG and PNG\n",
        "    format: SVG and PNG\n    acceptance_criteria: [About 900 words, counted by the editor]\n",
    ).replace(
        "  - The logo is legible at 32 by 32 pixels\n", "  - No sources are cited, it is an opinion piece\n"
    )
    body = render_brief(load_spec(write("a.brief.yaml", spec))).body
    done = body.split("## Definition of done\n", 1)[1].split("\n## ", 1)[0]
    assert "- [ ] Spelling and grammar are checked\n" in done
    assert "word counter" not in done
    assert "names its source" not in done


def test_a_criterion_with_an_id_speaks_for_its_text_to_the_checklist(write) -> None:
    spec = ARTICLE.replace(
        "  - The logo is legible at 32 by 32 pixels\n",
        '  - {id: length, text: "About 900 words, counted by the editor"}\n',
    )
    loaded = load_spec(write("a.brief.yaml", spec))
    done = render_brief(loaded).body.split("## Definition of done\n", 1)[1].split("\n## ", 1)[0]
    assert "- [ ] Spelling and grammar are checked\n" in done
    assert "word counter" not in done
    assert "word counter" not in render_prompt(loaded)


def test_a_team_checklist_item_names_what_it_is_about(write) -> None:
    write("outsource-briefs.yaml", "schemas: [schemas]\ntemplates: [templates]\n")
    write(
        "schemas/kinds/flyer.schema.json",
        '{"title": "Flyer", "x-definition-of-done": ["Proofread", '
        '{"item": "Printed on 300 g paper", "about": ["paper"]}]}',
    )
    write("templates/kinds/flyer.md.j2", '{% extends "base.md.j2" %}')
    flyer = MINIMAL_SPEC.replace("kind: generic", "kind: flyer")
    body = render_brief(load_spec(write("a.brief.yaml", flyer))).body
    assert "- [ ] Proofread\n- [ ] Printed on 300 g paper\n" in body
    own = flyer.replace("The logo is legible at 32 by 32 pixels", "Printed on recycled  Paper")
    body = render_brief(load_spec(write("b.brief.yaml", own))).body
    assert "- [ ] Proofread\n" in body
    assert "300 g" not in body


def test_an_empty_definition_of_done_turns_the_checklist_off(write) -> None:
    body = render_brief(load_spec(write("a.brief.yaml", ARTICLE + "definition_of_done: []\n"))).body
    assert "## Definition of done" not in body


def test_the_spec_own_checklist_replaces_the_kind_one(write) -> None:
    body = render_brief(
        load_spec(write("a.brief.yaml", ARTICLE + "definition_of_done: Read it aloud\n"))
    ).body
    assert "## Definition of done\n\nBefore you deliver, check:\n\n- [ ] Read it aloud\n\n" in body
    assert "word counter" not in body


def test_the_checklist_asks_only_for_what_the_brief_has(write) -> None:
    design = MINIMAL_SPEC.replace("kind: generic", "kind: design") + (
        "details:\n  piece: Flyer\n  dimensions: {width: 148, height: 210, unit: mm}\n  formats: PDF\n"
    )
    body = render_brief(load_spec(write("a.brief.yaml", design))).body
    assert "- [ ] Every file name says which size it holds\n" in body
    assert "brand assets" not in body  # no brand in this brief
    assert "word for word" not in body  # no copy either
    with_brand = design + "  brand: {colors: ['#8B2E2E']}\n"
    assert (
        "- [ ] Colours and fonts match the brand assets\n"
        in render_brief(load_spec(write("b.brief.yaml", with_brand))).body
    )


def test_the_due_line_names_the_owner_zone_and_is_not_repeated_for_a_colleague_in_it(write) -> None:
    spec = MINIMAL_SPEC.replace("Europe/Lisbon", "Europe/London").replace(
        "2027-01-15T17:00:00+00:00", "2027-07-15T17:00:00+01:00"
    )
    text = render_brief(
        load_spec(write("a.brief.yaml", spec + "contractor: {name: Tom, timezone: Europe/London}\n"))
    ).body
    assert "- **Due:** Thursday 15 July 2027, 17:00 (Europe/London)\n" in text
    abroad = render_brief(
        load_spec(write("b.brief.yaml", spec + "contractor: {name: Mei, timezone: Asia/Tokyo}\n"))
    ).body
    assert (
        "- **Due:** Thursday 15 July 2027, 17:00 (Europe/London); "
        "for you: Friday 16 July 2027, 01:00 (Asia/Tokyo)\n"
    ) in abroad


def test_milestones_name_the_owner_zone(write) -> None:
    spec = MINIMAL_SPEC.replace(
        "  due: 2027-01-15T17:00:00+00:00\n",
        "  due: 2027-01-15T17:00:00+00:00\n"
        "  milestones:\n    - {name: Sketch, due: 2027-01-08T17:00:00+00:00}\n",
    )
    text = render_brief(load_spec(write("a.brief.yaml", spec))).body
    assert (
        "| Milestone | Due |\n| --- | --- |\n| Sketch | Friday 8 January 2027, 17:00 (Europe/Lisbon) |\n"
        in text
    )


@pytest.mark.parametrize(
    "change",
    [
        'spec.update({"id": "other-brief", "version": "99.0.0"})',
        'spec.setdefault("kpis", [])',
        'spec.pop("id")',
        'spec["acceptance_criteria"].append("Anything goes")',
        'spec["owner"].clear()',
        'spec["deliverables"][0].__setitem__("name", "Other")',
        'spec["acceptance_criteria"].sort()',
        'spec["acceptance_criteria"] | attr("reverse")',
    ],
)
def test_templates_see_the_spec_read_only(write, change: str) -> None:
    path = _team(write, '{% extends "base.md.j2" %}{% block details %}{{ ' + change + " }}{% endblock %}")
    spec = load_spec(path)
    before = json.dumps(spec.data, sort_keys=True)
    with pytest.raises(TemplateError) as raised:
        render_brief(spec)
    assert [problem.code for problem in raised.value.problems] == ["T003"]
    assert json.dumps(spec.data, sort_keys=True) == before


def _golden_rows(rows: list[dict[str, str]]) -> str:
    return MINIMAL_SPEC.replace("kind: generic", "kind: data-research") + (
        "details:\n  sources: [Google Maps]\n  fields:\n    - {name: cafe, type: text}\n"
        f"  golden_rows: {json.dumps(rows)}\n"
    )


def test_a_table_of_golden_rows_is_bounded(write) -> None:
    rows = [{"cafe": f"Café {index}"} for index in range(limits.MAX_TABLE_CELLS)]
    markdown = render_brief(load_spec(write("a.brief.yaml", _golden_rows(rows)))).markdown
    assert sum(line.startswith("| Café ") for line in markdown.splitlines()) == limits.MAX_TABLE_CELLS
    side = int(limits.MAX_TABLE_CELLS**0.5) + 1
    diagonal = [{f"k{row}": "v"} for row in range(side)]
    too_large = write("b.brief.yaml", _golden_rows(diagonal))
    with pytest.raises(SpecError) as raised:
        render_brief(load_spec(too_large), check=False)
    assert [(p.code, p.line, p.pointer) for p in raised.value.problems] == [
        ("T005", 25, "/details/golden_rows")
    ]
    assert validate_spec(load_spec(too_large), lint=False) == list(raised.value.problems)
    assert raised.value.problems[0].message == (
        f"{side} rows with {side} different keys make a table of {side * side:,} cells, "
        f"more than {limits.MAX_TABLE_CELLS:,}"
    )


@pytest.mark.parametrize(
    ("templates", "message"),
    [
        ("templates", "templates must be a list of folders, such as ['templates'], not one str"),
        (Path("templates"), "templates must be a list of folders, such as ['templates'], not one PosixPath"),
        (b"templates", "templates must be a list of folders, such as ['templates'], not one bytes"),
        (
            [b"templates"],
            "a template folder must be a str or a pathlib.Path, decoded with os.fsdecode(), not bytes",
        ),
    ],
)
def test_template_folders_are_a_list_of_paths(write, templates, message: str) -> None:
    write("templates/kinds/generic.md.j2", "unused")
    spec = load_spec(write("a.brief.yaml"))
    with pytest.raises(TypeError) as raised:
        render_brief(spec, templates=templates)
    assert str(raised.value) == message
