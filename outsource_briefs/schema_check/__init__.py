"""The schema stage: check data against the JSON Schemas and report located, plain problems.

- ``validator``: the Draft 2020-12 validator and the format checks specs rely on;
- ``kinds``: the registry of packaged and user kinds, bundled into one schema per kind;
- ``messages``: jsonschema's errors turned into Problems.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..yaml_loader import SourceMap
from .kinds import (
    KindSchema,
    RecommendedSection,
    SchemaFolders,
    bundle_schema,
    kind_measures,
    known_kinds,
    recommended_sections,
    schema_hash,
    spec_validator,
)
from .messages import problems_of
from .validator import is_email, is_time_zone, packaged_validator

__all__ = [
    "KindSchema",
    "RecommendedSection",
    "SchemaFolders",
    "bundle_schema",
    "check_document",
    "check_spec_data",
    "is_email",
    "is_time_zone",
    "kind_measures",
    "known_kinds",
    "recommended_sections",
    "schema_hash",
]


def check_spec_data(
    data: dict[str, Any], source_map: SourceMap, folders: SchemaFolders = ()
) -> list[Problem]:
    """Validate resolved spec data against the schema of its kind.

    :param folders: the user schema folders (``schemas:`` in ``outsource-briefs.yaml``).
    :raises ConfigError: when a user schema is unusable.
    """
    return problems_of(spec_validator(folders, data.get("kind")), data, source_map)


def check_document(data: Any, schema_name: str, source_map: SourceMap) -> list[Problem]:
    """Validate ``data`` against a packaged schema such as ``config.schema.json``."""
    return problems_of(packaged_validator(schema_name), data, source_map)
