"""The checks the ``validate`` and ``check`` commands and the pre-commit hooks run: whole files
and folders, each file by what its name says it is, and spec versions against the archive."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import limits
from .config import Config
from .errors import Location, Problem, sorted_problems
from .files import CHECKED_KINDS, FileKind, find_files, shown_path
from .lint import comment_cuts
from .repository import config_for, link_out_of_the_folder, read_spec
from .schema_check import check_spec_data
from .spec import Spec, base_document, extends_targets, spec_root
from .validate import check_contractor_file, misread_numbers, validate_spec
from .values import is_slug, parse_version
from .yaml_loader import YamlDocument, load_yaml, parse_yaml

if TYPE_CHECKING:
    from .reviews import Review

# The archive and the team half (reviews, results) are imported where a version check or a
# review or results file needs them: a hook run over specs alone then never loads them.


def validate_file(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Load, resolve and validate one spec file; loading problems are returned, not raised.

    :raises ConfigError: when the repository's configuration is invalid.
    """
    return _validated(path, config, lint, today)[1]


def load_checked_specs(paths: Iterable[str | Path]) -> tuple[list[Spec], list[Problem], list[Path]]:
    """Every spec that ``paths`` name (folders searched), loaded and checked against its schema
    (no lint) and against the others (no two with one id): what ``render`` and ``publish``
    check before they write anything.

    :returns: the specs that could be loaded, the errors of all of them, and the files read.
    :raises ConfigError: when a repository's configuration is invalid.
    """
    files: list[Path] = []
    specs: list[Spec] = []
    problems: list[Problem] = []
    configs = _Configs()
    for named in _named_files(paths, (FileKind.SPEC,), problems):
        files.append(named.path)
        spec, found = _validated(named.path, configs.of(named.path), False, None, named.document)
        problems.extend(problem for problem in found if problem.is_error)
        specs.extend([spec] if spec is not None else [])
    return specs, problems + _duplicate_ids(map(_IdClaim.of, specs)), files


@dataclass(frozen=True)
class _IdClaim:
    """What the check for repeated ids keeps of a spec: not the whole spec, so that a run over
    thousands of specs holds one of them at a time."""

    root: Path
    id: str
    path: Path
    where: Location

    @classmethod
    def of(cls, spec: Spec) -> _IdClaim | None:
        if not is_slug(spec.id):
            return None
        return cls(spec.config.root, str(spec.id), spec.path, spec.locate("/id"))


def _duplicate_ids(claims: Iterable[_IdClaim | None]) -> list[Problem]:
    """V020 for every spec whose ``id`` another spec of the same repository also has: a copy of
    last month's brief, still under last month's id, would be published over its versions.

    :param claims: what :meth:`_IdClaim.of` keeps of the specs checked together, each once.
    """
    by_id: dict[tuple[Path, str], list[_IdClaim]] = {}
    for claim in claims:
        if claim is not None:
            by_id.setdefault((claim.root, claim.id), []).append(claim)
    problems = []
    for (_, spec_id), same in by_id.items():
        for claim in same if len(same) > 1 else ():
            others = _listing([shown_path(other.path) for other in same if other is not claim])
            problems.append(
                Problem.at(
                    claim.where,
                    "V020",
                    f"id '{spec_id}' is also the id of {others}",
                    pointer="/id",
                    hint="give each brief its own id: a copied brief needs a new one, such as "
                    f"{spec_id}-2; the archive keeps each id's versions apart",
                )
            )
    return problems


def _listing(paths: list[str], shown: int = 3) -> str:
    """The first ``shown`` paths, and how many more: a copy made many times stays one line."""
    if len(paths) <= shown:
        return ", ".join(paths)
    return f"{', '.join(paths[:shown])} and {len(paths) - shown:,} more"


def validate_path(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Check one file by what its name says it is: a spec (``*.brief.yaml``), a review
    (``*.review.yaml``), KPI results (``*.results.yaml``) or a roster entry (``*.contractor.yaml``).

    :param config: the repository's settings; found from the file's folder when not given.
    :raises ConfigError: when the repository's configuration is invalid.
    """
    config = config if config is not None else config_for(path)
    if FileKind.REVIEW.matches(path):
        from .reviews import check_review_file  # noqa: PLC0415 - see the note on the imports

        return sorted_problems(check_review_file(path, config) + file_warnings(path, config, lint=lint))
    if FileKind.RESULTS.matches(path):
        from .results import check_results_file  # noqa: PLC0415 - see the note on the imports

        return sorted_problems(check_results_file(path, config) + file_warnings(path, config, lint=lint))
    if FileKind.CONTRACTOR.matches(path):
        return sorted_problems(check_contractor_file(path) + file_warnings(path, config, lint=lint))
    return validate_file(path, config=config, lint=lint, today=today)


def file_warnings(path: str | Path, config: Config, *, lint: bool = True) -> list[Problem]:
    """The warnings about how a review, results or roster file was written: a value a ``#``
    cut short (L014, a lint rule: off with ``lint`` false or ``disable: [L014]``) and a number
    with a dot between thousands (Y020)."""
    document = load_yaml(path)
    if document.data is None:
        return []  # the file's own check reports why it cannot be read
    cuts = comment_cuts(document) if lint and "L014" not in config.lint.disable else []
    return cuts + misread_numbers(document.data, document.source_map)


def validate_paths(
    paths: Iterable[str | Path], *, lint: bool = True, today: date | None = None
) -> tuple[list[Path], list[Problem]]:
    """Check every file that ``paths`` name (see :func:`checked_files`) by what its name says
    it is, each with the settings of its own repository. Reviews are also checked against the
    other reviews in their folder: rounds, periods and payments over budget.

    :returns: the files checked and every problem found.
    :raises ConfigError: when a repository's configuration is invalid.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    configs = _Configs()
    reviews: dict[Path, dict[Path, Review]] = {}  # folder -> the valid reviews read in it
    claims: list[_IdClaim | None] = []
    for named in _named_files(paths, CHECKED_KINDS, problems):
        files.append(named.path)
        config = configs.of(named.path)
        if FileKind.REVIEW.matches(named.path):
            from .reviews import read_review  # noqa: PLC0415 - see the note on the imports

            review, found = read_review(named.path, config)
            problems.extend(sorted_problems(found + file_warnings(named.path, config, lint=lint)))
            if review is not None:
                reviews.setdefault(named.path.parent, {})[named.path] = review
        elif named.document is not None or FileKind.SPEC.matches(named.path):
            spec, found = _validated(named.path, config, lint, today, named.document)
            problems.extend(found)
            if spec is not None:
                claims.append(_IdClaim.of(spec))
        else:
            problems.extend(validate_path(named.path, config=config, lint=lint, today=today))
    for folder, checked in reviews.items():
        problems.extend(_history_problems(folder, checked, configs.of(next(iter(checked)))))
    return files, problems + _duplicate_ids(claims)


def _history_problems(folder: Path, checked: dict[Path, Review], config: Config) -> list[Problem]:
    """The problems across reviews (rounds, periods, budget) of the checked reviews of
    ``folder``, counting the folder's other reviews too."""
    from .money import ExchangeRates  # noqa: PLC0415 - see the note on the imports
    from .reviews import history_problems, read_review  # noqa: PLC0415 - the same

    others = sorted(path for suffix in FileKind.REVIEW.suffixes for path in folder.glob(f"*{suffix}"))
    everything = dict(checked)
    for path in others:
        if path not in everything:
            review, _ = read_review(path, config)  # its own problems are reported when it is checked
            if review is not None:
                everything[path] = review
    rates = ExchangeRates(config.report.currency, config.report.exchange_rates)
    found = history_problems(everything.values(), rates)
    return [problem for path, problems in found.items() if path in checked for problem in problems]


def check_paths(
    paths: Iterable[str | Path], *, archive: str | Path | None = None
) -> tuple[list[Path], list[Problem]]:
    """:func:`check_versions` for every spec that ``paths`` name.

    :returns: the specs checked and every problem found.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    specs: list[Spec] = []
    configs = _Configs()
    for named in _named_files(paths, (FileKind.SPEC,), problems):
        files.append(named.path)
        spec, found = read_spec(named.path, config=configs.of(named.path), document=named.document)
        if spec is None:
            problems.extend(sorted_problems(found))
        else:
            specs.append(spec)
    named_ids = Counter((spec.config.root, spec.id) for spec in specs)
    for spec in specs:
        if named_ids[(spec.config.root, spec.id)] == 1:  # of two copies, which owns the versions is unknown
            problems.extend(_versions_of(spec, archive))
    return files, problems + _duplicate_ids(map(_IdClaim.of, specs))


def check_versions(path: str | Path, *, archive: str | Path | None = None) -> list[Problem]:
    """Load one spec file and check its version against the published ones (``V`` problems).

    :param archive: the archive folder; by default the one ``outsource-briefs.yaml`` names.
    :raises ConfigError: when the repository's configuration is invalid.
    """
    spec, problems = read_spec(path)
    if spec is None:
        return sorted_problems(problems)
    return _versions_of(spec, archive)


def _versions_of(spec: Spec, archive: str | Path | None) -> list[Problem]:
    if is_slug(spec.id) and parse_version(spec.version) is not None:
        from .archive import Archive  # noqa: PLC0415 - see the note on the imports

        return sorted_problems(Archive(archive or spec.config.archive_dir).check(spec))
    # Versions are compared by id and version; when those are malformed, say where and why.
    problems = check_spec_data(spec.data, spec.source_map, spec.config.schemas)
    return sorted_problems([problem for problem in problems if problem.pointer in ("/id", "/version")])


def checked_files(
    paths: Iterable[str | Path], *, specs_only: bool = False
) -> tuple[list[Path], list[Problem]]:
    """The files that ``paths`` name: folders are searched for specs, reviews and roster files
    (only specs with ``specs_only``), files are taken as given, and a base file
    (``*.base.yaml``) stands for every spec below its repository root that extends it,
    directly or through other bases. A base that no spec uses is checked as YAML alone.

    :returns: the files (each once, in order) and the problems of unused base files.
    """
    problems: list[Problem] = []
    kinds = (FileKind.SPEC,) if specs_only else CHECKED_KINDS
    return [named.path for named in _named_files(paths, kinds, problems)], problems


def dependents(base: str | Path) -> list[Path]:
    """Spec files below the base's repository root that extend ``base``, directly or through
    other bases, shown relative to the current folder when they lie below it. Only specs whose
    bytes could name ``extends`` are parsed, and their bases followed on data alone, each base
    read once."""
    return [named.path for named in _Dependents(Path(base)).found()]


def _validated(
    path: str | Path,
    config: Config | None,
    lint: bool,
    today: date | None,
    document: YamlDocument | None = None,
) -> tuple[Spec | None, list[Problem]]:
    spec, problems = read_spec(path, config=config, document=document)
    if spec is None:
        return None, sorted_problems(problems)
    return spec, validate_spec(spec, lint=lint, today=today)


@dataclass(frozen=True)
class _Named:
    """A file that the paths name; a spec found through a base file comes as already read."""

    path: Path
    config: Config | None = None
    document: YamlDocument | None = None


class _Configs:
    """The settings of each folder's repository, looked up once per folder."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, Config] = {}

    def of(self, path: Path) -> Config:
        folder = path.parent
        if folder not in self._by_folder:
            self._by_folder[folder] = config_for(path)
        return self._by_folder[folder]


def _named_files(
    paths: Iterable[str | Path], kinds: tuple[FileKind, ...], problems: list[Problem]
) -> Iterator[_Named]:
    """The files ``paths`` name, each once (see :func:`checked_files`); the problems of unused
    base files go to ``problems``. Files come one at a time, so that a spec read while
    finding it is checked before the next is read."""
    seen: set[Path] = set()
    refused: list[Path] = []
    for path in find_files(paths, kinds, refused=refused):
        found = [_Named(path)] if not FileKind.BASE.matches(path) else _Dependents(path).found()
        used = False
        for named in found:
            used = True
            if named.path not in seen:
                seen.add(named.path)
                yield named
        if not used:
            problems.extend(load_yaml(path).problems)
    problems.extend(map(link_out_of_the_folder, refused))


class _Dependents:
    """The specs that extend one base file, found by reading only what is needed.

    A spec whose bytes hold neither ``extends`` nor a backslash (with which YAML could spell
    it) cannot extend anything and is not parsed. The others are parsed once, and their
    ``extends`` followed on data alone, through other base files (each read once), without
    resolving the specs; a spec that extends the base comes with what was read.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self.wanted = base.resolve()
        self.configs = _Configs()
        self.targets: dict[tuple[Path, Path], list[Path]] = {}

    def found(self) -> Iterator[_Named]:
        for found in find_files([config_for(self.base).root]):
            path = Path(shown_path(found))  # shown as every path the tool prints
            raw = _spec_bytes(path)
            if raw is None or (b"extends" not in raw and b"\\" not in raw):
                continue
            document = parse_yaml(raw, str(path))
            if document.data is None:
                continue  # it extends nothing as it is; validated alone, it says why
            config = self.configs.of(path)
            root = spec_root(path, config)
            if self._reaches_base(extends_targets(document.data, path, root), root):
                yield _Named(path, config, document)

    def _reaches_base(self, targets: list[Path], root: Path) -> bool:
        """Whether the chain of ``extends`` from ``targets`` reaches the base (a walk through
        each file once, so cycles and fan-out cost nothing)."""
        waiting, seen = list(targets), set()
        while waiting:
            target = waiting.pop()
            if target == self.wanted:
                return True
            if target not in seen:
                seen.add(target)
                waiting += self._targets_of(target, root)
        return False

    def _targets_of(self, base: Path, root: Path) -> list[Path]:
        key = (base, root)
        if key not in self.targets:
            data = base_document(base).data if base.is_file() else None
            self.targets[key] = extends_targets(data, base, root) if data is not None else []
        return self.targets[key]


def _spec_bytes(path: Path) -> bytes | None:
    """The bytes of a spec file, as the YAML reader would take them; ``None`` for anything it
    would refuse to read (not a regular file, or over the size limit)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > limits.MAX_FILE_BYTES:
            return None
        with open(path, "rb") as stream:
            return stream.read(limits.MAX_FILE_BYTES + 1)
    except OSError:
        return None
