"""The checks the ``validate`` and ``check`` commands and the pre-commit hooks run: whole files
and folders, each file by what its name says it is, and spec versions against the archive."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .archive import Archive
from .config import Config
from .errors import Problem, sorted_problems
from .files import CHECKED_KINDS, FileKind, find_files, kind_of, shown_path
from .lint import comment_cuts
from .money import ExchangeRates
from .repository import config_for, read_spec
from .results import check_results_file
from .reviews import Review, budget_warnings, check_review_file, read_review
from .schema_check import check_spec_data
from .spec import Spec
from .validate import check_contractor_file, misread_numbers, validate_spec
from .values import is_slug, parse_version
from .yaml_loader import load_yaml


def validate_file(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Load, resolve and validate one spec file; loading problems are returned, not raised.

    :raises ConfigError: when the repository's configuration is invalid.
    """
    return _validated(path, config=config, lint=lint, today=today)[1]


def _validated(
    path: str | Path, *, config: Config | None, lint: bool, today: date | None
) -> tuple[Spec | None, list[Problem]]:
    spec, problems = read_spec(path, config=config)
    if spec is None:
        return None, sorted_problems(problems)
    return spec, validate_spec(spec, lint=lint, today=today)


def load_checked_specs(paths: Iterable[str | Path]) -> tuple[list[Spec], list[Problem], list[Path]]:
    """Every spec that ``paths`` name (folders searched), loaded and checked against its schema
    (no lint) and against the others (no two with one id): what ``render`` and ``publish``
    check before they write anything.

    :returns: the specs that could be loaded, the errors of all of them, and the files read.
    :raises ConfigError: when a repository's configuration is invalid.
    """
    files = list(find_files(paths, (FileKind.SPEC,)))
    specs: list[Spec] = []
    problems: list[Problem] = []
    for path in files:
        spec, found = _validated(path, config=None, lint=False, today=None)
        problems.extend(problem for problem in found if problem.is_error)
        specs.extend([spec] if spec is not None else [])
    return specs, problems + duplicate_ids(specs), files


def duplicate_ids(specs: Iterable[Spec]) -> list[Problem]:
    """V020 for every spec whose ``id`` another spec of the same repository also has: a copy of
    last month's brief, still under last month's id, would be published over its versions.

    :param specs: the specs checked together, each once.
    """
    by_id: dict[tuple[Path, str], list[Spec]] = {}
    for spec in specs:
        if is_slug(spec.id):
            by_id.setdefault((spec.config.root, str(spec.id)), []).append(spec)
    problems = []
    for (_, spec_id), same in by_id.items():
        for spec in same if len(same) > 1 else ():
            others = ", ".join(shown_path(other.path) for other in same if other is not spec)
            problems.append(
                Problem.at(
                    spec.locate("/id"),
                    "V020",
                    f"id '{spec_id}' is also the id of {others}",
                    pointer="/id",
                    hint="give each brief its own id: a copied brief needs a new one, such as "
                    f"{spec_id}-2; the archive keeps each id's versions apart",
                )
            )
    return problems


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
        return sorted_problems(check_review_file(path, config) + file_warnings(path, config, lint=lint))
    if FileKind.RESULTS.matches(path):
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
    it is, each with the settings of its own repository. A review whose payment takes its brief
    version over budget, counting the other reviews in its folder, gets an R019 warning.

    :returns: the files checked and every problem found.
    :raises ConfigError: when a repository's configuration is invalid.
    """
    files, problems = checked_files(paths)
    configs: dict[Path, Config] = {}  # one lookup per folder, not per file
    reviews: dict[Path, dict[Path, Review]] = {}  # folder -> the valid reviews read in it
    specs: list[Spec] = []
    for path in files:
        if path.parent not in configs:
            configs[path.parent] = config_for(path)
        if FileKind.REVIEW.matches(path):
            review, found = read_review(path, configs[path.parent])
            problems.extend(sorted_problems(found + file_warnings(path, configs[path.parent], lint=lint)))
            if review is not None:
                reviews.setdefault(path.parent, {})[path] = review
        elif kind_of(path) in (FileKind.SPEC, None):
            spec, found = _validated(path, config=configs[path.parent], lint=lint, today=today)
            problems.extend(found)
            specs.extend([spec] if spec is not None else [])
        else:
            problems.extend(validate_path(path, config=configs[path.parent], lint=lint, today=today))
    for folder, checked in reviews.items():
        problems.extend(_budget_warnings(folder, checked, configs[folder]))
    return files, problems + duplicate_ids(specs)


def _budget_warnings(folder: Path, checked: dict[Path, Review], config: Config) -> list[Problem]:
    """R019 for the checked reviews of ``folder``, counting the folder's other reviews too."""
    others = sorted(path for suffix in FileKind.REVIEW.suffixes for path in folder.glob(f"*{suffix}"))
    everything = dict(checked)
    for path in others:
        if path not in everything:
            review, _ = read_review(path, config)  # its own problems are reported when it is checked
            if review is not None:
                everything[path] = review
    rates = ExchangeRates(config.report.currency, config.report.exchange_rates)
    warnings = budget_warnings(everything.values(), rates)
    return [warning for path, warning in warnings.items() if path in checked]


def check_paths(
    paths: Iterable[str | Path], *, archive: str | Path | None = None
) -> tuple[list[Path], list[Problem]]:
    """:func:`check_versions` for every spec that ``paths`` name.

    :returns: the specs checked and every problem found.
    """
    files, problems = checked_files(paths, specs_only=True)
    specs = []
    for path in files:
        spec, found = read_spec(path)
        if spec is None:
            problems.extend(sorted_problems(found))
        else:
            specs.append(spec)
    named = Counter((spec.config.root, spec.id) for spec in specs)
    for spec in specs:
        if named[(spec.config.root, spec.id)] == 1:  # of two copies, which owns the versions is unknown
            problems.extend(_versions_of(spec, archive))
    return files, problems + duplicate_ids(specs)


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
    kinds = (FileKind.SPEC,) if specs_only else CHECKED_KINDS
    targets: dict[Path, None] = {}
    problems: list[Problem] = []
    for path in find_files(paths, kinds):
        if not FileKind.BASE.matches(path):
            targets[path] = None
            continue
        users = dependents(path)
        targets.update(dict.fromkeys(users))
        if not users:
            problems.extend(load_yaml(path).problems)
    return list(targets), problems


def dependents(base: str | Path) -> list[Path]:
    """Spec files below the base's repository root that extend ``base``, shown relative to the
    current folder when they lie below it (as every path the tool prints)."""
    wanted = Path(base).resolve()
    root = config_for(base).root
    found = []
    for path in find_files([root]):
        shown = Path(shown_path(path))
        spec, _ = read_spec(shown)
        if spec is not None and wanted in spec.bases:
            found.append(shown)
    return found
