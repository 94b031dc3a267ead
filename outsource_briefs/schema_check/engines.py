"""Checking data against one schema with two engines: jsonschema-rs says whether the data is
valid, and jsonschema, imported only when it is not, says what is wrong. The problems are the
same either way: jsonschema-rs answers alone only where the tests show it agrees with
jsonschema; any other data or schema goes to jsonschema.

``OUTSOURCE_BRIEFS_VALIDATOR`` chooses: ``auto`` (the default: jsonschema-rs when it is
installed), ``jsonschema`` (jsonschema alone) or ``jsonschema-rs`` (an error when it is missing).
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

from ..errors import ConfigError, Problem
from ..yaml_loader import SourceMap
from .formats import FORMATS
from .patterns import divergent_characters
from .schema_paths import subschemas

ENGINE_VARIABLE = "OUTSOURCE_BRIEFS_VALIDATOR"
AUTO, JSONSCHEMA, JSONSCHEMA_RS = "auto", "jsonschema", "jsonschema-rs"
ENGINES = (AUTO, JSONSCHEMA, JSONSCHEMA_RS)

#: The keywords on which jsonschema-rs and jsonschema agree (the differential tests check them
#: both ways). A schema with any other keyword that affects validity is left to jsonschema:
#: for example ``multipleOf``, where jsonschema-rs accepts 0.3 as a multiple of 0.1.
AGREED_KEYWORDS = frozenset(
    {
        "$schema", "$ref", "$defs", "$comment", "type", "enum", "const", "properties",
        "required", "additionalProperties", "items", "prefixItems", "contains", "minContains",
        "maxContains", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
        "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minProperties", "maxProperties", "dependentRequired", "propertyNames", "allOf",
        "anyOf", "oneOf", "not", "if", "then", "else",
    }
)  # fmt: skip
#: Every other keyword of Draft 2020-12 (and earlier drafts) that can make data invalid: a
#: schema with one of them is checked by jsonschema alone.
DEFERRED_KEYWORDS = frozenset(
    {
        "multipleOf", "patternProperties", "dependentSchemas", "dependencies",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems", "$id", "$anchor",
        "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
        "definitions", "contentEncoding", "contentMediaType", "contentSchema",
    }
)  # fmt: skip
# A lone surrogate cannot reach Rust at all.
_ALWAYS_DIVERGENT = "\ud800-\udfff"


def selected_engine() -> str:
    """The engine that answers first: ``jsonschema-rs`` or ``jsonschema``, as
    ``OUTSOURCE_BRIEFS_VALIDATOR`` and what is installed say.

    :raises ConfigError: when the variable names no engine, or jsonschema-rs, which is missing.
    """
    wanted = os.environ.get(ENGINE_VARIABLE) or AUTO
    if wanted not in ENGINES:
        raise ConfigError(
            f"{ENGINE_VARIABLE}={wanted!r} names no validator; use one of {', '.join(ENGINES)} "
            "or leave it unset"
        )
    if wanted == JSONSCHEMA:
        return JSONSCHEMA
    if rust_module() is None:
        if wanted == JSONSCHEMA_RS:
            raise ConfigError(
                f"{ENGINE_VARIABLE}={wanted} but jsonschema-rs is not installed: "
                "pip install jsonschema-rs, or leave the variable unset"
            )
        return JSONSCHEMA
    return JSONSCHEMA_RS


def uses_jsonschema_rs() -> bool:
    """Whether ``OUTSOURCE_BRIEFS_VALIDATOR`` lets jsonschema-rs answer: :func:`selected_engine`
    for a caller that leaves a wrong setting for validation to report."""
    try:
        return selected_engine() == JSONSCHEMA_RS
    except ConfigError:
        return False


@functools.cache
def rust_module() -> ModuleType | None:
    """The jsonschema-rs module, or ``None`` when it is not installed."""
    try:
        import jsonschema_rs  # noqa: PLC0415 - optional at run time: jsonschema alone still works
    except ImportError:
        return None
    return jsonschema_rs


class SchemaCheck:
    """One schema, ready to check data: fast where the data is valid, in plain words where not.

    Each engine's validator is built on first use.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def problems(self, data: Any, source_map: SourceMap) -> list[Problem]:
        """Every problem in ``data``, located by ``source_map``; empty when it is valid.

        jsonschema-rs, where it may answer, says which top-level properties hold errors;
        jsonschema then reads only those (and the keywords of the top level itself), since the
        others hold no problem for it either.

        :raises ConfigError: when the engine setting is wrong, or a package that a format
            check needs is missing.
        """
        fast = self._fast if selected_engine() == JSONSCHEMA_RS else None
        flagged = fast.flagged_properties(data) if fast is not None else None
        if flagged is not None and not flagged:
            return []
        from .messages import problems_of  # noqa: PLC0415 - jsonschema loads only when a message is needed

        validator = self._jsonschema
        if flagged is not None and isinstance(data, dict):
            pruned = _without_properties(self.schema, set(data) - flagged)
            if pruned is not self.schema:
                validator = _jsonschema_validator(pruned)
        return problems_of(validator, data, source_map)

    @cached_property
    def _jsonschema(self) -> Any:
        return _jsonschema_validator(self.schema)

    @cached_property
    def _fast(self) -> _FastCheck | None:
        return _fast_check(self.schema)


def _jsonschema_validator(schema: dict[str, Any]) -> Any:
    from .validator import validator_for  # noqa: PLC0415 - jsonschema loads only when needed

    return validator_for(schema)


#: Where jsonschema-rs reports an error at the top level itself (a missing or unknown key).
_TOP_LEVEL = ""


@dataclass(frozen=True)
class _FastCheck:
    """jsonschema-rs's validator for a schema, and the text it must leave to jsonschema."""

    validator: Any
    #: Finds, in the JSON text of data, a character on which the engines may disagree...
    divergent: re.Pattern[str]
    #: ... or the JSON escape of one (control characters are written as escapes).
    escapes: tuple[str, ...]

    def flagged_properties(self, data: Any) -> set[str] | None:
        """The top-level properties under which ``data`` has errors (``""`` for the top level
        itself); empty when it is valid, ``None`` when jsonschema-rs may not answer for it."""
        text = json.dumps(data, ensure_ascii=False)
        if self.divergent.search(text) or any(escape in text for escape in self.escapes):
            return None
        return {
            str(error.instance_path[0]) if error.instance_path else _TOP_LEVEL
            for error in self.validator.iter_errors(data)
        }


def _without_properties(schema: dict[str, Any], valid: set[str]) -> dict[str, Any]:
    """``schema`` with the schemas of the top-level properties in ``valid`` accepting anything,
    in its own ``properties`` and in those of each schema of its ``allOf`` (where a kind adds
    its own): their values are known to be valid, and their names stay known."""
    pruned = schema
    properties = schema.get("properties")
    if isinstance(properties, dict) and valid & set(properties):
        kept = {name: ({} if name in valid else subschema) for name, subschema in properties.items()}
        pruned = {**pruned, "properties": kept}
    every = schema.get("allOf")
    if isinstance(every, list):
        branches = [
            _without_properties(branch, valid) if isinstance(branch, dict) else branch for branch in every
        ]
        if any(branch is not old for branch, old in zip(branches, every, strict=True)):
            pruned = {**pruned, "allOf": branches}
    return pruned


def _fast_check(schema: dict[str, Any]) -> _FastCheck | None:
    """jsonschema-rs's check of ``schema``; ``None`` when it might not agree with jsonschema."""
    rust = rust_module()
    facts = _SchemaFacts.of(schema)
    if rust is None or not facts.agreed:
        return None
    formats = dict.fromkeys(facts.formats, _any_value)
    formats.update(FORMATS)
    try:
        validator = rust.Draft202012Validator(
            schema,
            formats=formats,
            validate_formats=True,
            pattern_options=rust.RegexOptions(),
            retriever=_no_retrieval,
        )
    except (ValueError, rust.ReferencingError):
        return None  # a pattern jsonschema-rs cannot read: jsonschema checks this schema
    divergent = _ALWAYS_DIVERGENT + divergent_characters(facts.patterns)
    return _FastCheck(validator, re.compile(f"[{divergent}]"), _escapes(divergent))


def agreed(schema: Any) -> bool:
    """Whether every keyword of ``schema`` that affects validity is one the engines agree on,
    and every reference stays inside it."""
    return _SchemaFacts.of(schema).agreed


@dataclass(frozen=True)
class _SchemaFacts:
    """What the fast path needs to know about a schema, found in one walk through it."""

    agreed: bool
    formats: frozenset[str]
    patterns: tuple[str, ...]

    @classmethod
    def of(cls, schema: Any) -> _SchemaFacts:
        agreed, formats, patterns = True, set(), []
        for _, subschema in subschemas(schema):
            ref = subschema.get("$ref")
            if not DEFERRED_KEYWORDS.isdisjoint(subschema) or not (ref is None or _is_local(ref)):
                agreed = False
            if isinstance(subschema.get("format"), str):
                formats.add(subschema["format"])
            if isinstance(subschema.get("pattern"), str):
                patterns.append(subschema["pattern"])
        return cls(agreed, frozenset(formats), tuple(patterns))


def _is_local(ref: object) -> bool:
    return isinstance(ref, str) and ref.startswith("#")


def _any_value(value: object) -> bool:
    """The check of a format that jsonschema does not check here: every value passes."""
    return True


def _no_retrieval(uri: str) -> Any:
    raise ValueError(f"{uri} is outside the schema; nothing is retrieved")


def _escapes(characters: str) -> tuple[str, ...]:
    """How JSON text writes the control characters among ``characters`` (the inside of a regex
    class): ``\\n``, ``\\r``, or else the ``\\u00`` that starts every other such escape."""
    controls = [chr(code) for code in range(0x20) if re.fullmatch(f"[{characters}]", chr(code))]
    return tuple(sorted({json.dumps(char)[1:-1][:4] for char in controls}))
