"""A brief's KPIs: what each measure of success asks for, whether a measured value meets it, and
how its target reads.

A target is measurable when written as ``{at_least: N}``, ``{at_most: N}`` or
``{between: [A, B]}`` (with an optional ``unit`` and the date ``by`` which the result is due).
Text and bare-number targets stay valid, but nothing can be judged against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Target:
    """A measurable target: the result must be at least ``low`` and at most ``high`` (either
    may be open)."""

    low: float | None
    high: float | None
    unit: str | None = None
    by: date | None = None

    @classmethod
    def from_data(cls, data: Any) -> Target | None:
        """The target a spec's ``target`` value describes, or ``None`` for a text or number one."""
        if not isinstance(data, dict):
            return None
        low, high = data.get("at_least"), data.get("at_most")
        if "between" in data:
            low, high = data["between"]
        by = data.get("by")
        return cls(
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            unit=data.get("unit"),
            by=date.fromisoformat(by) if isinstance(by, str) else None,
        )

    def met_by(self, value: float) -> bool:
        """Whether a measured ``value`` meets the target (bounds included)."""
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self) -> str:
        """``at least 80 orders``, ``at most 4 minutes``, ``between 40 and 60%``; no date."""
        if self.low is not None and self.high is not None:
            text = f"between {format_number(self.low)} and {format_number(self.high)}"
        elif self.low is not None:
            text = f"at least {format_number(self.low)}"
        elif self.high is not None:
            text = f"at most {format_number(self.high)}"
        else:
            text = "any value"
        if not self.unit:
            return text
        return f"{text}{self.unit}" if self.unit == "%" else f"{text} {self.unit}"


@dataclass(frozen=True)
class Kpi:
    """One entry of a brief's ``kpis``; ``target`` is ``None`` when it cannot be measured."""

    id: str | None
    name: str
    target: Target | None


def kpis_of(spec: dict[str, Any]) -> Iterator[Kpi]:
    """The KPIs of a resolved, valid spec, in order."""
    for entry in spec.get("kpis") or ():
        yield Kpi(entry.get("id"), str(entry["name"]), Target.from_data(entry.get("target")))


def describe_target(value: Any) -> Any:
    """A spec's ``target`` for people: a measurable one in words (``at least 80 orders by
    Saturday 31 October 2026``), text and numbers unchanged."""
    target = Target.from_data(value)
    if target is None:
        return value
    if target.by is None:
        return target.describe()
    return f"{target.describe()} by {target.by:%A} {target.by.day} {target.by:%B %Y}"


def format_number(value: float) -> str:
    """``1300.0`` -> ``1,300``; ``37.5`` -> ``37.5``; ``0.125`` -> ``0.125``: whole numbers with
    thousands separators, others exactly as Python reads them back."""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    if value == round(value, 2):
        return f"{value:,.2f}".rstrip("0")
    return repr(value)
