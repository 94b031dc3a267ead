"""Feedback for the contractor on one reviewed submission, rendered from ``feedback.md.j2``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .render import render_document
from .reviews import Review


def render_feedback(review: Review, *, templates: Sequence[str | Path] = ()) -> str:
    """Constructive Markdown feedback for the contractor on one reviewed submission: what went
    well first, each unmet criterion with its note, must-fix before suggestions, gaps in the
    brief framed as the brief's fault, the scores, then the decision and the next step.

    :param templates: template folders searched before the packaged ones (those of the
        review's repository).
    :raises TemplateError: when the feedback template is broken.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    findings = review.findings
    rubric = {
        str(row["criterion"]): row.get("weight", 1)
        for row in (review.brief.get("review") or {}).get("rubric", [])
    }
    context = {
        "review": review,
        "brief": review.brief,
        "contractor": review.contractor,
        "unmet": [item for item in review.criteria if not item.met],
        "met_count": sum(item.met for item in review.criteria),
        "must_fix": [f.note for f in findings if f.severity == "must-fix" and not f.brief_gap],
        "suggestions": [f.note for f in findings if f.severity == "suggestion" and not f.brief_gap],
        "gaps": [f for f in findings if f.brief_gap],
        "scores": [
            {"criterion": name, "weight": rubric.get(name, 1), "score": score}
            for name, score in review.scores.items()
        ],
    }
    return render_document("feedback.md.j2", context, templates=templates, subject=str(review.path))
