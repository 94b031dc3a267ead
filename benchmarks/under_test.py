"""The package under test: the working tree as installed, or a commit laid out as installed
(``--ref``), and the commit it comes from."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import BenchmarkError, timed_environment

REPO = Path(__file__).resolve().parent.parent
#: The ref that names the working tree as installed, not a commit.
WORKING_TREE = "."


def git(*args: str) -> str | None:
    """The output of a git command in the repository; None when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def snapshot(ref: str, root: Path) -> tuple[Path, str]:
    """The package as committed at ``ref`` (``git archive``), laid out as installed: the
    ``templates/`` and ``schemas/`` folders become ``outsource_briefs.templates`` and
    ``outsource_briefs.schemas``, as setup.cfg maps them. Unlike the editable install, it
    does not change while the benchmark runs. Returns the folder and the full commit id."""
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if not commit:
        raise BenchmarkError(f"{ref!r} is not a commit of this repository")
    done = subprocess.run(
        ["git", "archive", "--format=tar", commit, "outsource_briefs", "templates", "schemas"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    target = root / f"snapshot-{commit[:12]}"
    target.mkdir()
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(target, filter="data")
    for folder in ("templates", "schemas"):
        (target / folder).rename(target / "outsource_briefs" / folder)
    return target, commit


def imported_package(environment: Mapping[str, str], cwd: Path, expected: Path | None) -> str:
    """Where the timed processes import ``outsource_briefs`` (and its templates) from.

    :raises BenchmarkError: when a snapshot is ``expected`` but something else gets imported.
    """
    code = (
        "import outsource_briefs.resources as r, outsource_briefs as o; "
        "print(o.__file__); print(r.templates_dir()); print(r.schemas_dir())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=dict(environment),
        capture_output=True,
        text=True,
        check=True,
    )
    places = done.stdout.split()
    if expected is not None and not all(Path(place).is_relative_to(expected) for place in places):
        raise BenchmarkError(f"the snapshot in {expected} is not what gets imported: {places}")
    return str(Path(places[0]).parent)


@dataclass(frozen=True)
class Tested:
    """How timed processes import the package under test: their environment, the folder
    ``outsource_briefs`` is imported from, and the commit of its snapshot (``None``: the
    working tree)."""

    environment: dict[str, str]
    package_path: str
    commit: str | None


def package_of(ref: str, root: Path, hidden: Sequence[str] = ()) -> Tested:
    """The package as ``ref`` has it: a commit's snapshot laid out in ``root``, or the working
    tree as installed (:data:`WORKING_TREE`), checked to be what gets imported; ``hidden``
    modules fail to import in the timed processes.

    :raises BenchmarkError: when ``ref`` is not a commit, or its snapshot is not imported.
    """
    package, commit = (None, None) if ref == WORKING_TREE else snapshot(ref, root)
    environment = timed_environment(root, hidden, package)
    return Tested(environment, imported_package(environment, root, package), commit)


def working_tree_state() -> tuple[str | None, str | None]:
    """The working tree's status and HEAD, to tell whether they change during a run."""
    return git("status", "--porcelain"), git("rev-parse", "HEAD")


def describe(tested: Tested, changed_during_run: bool) -> dict[str, Any]:
    """The package under test: where it was imported from and the commit it comes from."""
    return {
        "package_path": tested.package_path,
        "snapshot_commit": tested.commit or "",
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len((git("status", "--porcelain") or "").splitlines()),
        "repository_changed_during_run": changed_during_run,
    }
