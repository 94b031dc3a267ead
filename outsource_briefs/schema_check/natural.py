"""Natural forms: values written the way people write them, brought to the one full form that
templates, the archive and the team half read.

A schema marks a place that accepts a natural form with the keyword ``x-natural`` on an
``anyOf`` whose first branch is the full form:

- ``"list"``: one value where a list is asked for is a list of one (``copy: "Open daily"``);
- ``"text"``: a number where text is asked for is the text it was written as (``concepts: 2``);
- ``{"string": KEY}``: a mapping given as one string is that mapping's ``KEY``
  (``owner: Ana Ribeiro``); with ``"link": KEY2``, a web or mail address goes under ``KEY2``.

:meth:`Normaliser.normalise` applies them once, after loading and before anything else reads
the data, and moves the source map along, so every problem still points at what the person
wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..errors import join_pointer
from ..yaml_loader import SourceMap
from .engines import uses_jsonschema_rs
from .full_form import MAX_FIT_DEPTH, full_form_check
from .schema_paths import DASH_WITHOUT_SPACE, NATURAL_KEYWORD, follow_ref

_DASH_WITHOUT_SPACE = re.compile(DASH_WITHOUT_SPACE)
_LINK = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
# Schemas are small and not recursive; a hostile user schema that refers to itself is cut off.
_MAX_FACETS = 64


class Normaliser:
    """Brings data to the full form one schema describes; build it once per schema and keep
    it, since what it learns about the schema is kept for the next document.

    :param schema: a schema with its references inlined (as validation uses it).
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema
        # Most values sit under schemas with no natural form below them, and most schemas are
        # met again and again (every row, every key, every spec): both answers are remembered.
        self.natural_below: dict[int, bool] = {}
        self.expanded: dict[tuple[tuple[int, ...], type], _Facets] = {}
        self._documents = 0

    def normalise(self, data: Any, source_map: SourceMap) -> tuple[Any, SourceMap]:
        """``data`` with every natural form the schema marks brought to its full form, and
        ``source_map`` moved along with it (both unchanged when nothing was written naturally).

        Only values the schema's natural branches accept are changed: anything else is left
        for validation to report where it was written.
        """
        # The first document is walked: building the shortcut pays only from the second, and a
        # run that reads one file (a commit hook's) never builds it.
        self._documents += 1
        if self._documents > 1 and self._is_in_full_form(data):
            return data, source_map
        walker = _Walker(self, source_map)
        top = ""
        normalised = walker.visit(data, [self.root], top, top)
        if not walker.changed:
            return data, source_map
        return normalised, walker.moved_map() if walker.moved else source_map

    def _is_in_full_form(self, data: Any) -> bool:
        """Whether ``data`` holds no natural form, answered without the walk where it can be
        (see :mod:`~outsource_briefs.schema_check.full_form`); ``False`` means: walk it."""
        if not uses_jsonschema_rs():
            return False
        check = self._full_form_check
        return check is not None and check(data)

    @cached_property
    def _full_form_check(self) -> Callable[[Any], bool] | None:
        return full_form_check(self.root, self.has_natural)

    def has_natural(self, node: Any) -> bool:
        """Whether a natural form is marked in ``node`` or anywhere below it."""
        if not isinstance(node, dict):
            return False
        known = self.natural_below.get(id(node))
        if known is not None:
            return known
        self.natural_below[id(node)] = False  # a schema that refers to itself adds nothing
        target = follow_ref(self.root, node)
        found = NATURAL_KEYWORD in target or any(self.has_natural(sub) for sub in _subschemas(target))
        self.natural_below[id(node)] = found
        return found

    def expand(self, facets: list[Any], value: Any) -> _Facets:
        """Every schema that applies to ``value``, and the first natural form among them (whose
        full form, the first branch, is what applies then)."""
        key = (tuple(map(id, facets)), type(value))
        known = self.expanded.get(key)
        if known is None:
            found, natural = self._expand(facets, value)
            below = isinstance(value, (dict, list)) and any(
                self.has_natural(sub) for node in found for sub in _contents(node)
            )
            known = self.expanded[key] = _Facets(found, natural, _applies(natural, value) or below)
        return known

    def _expand(self, facets: list[Any], value: Any) -> tuple[list[dict[str, Any]], Any]:
        found: list[dict[str, Any]] = []
        natural = None
        pending = list(facets)
        while pending and len(found) < _MAX_FACETS:
            node = pending.pop(0)
            if not isinstance(node, dict):
                continue
            node = follow_ref(self.root, node)
            found.append(node)
            branches = node.get("anyOf")
            if isinstance(branches, list) and branches:
                if NATURAL_KEYWORD in node and natural is None:
                    natural = node[NATURAL_KEYWORD]
                    pending.append(branches[0])
                else:
                    fitting = next((b for b in branches if self.fits(value, b, 0)), None)
                    if fitting is not None:
                        pending.append(fitting)
            allof = node.get("allOf")
            if isinstance(allof, list):
                pending.extend(allof)
        return found, natural

    def fits(self, value: Any, schema: Any, depth: int) -> bool:
        """Whether ``value`` has a JSON type ``schema`` accepts (the first such ``anyOf``
        branch is the one a value is read with; its content is left for validation)."""
        if not isinstance(schema, dict) or depth > MAX_FIT_DEPTH:
            return True
        schema = follow_ref(self.root, schema)
        natural = schema.get(NATURAL_KEYWORD)
        if natural == "list":
            return value is not None
        if "type" in schema:
            return _has_type(value, schema["type"])
        branches = schema.get("anyOf")
        if isinstance(branches, list):
            return any(self.fits(value, branch, depth + 1) for branch in branches)
        return True


def number_as_text(value: int | float, written: str | None) -> str:
    """A number taken as text: as it was written (``9.30`` stays ``9.30``), else in its
    shortest form (``2.0`` is ``2``)."""
    if written is not None:
        return written
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Walker:
    """One pass over the data, each value visited once with every schema that applies to it
    (its "facets": ``allOf`` members flattened, the ``anyOf`` branch its type fits)."""

    def __init__(self, plan: Normaliser, source_map: SourceMap) -> None:
        self.plan = plan
        self.source_map = source_map
        self.changed = False
        #: Pointer as written -> pointer now, for every value that moved.
        self.moved: dict[str, str] = {}
        #: A value that became the content of a new list or mapping: pointer as written -> the
        #: new container's pointer, which keeps the key and the position it was written at.
        self.wrapped: dict[str, str] = {}

    def visit(self, value: Any, facets: list[Any], old: str, new: str) -> Any:
        moved = old is not new
        if moved:
            self.moved[old] = new
        applying = self.plan.expand(facets, value)
        if not (moved or applying.may_change):
            return value  # nothing here or below can change, and nothing above moved
        found, natural = applying.schemas, applying.natural
        if natural is not None:
            value, token = self.convert(natural, value, old)
            if token is not None:
                self.wrapped[old] = new
                self.changed = True
                return self.visit_wrapped(value, found, old, join_pointer(new, token), token)
            found = self.plan.expand(found, value).schemas
        return self.descend(value, found, old, new)

    def visit_wrapped(self, value: Any, facets: list[Any], old: str, inner: str, token: str) -> Any:
        """A list of one or a mapping of one, made from the value written at ``old``."""
        if isinstance(value, list):
            return [self.visit(value[0], _items(facets), old, inner)]
        return {token: self.visit(value[token], _properties(facets, token), old, inner)}

    def descend(self, value: Any, facets: list[Any], old: str, new: str) -> Any:
        # While nothing above moved, a value keeps its pointer: the very same string, which
        # ``visit`` tells apart from a moved one without comparing them.
        if isinstance(value, dict):
            children = [(key, item, _properties(facets, key)) for key, item in value.items()]
        elif isinstance(value, list):
            items = _items(facets)
            children = [(index, item, items) for index, item in enumerate(value)]
        else:
            return value
        normalised = []
        for token, item, schemas in children:
            child = join_pointer(old, token)
            normalised.append(
                self.visit(item, schemas, child, child if old is new else join_pointer(new, token))
            )
        if all(after is before for after, (_, before, _) in zip(normalised, children, strict=True)):
            return value  # unchanged: no copy
        if isinstance(value, dict):
            return dict(zip(value, normalised, strict=True))
        return normalised

    def convert(self, natural: Any, value: Any, old: str) -> tuple[Any, str | None]:
        """The full form of ``value`` and, when it was wrapped, the token it now sits under."""
        if natural == "list":
            if value is None or isinstance(value, list):
                return value, None
            if isinstance(value, str) and _DASH_WITHOUT_SPACE.match(value):
                return value, None
            return [value], "0"
        if natural == "text":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.changed = True
                return number_as_text(value, self.source_map.plain.get(old)), None
            return value, None
        if isinstance(natural, dict) and isinstance(value, str) and isinstance(natural.get("string"), str):
            link = natural.get("link")
            key = link if isinstance(link, str) and _LINK.match(value) else natural["string"]
            return {key: value}, key
        return value, None

    def moved_map(self) -> SourceMap:
        """The source map with every moved value under its new pointer; a new container is
        found where the value it holds was written."""
        source = self.source_map
        values = {self.moved.get(pointer, pointer): where for pointer, where in source.values.items()}
        for old, container in self.wrapped.items():
            if old in source.values:
                values.setdefault(container, source.values[old])
        keys = {
            self.wrapped.get(pointer) or self.moved.get(pointer, pointer): where
            for pointer, where in source.keys.items()
        }
        return SourceMap(
            values,
            keys,
            {self.moved.get(pointer, pointer): where for pointer, where in source.ends.items()},
            {self.moved.get(pointer, pointer): text for pointer, text in source.plain.items()},
            dict(source.texts),
        )


def _properties(facets: list[dict[str, Any]], key: str) -> list[Any]:
    """The schemas of property ``key`` of a mapping that ``facets`` describe."""
    found = []
    for facet in facets:
        properties = facet.get("properties")
        if isinstance(properties, dict) and key in properties:
            found.append(properties[key])
        elif isinstance(facet.get("additionalProperties"), dict):
            found.append(facet["additionalProperties"])
    return found


def _applies(natural: Any, value: Any) -> bool:
    """Whether a value of this type may be written in the ``natural`` form (and so change)."""
    if natural == "list":
        return value is not None and not isinstance(value, list)
    if natural == "text":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(natural, dict) and isinstance(value, str)


@dataclass(frozen=True)
class _Facets:
    """The schemas that apply to a value, its natural form, and whether anything can change
    in it or below it."""

    schemas: list[dict[str, Any]]
    natural: Any
    may_change: bool


def _contents(node: dict[str, Any]) -> list[Any]:
    """The schemas of what a value holds (its properties and items)."""
    found = [node.get(key) for key in ("items", "additionalProperties")]
    if isinstance(node.get("properties"), dict):
        found.extend(node["properties"].values())
    return found


def _subschemas(node: dict[str, Any]) -> list[Any]:
    found = [node.get(key) for key in ("items", "additionalProperties", "not")]
    for key in ("anyOf", "allOf", "oneOf", "prefixItems"):
        if isinstance(node.get(key), list):
            found.extend(node[key])
    if isinstance(node.get("properties"), dict):
        found.extend(node["properties"].values())
    return found


def _items(facets: list[dict[str, Any]]) -> list[Any]:
    return [facet["items"] for facet in facets if isinstance(facet.get("items"), dict)]


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _has_type(value: Any, wanted: Any) -> bool:
    names = [wanted] if isinstance(wanted, str) else wanted if isinstance(wanted, list) else []
    for name in names:
        types = _JSON_TYPES.get(name, ())
        if isinstance(value, bool) and name != "boolean":
            continue
        if isinstance(value, types):
            return True
    return False
