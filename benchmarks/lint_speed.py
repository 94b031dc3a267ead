"""Time the clarity lint alone, on the generated specs, for one or more commits side by side.

    python benchmarks/lint_speed.py                        # the working tree
    python benchmarks/lint_speed.py --ref 4c60ca0 --ref .  # a commit against the working tree

The specs are generated once (``specgen.py``) and loaded in each child process; only
``lint_spec`` over all of them is timed (CPU time, ``time.process_time``), after one untimed
pass. The commits take turns, and the report shows the median of each and each median's ratio
to the first. Every child also reports a digest of the problems it found, so the ratio
compares the same work: different digests are reported as an error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from under_test import WORKING_TREE, package_of

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", action="append", help="a commit, or . for the working tree (repeatable)")
    parser.add_argument("--files", type=int, default=1_000, help="specs to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per commit (default 5)")
    parser.add_argument("--child", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(time_lint(Path(args.child))))
        return 0
    refs = args.ref or [WORKING_TREE]
    with tempfile.TemporaryDirectory(prefix="lint-speed-") as scratch:
        return compare(refs, Path(scratch), args.files, args.repeat)


def compare(refs: list[str], scratch: Path, files: int, repeat: int) -> int:
    import specgen  # noqa: PLC0415 - imports outsource_briefs: only the parent needs it

    corpus = specgen.generate(scratch / "specs", files).folder
    environments = {ref: package_of(ref, scratch).environment for ref in refs}
    seconds: dict[str, list[float]] = {ref: [] for ref in refs}
    digests: dict[str, set[str]] = {ref: set() for ref in refs}
    for _ in range(repeat):
        for ref in refs:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus)],
                env=environments[ref],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout)
            seconds[ref].append(result["seconds"])
            digests[ref].add(result["digest"])
    first = statistics.median(seconds[refs[0]])
    print(f"lint_spec over {files} generated specs, CPU seconds, median of {repeat}:")
    for ref in refs:
        median = statistics.median(seconds[ref])
        ratio = median / first
        found = ", ".join(sorted(digests[ref]))
        print(f"  {ref:<12} {median:8.3f} s   ratio to {refs[0]}: {ratio:.3f}   problems {found}")
    if len({digest for found in digests.values() for digest in found}) != 1:
        print("error: the commits found different problems", file=sys.stderr)
        return 1
    return 0


def time_lint(folder: Path) -> dict[str, object]:
    """Load every spec in ``folder``, lint them all once untimed, then once timed."""
    from outsource_briefs.lint import lint_spec  # noqa: PLC0415 - imported from the chosen commit
    from outsource_briefs.repository import load_spec  # noqa: PLC0415 - the same

    specs = [load_spec(path) for path in sorted(folder.glob("*.brief.yaml"))]
    today = date.today()
    for spec in specs:
        lint_spec(spec, today=today)
    start = time.process_time()
    problems = [problem for spec in specs for problem in lint_spec(spec, today=today)]
    elapsed = time.process_time() - start
    digest = hashlib.sha256("\n".join(map(str, problems)).encode()).hexdigest()[:12]
    return {"seconds": elapsed, "digest": f"{len(problems)}:{digest}"}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
