"""Reviews of submitted work (``*.review.yaml``), checked against the published brief they name."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any, Literal

from .archive import Archive
from .config import Config
from .criteria import brief_criteria, check_listed_criteria, deliverable_criteria
from .errors import ArchiveError, Location, Problem, VersionNotFoundError, join_pointer, unknown_name_hint
from .files import shown_path
from .money import ExchangeRates
from .roster import run_cost
from .schema_check import check_document
from .validate import find_contractor
from .values import parse_moment, time_zone
from .yaml_loader import SourceMap, load_yaml

Decision = Literal["accept", "accept-with-edits", "revise", "reject"]
Severity = Literal["must-fix", "suggestion"]
ACCEPTING: tuple[Decision, ...] = ("accept", "accept-with-edits")


@dataclass(frozen=True)
class CriterionResult:
    """One acceptance criterion of the brief as the reviewer judged it."""

    criterion: str
    met: bool
    note: str | None = None


@dataclass(frozen=True)
class DeliverableResult:
    """The acceptance criteria of one deliverable as the reviewer judged them."""

    deliverable: str
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True)
class Finding:
    """Something to fix or improve; ``brief_gap`` when the brief was unclear about it."""

    note: str
    severity: Severity
    brief_gap: bool = False


@dataclass(frozen=True)
class Payment:
    """What was paid for a submission."""

    amount: float
    currency: str


@dataclass(frozen=True)
class Review:
    """A checked review (``review.schema.json`` describes each field), with the published brief
    and the roster entry it refers to.

    :ivar brief: the resolved spec of the published brief version it reviews.
    :ivar contractor: the contractor's roster entry.
    """

    path: Path
    brief_id: str
    brief_version: str
    contractor_id: str
    reviewer: str
    submitted: datetime
    reviewed: datetime | None
    round: int
    criteria: tuple[CriterionResult, ...]
    deliverables: tuple[DeliverableResult, ...]
    scores: dict[str, int]
    findings: tuple[Finding, ...]
    went_well: tuple[str, ...]
    decision: Decision
    cost: Payment | None
    reviewer_minutes: int
    brief: dict[str, Any]
    contractor: dict[str, Any]
    period: tuple[date, date] | None = None
    source_map: SourceMap | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_data(
        cls, path: Path, data: dict[str, Any], brief: dict[str, Any], contractor: dict[str, Any]
    ) -> Review:
        """The review held by ``data``, already checked against ``review.schema.json``."""
        brief_id, _, brief_version = str(data["brief"]).partition("@")
        cost = data.get("cost") or run_cost(contractor)  # without one, an agent's run
        return cls(
            path=path,
            brief_id=brief_id,
            brief_version=brief_version,
            contractor_id=data["contractor"],
            reviewer=data["reviewer"],
            submitted=parse_moment(data["submitted"]),
            reviewed=parse_moment(data["reviewed"]) if "reviewed" in data else None,
            round=data.get("round", 1),
            criteria=_criteria(data["criteria"]),
            deliverables=tuple(
                DeliverableResult(item["deliverable"], _criteria(item["criteria"]))
                for item in data.get("deliverables", [])
            ),
            scores=dict(data.get("scores", {})),
            findings=tuple(
                Finding(item["note"], item["severity"], bool(item.get("brief_gap")))
                for item in data.get("findings", [])
            ),
            went_well=tuple(data.get("went_well", [])),
            decision=data["decision"],
            cost=Payment(float(cost["amount"]), cost["currency"]) if cost else None,
            reviewer_minutes=data.get("reviewer_minutes", 0),
            brief=brief,
            contractor=contractor,
            period=_period(data.get("period")),
        )

    @property
    def brief_ref(self) -> str:
        """The reviewed brief as ``id@version``."""
        return f"{self.brief_id}@{self.brief_version}"

    @property
    def delivery(self) -> str:
        """What one delivery is: the brief version, or for recurring work one period of it."""
        if self.period is None:
            return self.brief_ref
        return f"{self.brief_ref} {self.period[0]}/{self.period[1]}"

    @property
    def due(self) -> datetime | None:
        """When the work was due: the brief's deadline, or for a period its last day at the
        schedule's time (else its end), in the schedule's or the owner's time zone."""
        if self.period is None:
            deadline = (self.brief.get("timeline") or {}).get("due")
            return parse_moment(deadline) if isinstance(deadline, str) else None
        schedule = (self.brief.get("details") or {}).get("schedule") or {}
        zone_name = schedule.get("timezone") or (self.brief.get("owner") or {}).get("timezone")
        at = _clock_time(schedule.get("time")) or time(23, 59, 59)
        return datetime.combine(self.period[1], at, tzinfo=_zone(zone_name))

    def locate(self, pointer: str) -> Location:
        """Where the value at ``pointer`` is written in the review file."""
        if self.source_map is None:
            return Location(str(self.path), 1, 1)
        return self.source_map.locate(pointer, prefer_key=True)

    @property
    def accepted(self) -> bool:
        """``accept-with-edits`` counts as acceptance everywhere."""
        return self.decision in ACCEPTING

    @property
    def kind(self) -> str:
        return str(self.brief.get("kind", ""))

    @property
    def brief_caused(self) -> bool:
        """A round sent back only for points the brief was unclear about: every must-fix
        finding is a ``brief_gap``. It does not count against the contractor."""
        must_fix = [finding for finding in self.findings if finding.severity == "must-fix"]
        return not self.accepted and bool(must_fix) and all(finding.brief_gap for finding in must_fix)


def _period(data: dict[str, str] | None) -> tuple[date, date] | None:
    return None if data is None else (date.fromisoformat(data["from"]), date.fromisoformat(data["to"]))


def _clock_time(text: object) -> time | None:
    try:
        return time.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _zone(name: object) -> tzinfo:
    try:
        return time_zone(name) if isinstance(name, str) else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def _criteria(items: list[dict[str, Any]]) -> tuple[CriterionResult, ...]:
    return tuple(CriterionResult(item["criterion"], item["met"], item.get("note")) for item in items)


def read_review(path: str | Path, config: Config) -> tuple[Review | None, list[Problem]]:
    """Load one review and check it: the schema, then the published brief version it names
    (R007), its criteria against the brief's acceptance criteria (R008), its scores against the
    brief's rubric (R009) and its contractor against the roster (R006).

    :returns: the review, or ``None`` when it has errors; and every problem (a review with only
        warnings, such as R040, is returned with them).
    """
    path = Path(path)
    document = load_yaml(path)
    if document.data is None:
        return None, document.problems
    problems = check_document(document.data, "review.schema.json", document.source_map)
    if problems:
        return None, problems
    data, source_map = document.data, document.source_map
    brief, problems = published_brief(data["brief"], source_map, config)
    where = source_map.locate("/contractor")
    contractor, unknown = find_contractor(config.team_dir, data["contractor"], where)
    problems.extend(unknown)
    problems.extend(_check_dates(data, source_map))
    if brief is not None:
        if contractor is not None:
            problems.extend(_check_contractor(data, brief, source_map))
        problems.extend(_check_period(data, brief, source_map))
        problems.extend(
            check_listed_criteria(data["criteria"], brief_criteria(brief), source_map, "/criteria")
        )
        problems.extend(_check_deliverables(data.get("deliverables", []), brief, source_map))
        problems.extend(_check_scores(data, brief, source_map))
        problems.extend(_unexplained_unmet(data, source_map))
    if any(problem.is_error for problem in problems) or brief is None or contractor is None:
        return None, problems
    review = Review.from_data(path, data, brief, contractor)
    return dataclasses.replace(review, source_map=source_map), problems


def budget_limit(brief: dict[str, Any]) -> Payment | None:
    """The most a brief version may cost: a fixed price, or an hourly brief's cap (its amount,
    else rate × max hours). A retainer is a monthly amount, so it sets no limit per version."""
    budget = brief.get("budget") or {}
    amount = budget.get("amount")
    if budget.get("model") == "hourly" and amount is None and "max_hours" in budget:
        amount = budget["rate"] * budget["max_hours"]
    if budget.get("model") == "retainer" or amount is None:
        return None
    return Payment(float(amount), budget["currency"])


@dataclass(frozen=True)
class OverBudget:
    """A brief version whose payments exceed its budget, and the review that took it over."""

    review: Review
    paid: float
    budget: Payment

    @property
    def brief_ref(self) -> str:
        return self.review.brief_ref


def over_budget(reviews: Iterable[Review], rates: ExchangeRates) -> list[OverBudget]:
    """The brief versions whose payments, round by round, exceed their budget.

    Payments in another currency than the budget's are converted with ``rates``; one that
    cannot be converted is left out (the delegation report names the missing rate).
    """
    by_brief: dict[str, list[Review]] = {}
    for review in reviews:
        by_brief.setdefault(review.brief_ref, []).append(review)
    found = []
    for _, rounds in sorted(by_brief.items()):
        limit = budget_limit(rounds[0].brief)
        if limit is None:
            continue
        paid = 0.0
        for review in sorted(rounds, key=lambda r: (r.round, r.submitted)):
            cost = review.cost
            amount = None if cost is None else rates.convert(cost.amount, cost.currency, limit.currency)
            paid += amount or 0.0
            if paid > limit.amount:
                found.append(OverBudget(review, round(paid, 2), limit))
                break
    return found


def history_problems(reviews: Iterable[Review], rates: ExchangeRates) -> dict[Path, list[Problem]]:
    """Problems that show only across the reviews of one brief, by file: two reviews of one
    round (R021), a round with none before it (R022), periods that overlap (R023), and the
    payment that takes a brief version over budget (R019, a warning)."""
    reviews = sorted(reviews, key=lambda review: (review.delivery, review.round, str(review.path)))
    found: dict[Path, list[Problem]] = {}
    for problem_path, problem in (*_round_problems(reviews), *_overlaps(reviews)):
        found.setdefault(problem_path, []).append(problem)
    for item in over_budget(reviews, rates):
        found.setdefault(item.review.path, []).append(_over_budget(item.review, item.paid, item.budget))
    return found


def _round_problems(reviews: list[Review]) -> Iterator[tuple[Path, Problem]]:
    """``reviews`` sorted by delivery and round."""
    rounds: dict[str, dict[int, Review]] = {}
    for review in reviews:
        seen = rounds.setdefault(review.delivery, {})
        number = review.round
        if number in seen:
            message = (
                f"round {number} of {review.delivery} is already reviewed in {shown_path(seen[number].path)}"
            )
            hint = "keep one review per round: correct that file, or number this one as the next round"
            yield review.path, _at(review, "/round", "R021", message, hint)
        elif number > 1 and number - 1 not in seen:
            message = f"round {number} of {review.delivery} has no review of round {number - 1}"
            hint = "number the rounds 1, 2, 3 in order, or add the review of the missing round"
            yield review.path, _at(review, "/round", "R022", message, hint)
        seen.setdefault(number, review)


def _overlaps(reviews: list[Review]) -> Iterator[tuple[Path, Problem]]:
    periods: dict[str, list[tuple[date, date, Review]]] = {}
    for review in reviews:
        if review.period is not None:
            periods.setdefault(review.brief_ref, []).append((*review.period, review))
    for group in periods.values():
        group.sort(key=lambda entry: (entry[0], entry[1]))
        for (start, end, first), (later_start, later_end, later) in itertools.pairwise(group):
            if (start, end) != (later_start, later_end) and later_start <= end:
                message = (
                    f"the period {later_start}/{later_end} overlaps {start}/{end} in {shown_path(first.path)}"
                )
                hint = "each day of recurring work belongs to one period: correct `from` or `to`"
                yield later.path, _at(later, "/period", "R023", message, hint)


def _at(review: Review, pointer: str, code: str, message: str, hint: str) -> Problem:
    return Problem.at(review.locate(pointer), code, message, pointer=pointer, hint=hint)


def _over_budget(review: Review, paid: float, limit: Payment) -> Problem:
    return Problem.at(
        review.locate("/cost"),
        "R019",
        f"payments for {review.brief_ref} reach {paid:,.2f} {limit.currency}, "
        f"over its budget of {limit.amount:,.2f} {limit.currency}",
        pointer="/cost",
        hint="agree the extra with the owner, or publish a new version of the brief with a larger budget",
        severity="warning",
    )


def left_open(
    folder: Path, reference: str, round_: int, period: tuple[date, date] | None = None
) -> list[str]:
    """What the review of round ``round_`` of ``reference`` in ``folder`` left open: its unmet
    criteria with their notes, and its must-fix findings (nothing when there is no such review)."""
    for path in sorted(folder.glob("*.review.y*ml")):
        document = load_yaml(path)
        data = document.data
        if not data or check_document(data, "review.schema.json", document.source_map):
            continue
        if (
            data["brief"] != reference
            or data.get("round", 1) != round_
            or _period(data.get("period")) != period
        ):
            continue
        items = [*data["criteria"], *(c for item in data.get("deliverables", []) for c in item["criteria"])]
        unmet = [
            f"not met: {c['criterion']}" + (f" ({c['note']})" if c.get("note") else "")
            for c in items
            if not c["met"]
        ]
        must_fix = [f"must fix: {f['note']}" for f in data.get("findings", []) if f["severity"] == "must-fix"]
        return unmet + must_fix
    return []


def check_review_file(path: str | Path, config: Config) -> list[Problem]:
    """Every problem of one review file."""
    return read_review(path, config)[1]


def published_brief(
    reference: str, source_map: SourceMap, config: Config
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The resolved spec of the published brief ``reference`` (``id@version``) names at
    ``/brief``, or an R007 problem when that version is not in the archive."""
    spec_id, _, version = reference.partition("@")
    archive = Archive(config.archive_dir)
    try:
        return archive.read_spec(spec_id, version), []
    except VersionNotFoundError:
        pass
    except ArchiveError as error:
        return None, list(error.problems)
    published = archive.versions(spec_id)
    hint = (
        f"published versions of {spec_id}: {', '.join(published)}"
        if published
        else f"publish the brief first: outsource-briefs publish {spec_id}.brief.yaml"
    )
    problem = Problem.at(
        source_map.locate("/brief"),
        "R007",
        f"brief {reference} is not in the archive ({shown_path(archive.root)})",
        pointer="/brief",
        hint=hint,
    )
    return None, [problem]


def _check_contractor(data: dict[str, Any], brief: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    named = brief.get("contractor")
    if isinstance(named, dict):
        return [_inline_contractor(data, named, source_map)]
    if not isinstance(named, str) or named == data["contractor"]:
        return []
    return [
        Problem.at(
            source_map.locate("/contractor"),
            "R011",
            f"the brief was written for '{named}', not '{data['contractor']}'",
            pointer="/contractor",
            hint="name the contractor who did the work; if the work was handed over, publish a "
            "new version of the brief that names them",
        )
    ]


RECURRING_KINDS = frozenset({"recurring-va", "support-sop"})


def is_recurring(brief: dict[str, Any]) -> bool:
    """Work that repeats: the recurring kinds, and any brief paid as a retainer."""
    return brief.get("kind") in RECURRING_KINDS or (brief.get("budget") or {}).get("model") == "retainer"


def _check_period(data: dict[str, Any], brief: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    period = _period(data.get("period"))
    if period is None:
        return []
    where = source_map.locate("/period", prefer_key=True)
    if not is_recurring(brief):
        message = f"{data['brief']} is not recurring work, so its reviews count rounds, not periods"
        hint = "remove `period` and give the `round`; periods are for recurring kinds and retainers"
        return [Problem.at(where, "R023", message, pointer="/period", hint=hint)]
    if period[0] > period[1]:
        message = f"the period ends ({period[1]}) before it starts ({period[0]})"
        hint = "write the first day in `from` and the last day in `to`"
        return [Problem.at(where, "R023", message, pointer="/period", hint=hint)]
    return []


def _inline_contractor(data: dict[str, Any], named: dict[str, Any], source_map: SourceMap) -> Problem:
    """The report counts work by roster id; a brief that writes its contractor inline cannot be
    told apart from another brief for someone of the same name."""
    roster_id = data["contractor"]
    return Problem.at(
        source_map.locate("/contractor"),
        "R024",
        f"{data['brief']} names its contractor inline ({named.get('name', 'no name')}), not by roster id",
        pointer="/contractor",
        hint=f"keep {roster_id} on the roster (team/{roster_id}.contractor.yaml with id and name) and write "
        f"`contractor: {roster_id}` in the brief's next version",
        severity="warning",
    )


def _check_dates(data: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    reviewed = data.get("reviewed")
    if reviewed is None or parse_moment(reviewed) >= parse_moment(data["submitted"]):
        return []
    return [
        Problem.at(
            source_map.locate("/reviewed"),
            "R012",
            "the review is dated before the work was submitted",
            pointer="/reviewed",
            hint="check both dates and their UTC offsets",
        )
    ]


def _check_deliverables(
    items: list[dict[str, Any]], brief: dict[str, Any], source_map: SourceMap
) -> list[Problem]:
    """Each deliverable of the brief with its own acceptance criteria is listed once, in the
    brief's order, with those criteria checked like the top-level ones."""
    expected = {
        str(entry["name"]): deliverable_criteria(brief, index)
        for index, entry in enumerate(brief.get("deliverables", []))
        if entry.get("acceptance_criteria")
    }
    names = [str(item["deliverable"]) for item in items]
    if names != list(expected):
        return [_deliverables_differ(names, list(expected), source_map)]
    problems = []
    for index, item in enumerate(items):
        at = f"/deliverables/{index}/criteria"
        problems.extend(check_listed_criteria(item["criteria"], expected[names[index]], source_map, at))
    return problems


def _deliverables_differ(names: list[str], expected: list[str], source_map: SourceMap) -> Problem:
    if not expected:
        hint = "the brief's deliverables have no acceptance criteria of their own: remove `deliverables`"
    else:
        hint = "list, in this order: " + "; ".join(expected)
    index = next((i for i, (a, b) in enumerate(zip(names, expected, strict=False)) if a != b), None)
    if index is not None:
        pointer, message = f"/deliverables/{index}/deliverable", f"deliverable {index + 1} is not the brief's"
        close = difflib.get_close_matches(names[index], expected, n=1)
        hint = f"did you mean '{close[0]}'? ({hint})" if close else hint
    else:
        pointer = "/deliverables" if names else ""
        message = f"the review lists {len(names)} deliverables with criteria; the brief has {len(expected)}"
    on_key = pointer == "/deliverables"
    location = source_map.locate(pointer, prefer_key=on_key) if pointer else source_map.locate("/criteria")
    return Problem.at(location, "R018", message, pointer=pointer, hint=hint)


def _unexplained_unmet(data: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    """Accepting work that misses a criterion is the owner's call, but it must say why."""
    if data["decision"] not in ACCEPTING:
        return []
    lists = [("/criteria", data["criteria"])] + [
        (f"/deliverables/{index}/criteria", item["criteria"])
        for index, item in enumerate(data.get("deliverables", []))
    ]
    return [
        Problem.at(
            source_map.locate(f"{at}/{index}/met"),
            "R016",
            f"the review accepts the work, but criterion {index + 1} is not met and has no note",
            pointer=f"{at}/{index}/met",
            hint="add a note that says why the work is accepted anyway, or decide `revise`",
        )
        for at, items in lists
        for index, item in enumerate(items)
        if not item["met"] and not item.get("note")
    ]


def _check_scores(data: dict[str, Any], brief: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    rubric = [str(row["criterion"]) for row in (brief.get("review") or {}).get("rubric", [])]
    return [
        Problem.at(
            source_map.locate(join_pointer("/scores", name), prefer_key=True),
            "R009",
            f"'{name}' is not a criterion of the brief's rubric",
            pointer=join_pointer("/scores", name),
            hint=unknown_name_hint(
                name, rubric, listing="the rubric has: ", none="the brief has no review rubric"
            ),
        )
        for name in data.get("scores", {})
        if name not in rubric
    ]
