"""The repository a file belongs to: its checked settings (``outsource-briefs.yaml``), and its
specs read with them (contractor ids looked up on its roster)."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from .config import Config, build_config, default_config, find_config, read_config
from .errors import ConfigError, Location, Problem, SpecError
from .files import shown_path
from .schema_check import normalise_document, normalise_spec_data
from .spec import Spec, resolve_spec
from .validate import check_config, check_default_folders, find_contractor
from .values import is_slug
from .yaml_loader import YamlDocument


def config_for(path: str | Path) -> Config:
    """The configuration that applies to the file or folder ``path``: the nearest
    ``outsource-briefs.yaml`` in its folder or above, else the defaults.

    :raises ConfigError: when the configuration file is invalid.
    """
    found = find_config(path)
    config = default_config(path) if found is None else load_config(found)
    problems = check_default_folders(config)
    if problems:
        raise ConfigError(f"{problems[0].file}: the repository's folders lead outside it", problems)
    return config


def load_config(path: Path) -> Config:
    """Read and check one configuration file.

    :raises ConfigError: with located problems when it is not valid.
    """
    status = path.stat()
    return _load_config(path.absolute(), status.st_mtime_ns, status.st_size)


@functools.cache
def _load_config(path: Path, mtime: int, size: int) -> Config:
    shown = shown_path(path)
    document = read_config(path, shown)
    if document.data is not None:
        data, source_map = normalise_document(document.data, "config.schema.json", document.source_map)
        document = dataclasses.replace(document, data=data, source_map=source_map)
    problems = check_config(document, path.parent)
    if problems or document.data is None:
        raise ConfigError(f"{shown}: invalid configuration", problems)
    return build_config(document.data, path)


def load_spec(path: str | Path, *, config: Config | None = None) -> Spec:
    """Read a spec file and resolve its ``extends`` and its contractor.

    The result is not yet validated: call :func:`validate_spec` for that.

    :param path: a ``*.brief.yaml`` file.
    :param config: repository settings; found from the spec's folder when not given.
    :raises SpecError: when the file or one of its bases cannot be read as a spec; its
        ``problems`` say where and why.
    :raises ConfigError: when the repository's configuration is invalid.

    >>> spec = load_spec("examples/cold-brew-guide.brief.yaml")
    >>> spec.kind
    'article'
    """
    spec, problems = read_spec(path, config=config)
    if spec is None:
        raise SpecError(f"{path}: cannot load the spec", problems)
    return spec


def read_spec(
    path: str | Path, *, config: Config | None = None, document: YamlDocument | None = None
) -> tuple[Spec | None, list[Problem]]:
    """Like :func:`load_spec`, but return the problems instead of raising.

    A contractor id that is not on the roster leaves the spec usable: it is one of the spec's
    own ``problems``, which :func:`validate_spec` reports.

    :param document: the file as already read, with its path as the display name (it is
        consumed); by default the file is read.
    """
    config = config if config is not None else config_for(path)
    spec, problems = resolve_spec(path, config, document=document)
    if spec is None:
        return None, problems
    spec = _in_full_form(spec)
    named = spec.data.get("contractor")
    if not is_slug(named):
        return spec, []  # inline, absent, or not an id at all: the schema says what is wrong
    where = spec.locate("/contractor") if "contractor" in spec.data else Location(spec.name, 1, 1)
    entry, problems = find_contractor(config.team_dir, str(named), where)
    return dataclasses.replace(spec, contractor=entry, problems=tuple(problems)), []


def _in_full_form(spec: Spec) -> Spec:
    """``spec`` with the values written in a natural form (``copy: "one line"``) in the full
    form everything after loading reads (``copy: ["one line"]``)."""
    data, source_map = normalise_spec_data(spec.data, spec.source_map, spec.config.schemas)
    if data is spec.data:
        return spec
    contractor = data.get("contractor")
    inline = contractor if isinstance(contractor, dict) else spec.contractor
    return dataclasses.replace(spec, data=data, source_map=source_map, contractor=inline)


def link_out_of_the_folder(path: Path) -> Problem:
    """Y001 for a file found in a folder that links to a file outside it, and so is not read."""
    return Problem.at(
        Location(shown_path(path), 1, 1),
        "Y001",
        "not read: the file is a link to a file outside the folder searched",
        hint="copy the file into the folder, or name it on the command line to check it",
    )
