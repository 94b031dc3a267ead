"""The one place that knows where the packaged templates and schemas live."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any


@functools.cache
def templates_dir() -> Path:
    """The packaged ``templates/`` folder."""
    return _package_dir("outsource_briefs.templates")


@functools.cache
def schemas_dir() -> Path:
    """The packaged ``schemas/`` folder."""
    return _package_dir("outsource_briefs.schemas")


@functools.cache
def packaged_schema(name: str) -> dict[str, Any]:
    """A packaged schema document by file name, such as ``spec.schema.json``."""
    with open(schemas_dir() / name, encoding="utf-8") as stream:
        document: dict[str, Any] = json.load(stream)
    return document


@functools.cache
def packaged_schema_names() -> tuple[str, ...]:
    """The name of every packaged schema, as :func:`packaged_schema` takes it
    (``spec.schema.json``, ``kinds/article.schema.json``, ...)."""
    folder = schemas_dir()
    return tuple(sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.schema.json")))


def _package_dir(package: str) -> Path:
    # Installed, wheel and editable layouts all give a real folder: the package ships as files.
    # Its import spec names that folder, without loading importlib.resources' readers (zipfile).
    spec = importlib.util.find_spec(package)
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        raise ModuleNotFoundError(f"{package} is not installed as a folder: reinstall outsource-briefs")
    return Path(folders[0])
