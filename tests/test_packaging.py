"""The templates and schemas ship inside the package: a built wheel works on its own."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from helpers import EXAMPLES, REPO


def test_wheel_contains_templates_schemas_and_types(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp_path, REPO],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("outsource_briefs-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "outsource_briefs/py.typed",
        "outsource_briefs/templates/base.md.j2",
        "outsource_briefs/templates/partials/macros.md.j2",
        "outsource_briefs/schemas/spec.schema.json",
        "outsource_briefs/schemas/config.schema.json",
        *(f"outsource_briefs/templates/kinds/{p.name}" for p in (REPO / "templates/kinds").iterdir()),
        *(f"outsource_briefs/schemas/kinds/{p.name}" for p in (REPO / "schemas/kinds").iterdir()),
    }
    assert expected <= names

    # A fresh environment that sees nothing installed elsewhere: the wheel must bring every
    # dependency it needs.
    environment = tmp_path / "venv"
    venv.create(environment, system_site_packages=False, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", wheel], check=True, capture_output=True)
    rendered = subprocess.run(
        [python, "-m", "outsource_briefs", "render", EXAMPLES / "cold-brew-guide.brief.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert "## Article details" in rendered.stdout
    page = subprocess.run(
        [python, "-m", "outsource_briefs", "render", "--to", "html", EXAMPLES / "cold-brew-guide.brief.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert page.returncode == 0, page.stderr
    assert '<input type="checkbox" disabled="disabled">' in page.stdout  # the task-list extension
    where = subprocess.run(
        [python, "-c", "import outsource_briefs.resources as r; print(r.templates_dir())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert str(environment) in where.stdout


def test_a_missing_dependency_is_named_without_a_traceback(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['rfc3986_validator'] = None; from outsource_briefs.cli import main; "
    run = subprocess.run(
        [sys.executable, "-c", hide + "raise SystemExit(main(['validate', 'cold-brew-guide.brief.yaml']))"],
        capture_output=True,
        text=True,
        cwd=EXAMPLES,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "needs the Python package rfc3986_validator" in run.stderr
