"""The delegation report: does handing this work out pay off? Per stream of work (see
``streams``) and per contractor, with the figures and verdicts each rests on.

Every contractor figure is defined once here; README "The delegation loop" and the tests use the
same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .config import ReportSettings, StreamSettings, VerdictSettings
from .costs import Pricing, Spend, report_currency, spend_of
from .money import ExchangeRates
from .results import Results
from .reviews import OverBudget, Review, over_budget
from .streams import Briefs, StreamFigures, newest_versions, stream_figures

Verdict = Literal["keep", "change", "stop", "too-early"]


@dataclass(frozen=True)
class Figures:
    """The figures of one contractor.

    A *brief-caused* round is one sent back only for points the brief was unclear about (every
    must-fix finding is a ``brief_gap``): it counts against the owner, not the contractor.

    :ivar deliveries: briefs (id@version) with a round-1 review.
    :ivar on_time_rate: share of round-1 submissions at or before the brief's deadline.
    :ivar first_pass_rate: share of deliveries accepted in the first round not caused by the brief.
    :ivar first_pass_rate_as_reviewed: share of round-1 reviews that accept.
    :ivar mean_rounds: rounds until acceptance, brief-caused rounds left out, over accepted briefs.
    :ivar mean_rounds_as_reviewed: rounds until acceptance as reviewed.
    :ivar brief_caused_rounds: rounds caused by the brief: the owner's own figure.
    :ivar mean_score: mean weighted rubric score of all scored reviews, from 0 (all 1s) to 100
        (all 4s).
    :ivar spend: payments and review time, in the report currency.
    :ivar cost_per_accepted: the spend's total divided by the accepted briefs, in the report
        currency (``None`` while nothing was accepted or a rate is missing: ``cost_note`` says).
    :ivar reviewer_hours: time spent reviewing.
    :ivar brief_gaps: findings marked ``brief_gap``: places where the brief was unclear.
    """

    deliveries: int
    on_time_rate: float | None
    first_pass_rate: float | None
    first_pass_rate_as_reviewed: float | None
    mean_rounds: float | None
    mean_rounds_as_reviewed: float | None
    brief_caused_rounds: int
    mean_score: float | None
    spend: Spend
    cost_per_accepted: float | None
    cost_note: str | None
    reviewer_hours: float
    brief_gaps: int
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class MonthTrend:
    month: str
    first_pass_rate: float | None
    mean_score: float | None


@dataclass(frozen=True)
class DelegationReport:
    """Figures per stream and per contractor, the monthly trend, and the brief gaps per brief."""

    streams: list[StreamFigures]
    contractors: list[tuple[str, str, Figures]]
    trend: list[MonthTrend]
    currency: str | None = None
    over_budget: list[OverBudget] = field(default_factory=list)
    brief_gaps: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"currency", "streams": [{"id", "title", "briefs", "spend", "kpis", "verdict",
        "reason", ...}], "contractors": [{"id", "name", ...figures}], "trend", "over_budget",
        "brief_gaps"}``."""
        return {
            "currency": self.currency,
            "streams": [_stream_json(stream) for stream in self.streams],
            "contractors": [
                {"id": key, "name": name, **asdict(f), "spend": _spend_json(f.spend)}
                for key, name, f in self.contractors
            ],
            "trend": [asdict(month) for month in self.trend],
            "over_budget": [
                {
                    "brief": item.brief_ref,
                    "review": str(item.review.path),
                    "paid": item.paid,
                    "budget": item.budget.amount,
                    "currency": item.budget.currency,
                }
                for item in self.over_budget
            ],
            "brief_gaps": self.brief_gaps,
        }


def _stream_json(stream: StreamFigures) -> dict[str, Any]:
    return {
        "id": stream.id,
        "title": stream.title,
        "goal": stream.goal,
        "briefs": list(stream.briefs),
        "spend": _spend_json(stream.spend),
        "kpis": {status: stream.count(status) for status in ("met", "missed", "pending")},
        "kpi_results": [
            {**asdict(item), "overdue_since": _iso(item.overdue_since), "measured": _iso(item.measured)}
            for item in stream.kpi_results
        ],
        "main_kpi": stream.main_kpi,
        "cost_per_unit": stream.cost_per_unit,
        "trend": [{"month": month, "kpis_met_rate": rate} for month, rate in stream.trend],
        "next_review": _iso(stream.next_review),
        "verdict": stream.verdict,
        "reason": stream.reason,
    }


def _spend_json(spend: Spend) -> dict[str, Any]:
    return {**asdict(spend), "missing_rates": list(spend.missing_rates)}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def delegation_report(
    reviews: Iterable[Review],
    results: Iterable[Results] = (),
    *,
    since: date | None = None,
    today: date | None = None,
    settings: ReportSettings | None = None,
    streams: Mapping[str, StreamSettings] | None = None,
    briefs: Briefs | None = None,
) -> DelegationReport:
    """Compute the report over ``reviews`` of work submitted, and ``results`` measured, on or
    after ``since``.

    A delivery (a brief version, or one period of recurring work) counts by the date of its first
    submission: with ``since``, all its rounds are in or all are out. When two reviews name the
    same delivery and round, the one reviewed last counts (``validate`` reports such pairs).

    :param today: the date KPIs are pending or overdue against (default: today).
    :param settings: the ``report:`` section (currency, rates, verdict rules).
    :param streams: the ``streams:`` section: titles, goals and main KPIs.
    :param briefs: the newest published version of each brief, which says its stream and KPIs
        (default: the newest version reviewed or measured).
    """
    settings = settings or ReportSettings()
    chosen = _since(_latest_per_round(reviews), since)
    measured = [item for item in results if since is None or item.measured.date() >= since]
    currency = report_currency(chosen, settings.currency)
    pricing = Pricing(ExchangeRates(currency, settings.exchange_rates), settings.owner_hour_rate)
    names = {review.contractor_id: str(review.contractor.get("name", "")) for review in chosen}
    by_contractor = _group(chosen, lambda review: review.contractor_id)
    gaps: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for review in chosen:
        notes = [finding.note for finding in review.findings if finding.brief_gap]
        if notes:
            known = gaps.setdefault(review.brief_ref, [])
            known.extend(note for note in notes if note not in known)
            titles[review.brief_ref] = str(review.brief.get("title", ""))
    return DelegationReport(
        streams=stream_figures(
            chosen,
            measured,
            briefs={
                brief_id: (briefs or {}).get(brief_id, seen)
                for brief_id, seen in newest_versions(chosen, measured).items()
            },
            described=streams or {},
            pricing=pricing,
            settings=settings.stream_verdict,
            today=today or date.today(),
        ),
        contractors=[
            (key, names[key], figures(group, settings.verdict, pricing))
            for key, group in by_contractor.items()
        ],
        trend=_trend(chosen),
        currency=currency,
        over_budget=over_budget(chosen, pricing.rates),
        brief_gaps=dict(sorted(gaps.items())),
        titles=titles,
    )


def figures(reviews: Sequence[Review], settings: VerdictSettings, pricing: Pricing | None = None) -> Figures:
    """The figures of one contractor's reviews."""
    pricing = pricing or Pricing()
    first = [review for review in reviews if review.round == 1]
    on_time = [flag for flag in map(_on_time, first) if flag is not None]
    rounds = _rounds(reviews)
    first_pass = _rate(
        [contractor_rounds[0].accepted for contractor_rounds, _ in rounds.values() if contractor_rounds]
    )
    accepted = {brief: _accepted_round(all_rounds) for brief, (_, all_rounds) in rounds.items()}
    accepted_fair = {
        brief: _accepted_round(contractor_rounds) for brief, (contractor_rounds, _) in rounds.items()
    }
    on_time_rate = _rate(on_time)
    mean_score = _mean([score for score in map(_score, reviews) if score is not None])
    spend = spend_of(reviews, pricing)
    cost_per_accepted, cost_note = _cost_per_accepted(
        spend, sum(round_ is not None for round_ in accepted.values())
    )
    verdict, reason = _verdict(len(first), first_pass, on_time_rate, mean_score, settings)
    return Figures(
        deliveries=len(first),
        on_time_rate=on_time_rate,
        first_pass_rate=first_pass,
        first_pass_rate_as_reviewed=_rate([review.accepted for review in first]),
        mean_rounds=_mean([float(n) for n in accepted_fair.values() if n is not None]),
        mean_rounds_as_reviewed=_mean([float(n) for n in accepted.values() if n is not None]),
        brief_caused_rounds=sum(review.brief_caused for review in reviews),
        mean_score=mean_score,
        spend=spend,
        cost_per_accepted=cost_per_accepted,
        cost_note=cost_note,
        reviewer_hours=round(sum(review.reviewer_minutes for review in reviews) / 60, 2),
        brief_gaps=sum(finding.brief_gap for review in reviews for finding in review.findings),
        verdict=verdict,
        reason=reason,
    )


def _latest_per_round(reviews: Iterable[Review]) -> list[Review]:
    latest: dict[tuple[str, int], Review] = {}
    for review in reviews:
        key = (review.delivery, review.round)
        if key not in latest or _reviewed(review) >= _reviewed(latest[key]):
            latest[key] = review
    return sorted(latest.values(), key=lambda r: (r.submitted, r.brief_ref, r.round))


def _since(reviews: list[Review], since: date | None) -> list[Review]:
    if since is None:
        return reviews
    started: dict[str, date] = {}
    for review in reviews:
        first = started.get(review.delivery)
        started[review.delivery] = min(first, review.submitted.date()) if first else review.submitted.date()
    return [review for review in reviews if started[review.delivery] >= since]


def _reviewed(review: Review) -> datetime:
    return review.reviewed or review.submitted


def _group(reviews: Sequence[Review], key: Callable[[Review], str]) -> dict[str, list[Review]]:
    groups: dict[str, list[Review]] = {}
    for review in reviews:
        groups.setdefault(key(review), []).append(review)
    return dict(sorted(groups.items()))


def _on_time(review: Review) -> bool | None:
    due = review.due
    return None if due is None else review.submitted <= due


def _rounds(reviews: Sequence[Review]) -> dict[str, tuple[list[Review], list[Review]]]:
    """Delivery -> its rounds judged on the contractor's work (brief-caused ones left out), and
    all its rounds, each in round order."""
    rounds: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=lambda r: r.round):
        rounds.setdefault(review.delivery, []).append(review)
    return {
        brief: ([review for review in every if not review.brief_caused], every)
        for brief, every in rounds.items()
    }


def _accepted_round(rounds: Sequence[Review]) -> int | None:
    """The number of rounds (counted in ``rounds``) until the first acceptance, if any."""
    return next((number for number, review in enumerate(rounds, start=1) if review.accepted), None)


def _score(review: Review) -> float | None:
    """Weighted mean rubric score of one review, as 0 (all 1s) to 100 (all 4s)."""
    weights = {
        str(row["criterion"]): float(row.get("weight", 1))
        for row in (review.brief.get("review") or {}).get("rubric", [])
    }
    scored = [(weights.get(name, 1.0), float(value)) for name, value in review.scores.items()]
    if not scored:
        return None
    # Weights are relative: divided by the largest, no sum of them can overflow (1e308 is one).
    largest = max(weight for weight, _ in scored)
    total = sum(weight / largest for weight, _ in scored)
    mean = sum(weight / largest * value for weight, value in scored) / total
    return (mean - 1) / 3 * 100


def _cost_per_accepted(spend: Spend, accepted: int) -> tuple[float | None, str | None]:
    if spend.currency is None:
        return None, "the payments are in several currencies: set report: currency and exchange_rates"
    if spend.missing_rates:
        rates = ", ".join(spend.missing_rates)
        return None, f"no exchange rate for {rates}: add it under report: exchange_rates"
    if spend.total is None:
        return None, "the spend is unknown"
    if not accepted:
        return None, "nothing accepted yet"
    return round(spend.total / accepted, 2), None


def _trend(reviews: Sequence[Review]) -> list[MonthTrend]:
    months = _group(reviews, lambda review: review.submitted.strftime("%Y-%m"))
    return [
        MonthTrend(
            month,
            _rate([review.accepted for review in group if review.round == 1]),
            _mean([s for s in map(_score, group) if s is not None]),
        )
        for month, group in months.items()
    ]


def _verdict(
    deliveries: int,
    first_pass: float | None,
    on_time: float | None,
    score: float | None,
    settings: VerdictSettings,
) -> tuple[Verdict, str]:
    stop: list[str] = []
    change: list[str] = []
    rates = (
        ("first-pass rate", first_pass, settings.stop_first_pass_below, settings.change_first_pass_below),
        ("on-time rate", on_time, settings.stop_on_time_below, settings.change_on_time_below),
    )
    # A rate below its stop threshold is a reason to stop, else below its change one to change.
    for label, value, stop_below, change_below in rates:
        if value is not None and value < stop_below:
            stop.append(f"{label} {_percent(value)} is below {_percent(stop_below)}")
        elif value is not None and value < change_below:
            change.append(f"{label} {_percent(value)} is below {_percent(change_below)}")
    if score is not None and score < settings.change_mean_score_below:
        change.append(f"mean score {score:.1f} is below {settings.change_mean_score_below:g}")
    if deliveries < settings.min_deliveries:
        plural = "delivery" if deliveries == 1 else "deliveries"
        concerns = f" (so far: {'; '.join(stop + change)})" if stop or change else ""
        return "too-early", f"only {deliveries} {plural}, {settings.min_deliveries} needed{concerns}"
    if stop:
        return "stop", "; ".join(stop + change)
    if change:
        return "change", "; ".join(change)
    parts = [f"first-pass rate {_percent(first_pass)}", f"on time {_percent(on_time)}"]
    if score is not None:
        parts.append(f"mean score {score:.1f}")
    return "keep", ", ".join(parts)


def _rate(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"
