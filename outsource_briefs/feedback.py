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
    data = review.data
    findings = data.get("findings", [])
    criteria = data["criteria"]
    rubric = {
        str(row["criterion"]): row.get("weight", 1)
        for row in (review.brief.get("review") or {}).get("rubric", [])
    }
    context = {
        "review": data,
        "brief": review.brief,
        "contractor": review.contractor,
        "unmet": [item for item in criteria if not item["met"]],
        "met_count": sum(bool(item["met"]) for item in criteria),
        "must_fix": [f["note"] for f in findings if f["severity"] == "must-fix" and not f.get("brief_gap")],
        "suggestions": [
            f["note"] for f in findings if f["severity"] == "suggestion" and not f.get("brief_gap")
        ],
        "gaps": [f for f in findings if f.get("brief_gap")],
        "scores": [
            {"criterion": name, "weight": rubric.get(name, 1), "score": score}
            for name, score in (data.get("scores") or {}).items()
        ],
    }
    return render_document("feedback.md.j2", context, templates=templates, subject=str(review.path))
