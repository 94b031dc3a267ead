"""Agents on the roster: `type: agent` with its tool and cost per run, and the delegation report
comparing an agent with a person on the same stream of work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs import load_spec, render_brief
from outsource_briefs.archive import Archive
from outsource_briefs.repository import config_for
from outsource_briefs.reviews import Payment, read_review

CONFIG = """\
team: team
archive: archive
report:
  currency: EUR
  owner_hour_rate: 40
  verdict: {min_deliveries: 1}
streams:
  product-pages: {title: Product pages}
"""
PERSON = """\
id: mei-tanaka
name: Mei Tanaka
email: mei@example.com
rate: {amount: 120, currency: EUR, unit: piece}
"""
AGENT = """\
id: copy-agent
name: Product copy agent
type: agent
tool: Claude Code
cost_per_run: {amount: 2.5, currency: EUR}
"""


def review(brief: str, contractor: str, round_: int, decision: str, extra: str = "") -> str:
    return (
        f"brief: {brief}@1.0.0\ncontractor: {contractor}\nreviewer: Ana\n"
        f"submitted: 2027-01-1{round_}T09:00:00+00:00\nround: {round_}\n"
        "criteria:\n  - criterion: The logo is legible at 32 by 32 pixels\n    met: true\n"
        f"decision: {decision}\nreviewer_minutes: 30\n{extra}"
    )


@pytest.fixture
def history(write, tmp_path: Path) -> Path:
    write("outsource-briefs.yaml", CONFIG)
    write("team/mei-tanaka.contractor.yaml", PERSON)
    write("team/copy-agent.contractor.yaml", AGENT)
    for brief, contractor in [("page-beans", "mei-tanaka"), ("page-grinder", "copy-agent")]:
        text = MINIMAL_SPEC.replace("id: logo-refresh", f"id: {brief}")
        spec = load_spec(
            write(f"{brief}.brief.yaml", text + f"contractor: {contractor}\nstream: product-pages\n")
        )
        Archive(tmp_path / "archive").publish(spec, render_brief(spec).markdown)
    write(
        "reviews/beans-1.review.yaml",
        review("page-beans", "mei-tanaka", 1, "accept", "cost: {amount: 120, currency: EUR}\n"),
    )
    write("reviews/grinder-1.review.yaml", review("page-grinder", "copy-agent", 1, "revise"))
    write("reviews/grinder-2.review.yaml", review("page-grinder", "copy-agent", 2, "accept"))
    return tmp_path


def test_an_agent_and_a_person_on_one_stream_are_compared(history, cli) -> None:
    code, out, err = cli("report", "--format", "json", history / "reviews")
    assert (code, err) == (0, "")
    report = json.loads(out)
    people = {item["id"]: item for item in report["contractors"]}
    assert {key: (item["type"], item.get("tool")) for key, item in people.items()} == {
        "copy-agent": ("agent", "Claude Code"),
        "mei-tanaka": ("person", None),
    }
    (stream,) = report["streams"]
    compared = {
        item["id"]: (item["type"], item["deliveries"], item["first_pass_rate"], item["cost_per_accepted"])
        for item in stream["contractors"]
    }
    # The agent: 2 runs at 2.50 EUR and 1 hour of review at 40 EUR; the person: 120 EUR and half an hour.
    assert compared == {"copy-agent": ("agent", 1, 0.0, 45.0), "mei-tanaka": ("person", 1, 1.0, 140.0)}


def test_the_markdown_report_shows_who_did_the_work_on_a_shared_stream(history, cli) -> None:
    code, out, _ = cli("report", history / "reviews")
    assert code == 0
    assert (
        "| Contractor | Deliveries | First pass | Rounds to accept | Cost per accepted |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Product copy agent (copy-agent; agent: Claude Code) | 1 | 0% | 2.0 | 45 EUR |\n"
        "| Mei Tanaka (mei-tanaka) | 1 | 100% | 1.0 | 140 EUR |\n"
    ) in out


def test_a_review_of_an_agents_work_counts_one_run_unless_it_names_a_cost(history) -> None:
    path = history / "reviews" / "grinder-1.review.yaml"
    found, problems = read_review(path, config_for(path))
    assert problems == []
    assert found is not None
    assert found.cost == Payment(2.5, "EUR")
    path.write_text(review("page-grinder", "copy-agent", 1, "revise", "cost: {amount: 0.4, currency: USD}\n"))
    found, _ = read_review(path, config_for(path))
    assert found is not None
    assert found.cost == Payment(0.4, "USD")


def test_an_agent_names_its_tool(write, cli) -> None:
    path = write("team/copy-agent.contractor.yaml", AGENT.replace("tool: Claude Code\n", ""))
    code, out, _ = cli("validate", path)
    assert code == 1
    assert f"{path}:1:1: S010 the file needs 'tool' when type is 'agent'" in out


def test_a_brief_for_an_agent_renders_and_its_prompt_names_nobody(history, cli) -> None:
    path = history / "page-grinder.brief.yaml"
    code, out, _ = cli("render", path)
    assert code == 0
    assert "- **Contractor:** Product copy agent\n" in out
    code, out, _ = cli("render", "--to", "prompt", path)
    assert code == 0
    assert "Product copy agent" not in out
    assert "ana@example.com" not in out
