"""The JSON Schema validator: Draft 2020-12 with ECMA-262 ``$`` in patterns, the format checks
specs rely on, and references inlined for speed."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from .. import resources
from ..errors import ConfigError, split_pointer

try:
    from rfc3339_validator import validate_rfc3339
    from rfc3986_validator import validate_rfc3986
except ModuleNotFoundError as missing:
    # A broken installation: say so when a check needs them, not with a traceback on import.
    _MISSING_PACKAGE: str | None = missing.name
else:
    _MISSING_PACKAGE = None

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})


def is_email(value: object) -> bool:
    """Whether ``value`` looks like a deliverable address: one ``@``, a dotted domain, no spaces.

    Stricter than jsonschema's own check (any text with an ``@``), which lets ``ana@`` through.
    """
    if not isinstance(value, str):
        return True
    return _EMAIL.match(value) is not None


def is_time_zone(value: object) -> bool:
    """Whether ``value`` names an IANA time zone (non-strings pass: ``type`` checks them)."""
    if not isinstance(value, str):
        return True
    return value in time_zones()


@functools.cache
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows."""
    return frozenset(zoneinfo.available_timezones())


def is_date(value: object) -> bool:
    """Whether ``value`` is a calendar date written ``YYYY-MM-DD``."""
    if not isinstance(value, str):
        return True
    return _DATE.match(value) is not None and bool(date.fromisoformat(value))


def is_date_time(value: object) -> bool:
    """Whether ``value`` is an RFC 3339 date-time, with its UTC offset."""
    if not isinstance(value, str):
        return True
    return bool(validate_rfc3339(value.upper()))


def is_uri(value: object) -> bool:
    """Whether ``value`` is an absolute URI (RFC 3986), such as ``https://example.com/page``."""
    if not isinstance(value, str):
        return True
    return bool(validate_rfc3986(value, rule="URI"))


@functools.cache
def format_checker() -> FormatChecker:
    """The format checks specs rely on: our own, on our declared dependencies, since
    jsonschema's own set depends on which optional packages happen to be installed.

    :raises ConfigError: when a package they need is not installed.
    """
    if _MISSING_PACKAGE is not None:
        raise ConfigError(
            f"outsource-briefs needs the Python package {_MISSING_PACKAGE}, which is not installed; "
            "reinstall it with its dependencies: pip install --force-reinstall outsource-briefs"
        )
    checker = FormatChecker(())
    checker.checks("date", raises=ValueError)(is_date)
    checker.checks("date-time")(is_date_time)
    checker.checks("uri")(is_uri)
    checker.checks("email")(is_email)
    checker.checks("time-zone")(is_time_zone)
    return checker


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled for Python."""
    # JSON Schema patterns are ECMA-262 regexes, where "$" matches only at the very end; in
    # Python it also matches before a final newline, which would let "logo\n" pass as an id.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


#: Draft 2020-12 with ECMA-262 semantics for "$" in patterns.
SchemaValidator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _ecma_pattern}
)


def validator_for(schema: dict[str, Any]) -> Any:
    """A validator for ``schema`` with the format checks specs rely on."""
    return SchemaValidator(schema, format_checker=format_checker())


@functools.cache
def packaged_validator(name: str) -> Any:
    """The validator of a packaged schema such as ``review.schema.json``."""
    return validator_for(resources.packaged_schema(name))


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every local ``$ref`` replaced by what it points at.

    Validation then never stops to resolve a reference, which makes it markedly faster; the
    printed schema keeps its references for people to read. A recursive reference, or one whose
    neighbours would clash with its target's keywords, is left for the validator to follow.
    """

    def expand(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [expand(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        siblings = {key: expand(value, seen) for key, value in node.items() if key != "$ref"}
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            return {**siblings, "$ref": ref} if isinstance(ref, str) else siblings
        target = walk(schema, split_pointer(ref[1:]))
        if not isinstance(target, dict):
            return {**siblings, "$ref": ref}
        resolved = expand(target, seen | {ref})
        if (set(resolved) & set(siblings)) - _ANNOTATIONS:
            return {**siblings, "$ref": ref}
        return {**resolved, **siblings}

    inlined: dict[str, Any] = expand(schema, frozenset())
    return inlined


def follow_ref(root: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` followed (its own keywords win)."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#"):
        return schema
    target = walk(root, split_pointer(ref[1:]))
    return {**target, **schema} if isinstance(target, dict) else schema


def walk(root: Any, path: list[Any]) -> Any:
    """Follow a schema path through ``root``, looking through local ``$ref``s on the way;
    ``None`` when it leads nowhere."""
    node = root
    for part in path:
        if isinstance(node, dict) and part not in node:
            node = follow_ref(root, node)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
