"""Time whole processes side by side: wall clock, CPU time and peak memory, taking turns.

A case names its contenders (each one or more commands run one after the other). Every
contender runs once untimed (which also checks that it succeeds), then they take turns
(a, b, c, a, b, c, ...), so that a host that gets busier or quieter affects them alike. On a
shared host a run first waits for a free core, and a run that other processes took CPU time
from is run again.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import host

Command = tuple[str, ...]

#: A run is disturbed when other processes took CPU time from it: more than the spare cores
#: could give during its wall time, by this share of the wall time (and at least
#: DISTURBANCE_FLOOR_S: /proc/stat counts in 10 ms ticks).
DISTURBANCE_SHARE = 0.1
DISTURBANCE_FLOOR_S = 0.05
#: Disturbed runs longer than this are kept rather than run again.
RETRY_MAX_SECONDS = 20.0
#: GNU time, which reports the peak RSS of the command alone. ``ru_maxrss`` of a child started
#: from this (large) process would be at least this process's own RSS: Linux carries the
#: high-water mark of the memory that the child had before ``exec`` over into it.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
#: A process that prints this died of an exception, whatever its exit code says.
_TRACEBACK = b"Traceback (most recent call last):"


class BenchmarkError(Exception):
    """A command failed, or the generated data is not what the benchmark needs."""


@dataclass(frozen=True)
class Contender:
    """One side of a comparison: the commands of one measurement, and the exit codes that
    mean they did their work (1 where the files have problems to report)."""

    name: str
    commands: tuple[Command, ...]
    exit_codes: frozenset[int] = frozenset({0})

    def shown(self) -> str:
        """The first command, shortened, for people to read."""
        first = self.commands[0]
        text = " ".join(first[:5]) + (f" ... ({len(first) - 5} more arguments)" if len(first) > 5 else "")
        more = len(self.commands) - 1
        return f"{text}  (and {more} more processes)" if more else text


@dataclass(frozen=True)
class Case:
    """One benchmark: contenders that take turns in ``cwd``, and the ratios worth reading."""

    name: str
    files: int
    cwd: Path
    contenders: tuple[Contender, ...]
    repeat: int
    #: (numerator, denominator) contender names whose ratio the report shows.
    comparisons: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Run:
    """One timed run: wall and CPU seconds, peak memory, and the CPU time that other
    processes on the host used meanwhile."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    foreign_cpu_s: float = 0.0

    def time(self, *, cpu: bool = False) -> float:
        """Wall-clock seconds, or CPU seconds with ``cpu``."""
        return self.cpu_seconds if cpu else self.seconds

    @property
    def disturbed(self) -> bool:
        spare = host.SPARE_CORES * self.seconds
        return self.foreign_cpu_s > spare + max(DISTURBANCE_FLOOR_S, DISTURBANCE_SHARE * self.seconds)


def combined(runs: Sequence[Run]) -> Run:
    """Runs one after the other, as one run."""
    return Run(
        sum(run.seconds for run in runs),
        sum(run.cpu_seconds for run in runs),
        max(run.max_rss_kib for run in runs),
        sum(run.foreign_cpu_s for run in runs),
    )


@dataclass
class Measurement:
    """The runs of one contender in one case."""

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

    @property
    def disturbed(self) -> int:
        """Disturbed runs that were kept."""
        return sum(run.disturbed for run in self.runs)

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
            "disturbed_runs_kept": self.disturbed,
            "disturbed_runs_discarded": self.discarded,
        }


@dataclass(frozen=True)
class CaseResult:
    """The measurements of a case, by contender name."""

    case: Case
    measurements: dict[str, Measurement]

    def ratio(self, numerator: str, denominator: str, *, cpu: bool = False) -> float | None:
        """The median of the ratios of the two contenders' runs of each round (wall clock, or CPU
        time with ``cpu``); None if either is missing.

        The runs of a round follow each other, so a slow spell of a shared host slows both and
        leaves their ratio alone, where a ratio of medians would take it in when it falls on
        more runs of one contender than of the other.
        """
        top, bottom = self.measurements.get(numerator), self.measurements.get(denominator)
        if top is None or bottom is None or not top.runs or not bottom.runs:
            return None
        rounds = zip(top.runs, bottom.runs, strict=True)
        return statistics.median(upper.time(cpu=cpu) / lower.time(cpu=cpu) for upper, lower in rounds)


@dataclass(frozen=True)
class Policy:
    """How to measure: an untimed warm-up run first; on a shared host, wait up to ``settle``
    seconds for other processes to go quiet before each run, and run a disturbed run again up
    to ``retries`` times; progress lines on standard error."""

    warm_up: bool = True
    settle: float = 0.0
    retries: int = 0
    progress: bool = False


def timed_environment(root: Path, hidden: Sequence[str] = (), package: Path | None = None) -> dict[str, str]:
    """The environment of every timed process.

    Compiled bytecode is cached in ``root`` (as an installed package has its ``.pyc`` files):
    a sandbox may set PYTHONDONTWRITEBYTECODE, and the editable package has no ``__pycache__``,
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


def arg_size(command: Sequence[str], environment: Mapping[str, str]) -> int:
    """Bytes that execve needs for ``command`` and ``environment`` (strings and pointers)."""
    strings = sum(len(os.fsencode(arg)) + 1 for arg in command)
    variables = sum(len(os.fsencode(k)) + len(os.fsencode(v)) + 2 for k, v in environment.items())
    pointers = 8 * (len(command) + len(environment) + 2)
    return strings + variables + pointers


def _check_success(
    command: Sequence[str],
    cwd: Path,
    *,
    code: int,
    exit_codes: frozenset[int],
    out: IO[bytes],
    err: IO[bytes],
) -> None:
    """Raise when a process exited with an unexpected code or printed a traceback."""
    err.seek(0)
    errors = err.read()
    if code in exit_codes and _TRACEBACK not in errors:
        return
    out.seek(0)
    tail = (out.read()[-1500:] + errors[-1500:]).decode("utf-8", "replace")
    shown = " ".join(command[:6]) + (" ..." if len(command) > 6 else "")
    raise BenchmarkError(f"exit {code}: {shown} (in {cwd})\n{tail}")


@dataclass(frozen=True)
class Runner:
    """Runs and times processes, all in the same ``environment``."""

    environment: Mapping[str, str]

    def run(self, command: Sequence[str], cwd: Path, exit_codes: frozenset[int] = frozenset({0})) -> Run:
        """Run ``command`` to completion; its wall time, CPU time and peak RSS.

        :raises BenchmarkError: when it exits with another code, or dies of an exception.
        """
        with (
            tempfile.TemporaryFile() as out,
            tempfile.TemporaryFile() as err,
            tempfile.NamedTemporaryFile("r", encoding="utf-8", prefix="rss-", suffix=".txt") as rss,
        ):
            measured = [GNU_TIME, "-f", "%M", "-o", rss.name, *command] if GNU_TIME else list(command)
            busy_before = host.busy_seconds()
            start = time.perf_counter()
            process = subprocess.Popen(
                measured,
                cwd=cwd,
                env=dict(self.environment),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group, to stop it with GNU time
            )
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:  # such as SystemExit from SIGTERM: stop it, then unwind
                os.killpg(process.pid, signal.SIGTERM)
                process.wait()
                raise
            seconds = time.perf_counter() - start
            busy = host.busy_seconds() - busy_before
            code = process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
            _check_success(command, cwd, code=code, exit_codes=exit_codes, out=out, err=err)
            reported = rss.read().split()
        max_rss = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
        cpu = usage.ru_utime + usage.ru_stime
        return Run(seconds, cpu, max_rss, max(0.0, busy - cpu))

    def run_contender(self, contender: Contender, cwd: Path) -> Run:
        """Run the commands of ``contender`` one after the other, as one run."""
        return combined([self.run(command, cwd, contender.exit_codes) for command in contender.commands])

    def measure(self, case: Case, policy: Policy) -> CaseResult:
        """Warm up (and check) every contender once, then take turns ``case.repeat`` times, in
        the opposite order every other round, so that none always runs first."""
        result = CaseResult(
            case, {contender.name: Measurement(contender.shown()) for contender in case.contenders}
        )
        if policy.warm_up:
            for contender in case.contenders:
                self.run_contender(contender, case.cwd)
        for repetition in range(case.repeat):
            for contender in case.contenders if repetition % 2 == 0 else reversed(case.contenders):
                run = self._measured_run(contender, case.cwd, policy, result.measurements[contender.name])
                result.measurements[contender.name].runs.append(run)
                if policy.progress:
                    noisy = f" (others used {run.foreign_cpu_s:.2f} s of CPU)" if run.disturbed else ""
                    print(
                        f"  {case.name}: {contender.name} run {repetition + 1}/{case.repeat}: "
                        f"{run.seconds:.3f} s{noisy}",
                        file=sys.stderr,
                        flush=True,
                    )
        return result

    def _measured_run(self, contender: Contender, cwd: Path, policy: Policy, measurement: Measurement) -> Run:
        """One run of ``contender`` that counts: a disturbed run is run again (``policy.retries``
        times at most, and only when it is short)."""
        for _ in range(policy.retries):
            run = self._settled_run(contender, cwd, policy)
            if not run.disturbed or run.seconds > RETRY_MAX_SECONDS:
                return run
            measurement.discarded += 1
        return self._settled_run(contender, cwd, policy)

    def _settled_run(self, contender: Contender, cwd: Path, policy: Policy) -> Run:
        if policy.settle:
            host.wait_for_quiet(policy.settle)
        return self.run_contender(contender, cwd)
