"""Where ``validate`` spends its time: cProfile over many specs, and ``-X importtime`` of its
start-up."""

from __future__ import annotations

import pstats
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import specgen
from harness import Runner

IMPORTTIME_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def profile(root: Path, runner: Runner, ours: str, files: int) -> None:
    """Print the top functions of `validate` over ``files`` specs, and its slowest imports."""
    specs = specgen.generate(root / f"clean-{files}", files)
    output = root / "validate.prof"
    python = sys.executable
    runner.run(
        [python, "-m", "cProfile", "-o", str(output), "-m", "outsource_briefs", "validate", "."], specs.folder
    )
    for order, title in (("cumulative", "cumulative time"), ("tottime", "self time")):
        print(f"\n=== validate {files:,} specs: top 30 by {title} ===")
        stats = pstats.Stats(str(output), stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(30)
    one = str(specs.folder / specs.files[0])
    for label, arguments in (
        ("python -X importtime -m outsource_briefs --version", ["--version"]),
        ("python -X importtime -m outsource_briefs validate FILE", ["validate", one]),
    ):
        done = subprocess.run(
            [python, "-X", "importtime", "-m", "outsource_briefs", *arguments],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env=dict(runner.environment),
        )
        print(f"\n=== {label}: top 25 imports by cumulative time ===")
        print(importtime_summary(done.stderr))


def importtime_summary(stderr: str, top: int = 25) -> str:
    """The ``top`` imports by cumulative time, from the ``-X importtime`` lines in ``stderr``."""
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
        found = IMPORTTIME_LINE.match(line)
        if found:
            yield int(found.group(1)), int(found.group(2)), found.group(3)[1:] + found.group(4)
