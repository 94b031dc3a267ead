"""The checks the ``validate`` and ``check`` commands and the pre-commit hooks run: whole files
and folders, each file by what its name says it is, and spec versions against the archive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .archive import Archive
from .config import Config
from .errors import Location, Problem, sorted_problems
from .files import CHECKED_KINDS, FileKind, find_files, shown_path
from .repository import config_for, read_spec
from .reviews import check_review_file
from .schema_check import check_spec_data
from .validate import check_contractor_file, validate_spec
from .values import is_slug, parse_version
from .yaml_loader import load_yaml


def validate_file(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Load, resolve and validate one spec file; loading problems are returned, not raised.

    :raises ConfigError: when the repository's configuration is invalid.
    """
    spec, problems = read_spec(path, config=config)
    if spec is None:
        return sorted_problems(problems)
    return validate_spec(spec, lint=lint, today=today)


def validate_path(
    path: str | Path, *, config: Config | None = None, lint: bool = True, today: date | None = None
) -> list[Problem]:
    """Check one file by what its name says it is: a spec (``*.brief.yaml``), a review
    (``*.review.yaml``) or a roster entry (``*.contractor.yaml``).

    :param config: the repository's settings; found from the file's folder when not given.
    :raises ConfigError: when the repository's configuration is invalid.
    """
    config = config if config is not None else config_for(path)
    if FileKind.REVIEW.matches(path):
        return sorted_problems(check_review_file(path, config))
    if FileKind.CONTRACTOR.matches(path):
        return sorted_problems(check_contractor_file(path))
    return validate_file(path, config=config, lint=lint, today=today)


def validate_paths(
    paths: Iterable[str | Path], *, lint: bool = True, today: date | None = None
) -> tuple[list[Path], list[Problem]]:
    """Check every file that ``paths`` name (see :func:`checked_files`) by what its name says
    it is, each with the settings of its own repository.

    :returns: the files checked and every problem found.
    :raises ConfigError: when a repository's configuration is invalid.
    """
    files, problems = checked_files(paths)
    configs: dict[Path, Config] = {}  # one lookup per folder, not per file
    for path in files:
        if path.parent not in configs:
            configs[path.parent] = config_for(path)
        problems.extend(validate_path(path, config=configs[path.parent], lint=lint, today=today))
    return files, problems


def check_paths(
    paths: Iterable[str | Path], *, archive: str | Path | None = None
) -> tuple[list[Path], list[Problem]]:
    """:func:`check_versions` for every spec that ``paths`` name.

    :returns: the specs checked and every problem found.
    """
    files, problems = checked_files(paths, specs_only=True)
    for path in files:
        problems.extend(check_versions(path, archive=archive))
    return files, problems


def check_versions(path: str | Path, *, archive: str | Path | None = None) -> list[Problem]:
    """Load one spec file and check its version against the published ones (``V`` problems).

    :param archive: the archive folder; by default the one ``outsource-briefs.yaml`` names.
    :raises ConfigError: when the repository's configuration is invalid.
    """
    spec, problems = read_spec(path)
    if spec is None:
        return sorted_problems(problems)
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
    refused: list[Path] = []
    problems: list[Problem] = []
    for path in find_files(paths, kinds, refused=refused):
        if not FileKind.BASE.matches(path):
            targets[path] = None
            continue
        users = dependents(path)
        targets.update(dict.fromkeys(users))
        if not users:
            problems.extend(load_yaml(path).problems)
    problems.extend(map(_link_out_of_the_folder, refused))
    return list(targets), problems


def _link_out_of_the_folder(path: Path) -> Problem:
    return Problem.at(
        Location(shown_path(path), 1, 1),
        "Y001",
        "not read: the file is a link to a file outside the folder searched",
        hint="copy the file into the folder, or name it on the command line to check it",
    )


def dependents(base: str | Path) -> list[Path]:
    """Spec files below the base's repository root that extend ``base``."""
    wanted = Path(base).resolve()
    root = config_for(base).root
    found = []
    for path in find_files([root]):
        spec, _ = read_spec(path)
        if spec is not None and wanted in spec.bases:
            found.append(path)
    return found
