"""Benchmark outsource-briefs against check-jsonschema (the peer) and minimal scripts (the floors).

    python benchmarks/run.py                  # full run: every case, every ratio, the targets
    python benchmarks/run.py --json out.json  # also write the results as JSON
    python benchmarks/run.py --markdown t.md  # also write the README's Performance tables
    python benchmarks/run.py --ref HEAD       # time a commit (a git archive), not the working tree
    python benchmarks/run.py --smoke          # CI: small corpora, every command once, untimed
    python benchmarks/run.py --profile        # cProfile and -X importtime of `validate`

Every measurement is a whole process, timed by wall clock from start to exit, with its CPU time
and its peak memory; the contenders of a case take turns after one untimed warm-up run each,
which also checks that every command succeeds. Generated data lives in a temporary folder; the
peer's environments are kept in benchmarks/out/envs/.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import corpora
import host
import reporting
import specgen
import under_test
from cases import (
    SIZES,
    SMOKE_PER_PROCESS_RENDER_FILES,
    SMOKE_SIZES,
    find_ours,
    find_programs,
    full_sizes,
    plan,
)
from harness import BenchmarkError, CaseResult, Policy, Runner
from profiling import profile
from targets import TARGETS, evaluate

PROFILED_FILES = 1_000


def benchmark(args: argparse.Namespace, root: Path, runner: Runner, tested: under_test.Tested) -> int:
    """Measure every case, print the report, and write the files asked for."""
    programs, _ = find_programs(smoke=False, hidden=args.hide_module)
    sizes = full_sizes(tuple(sorted(set(args.sizes))))
    space = corpora.prepare(root, sizes, runner, programs.ours)
    policy = Policy(settle=args.settle, retries=args.retries, progress=not args.quiet)
    load_before, state_before = host.load(), under_test.working_tree_state()
    results: list[CaseResult] = []
    failures: list[str] = []
    for case in plan(space, sizes, programs, runner.environment, repeat=args.repeat):
        print(f"running {case.name} ...", file=sys.stderr, flush=True)
        try:
            results.append(runner.measure(case, policy))
        except BenchmarkError as error:
            failures.append(f"{case.name}: {error}")
    info = reporting.RunInfo(
        machine=host.describe(args.hide_module),
        package=under_test.describe(
            tested, changed_during_run=state_before != under_test.working_tree_state()
        ),
        peers={name: peer.description for name, peer in programs.peers.items()},
        load_before=load_before,
        load_after=host.load(),
    )
    outcomes = evaluate(TARGETS, {result.case.name: result for result in results})
    print(reporting.text(info, space, results, outcomes))
    if args.json:
        _write(args.json, json.dumps(reporting.document(info, space, results, outcomes), indent=2) + "\n")
    if args.markdown:
        _write(args.markdown, reporting.markdown(info, results, outcomes))
    for failure in failures:
        print(f"\nFAILED, not measured: {failure}", file=sys.stderr)
    return 1 if failures else 0


def smoke(root: Path, runner: Runner, hidden: Sequence[str] = ()) -> int:
    """Every command once on small corpora: they must all succeed. Nothing is timed or judged."""
    programs, skipped = find_programs(smoke=True, hidden=hidden)
    space = corpora.prepare(root, SMOKE_SIZES, runner, programs.ours)
    specs = space.clean[max(space.clean)]
    if set(specs.kinds) != set(specgen.kind_examples()) or not specs.extending:
        raise BenchmarkError(f"the smoke set lacks a kind or `extends`: {specs.kinds}, {specs.extending}")
    commands = 0
    for case in plan(
        space, SMOKE_SIZES, programs, runner.environment, repeat=1, per_process=SMOKE_PER_PROCESS_RENDER_FILES
    ):
        runner.measure(case, Policy(warm_up=False))
        commands += sum(len(contender.commands) for contender in case.contenders)
    kinds = dict(sorted(specs.kinds.items()))
    print(f"smoke: {commands} commands succeeded on {len(specs.files)} generated specs and more ({kinds})")
    for reason in skipped:
        print(f"smoke: left out {reason}")
    return 0


def _write(path: str, content: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(content, encoding="utf-8")


def _unwind(signum: int, frame: FrameType | None) -> None:
    """On SIGTERM, unwind: the measured process is stopped and the temporary folder removed."""
    sys.exit(128 + signum)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="run every command once on small corpora, untimed")
    mode.add_argument("--profile", action="store_true", help="profile `validate` and its imports")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="also write the README's Performance tables")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(SIZES),
        metavar="N",
        help="numbers of clean specs to validate; no other corpus is larger than the largest",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _unwind)
    with tempfile.TemporaryDirectory(prefix="outsource-briefs-bench-") as temporary:
        root = Path(args.workdir) if args.workdir else Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        try:
            tested = under_test.package_of(args.ref or under_test.WORKING_TREE, root, args.hide_module)
            runner = Runner(tested.environment)
            if args.smoke:
                return smoke(root, runner, args.hide_module)
            if args.profile:
                profile(root, runner, find_ours(), PROFILED_FILES)
                return 0
            return benchmark(args, root, runner, tested)
        except BenchmarkError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
