"""The checks the ``validate`` and ``check`` commands and the pre-commit hooks run: whole files
and folders, each file by what its name says it is, and spec versions against the archive."""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import limits
from .archive import Archive
from .config import Config
from .errors import Location, Problem, sorted_problems
from .files import CHECKED_KINDS, FileKind, find_files, shown_path
from .money import ExchangeRates
from .repository import config_for, read_spec
from .results import check_results_file
from .reviews import Review, check_review_file, history_problems, read_review
from .schema_check import check_spec_data
from .spec import base_document, extends_targets, spec_root
from .validate import check_contractor_file, validate_spec
from .values import is_slug, parse_version
from .yaml_loader import YamlDocument, load_yaml, parse_yaml


def validate_file(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Load, resolve and validate one spec file; loading problems are returned, not raised.

    :raises ConfigError: when the repository's configuration is invalid.
    """
    return _validate_spec_file(path, config, lint, today)


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
        return sorted_problems(check_review_file(path, config))
    if FileKind.RESULTS.matches(path):
        return sorted_problems(check_results_file(path, config))
    if FileKind.CONTRACTOR.matches(path):
        return sorted_problems(check_contractor_file(path))
    return validate_file(path, config=config, lint=lint, today=today)


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
    for named in _named_files(paths, CHECKED_KINDS, problems):
        files.append(named.path)
        config = configs.of(named.path)
        if FileKind.REVIEW.matches(named.path):
            review, found = read_review(named.path, config)
            problems.extend(sorted_problems(found))
            if review is not None:
                reviews.setdefault(named.path.parent, {})[named.path] = review
        elif named.document is None:
            problems.extend(validate_path(named.path, config=config, lint=lint, today=today))
        else:
            problems.extend(_validate_spec_file(named.path, config, lint, today, named.document))
    for folder, checked in reviews.items():
        problems.extend(_history_problems(folder, checked, configs.of(next(iter(checked)))))
    return files, problems


def _history_problems(folder: Path, checked: dict[Path, Review], config: Config) -> list[Problem]:
    """The problems across reviews (rounds, periods, budget) of the checked reviews of
    ``folder``, counting the folder's other reviews too."""
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
    configs = _Configs()
    for named in _named_files(paths, (FileKind.SPEC,), problems):
        files.append(named.path)
        problems.extend(_check_versions(named.path, archive, configs.of(named.path), named.document))
    return files, problems


def check_versions(path: str | Path, *, archive: str | Path | None = None) -> list[Problem]:
    """Load one spec file and check its version against the published ones (``V`` problems).

    :param archive: the archive folder; by default the one ``outsource-briefs.yaml`` names.
    :raises ConfigError: when the repository's configuration is invalid.
    """
    return _check_versions(path, archive, None, None)


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


def _link_out_of_the_folder(path: Path) -> Problem:
    return Problem.at(
        Location(shown_path(path), 1, 1),
        "Y001",
        "not read: the file is a link to a file outside the folder searched",
        hint="copy the file into the folder, or name it on the command line to check it",
    )


def dependents(base: str | Path) -> list[Path]:
    """Spec files below the base's repository root that extend ``base``, directly or through
    other bases. Only specs whose bytes could name ``extends`` are parsed, and their bases
    followed on data alone, each base read once."""
    return [named.path for named in _Dependents(Path(base)).found()]


def _validate_spec_file(
    path: str | Path,
    config: Config | None,
    lint: bool,
    today: date | None,
    document: YamlDocument | None = None,
) -> list[Problem]:
    spec, problems = read_spec(path, config=config, document=document)
    if spec is None:
        return sorted_problems(problems)
    return validate_spec(spec, lint=lint, today=today)


def _check_versions(
    path: str | Path, archive: str | Path | None, config: Config | None, document: YamlDocument | None
) -> list[Problem]:
    spec, problems = read_spec(path, config=config, document=document)
    if spec is None:
        return sorted_problems(problems)
    if is_slug(spec.id) and parse_version(spec.version) is not None:
        return sorted_problems(Archive(archive or spec.config.archive_dir).check(spec))
    # Versions are compared by id and version; when those are malformed, say where and why.
    problems = check_spec_data(spec.data, spec.source_map, spec.config.schemas)
    return sorted_problems([problem for problem in problems if problem.pointer in ("/id", "/version")])


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
    problems.extend(map(_link_out_of_the_folder, refused))


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
        for path in find_files([config_for(self.base).root]):
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
