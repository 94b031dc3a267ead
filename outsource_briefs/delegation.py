"""The delegation report's figures and verdicts: does handing this work out pay off, per
contractor and per kind of work?

Every figure is defined once here; README "The delegation loop" and the tests use the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .config import VerdictSettings
from .reviews import Review
from .values import parse_moment

Verdict = Literal["keep", "change", "stop"]


@dataclass(frozen=True)
class Figures:
    """The figures for one contractor or one kind of work.

    :ivar deliveries: briefs (id@version) with a round-1 review.
    :ivar on_time_rate: share of round-1 submissions at or before the brief's deadline.
    :ivar first_pass_rate: share of round-1 reviews that accept (with or without edits).
    :ivar mean_rounds: rounds until acceptance, over accepted briefs only.
    :ivar mean_score: mean weighted rubric score of all scored reviews, from 0 (all 1s) to 100
        (all 4s).
    :ivar cost_per_accepted: all cost paid divided by the number of accepted briefs, per currency
        (``None`` while nothing was accepted).
    :ivar reviewer_hours: time spent reviewing.
    :ivar brief_gaps: findings marked ``brief_gap``: places where the brief was unclear.
    """

    deliveries: int
    on_time_rate: float | None
    first_pass_rate: float | None
    mean_rounds: float | None
    mean_score: float | None
    cost_per_accepted: dict[str, float | None]
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
    """Figures per contractor and per kind, the monthly trend, and the brief gaps per brief."""

    contractors: list[tuple[str, str, Figures]]
    kinds: list[tuple[str, Figures]]
    trend: list[MonthTrend]
    brief_gaps: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"contractors": [{"id", "name", ...figures}], "kinds": [{"kind", ...}], "trend": [...],
        "brief_gaps": {...}}``."""
        return {
            "contractors": [{"id": key, "name": name, **asdict(f)} for key, name, f in self.contractors],
            "kinds": [{"kind": key, **asdict(f)} for key, f in self.kinds],
            "trend": [asdict(month) for month in self.trend],
            "brief_gaps": self.brief_gaps,
        }


def delegation_report(
    reviews: Iterable[Review], *, since: date | None = None, settings: VerdictSettings | None = None
) -> DelegationReport:
    """Compute the report over ``reviews`` submitted on or after ``since``.

    When two reviews name the same brief version and round, the one reviewed last counts.
    """
    settings = settings or VerdictSettings()
    chosen = _latest_per_round(
        review for review in reviews if since is None or review.submitted.date() >= since
    )
    names = {review.contractor_id: str(review.contractor.get("name", "")) for review in chosen}
    by_contractor = _group(chosen, lambda review: review.contractor_id)
    by_kind = _group(chosen, lambda review: review.kind)
    gaps: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for review in chosen:
        notes = [finding.note for finding in review.findings if finding.brief_gap]
        if notes:
            known = gaps.setdefault(review.brief_ref, [])
            known.extend(note for note in notes if note not in known)
            titles[review.brief_ref] = str(review.brief.get("title", ""))
    return DelegationReport(
        contractors=[(key, names[key], figures(group, settings)) for key, group in by_contractor.items()],
        kinds=[(key, figures(group, settings)) for key, group in by_kind.items()],
        trend=_trend(chosen),
        brief_gaps=dict(sorted(gaps.items())),
        titles=titles,
    )


def figures(reviews: Sequence[Review], settings: VerdictSettings) -> Figures:
    """The figures of one group of reviews (one contractor, or one kind)."""
    first = [review for review in reviews if review.round == 1]
    on_time = [flag for flag in map(_on_time, first) if flag is not None]
    accepted_rounds = _accepted_rounds(reviews)
    first_pass = _rate([review.accepted for review in first])
    on_time_rate = _rate(on_time)
    mean_score = _mean([score for score in map(_score, reviews) if score is not None])
    verdict, reason = _verdict(len(first), first_pass, on_time_rate, mean_score, settings)
    return Figures(
        deliveries=len(first),
        on_time_rate=on_time_rate,
        first_pass_rate=first_pass,
        mean_rounds=_mean([float(n) for n in accepted_rounds.values()]),
        mean_score=mean_score,
        cost_per_accepted=_cost_per_accepted(reviews, len(accepted_rounds)),
        reviewer_hours=round(sum(review.reviewer_minutes for review in reviews) / 60, 2),
        brief_gaps=sum(finding.brief_gap for review in reviews for finding in review.findings),
        verdict=verdict,
        reason=reason,
    )


def _latest_per_round(reviews: Iterable[Review]) -> list[Review]:
    latest: dict[tuple[str, int], Review] = {}
    for review in reviews:
        key = (review.brief_ref, review.round)
        if key not in latest or _reviewed(review) >= _reviewed(latest[key]):
            latest[key] = review
    return sorted(latest.values(), key=lambda r: (r.submitted, r.brief_ref, r.round))


def _reviewed(review: Review) -> datetime:
    return review.reviewed or review.submitted


def _group(reviews: Sequence[Review], key: Callable[[Review], str]) -> dict[str, list[Review]]:
    groups: dict[str, list[Review]] = {}
    for review in reviews:
        groups.setdefault(key(review), []).append(review)
    return dict(sorted(groups.items()))


def _on_time(review: Review) -> bool | None:
    due = (review.brief.get("timeline") or {}).get("due")
    return review.submitted <= parse_moment(due) if isinstance(due, str) else None


def _accepted_rounds(reviews: Sequence[Review]) -> dict[str, int]:
    """Brief (id@version) -> the round in which it was first accepted."""
    rounds: dict[str, int] = {}
    for review in reviews:
        brief = review.brief_ref
        if review.accepted:
            rounds[brief] = min(rounds.get(brief, review.round), review.round)
    return rounds


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


def _cost_per_accepted(reviews: Sequence[Review], accepted: int) -> dict[str, float | None]:
    totals: dict[str, float] = {}
    for review in reviews:
        if review.cost is not None:
            currency = review.cost.currency
            totals[currency] = totals.get(currency, 0.0) + review.cost.amount
    return {
        currency: round(total / accepted, 2) if accepted else None
        for currency, total in sorted(totals.items())
    }


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
        return "keep", f"only {deliveries} {plural}; too early to judge{concerns}"
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
