"""The performance targets, and whether a run meets them.

Every target is a ratio of two contenders measured side by side in one case of one run
(the median of the ratios of their wall-clock times in each round), except peak memory,
which is one contender's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cases import (
    COLD_START,
    DIRECT,
    FLOOR,
    FLOOR_RS,
    OURS,
    PEER_CLIB,
    VIA_BASE,
    clean_case,
    dependents_case,
    mixed_case,
    render_case,
    roster_case,
    roster_contender,
)
from harness import CaseResult


@dataclass(frozen=True)
class Ratio:
    """``numerator`` over ``denominator``, as :meth:`CaseResult.ratio` works it out; ``faster``
    when the ratio says how many times faster ours is."""

    numerator: str
    denominator: str
    faster: bool = False

    @property
    def unit(self) -> str:
        return "× faster" if self.faster else "×"

    def value(self, result: CaseResult, *, cpu: bool = False) -> float | None:
        return result.ratio(self.numerator, self.denominator, cpu=cpu)

    def shown(self, value: float) -> str:
        return f"{value:.2f}{self.unit}"


@dataclass(frozen=True)
class PeakMemory:
    """The largest resident memory of any run of ``contender``, in MB."""

    contender: str
    unit = " MB"

    def value(self, result: CaseResult, *, cpu: bool = False) -> float | None:
        measurement = result.measurements.get(self.contender)
        return measurement.max_rss_mb if measurement and measurement.runs else None

    def shown(self, value: float) -> str:
        return f"{value:.0f} MB"


@dataclass(frozen=True)
class Target:
    """A row of the targets table: what is measured in which case, and the limit it must meet."""

    title: str
    case: str
    metric: Ratio | PeakMemory
    limit: float
    at_least: bool = False

    @property
    def wanted(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}{self.metric.unit}"

    def meets(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit


@dataclass(frozen=True)
class Outcome:
    """A target and what one run measured for it: the wall-clock value its verdict reads, and
    the same by CPU time (for ratios), which a busy host disturbs less."""

    target: Target
    value: float | None
    cpu_value: float | None = None

    @property
    def passed(self) -> bool | None:
        return None if self.value is None else self.target.meets(self.value)

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "not measured"}[self.passed]

    @property
    def measured(self) -> str:
        return "" if self.value is None else self.target.metric.shown(self.value)

    @property
    def measured_cpu(self) -> str:
        if self.cpu_value is None or not isinstance(self.target.metric, Ratio):
            return ""
        return self.target.metric.shown(self.cpu_value)


#: The targets of the issue "Performance: validate near the true floor", in its words.
TARGETS = (
    Target(
        "validate 1,000 clean specs vs check-jsonschema with ruamel.yaml.clib",
        clean_case(1_000),
        Ratio(PEER_CLIB, OURS, faster=True),
        3,
        at_least=True,
    ),
    Target(
        "validate 1,000 clean specs vs floor libyaml + jsonschema-rs",
        clean_case(1_000),
        Ratio(OURS, FLOOR_RS),
        1.5,
    ),
    Target(
        "validate a mixed corpus (a third with problems) vs the same peer",
        mixed_case(1_000),
        Ratio(PEER_CLIB, OURS, faster=True),
        2.5,
        at_least=True,
    ),
    Target(
        "validate a base file with 2,000 dependents vs validating those 2,000 specs directly",
        dependents_case(2_000),
        Ratio(VIA_BASE, DIRECT),
        1.2,
    ),
    Target(
        "one-file validate with a 300-person roster vs with 1",
        roster_case(300),
        Ratio(roster_contender(300), roster_contender(1)),
        1.05,
    ),
    Target("one-file cold start vs check-jsonschema's", COLD_START, Ratio(OURS, PEER_CLIB), 0.4),
    Target("render 1,000 briefs vs the render floor", render_case(1_000), Ratio(OURS, FLOOR), 1.2),
    Target("peak memory, validate 10,000 specs", clean_case(10_000), PeakMemory(OURS), 60),
)


def evaluate(targets: tuple[Target, ...], results: Mapping[str, CaseResult]) -> list[Outcome]:
    """What ``results`` (by case name) measured for each target; a case not run measures nothing."""
    outcomes = []
    for target in targets:
        result = results.get(target.case)
        if result is None:
            outcomes.append(Outcome(target, None))
        else:
            outcomes.append(
                Outcome(target, target.metric.value(result), target.metric.value(result, cpu=True))
            )
    return outcomes
