"""The machine the benchmark runs on: what it is (CPU, cores, Python, libraries) and how busy
other processes keep it."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

USABLE_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
#: Every timed process runs on one core; the others are spare, for the rest of the host.
SPARE_CORES = max(0, USABLE_CORES - 1)
#: The libraries of this environment that the timed processes use.
LIBRARIES = ("outsource-briefs", "jsonschema", "jsonschema-rs", "PyYAML", "Jinja2", "rfc3987-syntax")


def cpu_ticks() -> list[int]:
    """The host's CPU time since boot in clock ticks, the ``cpu`` line of /proc/stat (user, nice,
    system, idle, iowait, irq, softirq, steal, ...); empty if unknown."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            return [int(tick) for tick in stream.readline().split()[1:]]
    except (OSError, ValueError):
        return []


def busy_seconds() -> float:
    """CPU time used on the whole host since boot (user, system, interrupts, steal); 0 if unknown."""
    ticks = cpu_ticks()
    busy = sum(ticks[index] for index in (0, 1, 2, 5, 6, 7) if index < len(ticks))
    return busy / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit: float, window: float = 0.4) -> None:
    """Wait (at most ``limit`` seconds) until other processes leave a core free."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = busy_seconds()
        time.sleep(window)
        if busy_seconds() - before <= (SPARE_CORES + 0.05) * window:
            return


def load() -> dict[str, float]:
    """Load average and the CPU time the hypervisor took from this machine (steal), so far."""
    ticks = cpu_ticks()
    steal = ticks[7] / os.sysconf("SC_CLK_TCK") if len(ticks) > 7 else 0.0
    return {"load_1min": os.getloadavg()[0], "steal_s": steal}


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else "unknown"


def describe(hidden: Sequence[str] = ()) -> dict[str, Any]:
    """The machine, the interpreter and the libraries every timed process shares."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": USABLE_CORES,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "libyaml": hasattr(yaml, "CSafeLoader"),
        "arg_max": os.sysconf("SC_ARG_MAX"),
        "versions": {name: installed_version(name) for name in LIBRARIES},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "hidden_modules": list(hidden),
    }


def installed_version(name: str) -> str | None:
    """The version of distribution ``name`` in this environment, if it is installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
