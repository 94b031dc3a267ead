"""Finding one's way in a schema document: its subschemas, paths through it, and local
references followed or inlined. Nothing here validates data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import join_pointer, split_pointer

#: The packaged core schema, which every kind extends.
SPEC_SCHEMA = "spec.schema.json"
#: The keyword that marks where a value may be written in a natural form (see ``natural``).
NATURAL_KEYWORD = "x-natural"
#: A text that starts with a dash and no space is a list written without the space YAML needs
#: ("-Between 1,800 and 2,200 words"): it is never taken as a list of one.
DASH_WITHOUT_SPACE = "^-\\S"

_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})
#: Where a schema keeps the definitions its references lead to.
_DEFINITIONS = frozenset({"$defs", "definitions"})
#: The keywords that refer to another place in a schema.
REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")
#: What inlining leaves as it is, and what may lead into the definitions: references other
#: than ``$ref``, and the anchors they lead to.
_LINKS_KEPT = ("$dynamicRef", "$recursiveRef", "$anchor", "$dynamicAnchor")
# Where Draft 2020-12 keywords hold subschemas: a mapping of them, a list, or one ("items"
# holds a list in earlier drafts).
_SCHEMA_MAPPINGS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_SCHEMA_VALUES = frozenset(
    {
        *("items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not"),
        *("unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"),
    }
)

_SCHEMA_KEYWORDS = _SCHEMA_MAPPINGS | _SCHEMA_LISTS | _SCHEMA_VALUES


def subschemas(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """``schema`` and every schema inside it, each with its JSON pointer, by the keywords that
    hold schemas (so a property named ``pattern`` is never taken for the keyword)."""
    stack: list[tuple[str, Any]] = [("", schema)]
    while stack:
        pointer, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield pointer, node
        for keyword, value in node.items():
            if keyword not in _SCHEMA_KEYWORDS:
                continue
            base = join_pointer(pointer, keyword)
            if keyword in _SCHEMA_VALUES:
                stack.append((base, value))
            if keyword in _SCHEMA_MAPPINGS and isinstance(value, dict):
                stack += [(join_pointer(base, name), item) for name, item in value.items()]
            elif keyword in _SCHEMA_LISTS and isinstance(value, list):
                stack += [(f"{base}/{index}", item) for index, item in enumerate(value)]


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every local ``$ref`` replaced by what it points at.

    Validation then never stops to resolve a reference, which makes it markedly faster; the
    printed schema keeps its references for people to read. A recursive reference, or one whose
    neighbours would clash with its target's keywords, is left for the validator to follow.
    The definitions at the top (``$defs``) are kept, as written, only while a reference is
    left: otherwise nothing reads them, and a validator need not build them.
    """

    left: list[str] = []  # what still leads elsewhere once expanded

    def expand(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [expand(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        left.extend(keyword for keyword in _LINKS_KEPT if keyword in node)
        ref = node.get("$ref")
        siblings = {key: expand(value, seen) for key, value in node.items() if key != "$ref"}
        if not isinstance(ref, str):
            return siblings
        target = walk(schema, split_pointer(ref[1:])) if ref.startswith("#") and ref not in seen else None
        resolved = expand(target, seen | {ref}) if isinstance(target, dict) else None
        if resolved is None or (set(resolved) & set(siblings)) - _ANNOTATIONS:
            left.append(ref)
            return {**siblings, "$ref": ref}
        return {**resolved, **siblings}

    body = {key: expand(value, frozenset()) for key, value in schema.items() if key not in _DEFINITIONS}
    if left:
        return {key: schema[key] if key in _DEFINITIONS else body[key] for key in schema}
    return body


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
