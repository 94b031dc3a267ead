"""Streams of delegated work: what each one costs, which of its KPIs were met, and whether to
keep it, change it or scrap it.

A brief's stream is its ``stream``, else its kind. The stream verdict judges the work, not the
people: a stream can be scrapped while its contractor is kept for other work.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from .config import StreamSettings, StreamVerdictSettings
from .costs import Pricing, Spend, spend_of
from .kpis import format_number, kpis_of
from .money import format_money
from .results import Results
from .reviews import Review
from .values import parse_version

StreamVerdict = Literal["keep", "change", "scrap", "too-early"]
KpiStatus = Literal["met", "missed", "pending"]

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


@dataclass(frozen=True)
class KpiResult:
    """One measurable KPI of a brief in the stream, and what became of it.

    :ivar value: the latest measured value, or ``None`` while pending.
    :ivar overdue_since: for a pending KPI whose ``by`` date has passed, that date.
    """

    brief: str
    kpi: str
    name: str
    target: str
    value: float | None
    status: KpiStatus
    overdue_since: date | None = None
    measured: date | None = None


@dataclass(frozen=True)
class StreamFigures:
    """The figures and the verdict of one stream.

    :ivar briefs: the brief versions (``id@version``) reviewed or measured in it.
    :ivar cost_per_unit: total spend divided by the units of the main KPI measured.
    :ivar trend: ``(month, share of KPIs met)`` by month measured.
    :ivar next_review: when the stream is next due for evaluation (``review_every``).
    """

    id: str
    title: str
    goal: str | None
    briefs: tuple[str, ...]
    spend: Spend
    kpi_results: tuple[KpiResult, ...]
    main_kpi: str | None
    cost_per_unit: float | None
    trend: tuple[tuple[str, float], ...]
    next_review: date | None
    verdict: StreamVerdict
    reason: str

    def count(self, status: KpiStatus) -> int:
        """How many KPIs are met, missed or pending."""
        return sum(result.status == status for result in self.kpi_results)


#: Brief id -> its newest version as ``(id@version, resolved spec)``.
Briefs = Mapping[str, tuple[str, dict[str, Any]]]


def newest_versions(
    reviews: Iterable[Review], results: Iterable[Results]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Brief id -> the newest version that ``reviews`` or ``results`` name."""
    seen = [(review.brief_id, review.brief_version, review.brief) for review in reviews]
    seen += [(item.brief_id, item.brief_version, item.brief) for item in results]
    newest: dict[str, tuple[str, dict[str, Any]]] = {}
    for brief_id, version, brief in sorted(seen, key=lambda entry: parse_version(entry[1]) or (0, 0, 0)):
        newest[brief_id] = (f"{brief_id}@{version}", brief)
    return newest


def stream_of(brief: Mapping[str, Any]) -> str:
    """A brief's stream of work: its ``stream``, else its kind."""
    return str(brief.get("stream") or brief.get("kind", ""))


def stream_figures(
    reviews: Sequence[Review],
    results: Sequence[Results],
    *,
    briefs: Briefs,
    described: Mapping[str, StreamSettings],
    pricing: Pricing,
    settings: StreamVerdictSettings,
    today: date,
) -> list[StreamFigures]:
    """The figures of every stream that ``reviews`` or ``results`` belong to, by stream id.

    :param briefs: the newest version of every brief named, which says the brief's stream and
        its KPIs (KPIs are matched by id across versions, so results of older versions count).
    """
    stream = {brief_id: stream_of(brief) for brief_id, (_, brief) in briefs.items()}
    return [
        _one_stream(
            name,
            [review for review in reviews if stream[review.brief_id] == name],
            [item for item in results if stream[item.brief_id] == name],
            briefs={key: value for key, value in briefs.items() if stream[key] == name},
            described=described.get(name),
            pricing=pricing,
            settings=settings,
            today=today,
        )
        for name in sorted(set(stream.values()))
    ]


def _one_stream(
    stream: str,
    reviews: list[Review],
    results: list[Results],
    *,
    briefs: Briefs,
    described: StreamSettings | None,
    pricing: Pricing,
    settings: StreamVerdictSettings,
    today: date,
) -> StreamFigures:
    spend = spend_of(reviews, pricing)
    kpi_results = tuple(_kpi_results(briefs, results, today))
    main_kpi = described.main_kpi if described else None
    units = sum(item.value or 0.0 for item in kpi_results if item.kpi == main_kpi)
    cost_per_unit = round(spend.total / units, 2) if spend.total is not None and units > 0 else None
    verdict, reason = _verdict(kpi_results, cost_per_unit, described, spend, settings)
    return StreamFigures(
        id=stream,
        title=described.title if described else stream,
        goal=described.goal if described else None,
        briefs=tuple(sorted(reference for reference, _ in briefs.values())),
        spend=spend,
        kpi_results=kpi_results,
        main_kpi=main_kpi,
        cost_per_unit=cost_per_unit,
        trend=_trend(kpi_results),
        next_review=_next_review(reviews, described, today),
        verdict=verdict,
        reason=reason,
    )


def _kpi_results(briefs: Briefs, results: list[Results], today: date) -> Iterable[KpiResult]:
    """Each measurable KPI of each brief's newest version, with its latest measured value."""
    latest: dict[tuple[str, str], tuple[float, date]] = {}
    for item in sorted(results, key=lambda r: r.measured):
        for kpi_id, value in item.values.items():
            latest[item.brief_id, kpi_id] = (value, item.measured.date())
    for brief_id, (reference, brief) in sorted(briefs.items()):
        for kpi in kpis_of(brief):
            if kpi.id is None or kpi.target is None:
                continue  # not measurable: the clarity lint says so (L015)
            target = kpi.target
            shown = target.describe()
            if (brief_id, kpi.id) in latest:
                value, measured = latest[brief_id, kpi.id]
                status: KpiStatus = "met" if target.met_by(value) else "missed"
                yield KpiResult(reference, kpi.id, kpi.name, shown, value, status, measured=measured)
            else:
                overdue = target.by if target.by is not None and target.by < today else None
                yield KpiResult(reference, kpi.id, kpi.name, shown, None, "pending", overdue)


def _verdict(
    kpis: Sequence[KpiResult],
    cost_per_unit: float | None,
    described: StreamSettings | None,
    spend: Spend,
    settings: StreamVerdictSettings,
) -> tuple[StreamVerdict, str]:
    met = sum(item.status == "met" for item in kpis)
    judged = met + sum(item.status == "missed" for item in kpis)
    facts = _facts(kpis, cost_per_unit, described, spend)
    if judged < settings.min_measured:
        plural = "result" if judged == 1 else "results"
        return "too-early", f"only {judged} KPI {plural} so far, {settings.min_measured} needed; {facts}"
    share = met / judged
    too_dear = (
        described is not None
        and described.value_per_unit is not None
        and cost_per_unit is not None
        and cost_per_unit > described.value_per_unit
    )
    if share < settings.scrap_met_below:
        return "scrap", facts
    if share < settings.change_met_below or too_dear:
        return "change", facts
    return "keep", facts


def _facts(
    kpis: Sequence[KpiResult], cost_per_unit: float | None, described: StreamSettings | None, spend: Spend
) -> str:
    """What a stream verdict rests on: the KPIs met and missed, the overdue ones, the cost."""
    met = [item for item in kpis if item.status == "met"]
    missed = [item for item in kpis if item.status == "missed"]
    pending = [item for item in kpis if item.status == "pending"]
    judged = len(met) + len(missed)
    parts = [f"{len(met)} of {judged} KPIs met"] if judged else []
    if missed:
        parts.append("missed " + ", ".join(_result(item) for item in missed))
    if met:
        parts.append("met " + ", ".join(_result(item) for item in met))
    overdue = [item for item in pending if item.overdue_since is not None]
    if overdue:
        late = (f"{item.kpi} in {_brief_id(item)} (due {item.overdue_since})" for item in overdue)
        parts.append("no result yet for " + ", ".join(late))
    currency = spend.currency
    if cost_per_unit is not None and described is not None and described.main_kpi:
        unit = f"one {described.main_kpi} unit cost {format_money(cost_per_unit, currency)}"
        worth = described.value_per_unit
        parts.append(unit if worth is None else f"{unit}, worth {format_money(worth, currency)} to you")
    if spend.total is not None:
        parts.append(f"spend {format_money(spend.total, currency)}")
    return "; ".join(parts) if parts else "no measurable KPIs yet: give the briefs' KPIs ids and targets"


def _result(item: KpiResult) -> str:
    return f"{item.kpi} {format_number(item.value or 0.0)} in {_brief_id(item)} (target {item.target})"


def _brief_id(item: KpiResult) -> str:
    return item.brief.partition("@")[0]


def _trend(kpis: Sequence[KpiResult]) -> tuple[tuple[str, float], ...]:
    months: dict[str, list[bool]] = {}
    for item in kpis:
        if item.measured is not None:
            months.setdefault(f"{item.measured:%Y-%m}", []).append(item.status == "met")
    return tuple((month, round(sum(flags) / len(flags), 4)) for month, flags in sorted(months.items()))


def _next_review(reviews: Sequence[Review], described: StreamSettings | None, today: date) -> date | None:
    """The end of the first whole ``review_every`` period after the stream's first delivery
    that falls on or after ``today``."""
    match = _DURATION.fullmatch(described.review_every or "") if described else None
    if match is None or not reviews:
        return None
    years, months, weeks, days = (int(part or 0) for part in match.groups())
    months, days = years * 12 + months, weeks * 7 + days
    if months == 0 and days == 0:
        return None
    start = min(review.submitted.date() for review in reviews)
    try:
        return _period_end(start, months, days, today)
    except (ValueError, OverflowError):  # the next evaluation would fall after year 9999
        return None


def _period_end(start: date, months: int, days: int, today: date) -> date:
    # A period lasts at most months × 31 + days days, so this many periods never overshoot.
    periods = max(1, (today - start).days // (months * 31 + days))
    due = _add_months(start, periods * months) + timedelta(days=periods * days)
    while due < today:  # at most a tenth more periods than the estimate, plus one
        periods += 1
        due = _add_months(start, periods * months) + timedelta(days=periods * days)
    return due


def _add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, on the month's last day when it is shorter.

    :raises ValueError: when the result lies after year 9999.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        raise ValueError("after year 9999")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
