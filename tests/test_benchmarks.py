"""The benchmark harness: its smoke run succeeds, and its arithmetic, targets, reports and
generated problems are right. Nothing here measures or asserts a time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from outsource_briefs import cli, validate_file

# The benchmark's modules import each other by name, as `python benchmarks/run.py` runs them.
sys.path.insert(0, str(REPO / "benchmarks"))

import cases
import corpora
import environments
import flaws
import harness
import reporting
import specgen
import targets
from harness import Case, CaseResult, Contender, Measurement, Run


@pytest.mark.parametrize(
    "options", [[], ["--hide-module", "jsonschema_rs"]], ids=["as-installed", "jsonschema-alone"]
)
def test_benchmark_smoke_run_succeeds(options: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", *options],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "commands succeeded" in done.stdout
    assert ("left out floor-rs (jsonschema-rs is hidden)" in done.stdout) == bool(options)


def _instructions(*options: str, python_path: Path | None = None) -> list[tuple[int, float]]:
    """Each count and ratio that benchmarks/instructions.py reports over four generated specs."""
    environment = {**os.environ, **({"PYTHONPATH": str(python_path)} if python_path else {})}
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "instructions.py"), "--files", "4", *options],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = re.findall(r"^  \S+ +([0-9,]+) +ratio to \S+: ([0-9.]+)", done.stdout, re.MULTILINE)
    return [(int(count.replace(",", "")), float(ratio)) for count, ratio in rows]


def test_instruction_counts_repeat_exactly_and_show_one_more_pass_over_every_file(tmp_path: Path) -> None:
    # Valgrind counts every instruction: the same code on the same specs counts alike, but for
    # the trace of the hash seed and of addresses, far below this margin.
    (first, _), (second, ratio) = _instructions("--ref", ".", "--ref", ".")
    assert abs(ratio - 1) < 0.002
    assert abs(second - first) < 0.002 * first
    slower = tmp_path / "slower"
    shutil.copytree(REPO / "outsource_briefs", slower / "outsource_briefs")
    loader = slower / "outsource_briefs" / "yaml_loader.py"
    hook = "    bad = _first_forbidden(text)\n"
    source = loader.read_text(encoding="utf-8")
    assert hook in source
    loader.write_text(source.replace(hook, hook + "    sum(map(ord, text * 100))\n"), encoding="utf-8")
    ((counted, _),) = _instructions("--ref", ".", python_path=slower)
    assert counted > 1.02 * first


def _measurement(*seconds: float, rss_kib: int = 30_000) -> Measurement:
    return Measurement("cmd", [Run(value, value / 2, rss_kib) for value in seconds])


def _result(name: str = "a case", **measurements: Measurement) -> CaseResult:
    contenders = tuple(Contender(contender, (("true",),)) for contender in measurements)
    case = Case(name, 10, Path(), contenders, repeat=3, comparisons=(("peer", "ours"),))
    return CaseResult(case, dict(measurements))


def test_medians_and_peak_memory_of_a_measurement() -> None:
    measurement = Measurement("cmd", [Run(3.0, 1.0, 1_000), Run(1.0, 0.5, 4_000), Run(2.0, 2.0, 2_000)])
    assert measurement.median == 2.0
    assert measurement.cpu_median == 1.0
    assert measurement.max_rss_mb == pytest.approx(4.096)


def test_ratio_is_the_median_of_each_rounds_ratio_and_none_for_a_missing_contender() -> None:
    result = _result(ours=_measurement(1.0, 2.0, 9.0), peer=_measurement(6.0, 5.0, 7.0))
    assert result.ratio("peer", "ours") == 2.5  # rounds: 6.0, 2.5, 0.78
    assert result.ratio("peer", "ours", cpu=True) == 2.5
    assert result.ratio("peer", "floor") is None


def test_a_slow_spell_of_the_host_that_slows_both_contenders_leaves_their_ratio_alone() -> None:
    # Ours is twice as fast; the host slows five-fold from round 3 on, just after ours ran.
    ours = _measurement(1.0, 1.0, 1.0, 5.0, 5.0)
    peer = _measurement(2.0, 2.0, 10.0, 10.0, 10.0)
    result = _result(ours=ours, peer=peer)
    assert result.ratio("peer", "ours") == 2.0
    assert peer.median / ours.median == 10.0, "a ratio of medians would say 10"


def test_contenders_take_turns_in_the_opposite_order_every_other_round(tmp_path: Path) -> None:
    log = tmp_path / "order"
    contenders = tuple(
        Contender(name, (("sh", "-c", f"echo {name} >> {log}"),)) for name in ("first", "second", "third")
    )
    case = Case("order", 0, tmp_path, contenders, repeat=3, comparisons=())
    harness.Runner(dict(os.environ)).measure(case, harness.Policy(warm_up=False))
    order = log.read_text(encoding="utf-8").split()
    assert order == ["first", "second", "third", "third", "second", "first", "first", "second", "third"]


def test_runs_in_a_series_add_up_and_keep_the_highest_memory() -> None:
    run = harness.combined([Run(1.0, 0.5, 100, 0.1), Run(2.0, 1.5, 300, 0.2)])
    assert run == Run(3.0, 2.0, 300, pytest.approx(0.3))


def test_a_run_is_disturbed_when_others_took_more_than_the_spare_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(harness.host, "SPARE_CORES", 1)
    assert not Run(1.0, 1.0, 0, foreign_cpu_s=1.05).disturbed
    assert Run(1.0, 1.0, 0, foreign_cpu_s=1.2).disturbed


def test_targets_pass_fail_or_are_not_measured() -> None:
    faster = targets.Target(
        "peer vs ours", "a case", targets.Ratio("peer", "ours", faster=True), 3, at_least=True
    )
    within = targets.Target("ours vs floor", "a case", targets.Ratio("ours", "floor"), 1.5)
    memory = targets.Target("memory", "a case", targets.PeakMemory("ours"), 60)
    elsewhere = targets.Target("elsewhere", "another case", targets.Ratio("ours", "floor"), 1.5)
    result = _result(ours=_measurement(1.0, rss_kib=50_000), peer=_measurement(2.5), floor=_measurement(0.8))
    outcomes = targets.evaluate((faster, within, memory, elsewhere), {"a case": result})
    assert [outcome.verdict for outcome in outcomes] == ["FAIL", "PASS", "PASS", "not measured"]
    assert [outcome.measured for outcome in outcomes] == ["2.50× faster", "1.25×", "51 MB", ""]
    assert [outcome.target.wanted for outcome in outcomes] == ["≥ 3× faster", "≤ 1.5×", "≤ 60 MB", "≤ 1.5×"]


def _planned_cases() -> list[Case]:
    """The cases of a full run with the default sizes, planned over files that need not exist."""
    sizes = cases.full_sizes(cases.SIZES)

    def generated(count: int) -> specgen.GeneratedSet:
        return specgen.GeneratedSet(Path("specs"), [f"s{n}.brief.yaml" for n in range(count)], {}, [], 0)

    space = corpora.Workspace(
        root=Path(),
        schema=Path("schema.json"),
        clean={size: generated(size) for size in {*sizes.clean, sizes.render}},
        mixed=corpora.MixedCorpus(generated(sizes.mixed), {}),
        dependents=corpora.DependentsRepository(
            Path(), Path("base.yaml"), [f"d{n}" for n in range(2_000)], 500
        ),
        rosters={size: corpora.RosterRepository(Path(), Path("spec.brief.yaml"), size) for size in (300, 1)},
    )
    peers = {
        setup.name: environments.PeerEnvironment(setup, Path(setup.name), {})
        for setup in environments.PEER_SETUPS
    }
    programs = cases.Programs("python", "outsource-briefs", peers, floor_rs=True)
    return cases.plan(space, sizes, programs, {})


def test_a_full_run_measures_every_target() -> None:
    planned = {case.name: {contender.name for contender in case.contenders} for case in _planned_cases()}
    for target in targets.TARGETS:
        assert target.case in planned, target.title
        metric = target.metric
        wanted = (
            {metric.numerator, metric.denominator}
            if isinstance(metric, targets.Ratio)
            else {metric.contender}
        )
        assert wanted <= planned[target.case], target.title


@pytest.mark.parametrize("script", ["run.py", "instructions.py", "lint_speed.py", "loading.py"])
def test_every_comparison_script_starts(script: str) -> None:
    """Each script imports what it needs from the others (a renamed helper breaks it)."""
    started = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (started.returncode, started.stderr) == (0, "")
    assert started.stdout.startswith("usage:")


def test_the_floors_do_without_the_format_checkers_the_program_does_without() -> None:
    blocked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, shared; print(sorted(n for n, m in sys.modules.items() if m is None))",
        ],
        cwd=REPO / "benchmarks",
        capture_output=True,
        text=True,
        check=True,
    )
    assert blocked.stdout.strip() == str(sorted(cli._UNUSED_FORMAT_CHECKERS))


def test_ours_without_the_lint_runs_beside_the_floors_on_the_target_size_only() -> None:
    by_name = {case.name: case for case in _planned_cases()}
    for size in cases.SIZES:
        case = by_name[cases.clean_case(size)]
        commands = {contender.name: contender.commands for contender in case.contenders}
        if size == cases.NO_LINT_FILES:
            assert commands[cases.OURS_NO_LINT] == (("outsource-briefs", "validate", "--no-lint", "."),)
            assert (cases.OURS_NO_LINT, cases.FLOOR_RS) in case.comparisons
        else:
            assert cases.OURS_NO_LINT not in commands
    assert cases.NO_LINT_FILES in cases.SIZES


def test_the_targets_are_the_rows_of_the_performance_issue() -> None:
    assert [target.wanted for target in targets.TARGETS] == [
        "≥ 3× faster",
        "≤ 1.5×",
        "≥ 2.5× faster",
        "≤ 1.2×",
        "≤ 1.05×",
        "≤ 0.4×",
        "≤ 1.2×",
        "≤ 60 MB",
    ]


def test_aligned_table_pads_text_left_and_numbers_right() -> None:
    table = reporting.aligned([("case", "median"), ("validate", "1.5 s"), ("x", "12 ms")])
    assert table.splitlines() == [
        "case      median",
        "----------------",
        "validate   1.5 s",
        "x          12 ms",
    ]


def test_markdown_table() -> None:
    assert reporting.markdown_table(("a", "b"), [("1", "2")]) == "| a | b |\n| --- | --- |\n| 1 | 2 |"
    assert reporting.markdown_table(("a", "b"), [("1", "")]).endswith("| 1 | — |")


def test_every_named_ratio_is_reported_with_its_cpu_ratio() -> None:
    result = _result(ours=_measurement(2.0), peer=_measurement(5.0))
    assert reporting.ratio_rows([result]) == [("a case", "peer / ours", "2.50×", "2.50×")]
    assert reporting.ratio_rows([_result(ours=_measurement(2.0))]) == []


def test_durations_are_shown_in_milliseconds_below_a_second() -> None:
    assert [reporting.seconds(value) for value in (0.0424, 1.5)] == ["42 ms", "1.50 s"]


def test_a_third_of_the_mixed_corpus_has_a_flaw_each_flaw_in_turn() -> None:
    chosen = [flaws.flaw_for(index) for index in range(30)]
    assert sum(flaw is not None for flaw in chosen) == 10
    assert [flaw for flaw in chosen if flaw][:5] == list(flaws.FLAWS)


@pytest.mark.parametrize(
    ("flaw", "codes"),
    [
        ("wrong type", {"S003"}),
        ("missing required key", {"S002"}),
        ("date-times without offsets", {"S004"}),
        ("unknown key", {"S001"}),
        ("lint smells", {"L001", "L002", "L004"}),
    ],
)
def test_each_flaw_is_a_problem_that_validate_reports(flaw: str, codes: set[str], tmp_path: Path) -> None:
    spec = flaws.spoil(specgen.SpecFactory().spec(0), flaw)
    path = tmp_path / spec.name
    path.write_text(spec.text, encoding="utf-8")
    assert {problem.code for problem in validate_file(path)} == codes
    assert f"Problem: {flaw}." in spec.text.splitlines()[0]


def test_generated_specs_of_every_kind_are_clean_briefs(tmp_path: Path) -> None:
    """Every generated spec has what the schemas require and what its kind recommends, so that
    `validate` has nothing to say about it, lint included."""
    generated = specgen.generate(tmp_path / "specs", 2 * len(specgen.kind_examples()))
    assert generated.extending
    for name in generated.files:
        assert validate_file(generated.folder / name) == [], name
