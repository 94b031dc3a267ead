"""Does each stream of delegated work pay off? A history of three streams, three contractors and
two currencies, with every figure of the JSON report computed by hand."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from outsource_briefs import load_spec, render_brief, validate_spec
from outsource_briefs.config import ReportSettings, StreamSettings, StreamVerdictSettings, VerdictSettings
from outsource_briefs.costs import Pricing
from outsource_briefs.delegation import delegation_report
from outsource_briefs.money import ExchangeRates
from outsource_briefs.results import Results
from outsource_briefs.reviews import Review
from outsource_briefs.streams import stream_figures
from outsource_briefs.values import parse_moment

TODAY = date(2026, 12, 7)


def kpi(kpi_id: str, **target: Any) -> dict[str, Any]:
    return {"id": kpi_id, "name": kpi_id.title(), "target": target}


BRIEFS: dict[str, dict[str, Any]] = {
    "n1": {"id": "n1", "kind": "article", "stream": "newsletter", "title": "October newsletter",
           "timeline": {"due": "2026-10-10T17:00:00+00:00"},
           "budget": {"model": "fixed", "amount": 300, "currency": "EUR"},
           "kpis": [kpi("orders", at_least=100, unit="orders", by="2026-10-31"),
                    kpi("opens", at_least=40, unit="%", by="2026-10-20")]},
    "n2": {"id": "n2", "kind": "article", "stream": "newsletter", "title": "November newsletter",
           "timeline": {"due": "2026-11-10T17:00:00+00:00"},
           "budget": {"model": "fixed", "amount": 300, "currency": "EUR"},
           "kpis": [kpi("orders", at_least=100, unit="orders", by="2026-11-30"),
                    kpi("opens", at_least=40, unit="%")]},
    "g1": {"id": "g1", "kind": "article", "stream": "guides", "title": "Espresso guide",
           "timeline": {"due": "2026-10-15T17:00:00+00:00"},
           "budget": {"model": "hourly", "rate": 200, "max_hours": 5, "currency": "PLN"},
           "kpis": [kpi("visits", at_least=1000, unit="visits", by="2026-11-30"),
                    kpi("sales", at_least=20, by="2027-01-31"),
                    {"name": "Readers like it", "target": "a lot"}]},
    "g2": {"id": "g2", "kind": "design", "title": "Sign-up card",  # no stream: its kind is its stream
           "timeline": {"due": "2026-11-01T12:00:00+00:00"},
           "budget": {"model": "fixed", "amount": 150, "currency": "USD"},
           "kpis": [kpi("signups", at_least=50, by="2026-11-20")]},
}  # fmt: skip
PEOPLE = {name: {"id": name, "name": name.title()} for name in ("mei", "kasia", "lee")}
BRIEF_GAP = {"note": "The brief never said which offer leads", "severity": "must-fix", "brief_gap": True}
OWN_MISTAKE = {"note": "Two prices are wrong", "severity": "must-fix"}


def review(brief: str, who: str, round_: int, submitted: str, decision: str, **extra: Any) -> Review:
    data = {"brief": f"{brief}@1.0.0", "contractor": who, "reviewer": "Ana", "submitted": submitted,
            "round": round_, "criteria": [], "decision": decision, **extra}  # fmt: skip
    return Review.from_data(Path(f"{brief}-{round_}.review.yaml"), data, BRIEFS[brief], PEOPLE[who])


def results(brief: str, measured: str, **values: float) -> Results:
    numbers = {key: float(value) for key, value in values.items()}
    path = Path(f"{brief}.results.yaml")
    return Results(path, brief, "1.0.0", parse_moment(measured), None, numbers, None, BRIEFS[brief])


REVIEWS = [
    review("n1", "mei", 1, "2026-10-09T10:00:00+00:00", "accept", cost={"amount": 300, "currency": "EUR"},
           reviewer_minutes=60),
    review("n2", "mei", 1, "2026-11-11T09:00:00+00:00", "revise", findings=[BRIEF_GAP], reviewer_minutes=30),
    review("n2", "mei", 2, "2026-11-13T09:00:00+00:00", "accept", cost={"amount": 300, "currency": "EUR"},
           reviewer_minutes=15),
    review("g1", "kasia", 1, "2026-10-14T10:00:00+00:00", "revise", findings=[OWN_MISTAKE],
           cost={"amount": 600, "currency": "PLN"}, reviewer_minutes=45),
    review("g1", "kasia", 2, "2026-10-20T10:00:00+00:00", "accept-with-edits",
           cost={"amount": 600, "currency": "PLN"}, reviewer_minutes=30),
    review("g2", "lee", 1, "2026-10-31T12:00:00+00:00", "accept", cost={"amount": 150, "currency": "USD"},
           reviewer_minutes=30),
]  # fmt: skip
RESULTS = [
    results("n1", "2026-11-02T09:00:00+00:00", orders=60, opens=45),
    results("n2", "2026-12-01T09:00:00+00:00", orders=40, opens=35),
    results("g1", "2026-12-01T09:00:00+00:00", visits=1500),
]
SETTINGS = ReportSettings(
    currency="EUR",
    exchange_rates={"PLN": 0.25, "USD": 0.9},
    owner_hour_rate=40,
    verdict=VerdictSettings(min_deliveries=2),
)
STREAMS = {
    "newsletter": StreamSettings("Newsletter", goal="Sell beans", review_every="P3M", main_kpi="orders",
                                 value_per_unit=5),
    "guides": StreamSettings("Guides"),
}  # fmt: skip


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    built = delegation_report(REVIEWS, RESULTS, today=TODAY, settings=SETTINGS, streams=STREAMS)
    return built.to_json()


def streams_by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {stream["id"]: stream for stream in report["streams"]}


def test_stream_spend_is_payments_in_one_currency_plus_the_owners_time(report) -> None:
    streams = streams_by_id(report)
    assert list(streams) == ["design", "guides", "newsletter"]
    # 300 + 300 EUR; (60 + 30 + 15) minutes = 1.75 h at 40 EUR
    assert streams["newsletter"]["spend"] == {
        "contractor": 600.0, "owner_time": 70.0, "total": 670.0, "currency": "EUR", "missing_rates": [],
    }  # fmt: skip
    # 1200 PLN at 0.25; 75 minutes = 1.25 h at 40 EUR
    assert streams["guides"]["spend"]["contractor"] == 300.0
    assert streams["guides"]["spend"]["total"] == 350.0
    # 150 USD at 0.9; 30 minutes at 40 EUR
    assert streams["design"]["spend"]["total"] == 155.0
    assert streams["newsletter"]["briefs"] == ["n1@1.0.0", "n2@1.0.0"]
    assert streams["design"]["title"] == "design"
    assert streams["newsletter"]["title"] == "Newsletter"


def test_kpis_met_missed_and_pending(report) -> None:
    streams = streams_by_id(report)
    # n1: orders 60 < 100 missed, opens 45 >= 40 met; n2: orders 40 missed, opens 35 missed
    assert streams["newsletter"]["kpis"] == {"met": 1, "missed": 3, "pending": 0}
    # g1: visits met; sales not measured (due next year); the text KPI cannot be measured
    assert streams["guides"]["kpis"] == {"met": 1, "missed": 0, "pending": 1}
    assert streams["design"]["kpis"] == {"met": 0, "missed": 0, "pending": 1}
    signups = streams["design"]["kpi_results"][0]
    assert (signups["kpi"], signups["status"], signups["overdue_since"]) == (
        "signups",
        "pending",
        "2026-11-20",
    )
    sales = streams["guides"]["kpi_results"][1]
    assert (sales["kpi"], sales["status"], sales["overdue_since"]) == ("sales", "pending", None)


def test_stream_verdicts_name_the_kpis_and_figures(report) -> None:
    streams = streams_by_id(report)
    newsletter = streams["newsletter"]
    assert newsletter["cost_per_unit"] == 6.7  # 670 EUR for 60 + 40 orders
    assert newsletter["verdict"] == "scrap"  # 1 of 4 met: below 34%
    assert newsletter["reason"] == (
        "1 of 4 KPIs met; missed orders 60 in n1 (target at least 100 orders), orders 40 in n2 "
        "(target at least 100 orders), opens 35 in n2 (target at least 40%); met opens 45 in n1 "
        "(target at least 40%); one orders unit cost 6.70 EUR, worth 5 EUR to you; spend 670 EUR"
    )
    assert newsletter["trend"] == [
        {"month": "2026-11", "kpis_met_rate": 0.5},
        {"month": "2026-12", "kpis_met_rate": 0.0},
    ]
    assert newsletter["next_review"] == "2027-01-09"  # first delivery 9 October, every 3 months
    assert (streams["guides"]["verdict"], streams["guides"]["reason"]) == (
        "too-early",
        "only 1 KPI result so far, 2 needed; 1 of 1 KPIs met; met visits 1,500 in g1 "
        "(target at least 1,000 visits); spend 350 EUR",
    )
    assert (streams["design"]["verdict"], streams["design"]["reason"]) == (
        "too-early",
        "only 0 KPI results so far, 2 needed; no result yet for signups in g2 (due 2026-11-20); "
        "spend 155 EUR",
    )


def test_contractor_figures_leave_brief_caused_rounds_out(report) -> None:
    people = {entry["id"]: entry for entry in report["contractors"]}
    mei = people["mei"]
    assert (mei["first_pass_rate"], mei["first_pass_rate_as_reviewed"]) == (1.0, 0.5)
    assert (mei["mean_rounds"], mei["mean_rounds_as_reviewed"]) == (1.0, 1.5)
    assert mei["brief_caused_rounds"] == 1
    assert mei["cost_per_accepted"] == 335.0  # 670 EUR over 2 accepted
    assert (mei["verdict"], mei["reason"]) == ("change", "on-time rate 50% is below 80%")
    kasia = people["kasia"]
    assert (kasia["first_pass_rate"], kasia["first_pass_rate_as_reviewed"], kasia["brief_caused_rounds"]) == (
        0.0, 0.0, 0,
    )  # fmt: skip
    assert kasia["cost_per_accepted"] == 350.0
    assert (kasia["verdict"], kasia["reason"]) == (
        "too-early",
        "only 1 delivery, 2 needed (so far: first-pass rate 0% is below 33%)",
    )
    assert people["lee"]["cost_per_accepted"] == 155.0


def test_the_brief_that_went_over_budget_is_flagged(report) -> None:
    # g1: 600 + 600 PLN paid against 200 PLN x 5 hours
    assert report["over_budget"] == [
        {
            "brief": "g1@1.0.0",
            "review": "g1-2.review.yaml",
            "paid": 1200.0,
            "budget": 1000.0,
            "currency": "PLN",
        }
    ]


def test_a_stream_is_scrapped_while_its_contractor_is_kept() -> None:
    keep_people = ReportSettings(
        currency="EUR", exchange_rates={"PLN": 0.25, "USD": 0.9}, verdict=VerdictSettings(min_deliveries=1,
        change_on_time_below=0.5),
    )  # fmt: skip
    built = delegation_report(REVIEWS, RESULTS, today=TODAY, settings=keep_people, streams=STREAMS)
    people = {key: figures for key, _, figures in built.contractors}
    streams = {stream.id: stream for stream in built.streams}
    assert people["mei"].verdict == "keep"
    assert streams["newsletter"].verdict == "scrap"


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ({"orders": 120, "opens": 45}, "keep"),
        ({"orders": 120, "opens": 30}, "change"),  # half met: below 67%
        ({"orders": 90, "opens": 30}, "scrap"),
        ({"orders": 10_000, "opens": 45}, "keep"),
    ],
)
def test_stream_verdict_rules(values: dict[str, float], verdict: str) -> None:
    built = stream_figures(
        REVIEWS[:1],
        [results("n1", "2026-11-02T09:00:00+00:00", **values)],
        briefs={"n1": ("n1@1.0.0", BRIEFS["n1"])},
        described=STREAMS,
        pricing=Pricing(ExchangeRates("EUR")),
        settings=StreamVerdictSettings(),
        today=TODAY,
    )
    assert built[0].verdict == verdict


def test_a_unit_that_costs_more_than_it_is_worth_means_change() -> None:
    built = stream_figures(
        REVIEWS[:1],
        [results("n1", "2026-11-02T09:00:00+00:00", orders=120, opens=45)],
        briefs={"n1": ("n1@1.0.0", BRIEFS["n1"])},
        described={"newsletter": StreamSettings("Newsletter", main_kpi="orders", value_per_unit=2)},
        pricing=Pricing(ExchangeRates("EUR")),
        settings=StreamVerdictSettings(),
        today=TODAY,
    )
    assert built[0].verdict == "change"  # 300 EUR / 120 orders = 2.50 EUR, worth 2
    assert "one orders unit cost 2.50 EUR, worth 2 EUR to you" in built[0].reason


def test_kpis_follow_the_newest_version_and_match_results_by_id() -> None:
    newer = {**BRIEFS["n1"], "stream": "email", "kpis": [kpi("orders", at_least=50)]}
    built = delegation_report(
        REVIEWS[:1], RESULTS[:1], today=TODAY, settings=SETTINGS, briefs={"n1": ("n1@1.1.0", newer)}
    )
    (stream,) = built.streams
    assert stream.id == "email"
    assert [(item.kpi, item.status) for item in stream.kpi_results] == [("orders", "met")]


def test_results_since_a_date() -> None:
    built = delegation_report(REVIEWS, RESULTS, since=date(2026, 12, 1), today=TODAY, settings=SETTINGS)
    assert {stream.id: stream.count("met") + stream.count("missed") for stream in built.streams} == {
        "guides": 1,
        "newsletter": 2,
    }


COMPAT = Path(__file__).parent / "data" / "compat"


def test_an_old_spec_renders_exactly_as_before() -> None:
    """A spec written before streams and measurable KPIs (text targets, no ids, no stream):
    its brief, without the provenance, is the one rendered before they existed (the golden
    file changes only when the document itself is meant to change)."""
    spec = load_spec(COMPAT / "support-inbox-cover.brief.yaml")
    assert render_brief(spec).body == (COMPAT / "support-inbox-cover.md").read_text()
    problems = validate_spec(spec, today=date(2026, 11, 27))
    assert [problem.code for problem in problems] == ["L015"] * 4  # text targets: valid, not measurable
    assert not any(problem.is_error for problem in problems)


def test_a_measurable_target_reads_as_words() -> None:
    spec = load_spec(COMPAT / "support-inbox-cover.brief.yaml")
    data = {**spec.data, "kpis": [
        {"id": "happiness", "name": "Happiness score",
         "target": {"at_least": 90, "unit": "%", "by": "2027-02-28"}},
        {"id": "reply", "name": "First reply", "target": {"between": [15, 45.5], "unit": "minutes"}},
        {"id": "disputes", "name": "Disputes", "target": {"at_most": 3}},
    ]}  # fmt: skip
    text = render_brief(dataclasses.replace(spec, data=data)).markdown
    assert "| Happiness score (`happiness`) | at least 90% by Sunday 28 February 2027 |" in text
    assert "| First reply (`reply`) | between 15 and 45.5 minutes |" in text
    assert "| Disputes (`disputes`) | at most 3 |" in text
