"""The team board: who has done which kind of work how well, what each person has open, and who
good is sitting idle, so the next brief goes to someone already proven instead of a stranger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .config import ReportSettings
from .costs import Pricing, report_currency
from .delegation import figures
from .money import ExchangeRates
from .reviews import Review, is_recurring


@dataclass(frozen=True)
class KindRecord:
    """A person's record in one kind of work."""

    kind: str
    deliveries: int
    first_pass_rate: float | None
    mean_score: float | None


@dataclass(frozen=True)
class Member:
    """One row of the team board.

    :ivar open_briefs: published briefs (``id@version``, the newest) naming the person that no
        review of any version has accepted or rejected yet; recurring work stays open.
    :ivar days_idle: days from the last delivery to ``today`` (``None`` before any).
    :ivar cost_per_accepted: what an accepted brief of theirs costs, in the report currency.
    """

    id: str
    name: str
    status: str
    rate: str | None
    kinds: tuple[KindRecord, ...]
    last_delivery: date | None
    days_idle: int | None
    open_briefs: tuple[str, ...]
    cost_per_accepted: float | None

    def record(self, kind: str) -> KindRecord | None:
        return next((entry for entry in self.kinds if entry.kind == kind), None)


@dataclass(frozen=True)
class TeamBoard:
    """Every person on the roster, the ones best placed for ``kind`` first when one is given."""

    members: list[Member]
    currency: str | None
    today: date
    kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"today", "kind", "currency", "contractors": [{"id", "name", "status", "rate",
        "kinds": [...], "last_delivery", "days_idle", "open_briefs", "cost_per_accepted"}]}``."""
        return {
            "today": self.today.isoformat(),
            "kind": self.kind,
            "currency": self.currency,
            "contractors": [
                {
                    **asdict(member),
                    "kinds": [asdict(entry) for entry in member.kinds],
                    "last_delivery": member.last_delivery.isoformat() if member.last_delivery else None,
                    "open_briefs": list(member.open_briefs),
                }
                for member in self.members
            ],
        }


def team_board(
    roster: Mapping[str, Mapping[str, Any]],
    reviews: Iterable[Review],
    published: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    today: date,
    settings: ReportSettings | None = None,
    kind: str | None = None,
) -> TeamBoard:
    """The board for the people on ``roster`` (id -> roster entry).

    :param published: every brief's newest published version as ``(id@version, spec)``.
    :param kind: put the people with the best record in this kind of work first, and show only it.
    """
    settings = settings or ReportSettings()
    reviews = list(reviews)
    currency = report_currency(reviews, settings.currency)
    pricing = Pricing(ExchangeRates(currency, settings.exchange_rates), settings.owner_hour_rate)
    decided = {review.brief_id for review in reviews if review.accepted or review.decision == "reject"}
    open_by_person: dict[str, list[str]] = {}
    for reference, spec in published:
        named = spec.get("contractor")
        done = reference.partition("@")[0] in decided
        if isinstance(named, str) and (not done or is_recurring(dict(spec))):
            open_by_person.setdefault(named, []).append(reference)
    members = [
        _member(
            person_id,
            entry,
            [review for review in reviews if review.contractor_id == person_id],
            open_by_person.get(person_id, []),
            today=today,
            settings=settings,
            pricing=pricing,
            kind=kind,
        )
        for person_id, entry in sorted(roster.items())
    ]
    if kind is not None:
        members.sort(key=lambda member: _standing(member, kind))
    return TeamBoard(members, currency, today, kind)


def _member(
    person_id: str,
    entry: Mapping[str, Any],
    reviews: Sequence[Review],
    open_briefs: Sequence[str],
    *,
    today: date,
    settings: ReportSettings,
    pricing: Pricing,
    kind: str | None,
) -> Member:
    kinds = sorted({review.kind for review in reviews})
    records = tuple(
        _record(name, [review for review in reviews if review.kind == name], settings)
        for name in kinds
        if kind is None or name == kind
    )
    last = max((review.submitted.date() for review in reviews), default=None)
    return Member(
        id=person_id,
        name=str(entry.get("name", person_id)),
        status=str(entry.get("status", "active")),
        rate=_rate(entry.get("rate")),
        kinds=records,
        last_delivery=last,
        days_idle=None if last is None else max(0, (today - last).days),
        open_briefs=tuple(sorted(open_briefs)),
        cost_per_accepted=figures(reviews, settings.verdict, pricing).cost_per_accepted if reviews else None,
    )


def _record(kind: str, reviews: Sequence[Review], settings: ReportSettings) -> KindRecord:
    found = figures(reviews, settings.verdict)
    return KindRecord(kind, found.deliveries, found.first_pass_rate, found.mean_score)


def _standing(member: Member, kind: str) -> tuple[int, float, float, str]:
    """Active people first, then the best first-pass rate and mean score in ``kind``."""
    record = member.record(kind)
    first_pass = record.first_pass_rate if record and record.first_pass_rate is not None else -1.0
    score = record.mean_score if record and record.mean_score is not None else -1.0
    return (member.status != "active", -first_pass, -score, member.id)


def _rate(rate: Any) -> str | None:
    if not isinstance(rate, Mapping):
        return None
    amount = float(rate["amount"])
    shown = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    unit = rate.get("unit")
    return f"{shown} {rate['currency']}" + (f" per {unit}" if unit else "")
