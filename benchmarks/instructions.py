"""Count the machine instructions `outsource-briefs validate` executes, for one or more commits
side by side: an exact measure of CPU work where a shared host's timings vary by more than the
change under study.

    python benchmarks/instructions.py --ref HEAD --ref .             # a commit against the working tree
    python benchmarks/instructions.py --ref . --corpus mixed --files 1000

Every commit validates the same generated specs (``--corpus clean``: ``specgen.py``; ``mixed``:
every third with a flaw, as run.py's mixed case) once under Valgrind's Callgrind, after one
plain run that compiles its bytecode, with a fixed hash seed. A count then repeats to within a
few hundredths of a percent (addresses still differ), so one run per commit is enough;
Callgrind is about fifty times slower than a plain run. The report shows each commit's count
and its ratio to the first's, and checks that every commit printed the same report: different
reports are an error.

A count is not a time: it leaves out cache misses, system calls and waiting. The targets are
timed, side by side with the peer, by run.py. Valgrind must be installed (Debian: ``valgrind``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from harness import BenchmarkError
from under_test import WORKING_TREE, package_of

HERE = Path(__file__).resolve().parent
#: What validate may exit with: clean specs, or specs with problems.
_EXIT_CODES = (0, 1)
_COLLECTED = re.compile(r"Collected : (\d+)")


@dataclass(frozen=True)
class Count:
    """What one commit did: the instructions it executed and a digest of its report."""

    ref: str
    instructions: int
    report: str


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", action="append", help="a commit, or . for the working tree (repeatable)")
    parser.add_argument("--files", type=_positive, default=300, help="specs to generate (default 300)")
    parser.add_argument("--corpus", choices=("clean", "mixed"), default="clean", help="default: clean")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    refs = args.ref or [WORKING_TREE]
    try:
        with tempfile.TemporaryDirectory(prefix="instructions-") as scratch:
            counts = compare(refs, Path(scratch), args.files, args.corpus)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"instructions of `outsource-briefs validate` over {args.files} {args.corpus} specs:")
    first = counts[0].instructions
    for count in counts:
        ratio = count.instructions / first
        shown = f"{count.instructions:>16,}   ratio to {refs[0]}: {ratio:.4f}"
        print(f"  {count.ref:<12} {shown}   report {count.report}")
    if len({count.report for count in counts}) != 1:
        print("error: the commits printed different reports", file=sys.stderr)
        return 1
    return 0


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def compare(refs: list[str], scratch: Path, files: int, corpus: str) -> list[Count]:
    """Count each commit's instructions over one generated corpus, the commits at once.

    :raises BenchmarkError: when a ref is not a commit, a commit's snapshot is not what gets
        imported, or a run fails.
    """
    import corpora  # noqa: PLC0415 - imports outsource_briefs, which --help does not need
    import specgen  # noqa: PLC0415 - the same

    folder = scratch / "specs"
    if corpus == "mixed":
        corpora.mixed_corpus(folder, files)
    else:
        specgen.generate(folder, files)
    runs = []
    for index, ref in enumerate(refs):
        # A folder for each ref: the same commit may be named twice.
        root = scratch / f"ref-{index}"
        root.mkdir()
        # A fixed hash seed: string hashing then takes the same steps in every run.
        runs.append((ref, {**package_of(ref, root).environment, "PYTHONHASHSEED": "0"}))
    workers = max(1, min(len(runs), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda run: count(run[0], run[1], folder, scratch), runs))


def count(ref: str, environment: dict[str, str], folder: Path, scratch: Path) -> Count:
    """The instructions of one validate run of ``ref`` (after a plain run that compiles)."""
    command = [sys.executable, "-m", "outsource_briefs", "validate", "--format", "json", str(folder)]
    # The scratch folder, not the repository, is the working folder: `python -m` puts it first
    # on the path, where the working tree would shadow a commit's snapshot.
    plain = _run(command, environment, scratch, ref)
    callgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.devnull}"]
    counted = _run([*callgrind, *command], environment, scratch, f"{ref} under Valgrind")
    found = _COLLECTED.search(counted.stderr.decode(errors="replace"))
    if found is None:
        raise BenchmarkError(f"Valgrind gave no instruction count for {ref}")
    if counted.stdout != plain.stdout:
        raise BenchmarkError(f"{ref} printed a different report under Valgrind")
    report = hashlib.sha256(counted.stdout).hexdigest()[:12]
    return Count(ref, int(found.group(1)), report)


def _run(
    command: list[str], environment: dict[str, str], cwd: Path, what: str
) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, check=False)
    if done.returncode not in _EXIT_CODES:
        detail = done.stderr.decode(errors="replace").strip()[-2000:]
        raise BenchmarkError(f"validate of {what} failed (exit {done.returncode}):\n{detail}")
    return done


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
