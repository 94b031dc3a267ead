"""Amounts in several currencies brought into one, with the owner's own exchange rates (the tool
never looks rates up)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExchangeRates:
    """Rates into ``currency``: ``rates["PLN"] = 0.23`` means 1 PLN is worth 0.23 of it.

    Without a ``currency``, only amounts already in the same currency can be compared.
    """

    currency: str | None = None
    rates: Mapping[str, float] = field(default_factory=dict)

    def convert(self, amount: float, source: str, target: str | None = None) -> float | None:
        """``amount`` in ``source`` expressed in ``target`` (default: the report currency), or
        ``None`` when a rate that would be needed is missing."""
        target = target or self.currency
        if target is None:
            return None
        if source == target:
            return amount
        in_own = self._to_own(amount, source)
        if in_own is None or target == self.currency:
            return in_own
        rate = self.rates.get(target)
        return None if rate is None else in_own / rate

    def missing(self, source: str, target: str | None = None) -> list[str]:
        """The currencies whose rates a conversion from ``source`` to ``target`` lacks."""
        target = target or self.currency
        if source == target:
            return []
        return [
            currency
            for currency in dict.fromkeys((source, target or source))
            if currency != self.currency and currency not in self.rates
        ]

    def _to_own(self, amount: float, source: str) -> float | None:
        if source == self.currency:
            return amount
        rate = self.rates.get(source)
        return None if rate is None else amount * rate


def format_money(amount: float, currency: str | None) -> str:
    """``1200`` -> ``1,200 EUR``; ``6.7`` -> ``6.70 EUR``."""
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{shown} {currency}" if currency else shown
