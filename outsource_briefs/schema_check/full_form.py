"""Whether data is already in its full form: nothing in it that the walk of
:class:`~outsource_briefs.schema_check.natural.Normaliser` would rewrite.

Most specs are written in full, and the walk visits every value in Python to find that out.
jsonschema-rs answers the same question in one pass over the data from a *shape* of the
schema: the types on the way to each natural form, with the form's full branch in its place
and nothing else. Data the shape accepts holds no natural form the walk would take; anything
else (a natural form, or data with problems) is walked as before.

The shape is built only where validation and the walk reach the same values with the same
schemas: every ``anyOf`` on the way to a natural form has branches with a declared, distinct
type (the walk picks a branch by type alone), and nothing on the way uses a keyword the walk
does not follow in the same way (``$ref`` left in place, ``patternProperties``,
``prefixItems``). For any other schema there is no shape, and every document is walked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .engines import rust_module
from .schema_paths import NATURAL_KEYWORD

#: The types a natural form's full branch must not accept: the types of the values the walk
#: rewrites (a list written as one value, a number written as text, a mapping as one string).
_REWRITTEN = {
    "list": frozenset({"string", "number", "integer", "boolean", "object"}),
    "text": frozenset({"number", "integer"}),
    "string": frozenset({"string"}),
}
_ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
#: How deep the walk looks into nested ``anyOf`` branches for a type.
MAX_FIT_DEPTH = 8
#: Keywords whose meaning for the walk differs from validation's.
_NOT_FOLLOWED = ("$ref", "patternProperties", "prefixItems")


class _NoShapeError(Exception):
    """The schema holds something the shape cannot mirror."""


def full_form_check(
    schema: dict[str, Any], has_natural: Callable[[Any], bool]
) -> Callable[[Any], bool] | None:
    """A check that says ``True`` only for data the natural-form walk would leave unchanged;
    ``None`` when the schema has no shape or jsonschema-rs is not installed. Call it only
    while jsonschema-rs is the engine (:func:`~outsource_briefs.schema_check.engines.uses_jsonschema_rs`).

    :param has_natural: whether a natural form is marked in a subschema or below it.
    """
    rust = rust_module()
    if rust is None:
        return None
    try:
        validator = rust.Draft202012Validator(_Shaper(has_natural).shape(schema), validate_formats=False)
    except (_NoShapeError, ValueError, rust.ReferencingError):
        return None

    def in_full_form(data: Any) -> bool:
        try:
            return bool(validator.is_valid(data))
        except ValueError:  # data that is not JSON (a key that is not text): walked instead
            return False

    return in_full_form


class _Shaper:
    def __init__(self, has_natural: Callable[[Any], bool]) -> None:
        self.has_natural = has_natural

    def shape(self, node: Any) -> dict[str, Any]:
        """The shape of ``node``: ``{}`` (anything) where no natural form lies below."""
        if not self.has_natural(node):
            return {}
        if not isinstance(node, dict) or any(keyword in node for keyword in _NOT_FOLLOWED):
            raise _NoShapeError
        if _naturals_on_one_value(node) > 1:
            raise _NoShapeError  # the walk takes the first of them only
        shape: dict[str, Any] = {"type": node["type"]} if "type" in node else {}
        members = _list(node, "allOf")
        parts = [self.shape(member) for member in members]
        if NATURAL_KEYWORD in node:
            parts.append(self._typed(_full_branch(node)))
        elif any(self.has_natural(branch) for branch in _list(node, "anyOf")):
            shape["anyOf"] = self._branches(_list(node, "anyOf"))
        if parts:
            shape["allOf"] = parts
        properties = node.get("properties", {})
        if not isinstance(properties, dict):
            raise _NoShapeError
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and self.has_natural(extra):
            # Every named property stays named, so that none is checked as an extra one.
            shape["properties"] = {name: self.shape(sub) for name, sub in properties.items()}
            shape["additionalProperties"] = self.shape(extra)
        else:
            shape["properties"] = {
                name: self.shape(sub) for name, sub in properties.items() if self.has_natural(sub)
            }
        items = node.get("items")
        if isinstance(items, dict) and self.has_natural(items):
            shape["items"] = self.shape(items)
        return shape

    def _branches(self, branches: list[Any]) -> list[dict[str, Any]]:
        """An ``anyOf`` that is not a natural form, with one below it. The walk takes the first
        branch whose type fits the value; each branch of the shape keeps only the types for
        which it is that first branch, so that validation passes through the same one."""
        claimed: set[str] = set()
        shaped = []
        for branch in branches:
            types = _fitting_types(branch) - claimed
            if "integer" in types:
                raise _NoShapeError  # 2.0 is an integer to validation, not to the walk
            claimed |= types
            if types:
                shaped.append({**self.shape(branch), "type": sorted(types)})
        return shaped

    def _typed(self, branch: dict[str, Any]) -> dict[str, Any]:
        """The shape of a natural form's full branch, with its type even when no natural form
        lies below it."""
        return {**self.shape(branch), "type": branch["type"]}


def _full_branch(node: dict[str, Any]) -> dict[str, Any]:
    """The full form of a natural form, checked to refuse every value the walk rewrites."""
    natural = node[NATURAL_KEYWORD]
    kind = "string" if isinstance(natural, dict) else natural
    rewritten = _REWRITTEN.get(kind) if isinstance(kind, str) else None
    branches = _list(node, "anyOf")
    full = branches[0] if branches else None
    if rewritten is None or not isinstance(full, dict) or "type" not in full:
        raise _NoShapeError
    if _types(full["type"]) & rewritten:
        raise _NoShapeError
    return full


def _naturals_on_one_value(node: dict[str, Any]) -> int:
    """How many natural forms apply to the value ``node`` describes (itself, its ``allOf``
    members and its full branch, through any depth of them)."""
    count, seen = 0, 0
    pending: list[Any] = [node]
    while pending and seen < 1_000:
        current = pending.pop()
        seen += 1
        if not isinstance(current, dict):
            continue
        if NATURAL_KEYWORD in current:
            count += 1
            pending.extend(_list(current, "anyOf")[:1])
        pending.extend(_list(current, "allOf"))
    if pending:
        raise _NoShapeError
    return count


def _fitting_types(branch: Any, depth: int = 0) -> set[str]:
    """The JSON types of the values the walk finds a branch fits: its declared type, else the
    types of its own ``anyOf`` branches (a natural list form fits any value but null), else any."""
    if not isinstance(branch, dict) or depth > MAX_FIT_DEPTH:
        return set(_ALL_TYPES)
    if "$ref" in branch:
        raise _NoShapeError  # the walk reads the branch with what the reference adds
    if branch.get(NATURAL_KEYWORD) == "list":
        return set(_ALL_TYPES - {"null"})
    if "type" in branch:
        return _types(branch["type"])
    inner = _list(branch, "anyOf")
    if not inner:
        return set(_ALL_TYPES)
    return set().union(*(_fitting_types(item, depth + 1) for item in inner))


def _list(node: dict[str, Any], keyword: str) -> list[Any]:
    value = node.get(keyword, [])
    if not isinstance(value, list):
        raise _NoShapeError
    return list(value)


def _types(declared: Any) -> set[str]:
    """The JSON types ``declared`` names."""
    names = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else None
    if names is None or not all(isinstance(name, str) for name in names):
        raise _NoShapeError
    return names
