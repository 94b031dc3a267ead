"""The delegation report as Markdown, rendered from ``report.md.j2``: verdicts, tables and a
Mermaid trend chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .config import VerdictSettings
from .delegation import DelegationReport
from .render import render_document


def render_report(
    report: DelegationReport,
    *,
    settings: VerdictSettings,
    since: date | None = None,
    templates: Sequence[str | Path] = (),
) -> str:
    """The delegation report as Markdown: verdicts, tables per contractor and per kind, a Mermaid
    trend chart, and the brief gaps to fix.

    :raises TemplateError: when the report template is broken.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    context = {
        "report": report,
        "contractor_rows": [(f"{name} ({key})", figures) for key, name, figures in report.contractors],
        "chart": _chart(report),
        "settings": settings,
        "since": since.isoformat() if since else None,
    }
    return render_document("report.md.j2", context, templates=templates, subject="report")


def _chart(report: DelegationReport) -> dict[str, list[Any]]:
    """The two trend series in percent; a month without data repeats the month before."""
    first_pass: list[int] = []
    score: list[int] = []
    for month in report.trend:
        rate = month.first_pass_rate * 100 if month.first_pass_rate is not None else None
        first_pass.append(round(rate) if rate is not None else (first_pass[-1] if first_pass else 0))
        mean = month.mean_score
        score.append(round(mean) if mean is not None else (score[-1] if score else 0))
    return {"months": [month.month for month in report.trend], "first_pass": first_pass, "score": score}
