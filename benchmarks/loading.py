"""Loading speed of two versions side by side: every generated spec read by each one's YAML loader.

    python benchmarks/loading.py --old main                  # the working tree against main
    python benchmarks/loading.py --old 4c60ca0 --new HEAD --specs 1000 --runs 15

Each run is a new process that reads the specs' bytes, then times ``parse_yaml`` over all of
them in CPU time (``time.process_time``: on a shared host, the wall clock also counts the other
processes), the best of three passes. The two versions take turns (old, new, old, new, ...),
after one untimed run each, and the report gives each one's median and the ratio new / old. A
version is a commit (a ``git archive`` snapshot) or, without ``--new``, the working tree.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import specgen
from host import wait_for_quiet
from under_test import WORKING_TREE, package_of

# What one run does, in a process that imports the version under test from PYTHONPATH.
TIMED = """
import sys, time
from pathlib import Path
from outsource_briefs.yaml_loader import parse_yaml
sources = [(path.name, path.read_bytes()) for path in sorted(Path(sys.argv[1]).glob("*.yaml"))]
best = float("inf")
for _ in range(3):
    start = time.process_time()
    for name, source in sources:
        if parse_yaml(source, name).problems:
            raise SystemExit(f"{name} has problems")
    best = min(best, time.process_time() - start)
print(best)
"""


def time_once(environment: dict[str, str], corpus: Path) -> float:
    """CPU seconds of the best pass over the corpus in a process with ``environment``."""
    done = subprocess.run(
        [sys.executable, "-c", TIMED, str(corpus)],
        env=environment,
        # Not the repository: `python -c` puts the working folder first on the path, where the
        # working tree would shadow a commit's snapshot.
        cwd=corpus,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main", help="the commit to compare with (default: main)")
    parser.add_argument(
        "--new", default=WORKING_TREE, help="the commit to measure (default: the working tree)"
    )
    parser.add_argument("--specs", type=int, default=1000, help="generated specs (default: 1000)")
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each version (default: 11)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = specgen.generate(root / "specs", args.specs).folder
        versions = {}
        for label, ref in (("old", args.old), ("new", args.new)):
            (root / label).mkdir()  # a folder for each: the same commit may be named twice
            versions[label] = package_of(ref, root / label)
        times: dict[str, list[float]] = {"old": [], "new": []}
        for tested in versions.values():
            time_once(tested.environment, corpus)  # warm-up: bytecode, file cache
        for _ in range(args.runs):
            for label, tested in versions.items():
                wait_for_quiet(5.0)
                times[label].append(time_once(tested.environment, corpus))
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, tested in versions.items():
        print(f"{label}: {tested.commit or 'the working tree'}")
    print(f"{args.specs} specs and their base files, {args.runs} runs each, CPU time of the best of 3 passes")
    for label, values in times.items():
        shown = " ".join(f"{value * 1000:.0f}" for value in values)
        print(f"{label}: median {medians[label] * 1000:.1f} ms  (runs, ms: {shown})")
    print(f"ratio new / old: {medians['new'] / medians['old']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
