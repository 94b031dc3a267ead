"""The team half's files as the commands read them: the reviews and results files that paths
name, each read with the settings of its own repository, the published briefs they refer to,
and the roster."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .archive import Archive
from .config import Config
from .errors import Location, Problem
from .files import FileKind, find_files
from .money import ExchangeRates
from .repository import config_for, link_out_of_the_folder
from .results import Results, read_results
from .reviews import Review, history_problems, read_review
from .roster import roster_ids
from .validate import find_contractor


def read_reviews(paths: Iterable[str | Path]) -> tuple[list[Review], list[Problem]]:
    """Every review file named by ``paths`` (folders searched), read and checked, each with the
    settings of its own repository, and checked against each other (two reviews of one round,
    a missing round, overlapping periods).

    :raises ConfigError: when a repository's configuration is invalid.
    """
    reviews, problems = [], []
    refused: list[Path] = []
    for path in find_files(paths, (FileKind.REVIEW,), refused=refused):
        if FileKind.RESULTS.matches(path):
            continue  # named on the command line beside the reviews: read_results_files reads it
        review, found = read_review(path, config_for(path))
        problems.extend(found)
        if review is not None:
            reviews.append(review)
    problems.extend(map(link_out_of_the_folder, refused))
    across = history_problems(reviews, ExchangeRates())
    problems.extend(problem for found in across.values() for problem in found if problem.is_error)
    return reviews, problems


def read_results_files(paths: Iterable[str | Path]) -> tuple[list[Results], list[Problem]]:
    """Every results file (``*.results.yaml``) named by ``paths`` (folders searched), read and
    checked, each with the settings of its own repository.

    :raises ConfigError: when a repository's configuration is invalid.
    """
    found, problems = [], []
    refused: list[Path] = []
    for path in find_files(paths, (FileKind.RESULTS,), refused=refused):
        if not FileKind.RESULTS.matches(path):
            continue  # a review or another file named on the command line
        results, errors = read_results(path, config_for(path))
        problems.extend(errors)
        if results is not None:
            found.append(results)
    problems.extend(map(link_out_of_the_folder, refused))
    return found, problems


def newest_published(
    reviews: Iterable[Review], results: Iterable[Results]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Brief id -> its newest published version as ``(id@version, resolved spec)``, for every
    brief that ``reviews`` or ``results`` name, from the archive of each one's repository."""
    named = {review.brief_id: review.path for review in reviews}
    named.update((item.brief_id, item.path) for item in results)
    newest = {}
    for brief_id, path in sorted(named.items()):
        archive = Archive(config_for(path).archive_dir)
        version = archive.versions(brief_id)[-1]
        newest[brief_id] = (f"{brief_id}@{version}", archive.read_spec(brief_id, version))
    return newest


def published_briefs(config: Config) -> list[tuple[str, dict[str, Any]]]:
    """Every brief's newest published version in the repository's archive, as
    ``(id@version, resolved spec)``."""
    archive = Archive(config.archive_dir)
    newest = []
    for brief_id in archive.ids():
        version = archive.versions(brief_id)[-1]
        newest.append((f"{brief_id}@{version}", archive.read_spec(brief_id, version)))
    return newest


def read_roster(config: Config) -> dict[str, dict[str, Any]]:
    """Roster id -> entry, for every valid file in the repository's team folder (an invalid one
    is left out: ``validate`` reports it)."""
    roster = {}
    for person_id in roster_ids(config.team_dir):
        entry, _ = find_contractor(config.team_dir, person_id, Location(person_id, 1, 1))
        if entry is not None:
            roster[person_id] = entry
    return roster
