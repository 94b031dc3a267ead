"""The benchmark harness still runs: every command it times succeeds (nothing about speed)."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_benchmark_smoke_run_succeeds() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "commands succeeded" in done.stdout
