"""Turn jsonschema's errors into plain-language Problems, located in the source file.

Each JSON Schema keyword has one entry in ``_HANDLERS``: a function from the failing error to
the problems that say what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import ValidationError

from .. import resources
from ..errors import Problem, join_pointer, split_pointer
from ..values import moment_or_none
from ..yaml_loader import SourceMap
from .fixes import boolean_meant, dash_items, fixed_line, flow, number_meant, offset_on, size_meant
from .formats import is_time_zone, time_zones
from .patterns import ecma_regex
from .schema_paths import DASH_WITHOUT_SPACE, NATURAL_KEYWORD, SPEC_SCHEMA, follow_ref, walk

_NO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")


def problems_of(validator: Any, data: Any, source_map: SourceMap) -> list[Problem]:
    """Every problem ``validator`` finds in ``data``, in plain words, located by ``source_map``."""
    problems: list[Problem] = []
    misspelt: set[tuple[str, str]] = set()
    for error in validator.iter_errors(data):
        for leaf in _readable_errors(error):
            reader = _ErrorReader(leaf, source_map, validator.schema, data)
            problems.extend(reader.problems())
            misspelt |= reader.misspelt_keys()
    # A value in the wrong format usually misses its pattern too: one problem says it. A
    # required key written with a typo is one problem: the unknown key and its "did you mean".
    bad_format = {problem.pointer for problem in problems if problem.code == "S005"}
    return [
        p
        for p in problems
        if not (p.code == "S007" and p.pointer in bad_format)
        and not (p.code in ("S002", "S010") and (p.pointer, _missing_name(p)) in misspelt)
    ]


def _readable_errors(error: ValidationError) -> Iterator[ValidationError]:
    """Replace a oneOf/anyOf failure by the errors of the branch the user evidently meant."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    meant = [
        errors
        for errors in branches.values()
        if not any(_wrong_type_at(e, error.absolute_path) for e in errors)
    ]
    if not meant:
        yield error
        return
    for sub in min(meant, key=len):
        yield from _readable_errors(sub)


def _wrong_type_at(error: ValidationError, path: Any) -> bool:
    """Whether ``error`` says only that the value at ``path`` has another type (directly, or
    in every branch of a nested anyOf such as text's "a string or a number")."""
    if error.absolute_path != path:
        return False
    if error.validator == "type":
        return True
    return (
        error.validator in ("anyOf", "oneOf")
        and bool(error.context)
        and all(_wrong_type_at(sub, path) for sub in error.context)
    )


class _ErrorReader:
    """One jsonschema error, with what the handlers need to describe and locate it."""

    def __init__(self, error: ValidationError, source_map: SourceMap, root: Any, data: Any = None) -> None:
        self.error = error
        self.source_map = source_map
        self.root = root
        self.data = data
        # jsonschema types these as possibly unset; for a reported error they are always set.
        self.schema: Any = error.schema
        self.expected: Any = error.validator_value
        self.instance: Any = error.instance
        self.pointer = "".join(join_pointer("", part) for part in error.absolute_path)
        self.written = self._written_pointer()
        self.name = _describe(split_pointer(self.written))

    def problems(self) -> list[Problem]:
        handler = _HANDLERS.get(str(self.error.validator))
        if handler is None:
            return [self.problem("S011", self.fallback_message())]
        return handler(self)

    def problem(
        self, code: str, message: str, hint: str = "", *, pointer: str | None = None, key: bool = False
    ) -> Problem:
        where = pointer if pointer is not None else self.pointer
        location = self.source_map.locate(where, prefer_key=key)
        return Problem.at(location, code, message, pointer=where, hint=hint)

    def misspelt_keys(self) -> set[tuple[str, str]]:
        """``(pointer of the mapping, key)`` for every key this error's unknown keys evidently
        meant: a required key written with a typo is then reported once, as the typo."""
        if self.error.validator != "additionalProperties" or not isinstance(self.instance, dict):
            return set()
        allowed = list(self.schema.get("properties", {}))
        return {
            (self.pointer, close[0])
            for key in self.instance
            if key not in allowed and (close := difflib.get_close_matches(key, allowed, n=1, cutoff=0.6))
        }

    def fallback_message(self) -> str:
        return f"{self.name}: {self.error.message}" if self.pointer else self.error.message

    def property_schema(self, name: str) -> dict[str, Any]:
        """The schema of property ``name`` of the failing object, looking past if/then/allOf."""
        path = list(self.error.absolute_schema_path)[:-1]
        while True:
            node = walk(self.root, path)
            node = follow_ref(self.root, node) if isinstance(node, dict) else node
            if isinstance(node, dict) and name in node.get("properties", {}):
                return follow_ref(self.root, node["properties"][name])
            if not path:
                return {}
            path.pop()

    def add_hint(self, missing: str) -> str:
        subschema = self.property_schema(missing)
        description = subschema.get("description", "")
        example = subschema.get("examples", [None])[0]
        hint = f"add `{missing}:`"
        if description:
            hint += f" ({description.rstrip('.')})"
        if isinstance(example, (str, int, float)) and not isinstance(example, bool):
            hint += f", for example `{missing}: {example}`"
        return hint

    def condition(self) -> str:
        """For a ``then`` that failed: the ``if`` that switched it on, in words."""
        schema_path = list(self.error.absolute_schema_path)
        condition = walk(self.root, [*schema_path[:-2], "if"])
        if not isinstance(condition, dict):
            return ""
        parts = [
            f"{key} is '{rule['const']}'"
            for key, rule in condition.get("properties", {}).items()
            if isinstance(rule, dict) and "const" in rule
        ]
        return " and ".join(parts)

    def quoted_meaning(self, plain: str) -> str:
        """What ``plain`` evidently meant as a string: itself, or with ``.0`` added when only
        that fits the field's pattern (``version: 1.10`` meant "1.10.0")."""
        pattern = self.schema.get("pattern") if isinstance(self.schema, dict) else None
        if not isinstance(pattern, str) or ecma_regex(pattern).search(plain):
            return plain
        return f"{plain}.0" if ecma_regex(pattern).search(f"{plain}.0") else plain

    def _written_pointer(self) -> str:
        """Where the failing value was written: a list of one made from a value written alone
        (a natural form) is named, and corrected, under the list's own key."""
        parent, _, last = self.pointer.rpartition("/")
        written_at = self.source_map.values.get(self.pointer)
        alone = last.isdigit() and bool(parent) and written_at is not None
        return parent if alone and self.source_map.values.get(parent) == written_at else self.pointer

    def fixed_line(self, value: Any) -> str:
        """The line that writes ``value`` in place of the failing one."""
        return fixed_line(self.written, value)

    def key(self) -> str:
        """The name of the failing value's key (the list's key for an item)."""
        tokens = [token for token in split_pointer(self.pointer) if not token.isdigit()]
        return tokens[-1] if tokens else ""

    def sibling_keys(self) -> set[str]:
        """The keys the mapping holding the failing value may have."""
        path = list(self.error.absolute_schema_path)
        while path:
            path.pop()
            node = walk(self.root, path)
            node = follow_ref(self.root, node) if isinstance(node, dict) else node
            if isinstance(node, dict) and self.key() in node.get("properties", {}):
                return set(node["properties"])
        return set()

    def noun(self) -> str:
        """What the value is, for "is not a valid …": the key, or "entry in 'key'" for list items."""
        tokens = split_pointer(self.pointer)
        if tokens and tokens[-1].isdigit():
            return f"entry in '{tokens[-2]}'" if len(tokens) > 1 else "entry"
        return tokens[-1] if tokens else "spec"


def _unknown_keys(reader: _ErrorReader) -> list[Problem]:
    instance = reader.instance
    allowed = list(reader.schema.get("properties", {}))
    required = reader.schema.get("required", [])
    extra = [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
    problems = []
    for key in extra:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
        if close and close[0] in required and close[0] not in instance:
            hint = f"did you mean '{close[0]}'? It is required: write `{close[0]}:` instead of `{key}:`"
        pointer = join_pointer(reader.pointer, key)
        problems.append(reader.problem("S001", f"unknown key '{key}'", hint, pointer=pointer, key=True))
    return problems or [reader.problem("S001", reader.error.message)]


def _missing_name(problem: Problem) -> str:
    """The key an S002 or S010 problem says is missing."""
    match = re.search(r"'([^']*)' is missing|needs '([^']*)'", problem.message)
    return next((name for name in match.groups() if name is not None), "") if match else ""


def _missing(reader: _ErrorReader) -> list[Problem]:
    match = re.match(r"'(.*)' is a required property", reader.error.message)
    missing = match.group(1) if match else str(reader.expected)
    where = f" from {reader.name}" if reader.pointer else ""
    path = list(reader.error.absolute_schema_path)
    if len(path) >= 3 and path[-2] == "then":
        condition = reader.condition()
        if condition:
            owner = reader.name if reader.pointer else "the file"
            message = f"{owner} needs '{missing}' when {condition}"
            return [reader.problem("S010", message, reader.add_hint(missing), key=True)]
    if missing == "kind":
        return [reader.problem("S002", f"'kind' is missing{where}", _KINDS_HINT, key=True)]
    return [reader.problem("S002", f"'{missing}' is missing{where}", reader.add_hint(missing), key=True)]


def _missing_companion(reader: _ErrorReader) -> list[Problem]:
    """``dependentRequired``: one key needs another beside it."""
    match = re.match(r"'(.*)' is a dependency of '(.*)'", reader.error.message)
    if match is None:
        return [reader.problem("S010", reader.error.message)]
    missing, present = match.groups()
    owner = reader.name if reader.pointer else "the file"
    message = f"{owner} needs '{missing}' when it has '{present}'"
    return [reader.problem("S010", message, reader.add_hint(missing), key=True)]


def _wrong_type(reader: _ErrorReader) -> list[Problem]:
    wanted = [reader.expected] if isinstance(reader.expected, str) else reader.expected
    wanted_text = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
    instance = reader.instance
    if instance is None:
        message = f"{reader.name} is empty; it must be {wanted_text}"
        return [reader.problem("S003", message, "write a value after the colon")]
    message = f"{reader.name} must be {wanted_text}, not {_article_type(instance)}"
    plain = reader.source_map.plain.get(reader.pointer)
    hint = ""
    if plain is not None and "string" in wanted:
        meant = reader.quoted_meaning(plain)
        hint = f'YAML read `{plain}` as {_article_type(instance)}; quote it: "{meant}"'
    elif isinstance(instance, str) and ("number" in wanted or "integer" in wanted):
        hint = _number_hint(reader, instance)
    elif isinstance(instance, str) and "boolean" in wanted:
        truth = boolean_meant(instance)
        hint = "write true or false" if truth is None else f"write `{reader.fixed_line(truth)}`"
    elif "object" in wanted:
        hint = _mapping_hint(reader)
    return [reader.problem("S003", message, hint)]


def _number_hint(reader: _ErrorReader, text: str) -> str:
    """``£600`` -> "write the number alone: `amount: 600`; the currency goes in `currency`"."""
    number, named_currency = number_meant(text)
    if number is None:
        return "write a number alone, with no words or signs, such as 600"
    hint = f"write the number alone: `{reader.fixed_line(number)}`"
    if named_currency and "currency" in reader.sibling_keys():
        hint += "; the currency goes in `currency`"
    return hint


def _mapping_hint(reader: _ErrorReader) -> str:
    """The mapping a value was evidently meant to be, written out: a size typed as
    ``1080x1350 px``, a name where the mapping needs it first, or the field's example."""
    schema = reader.schema if isinstance(reader.schema, dict) else {}
    instance = reader.instance
    required = [key for key in schema.get("required", []) if isinstance(key, str)]
    if isinstance(instance, str) and size_meant(instance) and {"width", "height"} <= set(required):
        return f"write it as a mapping: `{reader.fixed_line(size_meant(instance))}`"
    if isinstance(instance, str) and required:
        meant = {key: instance if index == 0 else "…" for index, key in enumerate(required)}
        return f"write it as a mapping, filling in every `…`: `{reader.fixed_line(meant)}`"
    example = _first_example(schema) or _first_example(reader.property_schema(reader.key()))
    if isinstance(example, dict):
        return f"write it as a mapping, for example `{reader.fixed_line(example)}`"
    return ""


def _first_example(schema: Any) -> Any:
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return examples[0] if isinstance(examples, list) and examples else None


def _refused_form(reader: _ErrorReader) -> list[Problem]:
    """``not``: a text that starts with a dash and no space, where a list is asked for."""
    if isinstance(reader.expected, dict) and reader.expected.get("pattern") == DASH_WITHOUT_SPACE:
        items = dash_items(str(reader.instance))
        message = f"{reader.name} looks like a list with no space after its dashes"
        first = fixed_line(join_pointer(reader.pointer, 0), items[0] if items else "…")
        hint = f"put a space after each dash and each item on its own line: `{first}`"
        if len(items) > 1:
            hint += f" ({len(items)} items: {flow(items)})"
        return [reader.problem("S003", message, hint)]
    return [reader.problem("S011", reader.fallback_message())]


def _bad_format(reader: _ErrorReader) -> list[Problem]:
    value, kind = reader.instance, reader.expected
    if kind == "date-time" and isinstance(value, str) and moment_or_none(value) is not None:
        if _NO_OFFSET.match(value):
            local = value.replace(" ", "T").replace("t", "T")
            local += ":00" if len(local) == 16 else ""
            message = f"{reader.name} must have a UTC offset"
            return [reader.problem("S004", message, _offset_hint(reader, local))]
        if _DATE_ONLY.match(value):
            message = f"{reader.name} needs a time and a UTC offset, not just a date"
            hint = _offset_hint(reader, f"{value}T17:00:00") + " (with your own time of day)"
            return [reader.problem("S004", message, hint)]
    hint = _FORMAT_HINTS.get(kind, "")
    if kind == "time-zone" and isinstance(value, str):
        close = difflib.get_close_matches(value, sorted(time_zones()), n=1)
        if close:
            hint = f"did you mean '{close[0]}'?"
    message = f"{_short(value)} is not a valid {_FORMAT_NAMES.get(kind, kind)}"
    return [reader.problem("S005", message, hint)]


def _offset_hint(reader: _ErrorReader, local: str) -> str:
    """The corrected line for a date-time without an offset: the owner's time zone on that
    date (London is +00:00 in December and +01:00 in July) when the spec names it."""
    data = reader.data if isinstance(reader.data, dict) else {}
    owner = data.get("owner")
    zone = owner.get("timezone") if isinstance(owner, dict) else None
    offset = offset_on(local, zone) if isinstance(zone, str) and is_time_zone(zone) else None
    if zone is not None and offset is not None:
        day = local[:10]
        return f"{zone} (owner.timezone) is at UTC{offset} on {day}: `{reader.fixed_line(local + offset)}`"
    hint = f"add the UTC offset of the time zone you mean, such as `{reader.fixed_line(local + '+01:00')}`"
    if "owner" in data:
        hint += "; with owner.timezone set, this hint gives the right offset"
    return hint


def _not_allowed(reader: _ErrorReader) -> list[Problem]:
    allowed = [str(option) for option in reader.expected]
    value = reader.instance
    if reader.pointer == "/kind":
        if not isinstance(value, str):
            return []  # the type error already says what is wrong
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return [reader.problem("S009", f"unknown kind {_short(value)}", hint + _KINDS_HINT)]
    if value is None:
        return [reader.problem("S006", f"{reader.name} is empty; choose one of {', '.join(allowed)}")]
    same_letters = [option for option in allowed if option.lower() == str(value).strip().lower()]
    close = same_letters or difflib.get_close_matches(str(value), allowed, n=1)
    hint = f"did you mean '{close[0]}'? write `{reader.fixed_line(close[0])}`" if close else ""
    message = f"{reader.name} must be one of {', '.join(allowed)}, not {_short(value)}"
    return [reader.problem("S006", message, hint)]


def _not_the_constant(reader: _ErrorReader) -> list[Problem]:
    message = f"{reader.name} must be {_short(reader.expected)}, not {_short(reader.instance)}"
    return [reader.problem("S006", message)]


def _no_match(reader: _ErrorReader) -> list[Problem]:
    if "propertyNames" in reader.error.absolute_schema_path:
        key_pointer = join_pointer(reader.pointer, str(reader.instance))
        message = f"key {_short(reader.instance)} in {reader.name} is not allowed"
        hint = "use a label with letters in it"
        return [reader.problem("S007", message, hint, pointer=key_pointer, key=True)]
    if reader.expected == "\\S":
        return [reader.problem("S007", f"{reader.name} is blank", "write something after the colon")]
    description = reader.schema.get("description", "") if isinstance(reader.schema, dict) else ""
    hint = (
        _pattern_hints().get(reader.expected) or description or f"it must match the pattern {reader.expected}"
    )
    if reader.pointer == "/contractor" and isinstance(reader.instance, str):
        roster_id = "-".join(re.findall(r"[a-z0-9]+", reader.instance.lower())) or "mei-tanaka"
        hint = (
            f"name someone on the team roster by id, such as `contractor: {roster_id}`, or write "
            f"the person out: `{reader.fixed_line({'name': reader.instance})}`"
        )
    return [reader.problem("S007", f"{_short(reader.instance)} is not a valid {reader.noun()}", hint)]


def _one_of_types(reader: _ErrorReader) -> list[Problem]:
    types = [_branch_type(branch) for branch in reader.expected]
    if not all(types):
        return [reader.problem("S011", reader.fallback_message())]
    natural = reader.schema.get(NATURAL_KEYWORD) if isinstance(reader.schema, dict) else None
    wanted = "text" if natural == "text" else _either(list(dict.fromkeys(types)))
    if reader.instance is None:
        message = f"{reader.name} is empty; it must be {wanted}"
        return [reader.problem("S003", message, "write a value after the colon")]
    message = f"{reader.name} must be {wanted}, not {_article_type(reader.instance)}"
    return [reader.problem("S003", message, _natural_hint(reader))]


def _natural_hint(reader: _ErrorReader) -> str:
    """The corrected line for a value no natural form accepts: a list where one text is asked
    for becomes one line, a quoted true/false, a mapping's name where a name alone would do."""
    natural = reader.schema.get(NATURAL_KEYWORD) if isinstance(reader.schema, dict) else None
    instance = reader.instance
    plain = reader.source_map.plain.get(reader.pointer)
    if plain is not None and isinstance(instance, bool):
        return f"YAML read `{plain}` as true/false; quote it: `{reader.fixed_line(plain)}`"
    if natural == "text" and isinstance(instance, list):
        joined = ", ".join(str(item) for item in instance if not isinstance(item, (dict, list)))
        return f"write it as one line of text: `{reader.fixed_line(joined)}`"
    if natural == "text" and isinstance(instance, dict):
        joined = "; ".join(f"{key}: {value}" for key, value in instance.items())
        return f"write it as one line of text: `{reader.fixed_line(joined)}`"
    if natural == "list" and isinstance(instance, dict):
        items = [f"{key}: {value}" for key, value in instance.items()]
        return f"write one item per line after a dash: `{reader.fixed_line(items)}`"
    if isinstance(natural, dict) and isinstance(natural.get("string"), str):
        return f"write it as a mapping: `{reader.fixed_line({natural['string']: '…'})}`"
    return ""


def _either(names: list[str]) -> str:
    """``a, b or c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _plural_items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


#: Range keywords: what the value must be, given the keyword's limit.
_RANGES: dict[str, Callable[[Any], str]] = {
    "minItems": lambda limit: f"needs at least {_plural_items(limit)}",
    "maxItems": lambda limit: f"may have at most {limit} items",
    "minimum": lambda limit: f"must be at least {limit}",
    "maximum": lambda limit: f"must be at most {limit}",
    "exclusiveMinimum": lambda limit: f"must be greater than {limit}",
    "exclusiveMaximum": lambda limit: f"must be less than {limit}",
    "minLength": lambda limit: f"must be at least {limit} characters long",
    "maxLength": lambda limit: f"must be at most {limit} characters long",
}


def _out_of_range(reader: _ErrorReader) -> list[Problem]:
    limit = _RANGES[str(reader.error.validator)](reader.expected)
    return [reader.problem("S008", f"{reader.name} {limit}")]


_HANDLERS: dict[str, Callable[[_ErrorReader], list[Problem]]] = {
    "additionalProperties": _unknown_keys,
    "required": _missing,
    "dependentRequired": _missing_companion,
    "type": _wrong_type,
    "format": _bad_format,
    "enum": _not_allowed,
    "const": _not_the_constant,
    "pattern": _no_match,
    "anyOf": _one_of_types,
    "oneOf": _one_of_types,
    "not": _refused_form,
    **dict.fromkeys(_RANGES, _out_of_range),
}

_KINDS_HINT = "`outsource-briefs kinds` lists the kinds"

_FORMAT_NAMES = {
    "date-time": "date-time",
    "date": "date",
    "email": "email address",
    "uri": "URL",
    "time-zone": "IANA time zone",
}

_FORMAT_HINTS = {
    "date-time": "write an RFC 3339 date-time such as 2026-12-18T17:00:00+01:00",
    "date": "write a real calendar date as YYYY-MM-DD, such as 2026-12-01",
    "email": "write an address such as name@example.com",
    "uri": "write a full URL with its scheme, such as https://example.com/page",
    "time-zone": "use an IANA name such as Europe/Lisbon or America/Chicago",
}

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _branch_type(branch: Any) -> str:
    if not isinstance(branch, dict):
        return ""
    natural = branch.get(NATURAL_KEYWORD)
    if natural == "text":
        return "text"
    if natural == "list":
        return "a list"
    if "type" in branch and isinstance(branch["type"], str):
        return _TYPE_NAMES.get(branch["type"], branch["type"])
    if isinstance(branch.get("anyOf"), list):
        inner = [_branch_type(sub) for sub in branch["anyOf"]]
        return _either(list(dict.fromkeys(inner))) if all(inner) else ""
    ref = branch.get("$ref", "")
    return {
        "#/$defs/text": "a string",
        "#/$defs/slug": "a string",
        "#/$defs/person": "a mapping",
        "#/$defs/stringList": "a list",
    }.get(ref, "")


@functools.cache
def _pattern_hints() -> dict[str, str]:
    """Pattern -> what it asks for, from the shared definitions of the core schema (slug,
    version, currency, URL), which say it better than the field that uses them."""
    definitions = resources.packaged_schema(SPEC_SCHEMA)["$defs"].values()
    return {d["pattern"]: d["description"] for d in definitions if "pattern" in d and d["pattern"] != "\\S"}


def _article_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "empty"
    return "a string"


def _describe(tokens: list[str]) -> str:
    if not tokens:
        return "the spec"
    if tokens[-1].isdigit():
        parent = tokens[-2] if len(tokens) > 1 else "list"
        return f"item {int(tokens[-1]) + 1} of '{parent}'"
    return f"'{tokens[-1]}'"


def _short(value: Any) -> str:
    readable = isinstance(value, str) and value.isprintable()
    text = f"'{value}'" if readable else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…'"
