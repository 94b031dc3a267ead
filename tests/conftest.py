"""Fixtures: files written below a temporary folder, and the command line run in-process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs.cli import main


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file below tmp_path, dedenting its text; bytes are written as they are."""

    def _write(name: str, content: str | bytes = MINIMAL_SPEC) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line in-process; returns (exit code, stdout, stderr)."""

    def _run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return _run
