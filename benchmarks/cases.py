"""What is measured: the contenders (ours, the peer in two set-ups, two floors) and the cases
they take turns in, over the corpora of a workspace."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import environments
from corpora import Sizes, Workspace
from harness import BenchmarkError, Case, Command, Contender, arg_size

HERE = Path(__file__).resolve().parent
FLOOR_VALIDATE = str(HERE / "floor_validate.py")
FLOOR_VALIDATE_RS = str(HERE / "floor_validate_rs.py")
FLOOR_RENDER = str(HERE / "floor_render.py")
OURS_RENDER = str(HERE / "ours_render.py")

OURS, PEER, PEER_CLIB, FLOOR, FLOOR_RS = "ours", "peer", "peer+clib", "floor", "floor-rs"
#: Ours without the clarity lint, which neither floor does: no target reads it; it shows how
#: much of the distance to the floors is the lint.
OURS_NO_LINT = "ours --no-lint"
VIA_BASE, DIRECT = "via base", "direct"
RUST_MODULE = "jsonschema_rs"
TITLES = {
    OURS: "outsource-briefs",
    OURS_NO_LINT: "outsource-briefs validate --no-lint (every check but the clarity lint)",
    PEER: "check-jsonschema as pip installs it (ruamel.yaml in pure Python)",
    PEER_CLIB: "check-jsonschema with ruamel.yaml.clib",
    FLOOR: "libyaml + jsonschema (one cached validator)",
    FLOOR_RS: "libyaml + jsonschema-rs, with our format checks",
    VIA_BASE: "outsource-briefs validate BASE (finds its dependents)",
    DIRECT: "outsource-briefs validate SPEC... (the dependents named one by one)",
}

SIZES = (100, 1_000, 10_000)
REPEATS = {100: 9, 1_000: 5, 10_000: 3}
LONG_REPEATS = 5
SHORT_REPEATS = 15
MIXED_FILES = 1_000
DEPENDENTS = 2_000
UNRELATED = 500
ROSTER = 300
RENDER_FILES = 1_000
PER_PROCESS_RENDER_FILES = 10
#: The peer as pip installs it takes about a minute per run at 10,000 files, and no target
#: reads it there: it runs on clean sets up to this size.
PLAIN_PEER_MAX_FILES = 1_000
#: The clean set on which ours also runs without the lint (the size the targets read).
NO_LINT_FILES = 1_000
SMOKE_SIZES = Sizes(clean=(20,), mixed=20, dependents=20, unrelated=5, roster=10, render=20)
SMOKE_PER_PROCESS_RENDER_FILES = 2


def clean_case(size: int) -> str:
    return f"validate {size:,} clean specs"


def mixed_case(size: int) -> str:
    return f"validate {size:,} mixed specs"


def dependents_case(dependents: int) -> str:
    return f"validate a base file with {dependents:,} dependents"


def roster_case(size: int) -> str:
    return f"one-file validate, roster of {size:,} vs 1"


def roster_contender(size: int) -> str:
    return f"roster of {size:,}"


def render_case(size: int) -> str:
    return f"render {size:,} briefs"


COLD_START = "cold start, 1 file"
START_UP = "start-up: --version"


def full_sizes(clean: tuple[int, ...]) -> Sizes:
    """The corpora of a full run: none larger than the largest clean set asked for."""
    largest = max(clean)
    return Sizes(
        clean=clean,
        mixed=min(MIXED_FILES, largest),
        dependents=min(DEPENDENTS, largest),
        unrelated=min(UNRELATED, largest),
        roster=ROSTER,
        render=min(RENDER_FILES, largest),
    )


@dataclass(frozen=True)
class Programs:
    """The programs the contenders run; ``peers`` holds the peer set-ups that are available."""

    python: str
    ours: str
    peers: Mapping[str, environments.PeerEnvironment]
    floor_rs: bool


def find_ours() -> str:
    """The ``outsource-briefs`` console script itself, not a shim (a pyenv shim adds a shell
    start-up to every run)."""
    local = Path(sysconfig.get_path("scripts")) / "outsource-briefs"
    found = str(local) if local.exists() else shutil.which("outsource-briefs")
    if not found:
        raise BenchmarkError("outsource-briefs is not installed: python -m pip install -e '.[test]'")
    return found


def find_programs(*, smoke: bool, hidden: Sequence[str] = ()) -> tuple[Programs, list[str]]:
    """Every contender's program, and what is left out. A full run needs them all; a smoke run
    does without what it cannot set up offline, and says so. The jsonschema-rs floor is left
    out when jsonschema-rs is among the ``hidden`` modules.

    :raises BenchmarkError: when a full run lacks one.
    """
    skipped: list[str] = []
    peers: dict[str, environments.PeerEnvironment] = {}
    for setup in environments.PEER_SETUPS:
        try:
            peers[setup.name] = environments.peer_environment(setup, quick=smoke)
        except BenchmarkError as error:
            if not smoke:
                raise
            skipped.append(f"{setup.name} ({error})")
    floor_rs = RUST_MODULE not in hidden and importlib.util.find_spec(RUST_MODULE) is not None
    if RUST_MODULE in hidden:
        skipped.append(f"{FLOOR_RS} (jsonschema-rs is hidden)")
    elif not floor_rs:
        raise BenchmarkError("jsonschema-rs is not installed: python -m pip install -e '.[test]'")
    return Programs(sys.executable, find_ours(), peers, floor_rs), skipped


def plan(
    space: Workspace,
    sizes: Sizes,
    programs: Programs,
    environment: Mapping[str, str],
    *,
    repeat: int | None = None,
    per_process: int = PER_PROCESS_RENDER_FILES,
) -> list[Case]:
    """Every case of a run over ``space``, each repeated ``repeat`` times (default: per case)."""
    cases = [
        _clean_validation(space, size, programs, environment, repeat or REPEATS.get(size, 3))
        for size in sizes.clean
    ]
    cases += [
        _mixed_validation(space, programs, repeat or LONG_REPEATS),
        _dependents_validation(space, programs, repeat or LONG_REPEATS),
        _roster_validation(space, sizes.roster, programs, repeat or SHORT_REPEATS),
        *_start_up(space, programs, repeat or SHORT_REPEATS),
        *_rendering(space, sizes.render, programs, repeat or LONG_REPEATS, per_process),
    ]
    return cases


def _validators(
    programs: Programs,
    schema: Path,
    where: str,
    files: list[str],
    *,
    exit_codes: frozenset[int] = frozenset({0}),
    plain_peer: bool = True,
) -> tuple[Contender, ...]:
    """Every validator of the specs ``files``: ours and the floors are given ``where`` (the
    folder holding them, or the one file), the peer is given the files."""
    contenders = [Contender(OURS, ((programs.ours, "validate", where),), exit_codes)]
    for name, peer in programs.peers.items():
        if plain_peer or name != PEER:
            command = (peer.program, "--schemafile", str(schema), *files)
            contenders.append(Contender(name, (command,), exit_codes))
    floors = (
        {FLOOR: FLOOR_VALIDATE, FLOOR_RS: FLOOR_VALIDATE_RS} if programs.floor_rs else {FLOOR: FLOOR_VALIDATE}
    )
    for name, script in floors.items():
        contenders.append(Contender(name, ((programs.python, script, str(schema), where),), exit_codes))
    return tuple(contenders)


_VALIDATOR_RATIOS = ((PEER, OURS), (PEER_CLIB, OURS), (OURS, FLOOR), (OURS, FLOOR_RS), (FLOOR_RS, FLOOR))


def _clean_validation(
    space: Workspace, size: int, programs: Programs, environment: Mapping[str, str], repeat: int
) -> Case:
    specs = space.clean[size]
    contenders = _validators(
        programs, space.schema, ".", specs.files, plain_peer=size <= PLAIN_PEER_MAX_FILES
    )
    longest = max((c.commands[0] for c in contenders if c.name != OURS), key=len, default=())
    needed, limit = arg_size(longest, environment), os.sysconf("SC_ARG_MAX")
    if needed > limit:
        raise BenchmarkError(f"check-jsonschema's command line for {size:,} files needs {needed:,} bytes")
    left_out = (
        "" if size <= PLAIN_PEER_MAX_FILES else f"; {PEER} left out above {PLAIN_PEER_MAX_FILES:,} files"
    )
    comparisons = _VALIDATOR_RATIOS
    if size == NO_LINT_FILES:
        contenders += (Contender(OURS_NO_LINT, ((programs.ours, "validate", "--no-lint", "."),)),)
        comparisons += ((OURS_NO_LINT, FLOOR), (OURS_NO_LINT, FLOOR_RS), (OURS, OURS_NO_LINT))
    return Case(
        name=clean_case(size),
        files=size,
        cwd=specs.folder,
        contenders=contenders,
        repeat=repeat,
        comparisons=comparisons,
        note=f"peer: one process, {size:,} file arguments, {needed:,} of {limit:,} bytes of ARG_MAX"
        + left_out,
    )


def _mixed_validation(space: Workspace, programs: Programs, repeat: int) -> Case:
    specs = space.mixed.specs
    found = ", ".join(f"{count} {flaw}" for flaw, count in space.mixed.flaws.items())
    return Case(
        name=mixed_case(len(specs.files)),
        files=len(specs.files),
        cwd=specs.folder,
        contenders=_validators(programs, space.schema, ".", specs.files, exit_codes=frozenset({1})),
        repeat=repeat,
        comparisons=_VALIDATOR_RATIOS,
        note=f"{sum(space.mixed.flaws.values()):,} of {len(specs.files):,} specs have a problem ({found}); "
        "every contender reports them and exits 1",
    )


def _dependents_validation(space: Workspace, programs: Programs, repeat: int) -> Case:
    repository = space.dependents
    users = len(repository.dependents)
    return Case(
        name=dependents_case(users),
        files=users,
        cwd=repository.folder,
        contenders=(
            Contender(VIA_BASE, ((programs.ours, "validate", repository.base.name),)),
            Contender(DIRECT, ((programs.ours, "validate", *repository.dependents),)),
        ),
        repeat=repeat,
        comparisons=((VIA_BASE, DIRECT),),
        note=f"the repository also holds {repository.unrelated:,} specs that do not extend "
        f"{repository.base.name}",
    )


def _roster_validation(space: Workspace, size: int, programs: Programs, repeat: int) -> Case:
    large, one = space.rosters[size], space.rosters[1]

    def validate(repository_spec: Path) -> tuple[Command, ...]:
        return ((programs.ours, "validate", str(repository_spec)),)

    return Case(
        name=roster_case(size),
        files=1,
        cwd=space.root,
        contenders=(
            Contender(roster_contender(size), validate(large.spec)),
            Contender(roster_contender(1), validate(one.spec)),
        ),
        repeat=repeat,
        comparisons=((roster_contender(size), roster_contender(1)),),
        note="the same spec, naming one roster id, in repositories whose team/ folders differ in size",
    )


def _start_up(space: Workspace, programs: Programs, repeat: int) -> list[Case]:
    specs = space.clean[min(space.clean)]
    one = str(specs.folder / specs.files[0])
    version = [Contender(OURS, ((programs.ours, "--version"),))]
    version += [Contender(name, ((peer.program, "--version"),)) for name, peer in programs.peers.items()]
    version.append(Contender(FLOOR, ((programs.python, "-c", "pass"),)))
    return [
        Case(
            name=COLD_START,
            files=1,
            cwd=specs.folder,
            contenders=_validators(programs, space.schema, one, [one]),
            repeat=repeat,
            comparisons=((OURS, PEER), (OURS, PEER_CLIB), (OURS, FLOOR), (OURS, FLOOR_RS)),
            note=f"one spec: {Path(one).name}",
        ),
        Case(
            name=START_UP,
            files=0,
            cwd=specs.folder,
            contenders=tuple(version),
            repeat=repeat,
            comparisons=((OURS, PEER), (OURS, PEER_CLIB), (OURS, FLOOR)),
            note="floor: python -c pass (the interpreter alone)",
        ),
    ]


def _rendering(space: Workspace, size: int, programs: Programs, repeat: int, per_process: int) -> list[Case]:
    specs = space.clean[size]
    return [
        Case(
            name=render_case(size),
            files=size,
            cwd=specs.folder,
            contenders=(
                Contender(OURS, ((programs.python, OURS_RENDER, "."),)),
                Contender(FLOOR, ((programs.python, FLOOR_RENDER, str(space.schema), "."),)),
            ),
            repeat=repeat,
            comparisons=((OURS, FLOOR),),
            note="ours: one process, load_spec + render_brief per file; "
            "floor: CSafeLoader + cached validator + one compiled Jinja2 template",
        ),
        Case(
            name=f"render, a process per file ({per_process})",
            files=per_process,
            cwd=specs.folder,
            contenders=(
                Contender(OURS, tuple((programs.ours, "render", name) for name in specs.files[:per_process])),
            ),
            repeat=max(1, repeat // 2),
            note="for reference only: `outsource-briefs render FILE` once per file",
        ),
    ]
