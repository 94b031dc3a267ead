"""The schema stage: check data against the JSON Schemas and report located, plain problems.

- ``kinds``: the registry of packaged and user kinds, bundled into one schema per kind;
- ``engines``: each schema checked by jsonschema-rs, and by jsonschema where data has problems;
- ``validator``: the jsonschema validator (imported only when a message is needed);
- ``messages``: jsonschema's errors turned into Problems;
- ``formats``, ``patterns``: the format checks and the pattern matching both engines share;
- ``schema_paths``: finding one's way in a schema document;
- ``natural``: values written the way people write them, brought to their full form.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import resources
from ..errors import Problem
from ..yaml_loader import SourceMap
from .engines import ENGINE_VARIABLE, SchemaCheck, selected_engine
from .formats import is_email, is_time_zone
from .kinds import (
    DoneItem,
    KindSchema,
    RecommendedSection,
    SchemaFolders,
    bundle_schema,
    example_spec,
    kind_measures,
    known_kinds,
    recommended_sections,
    schema_hash,
    schema_version,
    spec_check,
    spec_normaliser,
)
from .natural import Normaliser
from .schema_paths import NATURAL_KEYWORD

__all__ = [
    "ENGINE_VARIABLE",
    "NATURAL_KEYWORD",
    "DoneItem",
    "KindSchema",
    "RecommendedSection",
    "SchemaFolders",
    "bundle_schema",
    "check_document",
    "check_spec_data",
    "example_spec",
    "is_email",
    "is_time_zone",
    "kind_measures",
    "known_kinds",
    "normalise_document",
    "normalise_spec_data",
    "recommended_sections",
    "schema_hash",
    "schema_version",
    "selected_engine",
]


def check_spec_data(
    data: dict[str, Any], source_map: SourceMap, folders: SchemaFolders = ()
) -> list[Problem]:
    """Validate resolved spec data against the schema of its kind.

    :param folders: the user schema folders (``schemas:`` in ``outsource-briefs.yaml``).
    :raises ConfigError: when a user schema is unusable.
    """
    return spec_check(folders, data.get("kind")).problems(data, source_map)


def check_document(data: Any, schema_name: str, source_map: SourceMap) -> list[Problem]:
    """Validate ``data`` against a packaged schema such as ``config.schema.json``."""
    return _packaged_check(schema_name).problems(data, source_map)


@functools.cache
def _packaged_check(name: str) -> SchemaCheck:
    return SchemaCheck(resources.packaged_schema(name))


def normalise_spec_data(
    data: dict[str, Any], source_map: SourceMap, folders: SchemaFolders = ()
) -> tuple[dict[str, Any], SourceMap]:
    """Resolved spec data with its natural forms (``copy: "one line"``, ``concepts: 2``,
    ``owner: Ana Ribeiro``) brought to their full form, and the source map moved along; see
    :mod:`outsource_briefs.schema_check.natural`.

    :raises ConfigError: when a user schema is unusable.
    """
    normalised, moved = spec_normaliser(folders, data.get("kind")).normalise(data, source_map)
    return normalised, moved


def normalise_document(data: Any, schema_name: str, source_map: SourceMap) -> tuple[Any, SourceMap]:
    """A document checked against a packaged schema (such as ``config.schema.json``), with its
    natural forms brought to their full form."""
    return _document_normaliser(schema_name).normalise(data, source_map)


@functools.cache
def _document_normaliser(schema_name: str) -> Normaliser:
    return Normaliser(resources.packaged_schema(schema_name))
