"""The jsonschema validator: Draft 2020-12 with our patterns and format checks. It is the engine
that says what is wrong; importing this module imports jsonschema."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from .formats import FORMATS, check_dependencies
from .patterns import matcher


@functools.cache
def format_checker() -> FormatChecker:
    """The format checks specs rely on (:data:`~.formats.FORMATS`), and no others.

    :raises ConfigError: when a package they need is not installed.
    """
    check_dependencies()
    checker = FormatChecker(())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not matcher(pattern)(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 2020-12 with patterns as :func:`~.patterns.matcher` reads them.
SchemaValidator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern}
)


def validator_for(schema: dict[str, Any]) -> Any:
    """A validator for ``schema`` with the format checks specs rely on."""
    return SchemaValidator(schema, format_checker=format_checker())


def schema_error(document: dict[str, Any]) -> tuple[str, str] | None:
    """What makes ``document`` an invalid Draft 2020-12 schema, as (message, JSON pointer);
    ``None`` when it is valid."""
    try:
        Draft202012Validator.check_schema(document)
    except jsonschema.SchemaError as error:
        return error.message, "".join(f"/{part}" for part in error.absolute_path)
    return None
