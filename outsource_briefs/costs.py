"""What delegated work costs in one currency: the contractor's payments converted with the
owner's own rates, plus the owner's review time at the owner's hourly rate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .money import ExchangeRates
from .reviews import Review


@dataclass(frozen=True)
class Pricing:
    """How costs are brought into the report currency (``rates.currency``)."""

    rates: ExchangeRates = field(default_factory=ExchangeRates)
    owner_hour_rate: float | None = None

    @property
    def currency(self) -> str | None:
        return self.rates.currency


@dataclass(frozen=True)
class Spend:
    """Money spent on some reviewed work, in ``currency``.

    :ivar contractor: payments, converted; ``None`` when one of them has no exchange rate
        (``missing_rates`` names it): such an amount is never added into a total.
    :ivar owner_time: review hours × the owner's hourly rate; ``None`` when no rate is set.
    :ivar total: both parts (the owner's time counts as 0 while it has no price).
    """

    contractor: float | None
    owner_time: float | None
    total: float | None
    currency: str | None
    missing_rates: tuple[str, ...] = ()


def spend_of(reviews: Iterable[Review], pricing: Pricing) -> Spend:
    """The spend on ``reviews``: their payments and their reviewers' time."""
    reviews = list(reviews)
    paid, missing = _payments(reviews, pricing.rates)
    hours = sum(review.reviewer_minutes for review in reviews) / 60
    owner_time = None if pricing.owner_hour_rate is None else round(hours * pricing.owner_hour_rate, 2)
    total = None if paid is None else round(paid + (owner_time or 0.0), 2)
    return Spend(paid, owner_time, total, pricing.currency, missing)


def report_currency(reviews: Sequence[Review], configured: str | None) -> str | None:
    """The configured currency, else the one currency all payments use (``None`` if several)."""
    if configured is not None:
        return configured
    used = {review.cost.currency for review in reviews if review.cost is not None}
    return used.pop() if len(used) == 1 else None


def _payments(reviews: Sequence[Review], rates: ExchangeRates) -> tuple[float | None, tuple[str, ...]]:
    """The payments in the report currency, or ``None`` and the currencies lacking a rate (none
    when there is no report currency: then the payments cannot be added up at all)."""
    total, missing = 0.0, set()
    for review in reviews:
        if review.cost is None or not review.cost.amount:
            continue
        if rates.currency is None:
            return None, ()
        converted = rates.convert(review.cost.amount, review.cost.currency)
        if converted is None:
            missing.update(rates.missing(review.cost.currency))
        else:
            total += converted
    return (None, tuple(sorted(missing))) if missing else (round(total, 2), ())
