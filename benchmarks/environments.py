"""The peer's own environments: check-jsonschema as ``pip install check-jsonschema`` installs it
(ruamel.yaml in pure Python), and the same with ``ruamel.yaml.clib`` (ruamel.yaml on libyaml),
as a user who tunes it would have.

Each is a virtual environment of this interpreter, created once with pip and kept under
``benchmarks/out/envs/`` (which git ignores), so that the peer's speed does not depend on
what else this environment holds.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import host
from harness import BenchmarkError

CACHE = Path(__file__).resolve().parent / "out" / "envs"
PEER = "check-jsonschema"
#: The file, written last, that says an environment is complete and what it holds.
_READY = "requirements.txt"
#: Prints the versions of the peer's parts, and whether ruamel.yaml parses with libyaml.
_DESCRIBE = """\
import importlib.metadata as m, json, ruamel.yaml.main as r
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return None
names = ("check-jsonschema", "ruamel.yaml", "ruamel.yaml.clib", "jsonschema")
print(json.dumps({"versions": {n: version(n) for n in names}, "libyaml": r.CParser is not None}))
"""


@dataclass(frozen=True)
class PeerSetup:
    """A way to install the peer: the contender's name, and what is installed besides it."""

    name: str
    extras: tuple[str, ...]
    libyaml: bool


PEER_SETUPS = (
    PeerSetup("peer", (), libyaml=False),
    PeerSetup("peer+clib", ("ruamel.yaml.clib",), libyaml=True),
)


@dataclass(frozen=True)
class PeerEnvironment:
    """A ready environment of the peer."""

    setup: PeerSetup
    folder: Path
    description: dict[str, Any]

    @property
    def program(self) -> str:
        return str(self.folder / "bin" / PEER)


def requirements(setup: PeerSetup) -> list[str]:
    """What pip installs for ``setup``: the peer at the version this environment has, and the
    extras."""
    version = host.installed_version(PEER)
    if version is None:
        raise BenchmarkError(f"{PEER} is not installed here: python -m pip install -e '.[test]'")
    return [f"{PEER}=={version}", *setup.extras]


def peer_environment(setup: PeerSetup, *, quick: bool) -> PeerEnvironment:
    """The environment of ``setup``, created when it is missing or holds something else.

    :param quick: give up at once when the package index cannot be reached.
    :raises BenchmarkError: when it cannot be created, or ruamel.yaml does not parse as promised.
    """
    wanted = requirements(setup)
    tag = "-".join(part.replace("==", "-") for part in wanted)
    folder = CACHE / f"py{sys.version_info.major}.{sys.version_info.minor}-{tag}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another benchmark may be creating the same one
        if _installed(folder) != wanted:
            _create(folder, wanted, quick=quick)
    description = _describe(folder)
    if description["libyaml"] != setup.libyaml:
        raise BenchmarkError(f"ruamel.yaml in {folder} does not parse as {setup.name} needs: {description}")
    return PeerEnvironment(setup, folder, description)


def _installed(folder: Path) -> list[str] | None:
    ready = folder / _READY
    return ready.read_text(encoding="utf-8").split() if ready.is_file() else None


def _create(folder: Path, wanted: list[str], *, quick: bool) -> None:
    print(f"creating {folder.name} ...", file=sys.stderr, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    python = folder / "bin" / "python"
    impatient = ["--retries", "0", "--timeout", "10"] if quick else []
    steps = (
        [sys.executable, "-m", "venv", "--without-pip", str(folder)],
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", *impatient, *wanted],
    )
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise BenchmarkError(f"could not create {folder.name}: {done.stderr.strip()[-600:]}")
    (folder / _READY).write_text("\n".join(wanted) + "\n", encoding="utf-8")


def _describe(folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [str(folder / "bin" / "python"), "-c", _DESCRIBE], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchmarkError(f"{folder} is broken: {done.stderr.strip()[-600:]}")
    description: dict[str, Any] = json.loads(done.stdout)
    return description
