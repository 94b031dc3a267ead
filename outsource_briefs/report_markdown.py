"""The owner's reports as Markdown: the delegation report (``report.md.j2``: stream and
contractor verdicts, tables, Mermaid charts) and the team board (``team.md.j2``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .config import ReportSettings
from .delegation import DelegationReport
from .render import render_document
from .team import TeamBoard


def render_report(
    report: DelegationReport,
    *,
    settings: ReportSettings,
    since: date | None = None,
    templates: Sequence[str | Path] = (),
) -> str:
    """The delegation report as Markdown: a verdict per stream of work (with its KPIs, spend and a
    chart of KPI attainment), then per contractor, the monthly trend, and the brief gaps to fix.

    :raises TemplateError: when the report template is broken.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    context = {
        "report": report,
        "contractor_rows": [(f"{name} ({key})", figures) for key, name, figures in report.contractors],
        "chart": _chart(report),
        "stream_charts": {stream.id: _percent_series(stream.trend) for stream in report.streams},
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


def _percent_series(trend: Sequence[tuple[str, float]]) -> dict[str, list[Any]]:
    """A stream's share of KPIs met by month, in percent."""
    return {"months": [month for month, _ in trend], "values": [round(rate * 100) for _, rate in trend]}


def render_team_board(board: TeamBoard, *, templates: Sequence[str | Path] = ()) -> str:
    """The team board as Markdown: one row per person, their record per kind of work.

    :raises TemplateError: when the team template is broken.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    return render_document("team.md.j2", {"board": board}, templates=templates, subject="team board")
