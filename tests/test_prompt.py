"""`render --to prompt`: the task for an AI agent, with every criterion id and an output
contract, and without the people's contact details, money, time zones or preferences."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EXAMPLES, MINIMAL_SPEC, assert_markdownlint_passes, example_specs, leaves, plain_text

from outsource_briefs import ConfigError, TemplateError, load_spec
from outsource_briefs.criteria import spec_criteria
from outsource_briefs.markup import money
from outsource_briefs.prompt import render_prompt
from outsource_briefs.redaction import OPTIONAL_SECTIONS, Redactor, people_contacts, task_data

# Written independently of the code under test: what a person would call an address or a phone.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d[\d ]{6,}\d")


def prompt(path: Path) -> str:
    return render_prompt(load_spec(path))


def people_details(path: Path) -> tuple[set[str], set[str], list[str], str | None]:
    """The emails and phone numbers of the people a spec names, the roster preferences of its
    contractor and the contractor's time zone, read straight from the files."""
    spec = load_spec(path)
    data = spec.data
    contractor = data.get("contractor")
    people: list[Any] = [data["owner"], data.get("approver"), (data.get("escalation") or {}).get("contact")]
    preferences: list[str] = []
    if isinstance(contractor, str):
        entry = yaml.safe_load((spec.config.team_dir / f"{contractor}.contractor.yaml").read_text())
        people.append(entry)
        preferences = entry.get("preferences", [])
        contractor = entry
    else:
        people.append(contractor)
    text = json.dumps(people, ensure_ascii=False, default=str)
    zone = contractor.get("timezone") if isinstance(contractor, dict) else None
    return set(EMAIL.findall(text)), set(PHONE.findall(text)), preferences, zone


def money_forms(data: dict[str, Any]) -> list[str]:
    budget = data["budget"]
    forms = []
    for key in ("amount", "rate"):
        if key in budget:
            value, currency = budget[key], budget["currency"]
            forms += [money(value, currency), f"{value} {currency}", f"{value:,} {currency}"]
    return forms


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_the_prompt_of_every_example_keeps_the_people_and_the_money_out(path: Path) -> None:
    text = prompt(path)
    data = load_spec(path).data
    emails, phones, preferences, zone = people_details(path)
    assert emails, "every example names someone with an email address"
    shown = text + plain_text(text)
    assert [email for email in emails if email.lower() in shown.lower()] == []
    assert [phone for phone in phones if phone in shown or phone.replace(" ", "") in shown] == []
    assert [form for form in money_forms(data) if form in shown] == []
    trigger = data["budget"].get("payment_trigger")
    assert trigger is None or " ".join(trigger.split()) not in " ".join(shown.split())
    assert [preference for preference in preferences if preference in shown] == []
    assert "for you:" not in shown
    assert zone is None or zone not in shown
    assert not text.startswith("---")


@pytest.mark.parametrize("path", example_specs(), ids=lambda p: p.name)
def test_the_prompt_of_every_example_lists_every_criterion_and_ends_with_the_contract(path: Path) -> None:
    text = prompt(path)
    criteria = spec_criteria(load_spec(path).data)
    for criterion in criteria:
        assert f"- `{criterion.id}`: " in text
    block = text.split("```json\n")[-1].split("\n```")[0]
    assert [entry["id"] for entry in json.loads(block)] == [criterion.id for criterion in criteria]
    assert text.rstrip().endswith("If you could not check it, say why.")


def test_every_examples_prompt_passes_markdownlint(tmp_path: Path) -> None:
    documents = {path.name.removesuffix(".brief.yaml") + ".md": prompt(path) for path in example_specs()}
    assert_markdownlint_passes(documents, tmp_path)


def test_addresses_that_belong_to_the_task_stay() -> None:
    triage = prompt(EXAMPLES / "weekly-inbox-triage.brief.yaml")
    assert "<team@beanandbloom.example>" in triage
    assert "Forward the email to <hello@beanandbloom.example>" in triage
    assert "Ana adds \\[the contractor's email, withheld\\] as a delegate" in triage
    leads = prompt(EXAMPLES / "cafe-leads-research.brief.yaml")
    assert "ola@graoazul.example" in plain_text(leads)


def test_the_prompt_holds_the_task_and_the_kinds_details() -> None:
    text = prompt(EXAMPLES / "cold-brew-guide.brief.yaml")
    headings = re.findall(r"^##? (.*)$", text, flags=re.MULTILINE)
    assert headings == [
        "Write a cold brew guide for home baristas",
        "Outcome",
        "Why it matters",
        "Background",
        "Audience",
        "In scope",
        "Out of scope: do not do these",
        "Deliverables",
        "Article details",
        "Steps",
        "Standards",
        "Good examples to follow",
        "Examples to avoid",
        "Resources",
        "Acceptance criteria",
        "Definition of done",
        "Your report",
    ]
    assert "- `word-count`: The guide is between 1,800 and 2,200 words, excluding the FAQ\n" in text
    assert "- **Length:** 1,800 to 2,200 words\n" in text
    # The kind's standard points, less the word count the brief's own criterion settles.
    assert (
        "## Definition of done\n\nBefore you finish, check:\n\n- [ ] Spelling and grammar are checked\n"
        in text
    )
    assert "word counter" not in text


def test_every_value_of_the_task_is_in_the_prompt() -> None:
    spec = load_spec(EXAMPLES / "weekly-inbox-triage.brief.yaml")
    data, _ = task_data(spec.data)
    seen = plain_text(render_prompt(spec))
    dates = re.compile(r"\d{4}-\d\d-\d\d")
    missing = [
        (pointer, value)
        for pointer, value in leaves(data)
        if isinstance(value, str) and not dates.fullmatch(value) and " ".join(value.split()) not in seen
    ]
    # The kind is shown by its title, and the currency only where a kind's amount needs it.
    assert missing == [("/kind", "recurring-va"), ("/budget/currency", "EUR")]


def test_the_owner_chooses_the_sections(write) -> None:
    write("outsource-briefs.yaml", "prompt:\n  sections: [steps, definition_of_done]\n")
    spec_text = MINIMAL_SPEC + (
        "objective: Customers recognise the shop from the street.\n"
        "background: The old logo is from 1998.\n"
        "steps: [Sketch 3 ideas]\n"
        "standards: {do: [Use the brand green]}\n"
        "definition_of_done: [Files are named logo-32.png and logo.svg]\n"
    )
    text = render_prompt(load_spec(write("a.brief.yaml", spec_text)))
    headings = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert headings == [
        "Outcome",
        "Deliverables",
        "Steps",
        "Acceptance criteria",
        "Definition of done",
        "Your report",
    ]
    assert "1998" not in text


def test_an_unknown_section_is_a_configuration_problem(write) -> None:
    write("outsource-briefs.yaml", "prompt:\n  sections: [steps, budget]\n")
    with pytest.raises(ConfigError) as raised:
        load_spec(write("a.brief.yaml"))
    assert [(p.code, p.line, p.pointer) for p in raised.value.problems] == [("S006", 2, "/prompt/sections/1")]


def test_the_configuration_schema_lists_the_optional_sections() -> None:
    schema = json.loads((EXAMPLES.parent / "schemas" / "config.schema.json").read_text())
    assert (
        tuple(schema["properties"]["prompt"]["properties"]["sections"]["items"]["enum"]) == OPTIONAL_SECTIONS
    )


def test_the_prompt_template_can_be_replaced_block_by_block(write, cli) -> None:
    write(
        "templates/prompt.md.j2",
        '{% extends "packaged/prompt.md.j2" %}\n'
        "{% block introduction %}\nYou work for Bean & Bloom.\n\n{% endblock %}\n",
    )
    path = write("a.brief.yaml")
    code, out, _ = cli("render", "--to", "prompt", "--templates", path.parent / "templates", path)
    assert code == 0
    assert out.startswith("# Refresh the shop logo\n\nYou work for Bean & Bloom.\n\n## Outcome\n")


def test_a_template_cannot_reach_what_the_prompt_leaves_out(write) -> None:
    write("templates/prompt.md.j2", "{{ spec['budget']['amount'] }} {{ spec['owner'] }}\n")
    path = write("a.brief.yaml")
    with pytest.raises(TemplateError) as raised:
        render_prompt(load_spec(path), templates=[path.parent / "templates"])
    assert [p.code for p in raised.value.problems] == ["T003"]


def test_a_teams_own_kind_fills_the_prompt_with_its_details(cli) -> None:
    code, out, _ = cli("render", "--to", "prompt", EXAMPLES / "custom-kind" / "episode-42-edit.brief.yaml")
    assert code == 0
    assert "## Episode 42\n" in out
    assert "### Raw recordings\n" in out
    assert "accounts@northside-audio.example" not in out  # the team's budget block is for people


def test_values_stay_data_in_the_prompt(write) -> None:
    path = write(
        "a.brief.yaml",
        MINIMAL_SPEC.replace("title: Refresh the shop logo", "title: '# {{ 7*7 }} *logo*'").replace(
            "  - The logo is legible at 32 by 32 pixels",
            "  - '{{ spec }} [x](javascript:alert(1)) The logo is legible at 32 by 32 pixels'",
        ),
    )
    text = render_prompt(load_spec(path))
    assert text.startswith("# \\# \\{\\{ 7\\*7 }} \\*logo\\*\n")
    assert "\\{\\{ spec }} \\[x\\](javascript:alert(1)) The logo is legible" in text
    shown = plain_text(text)
    assert "# {{ 7*7 }} *logo*" in shown
    assert "{{ spec }} [x](javascript:alert(1)) The logo is legible" in shown


def test_render_to_prompt_refuses_an_invalid_spec(write, cli) -> None:
    path = write("a.brief.yaml", MINIMAL_SPEC.replace("kind: generic\n", ""))
    code, out, err = cli("render", "--to", "prompt", path)
    assert (code, out) == (1, "")
    assert "S002 'kind' is missing" in err


# --- the people's contact details, found and withheld ----------------------------------------


def test_the_contact_details_of_every_person_are_found() -> None:
    data = {
        "owner": {"name": "Ana Ribeiro", "email": "ana@beanandbloom.example"},
        "approver": {"name": "Tomás", "email": "tomas@beanandbloom.example"},
        "contractor": {"name": "Joy", "email": "joy@va.example", "timezone": "Asia/Manila"},
        "escalation": {"contact": "Ana Ribeiro (mailto:ana.r@beanandbloom.example, +351 912 000 111)"},
    }
    roster = {"name": "Joy", "since": "2026-03-02", "preferences": ["Call me on +63 917 555 0100."]}
    found = {(c.value, c.kind, c.role) for c in people_contacts(data, roster)}
    assert found == {
        ("ana@beanandbloom.example", "email", "owner"),
        ("tomas@beanandbloom.example", "email", "approver"),
        ("joy@va.example", "email", "contractor"),
        ("+63 917 555 0100", "phone", "contractor"),
        ("ana.r@beanandbloom.example", "email", "escalation contact"),
        ("+351 912 000 111", "phone", "escalation contact"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invite Ana@Bean.example today", "Invite [the owner's email, withheld] today"),
        ("Write to ana@bean.example.", "Write to [the owner's email, withheld]."),
        ("hana@bean.example and ana@bean.examples stay", "hana@bean.example and ana@bean.examples stay"),
        (
            "Call +351 912 000 111 or 912000111",
            "Call [the owner's phone, withheld] or [the owner's phone, withheld]",
        ),
        ("Order 2026-12-18 and call 800 555 0100", "Order 2026-12-18 and call 800 555 0100"),
    ],
)
def test_contact_details_are_withheld_wherever_they_are_repeated(text: str, expected: str) -> None:
    contacts = people_contacts(
        {"owner": {"name": "Ana", "email": "ana@bean.example"}, "escalation": {"contact": "+351 912 000 111"}}
    )
    contacts = [c if c.kind == "email" else type(c)(c.value, c.kind, "owner") for c in contacts]
    assert Redactor(contacts).text(text) == expected


def test_a_phone_of_the_escalation_contact_is_withheld_in_the_prompt(write) -> None:
    spec_text = MINIMAL_SPEC + (
        "escalation: {contact: 'Ana Ribeiro, +351 912 000 111'}\n"
        "steps: ['If the printer is down, call Ana on 912 000 111 and the print shop on +351 213 000 999']\n"
    )
    text = render_prompt(load_spec(write("a.brief.yaml", spec_text)))
    assert (
        "call Ana on \\[the escalation contact's phone, withheld\\] and the print shop on +351 213 000 999"
        in text
    )
    assert "912 000 111" not in text


def test_only_the_task_is_kept() -> None:
    data = load_spec(EXAMPLES / "cold-brew-guide.brief.yaml").data
    kept, _ = task_data(data, sections=("steps",))
    assert set(kept) == {
        "id", "title", "version", "kind", "outcome", "deliverables", "acceptance_criteria", "steps", "budget",
    }  # fmt: skip
    assert kept["budget"] == {"currency": "EUR"}
