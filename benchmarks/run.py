"""Benchmark outsource-briefs against check-jsonschema (the peer) and a minimal script (the floor).

    python benchmarks/run.py                  # full run: about 15 minutes on 2 cores, prints a table
    python benchmarks/run.py --json out.json  # also write the results as JSON
    python benchmarks/run.py --ref HEAD       # time a commit (a git archive), not the working tree
    python benchmarks/run.py --smoke          # CI: 20 files, every command once, untimed
    python benchmarks/run.py --profile        # cProfile and -X importtime of `validate`

Every measurement is a whole process, timed by wall clock (``time.perf_counter``) from start
to exit, with its CPU time (``os.wait4``) and its peak memory (GNU time ``%M``). The tools take
turns (ours, peer, floor, ours, peer, floor, ...) after one untimed warm-up run each, which also
checks that every command succeeds on the generated specs. On a shared host, a run waits for a
free core and is run again when other processes took CPU time from it; the report says how many
runs were disturbed. Generated data lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import specgen
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TOOLS = ("ours", "peer", "floor")
SIZES = (100, 1_000, 10_000)
REPEATS = {100: 9, 1_000: 5, 10_000: 3}
COLD_REPEATS = 15
RENDER_FILES = 1_000
RENDER_REPEATS = 5
PER_PROCESS_RENDER_FILES = 10
SMOKE_FILES = 20
#: Per-file time at 10,000 files over the per-file time at 1,000 that still counts as linear.
LINEAR_LIMIT = 1.2
#: A run is disturbed when other processes took CPU time from it: more than the spare cores
#: (every tool runs on one core) could give during its wall time, by this share of the wall time
#: (and at least DISTURBANCE_FLOOR_S: /proc/stat counts in 10 ms ticks).
DISTURBANCE_SHARE = 0.1
DISTURBANCE_FLOOR_S = 0.05
USABLE_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
SPARE_CORES = max(0, USABLE_CORES - 1) if USABLE_CORES else 0
#: Disturbed runs longer than this are kept rather than run again.
RETRY_MAX_SECONDS = 20.0


class BenchmarkError(Exception):
    """A command failed, or the generated specs are not what the benchmark needs."""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    #: CPU time that other processes on the host used while this run ran.
    foreign_cpu_s: float = 0.0

    @property
    def disturbed(self) -> bool:
        spare = SPARE_CORES * self.seconds
        return self.foreign_cpu_s > spare + max(DISTURBANCE_FLOOR_S, DISTURBANCE_SHARE * self.seconds)


@dataclass
class Measurement:
    """The runs of one tool in one case."""

    command: str
    runs: list[Run] = field(default_factory=list)
    #: Disturbed runs that were thrown away and run again.
    discarded: int = 0

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(run.max_rss_kib for run in self.runs) * 1024 / 1e6

    def to_dict(self) -> dict[str, Any]:
        seconds = [run.seconds for run in self.runs]
        return {
            "command": self.command,
            "seconds": seconds,
            "median_s": self.median,
            "min_s": min(seconds),
            "max_s": max(seconds),
            "cpu_seconds": [run.cpu_seconds for run in self.runs],
            "median_cpu_s": self.cpu_median,
            "max_rss_mb": round(self.max_rss_mb, 1),
            "foreign_cpu_s": [round(run.foreign_cpu_s, 2) for run in self.runs],
            "disturbed_runs_kept": sum(run.disturbed for run in self.runs),
            "disturbed_runs_discarded": self.discarded,
        }


@dataclass
class Case:
    """One benchmark: a command (or a series of commands) per tool, run in ``cwd``."""

    name: str
    files: int
    cwd: Path
    commands: dict[str, list[list[str]]]
    repeat: int
    note: str = ""
    results: dict[str, Measurement] = field(default_factory=dict)

    def ratio(self, numerator: str, denominator: str, *, cpu: bool = False) -> float | None:
        if numerator not in self.results or denominator not in self.results:
            return None
        top, bottom = self.results[numerator], self.results[denominator]
        return top.cpu_median / bottom.cpu_median if cpu else top.median / bottom.median


@dataclass(frozen=True)
class Programs:
    ours: str
    peer: str
    python: str = sys.executable
    floor_validate: str = str(HERE / "floor_validate.py")
    floor_render: str = str(HERE / "floor_render.py")
    ours_render: str = str(HERE / "ours_render.py")


# --- running processes ---------------------------------------------------------------------


#: The environment of every timed process; see ``child_environment``.
ENVIRONMENT: dict[str, str] = dict(os.environ)
#: The process being measured (a process group leader), stopped when the harness is terminated.
RUNNING: set[int] = set()


def child_environment(root: Path, hidden: Sequence[str] = (), package: Path | None = None) -> dict[str, str]:
    """Compiled bytecode is cached in ``root`` (as an installed package has its ``.pyc`` files):
    this sandbox sets PYTHONDONTWRITEBYTECODE, and the editable package has no ``__pycache__``,
    so otherwise ours alone would compile its modules in every process.

    Each module in ``hidden`` is shadowed, for every tool alike, by a stub that raises
    ImportError: ``--hide-module rfc3987_syntax`` shows what a machine without jsonschema's
    optional format checkers sees (jsonschema imports them, if installed, when it is imported).
    ``package``, a folder holding an ``outsource_briefs`` snapshot, comes first on the path.
    """
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    paths = [str(package)] if package else []
    if hidden:
        folder = root / "hidden-modules"
        folder.mkdir(exist_ok=True)
        for name in hidden:
            stub = f'raise ImportError("{name} is hidden by benchmarks/run.py --hide-module")\n'
            (folder / f"{name}.py").write_text(stub, encoding="utf-8")
        paths.append(str(folder))
    if paths:
        environment["PYTHONPATH"] = os.pathsep.join([*paths, *filter(None, [environment.get("PYTHONPATH")])])
    return environment


def snapshot(ref: str, root: Path) -> tuple[Path, str]:
    """The package as committed at ``ref`` (``git archive``), laid out as installed: the
    ``templates/`` and ``schemas/`` folders become ``outsource_briefs.templates`` and
    ``outsource_briefs.schemas``, as setup.cfg maps them. Unlike the editable install, it
    does not change while the benchmark runs. Returns the folder and the full commit id."""
    commit = _git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if not commit:
        raise BenchmarkError(f"{ref!r} is not a commit of {REPO}")
    done = subprocess.run(
        ["git", "archive", "--format=tar", commit, "outsource_briefs", "templates", "schemas"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    target = root / f"snapshot-{commit[:12]}"
    target.mkdir()
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(target, filter="data")
    for folder in ("templates", "schemas"):
        (target / folder).rename(target / "outsource_briefs" / folder)
    return target, commit


def check_package(expected: Path | None, cwd: Path) -> str:
    """Where the timed processes import ``outsource_briefs`` (and its templates) from."""
    code = (
        "import outsource_briefs.resources as r, outsource_briefs as o; "
        "print(o.__file__); print(r.templates_dir()); print(r.schemas_dir())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, check=True
    )
    places = done.stdout.split()
    if expected is not None and not all(Path(place).is_relative_to(expected) for place in places):
        raise BenchmarkError(f"the snapshot in {expected} is not what gets imported: {places}")
    return str(Path(places[0]).parent)


#: GNU time, which reports the peak RSS of the command alone. ``ru_maxrss`` of a child started
#: from this (large) process would be at least this process's own RSS: Linux carries the
#: high-water mark of the memory that the child had before ``exec`` over into it.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_process(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` to completion; its wall time, CPU time and peak RSS. Raises when it fails."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", encoding="utf-8", prefix="rss-", suffix=".txt") as rss,
    ):
        measured = [GNU_TIME, "-f", "%M", "-o", rss.name, *command] if GNU_TIME else list(command)
        busy_before = host_busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(
            measured,
            cwd=cwd,
            env=ENVIRONMENT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, to stop it with GNU time
        )
        RUNNING.add(process.pid)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            RUNNING.discard(process.pid)
        seconds = time.perf_counter() - start
        busy = host_busy_seconds() - busy_before
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            out.seek(0)
            err.seek(0)
            tail = (out.read()[-1500:] + err.read()[-1500:]).decode("utf-8", "replace")
            shown = " ".join(command[:6]) + (" ..." if len(command) > 6 else "")
            raise BenchmarkError(f"exit {process.returncode}: {shown} (in {cwd})\n{tail}")
        reported = rss.read().split()
    max_rss = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, max_rss, max(0.0, busy - cpu))


def cpu_ticks() -> list[int]:
    """The host's CPU time since boot in clock ticks, the ``cpu`` line of /proc/stat (user, nice,
    system, idle, iowait, irq, softirq, steal, ...); empty if unknown."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            return [int(tick) for tick in stream.readline().split()[1:]]
    except (OSError, ValueError):
        return []


def host_busy_seconds() -> float:
    """CPU time used on the whole host since boot (user, system, interrupts, steal); 0 if unknown."""
    ticks = cpu_ticks()
    busy = sum(ticks[index] for index in (0, 1, 2, 5, 6, 7) if index < len(ticks))
    return busy / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit: float, window: float = 0.4) -> None:
    """Wait (at most ``limit`` seconds) until other processes leave a core free."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = host_busy_seconds()
        time.sleep(window)
        if host_busy_seconds() - before <= (SPARE_CORES + 0.05) * window:
            return


def run_series(commands: list[list[str]], cwd: Path) -> Run:
    """Run several commands one after the other, as one measurement."""
    runs = [run_process(command, cwd) for command in commands]
    return Run(
        sum(run.seconds for run in runs),
        sum(run.cpu_seconds for run in runs),
        max(run.max_rss_kib for run in runs),
        sum(run.foreign_cpu_s for run in runs),
    )


@dataclass(frozen=True)
class Policy:
    """How to cope with a shared host: wait up to ``settle`` seconds for other processes to go
    quiet before each run, and run a disturbed run again up to ``retries`` times."""

    warm_up: bool = True
    settle: float = 0.0
    retries: int = 0
    progress: bool = False


def run_case(case: Case, policy: Policy) -> None:
    """Warm up (and check) every tool once, then take turns ``case.repeat`` times."""
    for tool, commands in case.commands.items():
        case.results[tool] = Measurement(_shown(commands))
        if policy.warm_up:
            run_series(commands, case.cwd)
    for repetition in range(case.repeat):
        for tool, commands in case.commands.items():
            run = _measure(case, tool, commands, policy)
            case.results[tool].runs.append(run)
            if policy.progress:
                noisy = f" (others used {run.foreign_cpu_s:.2f} s of CPU)" if run.disturbed else ""
                print(
                    f"  {case.name}: {tool} run {repetition + 1}/{case.repeat}: {run.seconds:.3f} s{noisy}",
                    file=sys.stderr,
                    flush=True,
                )


def _measure(case: Case, tool: str, commands: list[list[str]], policy: Policy) -> Run:
    for attempt in range(policy.retries + 1):
        if policy.settle:
            wait_for_quiet(policy.settle)
        run = run_series(commands, case.cwd)
        if not run.disturbed or attempt == policy.retries or run.seconds > RETRY_MAX_SECONDS:
            break
        case.results[tool].discarded += 1
    return run


def _shown(commands: list[list[str]]) -> str:
    first = commands[0]
    text = " ".join(first[:5]) + (f" ... ({len(first) - 5} more arguments)" if len(first) > 5 else "")
    return text if len(commands) == 1 else f"{text}  (and {len(commands) - 1} more processes)"


def arg_size(command: Sequence[str]) -> int:
    """Bytes that execve needs for ``command`` and the environment (strings and pointers)."""
    strings = sum(len(os.fsencode(arg)) + 1 for arg in command)
    environment = sum(len(os.fsencode(k)) + len(os.fsencode(v)) + 2 for k, v in ENVIRONMENT.items())
    pointers = 8 * (len(command) + len(ENVIRONMENT) + 2)
    return strings + environment + pointers


# --- the machine and the tools -------------------------------------------------------------


def find_programs() -> Programs:
    """The console scripts themselves, not shims (pyenv shims add a shell start-up each)."""
    scripts = Path(sysconfig.get_path("scripts"))

    def find(name: str) -> str:
        local = scripts / name
        found = str(local) if local.exists() else shutil.which(name)
        if not found:
            raise BenchmarkError(f"{name} is not installed: python -m pip install -e '.[test]'")
        return found

    return Programs(ours=find("outsource-briefs"), peer=find("check-jsonschema"))


def machine(hidden: Sequence[str] = ()) -> dict[str, Any]:
    cpu = "unknown"
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for name in ("outsource-briefs", "check-jsonschema", "jsonschema", "PyYAML", "Jinja2", "rfc3987-syntax"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": USABLE_CORES,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "libyaml": hasattr(yaml, "CSafeLoader"),
        "arg_max": os.sysconf("SC_ARG_MAX"),
        "versions": versions,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len((_git("status", "--porcelain") or "").splitlines()),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "hidden_modules": list(hidden),
    }


def host_load() -> dict[str, float]:
    """Load average and the CPU time the hypervisor took from this machine (steal), so far."""
    ticks = cpu_ticks()
    steal = ticks[7] / os.sysconf("SC_CLK_TCK") if len(ticks) > 7 else 0.0
    return {"load_1min": os.getloadavg()[0], "steal_s": steal}


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


# --- the cases -----------------------------------------------------------------------------


@dataclass
class Workspace:
    root: Path
    schema: Path
    sets: dict[int, specgen.GeneratedSet]


def prepare(root: Path, sizes: Sequence[int], programs: Programs) -> Workspace:
    """Generate the specs (the largest set once, smaller sets as its first files) and the schema."""
    largest = max(sizes)
    started = time.perf_counter()
    sets = {largest: specgen.generate(root / f"n{largest}", largest)}
    for size in sorted(sizes):
        if size != largest:
            sets[size] = specgen.subset(sets[largest], root / f"n{size}", size)
    schema = root / "outsource-briefs.schema.json"
    run_process([programs.ours, "schema", "-o", str(schema)], root)
    print(f"generated {largest:,} specs in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return Workspace(root, schema, sets)


def validate_case(space: Workspace, programs: Programs, size: int, repeat: int) -> Case:
    specs = space.sets[size]
    peer = [programs.peer, "--schemafile", str(space.schema), *specs.files]
    size_needed = arg_size(peer)
    limit = os.sysconf("SC_ARG_MAX")
    if size_needed > limit:
        raise BenchmarkError(f"check-jsonschema's command line for {size} files needs {size_needed} bytes")
    return Case(
        name=f"validate {size:,} files",
        files=size,
        cwd=specs.folder,
        commands={
            "ours": [[programs.ours, "validate", "."]],
            "peer": [peer],
            "floor": [[programs.python, programs.floor_validate, str(space.schema), "."]],
        },
        repeat=repeat,
        note=f"peer: one process, {len(specs.files):,} file arguments, "
        f"{size_needed:,} of {limit:,} bytes of ARG_MAX",
    )


def cold_cases(space: Workspace, programs: Programs, repeat: int) -> list[Case]:
    specs = space.sets[min(space.sets)]
    one = str(specs.folder / specs.files[0])
    schema = str(space.schema)
    return [
        Case(
            name="cold start, 1 file",
            files=1,
            cwd=specs.folder,
            commands={
                "ours": [[programs.ours, "validate", one]],
                "peer": [[programs.peer, "--schemafile", schema, one]],
                "floor": [[programs.python, programs.floor_validate, schema, one]],
            },
            repeat=repeat,
            note=f"one spec: {Path(one).name}",
        ),
        Case(
            name="start-up: --version",
            files=0,
            cwd=specs.folder,
            commands={
                "ours": [[programs.ours, "--version"]],
                "peer": [[programs.peer, "--version"]],
                "floor": [[programs.python, "-c", "pass"]],
            },
            repeat=repeat,
            note="floor: python -c pass (the interpreter alone)",
        ),
    ]


def render_cases(
    space: Workspace, programs: Programs, size: int, repeat: int, per_process: int
) -> list[Case]:
    specs = space.sets[size]
    return [
        Case(
            name=f"render {size:,} briefs",
            files=size,
            cwd=specs.folder,
            commands={
                "ours": [[programs.python, programs.ours_render, "."]],
                "floor": [[programs.python, programs.floor_render, str(space.schema), "."]],
            },
            repeat=repeat,
            note="ours: one process, load_spec + render_brief per file; "
            "floor: CSafeLoader + cached validator + one compiled Jinja2 template",
        ),
        Case(
            name=f"render, a process per file ({per_process})",
            files=per_process,
            cwd=specs.folder,
            commands={"ours": [[programs.ours, "render", name] for name in specs.files[:per_process]]},
            repeat=max(1, repeat // 2),
            note="for reference only: `outsource-briefs render FILE` once per file",
        ),
    ]


# --- reporting -----------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


def table(cases: list[Case]) -> str:
    header = (
        "benchmark",
        "runs",
        "ours",
        "peer",
        "floor",
        "peer/ours",
        "ours/floor",
        "ours/file",
        "RSS ours/peer/floor",
    )
    rows: list[tuple[str, ...]] = [header]
    for case in cases:
        cells = [case.name, str(case.repeat)]
        for tool in TOOLS:
            result = case.results.get(tool)
            cells.append(_seconds(result.median) if result else "-")
        ours = case.results.get("ours")
        per_file = f"{ours.median / case.files * 1000:.2f} ms" if ours and case.files else ""
        rss = (
            "/".join(f"{case.results[t].max_rss_mb:.0f}" if t in case.results else "-" for t in TOOLS) + " MB"
        )
        cells += [_ratio(case.ratio("peer", "ours")), _ratio(case.ratio("ours", "floor")), per_file, rss]
        rows.append(tuple(cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


@dataclass
class Target:
    name: str
    measured: str
    passed: bool | None


def targets(by_name: dict[str, Case], growth: dict[str, Any] | None) -> list[Target]:
    v1k, cold, render, v10k = map(
        by_name.get,
        ("validate 1,000 files", "cold start, 1 file", "render 1,000 briefs", "validate 10,000 files"),
    )
    # Each target: its name, the value measured (None if not), how to show it, when it passes.
    wanted: list[tuple[str, float | None, str, Callable[[float], bool]]] = [
        (
            "validate 1,000: >= 3x faster than check-jsonschema",
            v1k.ratio("peer", "ours") if v1k else None,
            "{:.2f}x faster",
            lambda value: value >= 3,
        ),
        (
            "validate 1,000: within 1.5x of the floor",
            v1k.ratio("ours", "floor") if v1k else None,
            "{:.2f}x the floor",
            lambda value: value <= 1.5,
        ),
        (
            "one-file cold start: <= 0.8x check-jsonschema",
            cold.ratio("ours", "peer") if cold else None,
            "{:.2f}x the peer",
            lambda value: value <= 0.8,
        ),
        (
            "render 1,000: within 1.5x of the render floor",
            render.ratio("ours", "floor") if render else None,
            "{:.2f}x the floor",
            lambda value: value <= 1.5,
        ),
        (
            "peak RSS of validate over 10,000 specs < 150 MB",
            v10k.results["ours"].max_rss_mb if v10k else None,
            "{:.0f} MB",
            lambda value: value < 150,
        ),
        (
            f"linear growth (per-file ratio <= {LINEAR_LIMIT})",
            growth["per_file_ratio"] if growth else None,
            "per-file time x{:.2f} from 1,000 to 10,000",
            lambda value: value <= LINEAR_LIMIT,
        ),
    ]
    return [
        Target(name, "not measured", None)
        if value is None
        else Target(name, shown.format(value), passes(value))
        for name, value, shown, passes in wanted
    ]


def linear_growth(by_name: dict[str, Case]) -> dict[str, Any] | None:
    small, large, tiny = (by_name.get(f"validate {n:,} files") for n in (1_000, 10_000, 100))
    if small is None or large is None:
        return None
    result: dict[str, Any] = {}
    for tool in TOOLS:
        at_small, at_large = small.results[tool], large.results[tool]
        per_small, per_large = at_small.median / small.files, at_large.median / large.files
        entry = {
            "per_file_1000_ms": per_small * 1000,
            "per_file_10000_ms": per_large * 1000,
            "ratio": per_large / per_small,
            "cpu_ratio": (at_large.cpu_median / large.files) / (at_small.cpu_median / small.files),
        }
        if tiny is not None:
            # Marginal cost per file, start-up excluded: (t(10k) - t(1k)) / 9k against (t(1k) - t(100)) / 900.
            marginal_large = (at_large.median - at_small.median) / (large.files - small.files)
            marginal_small = (at_small.median - tiny.results[tool].median) / (small.files - tiny.files)
            entry["marginal_ratio"] = marginal_large / marginal_small
        result[tool] = entry
    result["per_file_ratio"] = result["ours"]["ratio"]
    return result


def _package_line(info: dict[str, Any]) -> str:
    if info["snapshot_commit"]:
        commit = info["snapshot_commit"][:12]
        return f"Package under test: commit {commit} (a git archive snapshot); {info['date']}"
    changed = (
        "; WARNING: the working tree changed during the run" if info["repository_changed_during_run"] else ""
    )
    return (
        f"Package under test: the working tree at {info['package_path']} (commit {info['commit']}, "
        f"{info['uncommitted_files']} uncommitted files); {info['date']}{changed}"
    )


def report(
    info: dict[str, Any], space: Workspace, cases: list[Case], load: dict[str, dict[str, float]]
) -> tuple[str, dict[str, Any]]:
    by_name = {case.name: case for case in cases}
    steal = load["after"]["steal_s"] - load["before"]["steal_s"]
    largest = space.sets[max(space.sets)]
    versions = ", ".join(f"{name} {version or 'absent'}" for name, version in info["versions"].items())
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), {info['platform']}",
        f"Python {info['python']} ({info['implementation']}), libyaml: {info['libyaml']}; {versions}",
        _package_line(info),
        f"Specs: {len(largest.files):,} generated, kinds {dict(sorted(largest.kinds.items()))}, "
        f"{largest.extending:,} use `extends`, {statistics.mean(largest.lines):.0f} lines on average "
        f"({min(largest.lines)}-{max(largest.lines)})",
        f"Host: load average {load['before']['load_1min']:.1f} before, {load['after']['load_1min']:.1f} "
        f"after; CPU steal during the run {steal:.1f} s; modules hidden from every tool: "
        f"{', '.join(info['hidden_modules']) or 'none'}",
        "Times are medians of whole processes (wall clock); RSS is the peak of any run "
        f"({'GNU time %M' if GNU_TIME else 'ru_maxrss, which includes the harness own RSS'}). "
        "Bytecode is cached (PYTHONPYCACHEPREFIX) after the untimed warm-up run.",
        "",
        table(cases),
        "",
    ]
    lines += [f"  {case.name}: {case.note}" for case in cases if case.note]
    runs = [run for case in cases for result in case.results.values() for run in result.runs]
    disturbed = sum(run.disturbed for run in runs)
    if disturbed:
        lines += [
            "",
            f"WARNING: other processes took CPU time from {disturbed} of {len(runs)} timed runs (after "
            "waiting and running again): their wall-clock times are inflated; CPU-time ratios are "
            "more reliable.",
        ]
    lines += ["", "CPU time (user + sys, medians), less sensitive to a busy host:"]
    for case in cases:
        cpu = ", ".join(f"{tool} {result.cpu_median:.2f} s" for tool, result in case.results.items())
        ratios = [
            f"{label} {value:.2f}x"
            for label, value in (
                ("peer/ours", case.ratio("peer", "ours", cpu=True)),
                ("ours/floor", case.ratio("ours", "floor", cpu=True)),
            )
            if value is not None
        ]
        kept = sum(run.disturbed for result in case.results.values() for run in result.runs)
        redone = sum(result.discarded for result in case.results.values())
        noise = f"; disturbed runs: {kept} kept, {redone} run again" if kept or redone else ""
        lines.append(f"  {case.name}: {cpu}" + (f"; {', '.join(ratios)}" if ratios else "") + noise)
    growth = linear_growth(by_name)
    if growth:
        lines.append("")
        lines.append(
            "Growth from 1,000 to 10,000 files: per-file time at 10,000 / at 1,000 "
            "(marginal: start-up excluded)"
        )
        for tool in TOOLS:
            entry = growth[tool]
            marginal = f", marginal x{entry['marginal_ratio']:.2f}" if "marginal_ratio" in entry else ""
            small, large = entry["per_file_1000_ms"], entry["per_file_10000_ms"]
            lines.append(
                f"  {tool:5}  {small:.2f} ms -> {large:.2f} ms per file: x{entry['ratio']:.2f}{marginal}; "
                f"CPU time per file x{entry['cpu_ratio']:.2f}"
            )
    found = targets(by_name, growth)
    lines += ["", "Targets:"]
    width = max(len(target.name) for target in found)
    for target in found:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[target.passed]
        lines.append(f"  {verdict:4}  {target.name.ljust(width)}  {target.measured}")
    document = {
        "machine": info,
        "host_load": {**load, "steal_during_run_s": steal},
        "specs": {
            "count": len(largest.files),
            "kinds": largest.kinds,
            "extending": largest.extending,
            "mean_lines": statistics.mean(largest.lines),
        },
        "cases": [
            {
                "name": case.name,
                "files": case.files,
                "repeat": case.repeat,
                "note": case.note,
                "results": {tool: result.to_dict() for tool, result in case.results.items()},
            }
            for case in cases
        ],
        "growth": growth,
        "targets": [asdict(target) for target in found],
    }
    return "\n".join(lines), document


# --- modes ---------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, root: Path, package: dict[str, str]) -> int:
    programs = find_programs()
    sizes = sorted(set(args.sizes))
    wanted = {*sizes, RENDER_FILES} if max(sizes) >= RENDER_FILES else set(sizes)
    space = prepare(root, sorted(wanted), programs)
    cases = [validate_case(space, programs, size, args.repeat or REPEATS.get(size, 3)) for size in sizes]
    cases += cold_cases(space, programs, args.repeat or COLD_REPEATS)
    render_size = RENDER_FILES if RENDER_FILES in space.sets else min(space.sets)
    cases += render_cases(
        space, programs, render_size, args.repeat or RENDER_REPEATS, PER_PROCESS_RENDER_FILES
    )
    policy = Policy(settle=args.settle, retries=args.retries, progress=not args.quiet)
    before = host_load()
    state = _git("status", "--porcelain"), _git("rev-parse", "HEAD")
    for case in cases:
        print(f"running {case.name} ...", file=sys.stderr, flush=True)
        run_case(case, policy)
    changed = state != (_git("status", "--porcelain"), _git("rev-parse", "HEAD"))
    info = {**machine(args.hide_module), "repository_changed_during_run": changed, **package}
    text, document = report(info, space, cases, {"before": before, "after": host_load()})
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


def smoke(root: Path) -> int:
    """Every command once on a few files: they must all succeed. Nothing is timed or judged."""
    programs = find_programs()
    space = prepare(root, [SMOKE_FILES], programs)
    specs = space.sets[SMOKE_FILES]
    if set(specs.kinds) != set(specgen.kind_examples()) or not specs.extending:
        raise BenchmarkError(f"the smoke set lacks a kind or `extends`: {specs.kinds}, {specs.extending}")
    cases = [validate_case(space, programs, SMOKE_FILES, 1)]
    cases += cold_cases(space, programs, 1)
    cases += render_cases(space, programs, SMOKE_FILES, 1, 2)
    commands = 0
    for case in cases:
        run_case(case, Policy(warm_up=False))
        commands += sum(len(series) for series in case.commands.values())
    kinds = dict(sorted(specs.kinds.items()))
    print(f"smoke: {commands} commands succeeded on {SMOKE_FILES} generated specs ({kinds})")
    return 0


def profile(root: Path, files: int) -> int:
    """cProfile of `validate` over ``files`` specs, and -X importtime of the cold start."""
    programs = find_programs()
    space = prepare(root, [files], programs)
    specs = space.sets[files]
    output = root / "validate.prof"
    run_process(
        [programs.python, "-m", "cProfile", "-o", str(output), "-m", "outsource_briefs", "validate", "."],
        specs.folder,
    )
    for order, title in (("cumulative", "cumulative time"), ("tottime", "self time")):
        print(f"\n=== validate {files:,} specs: top 30 by {title} ===")
        stats = pstats.Stats(str(output), stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(30)
    one = str(specs.folder / specs.files[0])
    for label, command in (
        ("python -X importtime -m outsource_briefs --version", ["--version"]),
        ("python -X importtime -m outsource_briefs validate FILE", ["validate", one]),
    ):
        done = subprocess.run(
            [programs.python, "-X", "importtime", "-m", "outsource_briefs", *command],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env=ENVIRONMENT,
        )
        print(f"\n=== {label}: top 25 imports by cumulative time ===")
        print(importtime_summary(done.stderr))
    return 0


def importtime_summary(stderr: str, top: int = 25) -> str:
    rows = list(_importtime_rows(stderr))
    total = sum(own for own, _, _ in rows)
    lines = [
        f"total import time {total / 1000:.0f} ms ({len(rows)} modules)",
        "   self ms  cumul. ms  module",
    ]
    for own, cumulative, name in sorted(rows, key=lambda row: -row[1])[:top]:
        lines.append(f"  {own / 1000:8.1f}  {cumulative / 1000:9.1f}  {name}")
    return "\n".join(lines)


def _importtime_rows(stderr: str) -> Iterator[tuple[int, int, str]]:
    for line in stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if found:
            yield int(found.group(1)), int(found.group(2)), found.group(3)[1:] + found.group(4)


def _terminated(signum: int, frame: object) -> None:
    """Stop the measured process and unwind normally, so that the temporary folder goes too."""
    for pid in list(RUNNING):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    sys.exit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="run every command once on 20 files, untimed")
    mode.add_argument("--profile", action="store_true", help="profile `validate` and its imports")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), metavar="N", help="validate sizes"
    )
    parser.add_argument(
        "--repeat", type=int, metavar="K", help="repetitions of every case (default: per case)"
    )
    parser.add_argument(
        "--workdir", metavar="DIR", help="generate here (a new folder) instead of a temporary one"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    parser.add_argument(
        "--ref",
        metavar="COMMIT",
        help="time the package as committed at COMMIT (such as HEAD), not the working tree",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=5.0,
        metavar="S",
        help="before each run, wait up to S seconds (default 5) for other processes to go quiet",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        metavar="K",
        help="run a run that other processes disturbed again, up to K times (default 1)",
    )
    parser.add_argument(
        "--hide-module",
        action="append",
        default=[],
        metavar="NAME",
        help="make `import NAME` fail in every timed process (such as rfc3987_syntax)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)
    with tempfile.TemporaryDirectory(prefix="outsource-briefs-bench-") as temporary:
        root = Path(args.workdir) if args.workdir else Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        try:
            package, commit = snapshot(args.ref, root) if args.ref else (None, None)
            ENVIRONMENT.clear()
            ENVIRONMENT.update(child_environment(root, args.hide_module, package))
            imported = {"package_path": check_package(package, root), "snapshot_commit": commit or ""}
            if args.smoke:
                return smoke(root)
            if args.profile:
                return profile(root, 1_000)
            return benchmark(args, root, imported)
        except BenchmarkError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
