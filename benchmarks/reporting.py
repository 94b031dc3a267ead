"""The results of a run for people and for programs: the text report, the Markdown tables of
the README's Performance section, and a JSON document."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cases import TITLES, clean_case
from corpora import Workspace
from harness import GNU_TIME, CaseResult
from targets import Outcome


@dataclass(frozen=True)
class RunInfo:
    """What the report says about the run besides its results."""

    machine: dict[str, Any]
    package: dict[str, Any]
    peers: dict[str, dict[str, Any]]
    load_before: dict[str, float]
    load_after: dict[str, float]


def seconds(value: float) -> str:
    """A duration as people read it: milliseconds below a second."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def aligned(rows: Sequence[Sequence[str]], left_columns: int = 1) -> str:
    """``rows`` (the first is the header) as a text table: the first ``left_columns`` columns
    left-aligned, the others right-aligned, and a rule under the header."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(widths[column]) if column < left_columns else cell.rjust(widths[column])
            for column, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; an empty cell shows a dash, as markdownlint's table rules want."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def ratio_rows(results: Sequence[CaseResult]) -> list[tuple[str, str, str, str]]:
    """Every ratio a case names: (case, "numerator / denominator", wall clock, CPU time)."""
    rows = []
    for result in results:
        for numerator, denominator in result.case.comparisons:
            wall = result.ratio(numerator, denominator)
            cpu = result.ratio(numerator, denominator, cpu=True)
            if wall is not None and cpu is not None:
                rows.append((result.case.name, f"{numerator} / {denominator}", f"{wall:.2f}×", f"{cpu:.2f}×"))
    return rows


def target_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, str, str, str, str]]:
    """(verdict, target, measured, by CPU time, wanted) for each target."""
    return [
        (outcome.verdict, outcome.target.title, outcome.measured, outcome.measured_cpu, outcome.target.wanted)
        for outcome in outcomes
    ]


def machine_line(info: RunInfo) -> str:
    """The machine and the commit, in one sentence."""
    machine, package = info.machine, info.package
    commit = package["snapshot_commit"][:12] or package["commit"]
    dirty = f" plus {package['uncommitted_files']} uncommitted files" if package["uncommitted_files"] else ""
    return (
        f"{machine['cpu']}, {machine['usable_cores']} usable cores, Python {machine['python']}; "
        f"commit {commit}{dirty}; {machine['date']}"
    )


def markdown(info: RunInfo, results: Sequence[CaseResult], outcomes: Sequence[Outcome]) -> str:
    """The README's Performance tables: the targets, then every ratio, with machine and commit."""
    targets = markdown_table(
        ("target", "measured", "CPU time", "wanted", "verdict"),
        [
            (title, measured, cpu, wanted, verdict)
            for verdict, title, measured, cpu, wanted in target_rows(outcomes)
        ],
    )
    ratios = markdown_table(("case", "ratio", "wall clock", "CPU time"), ratio_rows(results))
    return f"Measured on {machine_line(info)}.\n\n{targets}\n\n{ratios}\n"


def times_table(results: Sequence[CaseResult]) -> str:
    """Medians of every contender in every case."""
    rows = [("case", "contender", "runs", "median", "CPU", "peak RSS", "per file")]
    for result in results:
        for position, (name, measurement) in enumerate(result.measurements.items()):
            files = result.case.files
            per_file = f"{measurement.median / files * 1000:.2f} ms" if files > 1 else ""
            rows.append(
                (
                    result.case.name if position == 0 else "",
                    name,
                    str(len(measurement.runs)),
                    seconds(measurement.median),
                    seconds(measurement.cpu_median),
                    f"{measurement.max_rss_mb:.0f} MB",
                    per_file,
                )
            )
    return aligned(rows, left_columns=2)


def linear_growth(results: Sequence[CaseResult]) -> dict[str, dict[str, float]]:
    """Per contender, how the time per spec changes from 1,000 to 10,000 clean specs (and the
    marginal cost per spec, start-up excluded, when 100 were measured too)."""
    by_name = {result.case.name: result for result in results}
    small, large, tiny = (by_name.get(clean_case(size)) for size in (1_000, 10_000, 100))
    if small is None or large is None:
        return {}
    growth = {}
    for name, at_large in large.measurements.items():
        at_small = small.measurements.get(name)
        if at_small is None:
            continue
        per_small, per_large = at_small.median / 1_000, at_large.median / 10_000
        entry = {
            "per_file_1000_ms": per_small * 1000,
            "per_file_10000_ms": per_large * 1000,
            "ratio": per_large / per_small,
            "cpu_ratio": (at_large.cpu_median / 10_000) / (at_small.cpu_median / 1_000),
        }
        at_tiny = tiny.measurements.get(name) if tiny else None
        if at_tiny is not None:
            marginal_large = (at_large.median - at_small.median) / 9_000
            marginal_small = (at_small.median - at_tiny.median) / 900
            entry["marginal_ratio"] = marginal_large / marginal_small
        growth[name] = entry
    return growth


def _header(info: RunInfo, space: Workspace) -> list[str]:
    machine, package = info.machine, info.package
    versions = ", ".join(f"{name} {version or 'absent'}" for name, version in machine["versions"].items())
    if package["snapshot_commit"]:
        tested = f"commit {package['snapshot_commit'][:12]} (a git archive snapshot)"
    else:
        tested = (
            f"the working tree at {package['package_path']} (commit {package['commit']}, "
            f"{package['uncommitted_files']} uncommitted files)"
        )
    if package["repository_changed_during_run"]:
        tested += "; WARNING: the working tree changed during the run"
    largest = space.clean[max(space.clean)]
    steal = info.load_after["steal_s"] - info.load_before["steal_s"]
    lines = [
        f"Machine: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{machine['platform']}",
        f"Python {machine['python']} ({machine['implementation']}), libyaml: {machine['libyaml']}; "
        f"{versions}",
    ]
    for name, peer in info.peers.items():
        peer_versions = ", ".join(f"{lib} {version or 'absent'}" for lib, version in peer["versions"].items())
        lines.append(f"{name}: {TITLES[name]}: {peer_versions}")
    lines += [
        f"Package under test: {tested}; {machine['date']}",
        f"Clean specs: {len(largest.files):,} generated, kinds {dict(sorted(largest.kinds.items()))}, "
        f"{largest.extending:,} use `extends`, {statistics.mean(largest.lines):.0f} lines on average "
        f"({min(largest.lines)}-{max(largest.lines)})",
        f"Host: load average {info.load_before['load_1min']:.1f} before, {info.load_after['load_1min']:.1f} "
        f"after; CPU steal during the run {steal:.1f} s; modules hidden from every tool: "
        f"{', '.join(machine['hidden_modules']) or 'none'}",
        "Times are medians of whole processes (wall clock), taking turns in the opposite order every "
        "other round; a ratio is the median of the rounds' ratios. RSS is the peak of any run "
        f"({'GNU time %M' if GNU_TIME else 'ru_maxrss, which includes the harness own RSS'}). "
        "Bytecode is cached (PYTHONPYCACHEPREFIX) after the untimed warm-up run.",
    ]
    return lines


def text(info: RunInfo, space: Workspace, results: Sequence[CaseResult], outcomes: Sequence[Outcome]) -> str:
    """The report printed at the end of a run."""
    lines = [*_header(info, space), "", "Contenders:"]
    names = dict.fromkeys(name for result in results for name in result.measurements)
    titled = [name for name in names if name in TITLES]
    width = max(map(len, titled), default=0)
    lines += [f"  {name:{width}}  {TITLES[name]}" for name in titled]
    lines += ["", times_table(results), ""]
    lines += [f"  {result.case.name}: {result.case.note}" for result in results if result.case.note]
    runs = [
        run for result in results for measurement in result.measurements.values() for run in measurement.runs
    ]
    disturbed = sum(run.disturbed for run in runs)
    if disturbed:
        lines += [
            "",
            f"WARNING: other processes took CPU time from {disturbed} of {len(runs)} timed runs (after "
            "waiting and running again): their wall-clock times are inflated; CPU-time ratios are "
            "more reliable.",
        ]
    lines += [
        "",
        "Ratios (the median of the ratios of each round's runs):",
        aligned([("case", "ratio", "wall clock", "CPU time"), *ratio_rows(results)], 2),
    ]
    growth = linear_growth(results)
    if growth:
        lines += [
            "",
            "Growth from 1,000 to 10,000 specs: time per spec at 10,000 / at 1,000 "
            "(marginal: start-up excluded)",
        ]
        for name, entry in growth.items():
            marginal = f", marginal ×{entry['marginal_ratio']:.2f}" if "marginal_ratio" in entry else ""
            small, large = entry["per_file_1000_ms"], entry["per_file_10000_ms"]
            lines.append(
                f"  {name:10}  {small:.2f} ms -> {large:.2f} ms per spec: ×{entry['ratio']:.2f}{marginal}; "
                f"CPU time per spec ×{entry['cpu_ratio']:.2f}"
            )
    lines += [
        "",
        f"Targets ({machine_line(info)}):",
        aligned([("verdict", "target", "measured", "CPU time", "wanted"), *target_rows(outcomes)], 2),
    ]
    return "\n".join(lines)


def document(
    info: RunInfo, space: Workspace, results: Sequence[CaseResult], outcomes: Sequence[Outcome]
) -> dict[str, Any]:
    """The run as JSON-ready data."""
    largest = space.clean[max(space.clean)]
    return {
        "machine": info.machine,
        "package": info.package,
        "peers": info.peers,
        "host_load": {"before": info.load_before, "after": info.load_after},
        "corpora": {
            "clean": {
                "count": len(largest.files),
                "kinds": largest.kinds,
                "extending": largest.extending,
                "mean_lines": statistics.mean(largest.lines),
            },
            "mixed": {"count": len(space.mixed.specs.files), "flaws": space.mixed.flaws},
            "dependents": {
                "count": len(space.dependents.dependents),
                "unrelated": space.dependents.unrelated,
            },
            "rosters": sorted(space.rosters),
        },
        "cases": [
            {
                "name": result.case.name,
                "files": result.case.files,
                "repeat": result.case.repeat,
                "note": result.case.note,
                "results": {name: measurement.to_dict() for name, measurement in result.measurements.items()},
            }
            for result in results
        ],
        "growth": linear_growth(results),
        "targets": [
            {
                "target": outcome.target.title,
                "case": outcome.target.case,
                "wanted": outcome.target.wanted,
                "value": outcome.value,
                "cpu_value": outcome.cpu_value,
                "passed": outcome.passed,
            }
            for outcome in outcomes
        ],
    }
