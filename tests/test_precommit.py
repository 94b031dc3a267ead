"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit (try-repo) in a fresh git repo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLES, MINIMAL_SPEC, REPO

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the whole module: pre-commit builds it once from this checkout."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "briefs"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "owner@example.com")
    git(repo, "config", "user.name", "Owner")
    (repo / "outsource-briefs.yaml").write_text("archive: archive\n")
    return repo


def try_repo(
    repo: Path, home: Path, hook: str, *files: str, verbose: bool = True
) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    arguments = ["--files", *files] if files else ["--all-files"]
    arguments = ["--verbose", *arguments] if verbose else arguments
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, *arguments],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_hooks_are_declared_for_python_and_need_no_args() -> None:
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert set(by_id) == {"validate-briefs", "check-brief-versions"}
    for hook in HOOKS:
        assert hook["language"] == "python"
        assert "args" not in hook
        assert re.search(hook["files"], "a/b.brief.yaml")
        assert re.search(hook["files"], "house.base.yml")
        assert not re.search(hook["files"], "notes.yaml")
    assert by_id["check-brief-versions"]["require_serial"] is True


def test_readme_shows_every_hook() -> None:
    readme = (REPO / "README.md").read_text()
    for hook in HOOKS:
        assert f"id: {hook['id']}" in readme


def test_valid_spec_passes(repo, pre_commit_home) -> None:
    shutil.copy(EXAMPLES / "cold-brew-guide.brief.yaml", repo)
    shutil.copytree(EXAMPLES / "team", repo / "team")  # the spec names its writer by roster id
    shutil.copy(EXAMPLES / "house-style.base.yaml", repo)
    result = try_repo(repo, pre_commit_home, "validate-briefs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"validate briefs\.+Passed", result.stdout)


def test_invalid_spec_fails_with_file_line_column_and_code(repo, pre_commit_home) -> None:
    (repo / "good.brief.yaml").write_text(MINIMAL_SPEC)
    (repo / "bad.brief.yaml").write_text(
        MINIMAL_SPEC.replace("2027-01-15T17:00:00+00:00", "2027-01-15T17:00:00")
    )
    result = try_repo(repo, pre_commit_home, "validate-briefs", "bad.brief.yaml", "good.brief.yaml")
    assert result.returncode == 1
    assert re.search(r"validate briefs\.+Failed", result.stdout)
    assert "bad.brief.yaml:16:8: S004 'due' must have a UTC offset (timeline.due)" in result.stdout


def test_version_check_hook(repo, pre_commit_home) -> None:
    spec = repo / "logo.brief.yaml"
    spec.write_text(MINIMAL_SPEC)
    subprocess.run(
        [sys.executable, "-m", "outsource_briefs", "publish", str(spec)],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    assert try_repo(repo, pre_commit_home, "check-brief-versions").returncode == 0
    spec.write_text(MINIMAL_SPEC.replace("amount: 300", "amount: 400"))
    result = try_repo(repo, pre_commit_home, "check-brief-versions", "logo.brief.yaml")
    assert result.returncode == 1
    assert "logo.brief.yaml:3:10: V001 the content changed since 1.0.0 was published" in result.stdout
    assert "bump to 2.0.0" in result.stdout


def test_changed_base_checks_the_specs_that_extend_it(repo, pre_commit_home) -> None:
    (repo / "house.base.yaml").write_text("communication:\n  chanel: Slack\n")
    (repo / "logo.brief.yaml").write_text(MINIMAL_SPEC + "extends: house.base.yaml\n")
    result = try_repo(repo, pre_commit_home, "validate-briefs", "house.base.yaml")
    assert result.returncode == 1
    assert "house.base.yaml:2:3: S001 unknown key 'chanel'" in result.stdout


def test_validate_hook_checks_reviews_and_roster_files(repo, pre_commit_home) -> None:
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert re.search(by_id["validate-briefs"]["files"], "reviews/logo-1.review.yaml")
    assert not re.search(by_id["check-brief-versions"]["files"], "reviews/logo-1.review.yaml")
    (repo / "team").mkdir()
    (repo / "team" / "mei.contractor.yaml").write_text("id: mei\nname: Mei\nemail: mei(at)example.com\n")
    (repo / "logo-1.review.yaml").write_text("brief: logo-refresh@9.9.9\n")
    result = try_repo(
        repo, pre_commit_home, "validate-briefs", "team/mei.contractor.yaml", "logo-1.review.yaml"
    )
    assert result.returncode == 1
    assert "team/mei.contractor.yaml:3:8: S005" in result.stdout
    assert "logo-1.review.yaml:1:1: S002" in result.stdout


def test_a_passing_hook_still_shows_its_warnings(repo, pre_commit_home) -> None:
    outcome = "outcome: A refreshed logo in SVG and PNG that works at 32 px and on a shop sign."
    (repo / "logo.brief.yaml").write_text(
        MINIMAL_SPEC.replace(outcome, "outcome: A modern logo for the sign.")
    )
    result = try_repo(repo, pre_commit_home, "validate-briefs", "logo.brief.yaml", verbose=False)
    assert result.returncode == 0, result.stdout
    assert re.search(r"validate briefs\.+Passed", result.stdout)
    assert (
        "logo.brief.yaml:5:12: L001 warning: 'modern' means different things to different people"
        in result.stdout
    )
