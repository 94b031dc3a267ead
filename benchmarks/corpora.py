"""The files the cases read, generated into a work folder: clean specs in several numbers, a
mixed corpus (a third of the specs with problems), a repository where many specs extend one
base file, and two repositories whose roster differs in size only."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import flaws
import specgen
import yaml
from harness import Runner

ROSTER_EXAMPLE = specgen.EXAMPLES / "team" / "mei-tanaka.contractor.yaml"


@dataclass(frozen=True)
class Sizes:
    """How many specs (or roster entries) each corpus holds."""

    clean: tuple[int, ...]
    mixed: int
    dependents: int
    #: Specs in the dependents' repository that do not extend their base file.
    unrelated: int
    roster: int
    render: int


@dataclass(frozen=True)
class MixedCorpus:
    """Generated specs of which some have a flaw, and how many have each flaw."""

    specs: specgen.GeneratedSet
    flaws: dict[str, int]


@dataclass(frozen=True)
class DependentsRepository:
    """A repository where the specs ``dependents`` extend the base file ``base``."""

    folder: Path
    base: Path
    dependents: list[str]
    unrelated: int


@dataclass(frozen=True)
class RosterRepository:
    """A repository with a roster of ``size`` and one spec that names one of them."""

    folder: Path
    spec: Path
    size: int


@dataclass(frozen=True)
class Workspace:
    """Everything generated for one benchmark run, and the bundled schema the peer and the
    floors read."""

    root: Path
    schema: Path
    clean: dict[int, specgen.GeneratedSet]
    mixed: MixedCorpus
    dependents: DependentsRepository
    rosters: dict[int, RosterRepository]


def prepare(root: Path, sizes: Sizes, runner: Runner, ours: str) -> Workspace:
    """Generate every corpus under ``root`` and write the bundled schema with ``ours``."""
    started = time.perf_counter()
    schema = root / "outsource-briefs.schema.json"
    runner.run([ours, "schema", "-o", str(schema)], root)
    workspace = Workspace(
        root=root,
        schema=schema,
        clean=clean_sets(root, sorted({*sizes.clean, sizes.render})),
        mixed=mixed_corpus(root / f"mixed-{sizes.mixed}", sizes.mixed),
        dependents=dependents_repository(root / "dependents", sizes.dependents, sizes.unrelated),
        rosters={size: roster_repository(root / f"roster-{size}", size) for size in (sizes.roster, 1)},
    )
    print(f"generated the corpora in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return workspace


def clean_sets(root: Path, sizes: list[int]) -> dict[int, specgen.GeneratedSet]:
    """Valid specs in each of ``sizes``: the largest set once, the smaller ones as its first files."""
    largest = max(sizes)
    sets = {largest: specgen.generate(root / f"clean-{largest}", largest)}
    for size in sizes:
        if size != largest:
            sets[size] = specgen.subset(sets[largest], root / f"clean-{size}", size)
    return sets


def mixed_corpus(folder: Path, count: int) -> MixedCorpus:
    """``count`` specs, the same as the clean ones except that every third has a flaw."""
    factory = specgen.SpecFactory()
    found: Counter[str] = Counter()

    def specs() -> Iterator[specgen.GeneratedSpec]:
        for index in range(count):
            spec = factory.spec(index)
            flaw = flaws.flaw_for(index)
            if flaw is not None:
                found[flaw] += 1
                spec = flaws.spoil(spec, flaw)
            yield spec

    generated = specgen.write_set(folder, specs())
    return MixedCorpus(generated, dict(found))


def dependents_repository(folder: Path, dependents: int, unrelated: int) -> DependentsRepository:
    """A repository of ``dependents`` specs that extend one base file, and ``unrelated`` specs
    that do not (half extend the other base, half none)."""
    base = specgen.BASE_NAMES[0]
    factory = specgen.SpecFactory(bases=_dependents_then_unrelated(dependents, base))
    specs = [factory.spec(index) for index in range(dependents + unrelated)]
    specgen.write_set(folder, specs)
    users = [spec.name for spec in specs if spec.sections.get("extends") == base]
    return DependentsRepository(folder, folder / base, users, unrelated)


def _dependents_then_unrelated(dependents: int, base: str) -> Callable[[int], str | None]:
    other = specgen.BASE_NAMES[1]

    def base_for(index: int) -> str | None:
        if index < dependents:
            return base
        return other if index % 2 else None

    return base_for


def roster_repository(folder: Path, size: int) -> RosterRepository:
    """A repository whose ``team/`` holds ``size`` roster entries, with one spec that names the
    first of them as its contractor."""
    team = folder / "team"
    team.mkdir(parents=True)
    (folder / "outsource-briefs.yaml").write_text("team: team\n", encoding="utf-8")
    example = yaml.safe_load(ROSTER_EXAMPLE.read_text(encoding="utf-8"))
    ids = [f"contractor-{number:03d}" for number in range(size)]
    for number, contractor_id in enumerate(ids):
        entry = {
            **example,
            "id": contractor_id,
            "name": f"Contractor {number:03d}",
            "email": f"{contractor_id}@studio.example",
        }
        (team / f"{contractor_id}.contractor.yaml").write_text(specgen.dump(entry), encoding="utf-8")
    spec = specgen.SpecFactory().spec(0).with_section("contractor", ids[0])
    path = folder / spec.name
    path.write_text(spec.text, encoding="utf-8")
    return RosterRepository(folder, path, size)
