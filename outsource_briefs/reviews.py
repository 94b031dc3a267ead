"""Reviews of submitted work (``*.review.yaml``), checked against the published brief they name."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from .archive import Archive
from .config import Config
from .errors import ArchiveError, Problem, VersionNotFoundError, join_pointer
from .files import shown_path
from .schema_check import check_document
from .validate import find_contractor
from .values import parse_moment
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
    scores: dict[str, int]
    findings: tuple[Finding, ...]
    went_well: tuple[str, ...]
    decision: Decision
    cost: Payment | None
    reviewer_minutes: int
    brief: dict[str, Any]
    contractor: dict[str, Any]

    @classmethod
    def from_data(
        cls, path: Path, data: dict[str, Any], brief: dict[str, Any], contractor: dict[str, Any]
    ) -> Review:
        """The review held by ``data``, already checked against ``review.schema.json``."""
        brief_id, _, brief_version = str(data["brief"]).partition("@")
        cost = data.get("cost")
        return cls(
            path=path,
            brief_id=brief_id,
            brief_version=brief_version,
            contractor_id=data["contractor"],
            reviewer=data["reviewer"],
            submitted=parse_moment(data["submitted"]),
            reviewed=parse_moment(data["reviewed"]) if "reviewed" in data else None,
            round=data["round"],
            criteria=tuple(
                CriterionResult(item["criterion"], item["met"], item.get("note")) for item in data["criteria"]
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
        )

    @property
    def brief_ref(self) -> str:
        """The reviewed brief as ``id@version``."""
        return f"{self.brief_id}@{self.brief_version}"

    @property
    def accepted(self) -> bool:
        """``accept-with-edits`` counts as acceptance everywhere."""
        return self.decision in ACCEPTING

    @property
    def kind(self) -> str:
        return str(self.brief.get("kind", ""))


def read_review(path: str | Path, config: Config) -> tuple[Review | None, list[Problem]]:
    """Load one review and check it: the schema, then the published brief version it names
    (R007), its criteria against the brief's acceptance criteria (R008), its scores against the
    brief's rubric (R009) and its contractor against the roster (R006)."""
    path = Path(path)
    document = load_yaml(path)
    if document.data is None:
        return None, document.problems
    problems = check_document(document.data, "review.schema.json", document.source_map)
    if problems:
        return None, problems
    data, source_map = document.data, document.source_map
    brief, problems = _published_brief(data["brief"], source_map, config)
    where = source_map.locate("/contractor")
    contractor, unknown = find_contractor(config.team_dir, data["contractor"], where)
    problems.extend(unknown)
    problems.extend(_check_dates(data, source_map))
    if brief is not None:
        if contractor is not None:
            problems.extend(_check_contractor(data, brief, source_map))
        problems.extend(_check_criteria(data, brief, source_map))
        problems.extend(_check_scores(data, brief, source_map))
    if problems or brief is None or contractor is None:
        return None, problems
    return Review.from_data(path, data, brief, contractor), []


def check_review_file(path: str | Path, config: Config) -> list[Problem]:
    """Every problem of one review file."""
    return read_review(path, config)[1]


def _published_brief(
    reference: str, source_map: SourceMap, config: Config
) -> tuple[dict[str, Any] | None, list[Problem]]:
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


def _check_criteria(data: dict[str, Any], brief: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    expected = [str(text) for text in brief.get("acceptance_criteria", [])]
    written = [str(item["criterion"]) for item in data["criteria"]]
    problems = [
        Problem.at(
            source_map.locate(f"/criteria/{index}/criterion"),
            "R008",
            f"criterion {index + 1} differs from the brief's",
            pointer=f"/criteria/{index}/criterion",
            hint=f"the brief says: {theirs}",
        )
        for index, (mine, theirs) in enumerate(zip(written, expected, strict=False))
        if mine != theirs
    ]
    if problems:
        return problems
    if len(written) != len(expected):
        missing = expected[len(written) :]
        hint = f"missing: {missing[0]}" if missing else "remove the criteria the brief does not have"
        return [
            Problem.at(
                source_map.locate("/criteria", prefer_key=True),
                "R008",
                f"the review lists {len(written)} criteria; the brief has {len(expected)}",
                pointer="/criteria",
                hint=hint,
            )
        ]
    return []


def _check_scores(data: dict[str, Any], brief: dict[str, Any], source_map: SourceMap) -> list[Problem]:
    rubric = [str(row["criterion"]) for row in (brief.get("review") or {}).get("rubric", [])]
    problems = []
    for name in data.get("scores", {}):
        if name not in rubric:
            close = difflib.get_close_matches(name, rubric, n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif rubric:
                hint = "the rubric has: " + "; ".join(rubric)
            else:
                hint = "the brief has no review rubric"
            pointer = join_pointer("/scores", name)
            problems.append(
                Problem.at(
                    source_map.locate(pointer, prefer_key=True),
                    "R009",
                    f"'{name}' is not a criterion of the brief's rubric",
                    pointer=pointer,
                    hint=hint,
                )
            )
    return problems
