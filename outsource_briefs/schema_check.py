"""Find packaged and user schemas, build cached validators, turn schema errors into Problems."""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from . import resources
from .config import Config
from .errors import ConfigError, Location, Problem, join_pointer, split_pointer
from .values import is_slug, moment_or_none
from .yaml_loader import SourceMap

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SPEC_SCHEMA = "spec.schema.json"
_CORE_REF = SPEC_SCHEMA + "#"
_KINDS_FOLDER = "kinds"
_SCHEMA_SUFFIX = ".schema.json"
_NO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


@dataclass(frozen=True)
class KindSchema:
    """One kind: its name, where its schema comes from and the schema itself."""

    name: str
    path: Path
    packaged: bool
    title: str
    description: str


def _format_checker() -> FormatChecker:
    checker = FormatChecker(("date", "date-time", "uri"))
    checker.checks("email")(is_email)
    checker.checks("time-zone")(is_time_zone)
    return checker


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
    return value in _time_zones()


@functools.cache
def _time_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


FORMAT_CHECKER = _format_checker()


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regexes, where "$" matches only at the very end; in
    # Python it also matches before a final newline, which would let "logo\n" pass as an id.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


#: Draft 2020-12 with ECMA-262 semantics for "$" in patterns.
SpecValidator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _ecma_pattern}
)


def known_kinds(config: Config) -> dict[str, KindSchema]:
    """Every kind: user schema folders first (they may replace a packaged kind), then packaged.

    :raises ConfigError: when a user schema file is not valid JSON or not a valid schema.
    """
    return dict(_kinds(_kind_files(config.schemas)))


# A kind's schema file as (name, path, packaged, modification time): caches below are keyed on
# these, so a long-running process sees a schema file that was added or edited.
_KindFile = tuple[str, str, bool, int]


def _kind_files(user_folders: tuple[Path, ...]) -> tuple[_KindFile, ...]:
    found: dict[str, _KindFile] = {}
    for folder in user_folders:
        for name, path in _schema_files(folder / _KINDS_FOLDER):
            found.setdefault(name, (name, str(path), False, path.stat().st_mtime_ns))
    for name, packaged_path, mtime in _packaged_kind_files():
        found.setdefault(name, (name, packaged_path, True, mtime))
    return tuple(sorted(found.values()))


@functools.cache
def _packaged_kind_files() -> tuple[tuple[str, str, int], ...]:
    return tuple(
        (name, str(path), path.stat().st_mtime_ns)
        for name, path in _schema_files(resources.schemas_dir() / _KINDS_FOLDER)
    )


def _schema_files(folder: Path) -> list[tuple[str, Path]]:
    files = sorted(folder.glob("*" + _SCHEMA_SUFFIX)) if folder.is_dir() else []
    named = [(path.name.removesuffix(_SCHEMA_SUFFIX), path) for path in files]
    for name, path in named:
        if not is_slug(name):
            raise _schema_error(
                path,
                f"'{name}' cannot be a kind name",
                hint="name kind schemas in lowercase letters, digits and hyphens, like flyer.schema.json",
            )
    return named


@functools.cache
def _kinds(files: tuple[_KindFile, ...]) -> tuple[tuple[str, KindSchema], ...]:
    kinds = []
    for name, path, packaged, mtime in files:
        document = _read_schema(path, mtime)
        title = str(document.get("title", name))
        description = str(document.get("description", ""))
        kinds.append((name, KindSchema(name, Path(path), packaged, title, description)))
    return tuple(kinds)


@functools.cache
def _read_schema(path: str, mtime: int) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise _schema_error(
            path, f"not valid JSON: {error.msg}", line=error.lineno, column=error.colno
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _schema_error(path, f"cannot read schema: {error}") from None
    if not isinstance(document, dict):
        raise _schema_error(path, "a schema must be a JSON object")
    try:
        Draft202012Validator.check_schema(document)
    except jsonschema.SchemaError as error:
        pointer = "".join(f"/{part}" for part in error.absolute_path)
        raise _schema_error(path, f"not a valid schema: {error.message}", pointer=pointer) from None
    return document


def _schema_error(
    path: str | Path, message: str, *, hint: str = "", pointer: str = "", line: int = 1, column: int = 1
) -> ConfigError:
    problem = Problem.at(Location(str(path), line, column), "S012", message, hint=hint, pointer=pointer)
    return ConfigError(f"{path}: unusable schema", [problem])


def bundle_schema(config: Config, kind: str | None = None) -> dict[str, Any]:
    """One self-contained Draft 2020-12 schema for specs of ``kind`` (``None``: every kind).

    Kind schemas are placed under ``$defs`` and every reference is rewritten to point inside
    the document, so check-jsonschema and editors can use it as it is.

    :raises ConfigError: when a user schema is unusable.
    :raises KeyError: when ``kind`` is not known.
    """
    return copy.deepcopy(_bundle(_kind_files(config.schemas), kind))


@functools.cache
def _bundle(files: tuple[_KindFile, ...], kind: str | None) -> dict[str, Any]:
    kinds = dict(_kinds(files))
    modified = {name: mtime for name, _, _, mtime in files}
    core = copy.deepcopy(resources.packaged_schema(SPEC_SCHEMA))
    bundle: dict[str, Any] = {"$schema": DIALECT}
    bundle.update({key: value for key, value in core.items() if key != "$schema"})
    bundle["properties"]["kind"]["enum"] = sorted(kinds)
    for name, kind_schema in kinds.items():
        body = {
            key: value
            for key, value in _read_schema(str(kind_schema.path), modified[name]).items()
            if key not in ("$schema", "$id")
        }
        bundle["$defs"][f"kind.{name}"] = _rewrite_refs(body, f"#/$defs/kind.{name}")
        _check_refs(bundle, bundle["$defs"][f"kind.{name}"], kind_schema.path)
    if kind is None:
        bundle["allOf"] = [
            {
                "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/kind.{name}"},
            }
            for name in sorted(kinds)
        ]
    else:
        if kind not in kinds:
            raise KeyError(kind)
        bundle["allOf"] = [{"$ref": f"#/$defs/kind.{kind}"}]
    return bundle


def _check_refs(bundle: dict[str, Any], node: Any, path: Path) -> None:
    """Every ``$ref`` of a kind schema must lead somewhere inside the bundle."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and _walk(bundle, split_pointer(ref.removeprefix("#"))) is None:
            raise _schema_error(
                path,
                f"reference {ref!r} leads nowhere",
                hint="refer to spec.schema.json#/$defs/NAME or to this file's own #/$defs/NAME",
            )
        for value in node.values():
            _check_refs(bundle, value, path)
    elif isinstance(node, list):
        for item in node:
            _check_refs(bundle, item, path)


def _rewrite_refs(node: Any, local_base: str) -> Any:
    if isinstance(node, dict):
        rewritten = {key: _rewrite_refs(value, local_base) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(_CORE_REF):
                rewritten["$ref"] = "#" + ref.removeprefix(_CORE_REF)
            elif ref.startswith("#"):
                rewritten["$ref"] = local_base + ref[1:]
        return rewritten
    if isinstance(node, list):
        return [_rewrite_refs(item, local_base) for item in node]
    return node


def schema_hash(config: Config, kind: str | None) -> str:
    """SHA-256 of the canonical JSON of the bundled schema for ``kind``."""
    return _schema_hash(_kind_files(config.schemas), kind)


@functools.cache
def _schema_hash(files: tuple[_KindFile, ...], kind: str | None) -> str:
    text = json.dumps(_bundle(files, kind), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _validator(files: tuple[_KindFile, ...], kind: str | None) -> Any:
    return SpecValidator(_inline_refs(_bundle(files, kind)), format_checker=FORMAT_CHECKER)


_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})


def _inline_refs(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle with every local ``$ref`` replaced by what it points at.

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
        target = _walk(bundle, split_pointer(ref[1:]))
        if not isinstance(target, dict):
            return {**siblings, "$ref": ref}
        resolved = expand(target, seen | {ref})
        if (set(resolved) & set(siblings)) - _ANNOTATIONS:
            return {**siblings, "$ref": ref}
        return {**resolved, **siblings}

    inlined: dict[str, Any] = expand(bundle, frozenset())
    return inlined


@functools.cache
def _packaged_validator(name: str) -> Any:
    return SpecValidator(resources.packaged_schema(name), format_checker=FORMAT_CHECKER)


def check_spec_data(data: dict[str, Any], source_map: SourceMap, config: Config) -> list[Problem]:
    """Validate resolved spec data against the schema of its kind."""
    kind = data.get("kind")
    files = _kind_files(config.schemas)
    chosen = kind if isinstance(kind, str) and kind in dict(_kinds(files)) else None
    validator = _validator(files, chosen)
    return _problems(validator, data, source_map)


def check_document(data: Any, schema_name: str, source_map: SourceMap) -> list[Problem]:
    """Validate ``data`` against a packaged schema such as ``config.schema.json``."""
    return _problems(_packaged_validator(schema_name), data, source_map)


def _problems(validator: Any, data: Any, source_map: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        for leaf in _readable_errors(error):
            problems.extend(_ErrorReader(leaf, source_map, validator.schema).problems())
    # A value in the wrong format usually misses its pattern too: one problem says it.
    bad_format = {problem.pointer for problem in problems if problem.code == "S005"}
    return [p for p in problems if not (p.code == "S007" and p.pointer in bad_format)]


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
        if not any(e.validator == "type" and e.absolute_path == error.absolute_path for e in errors)
    ]
    if not meant:
        yield error
        return
    for sub in min(meant, key=len):
        yield from _readable_errors(sub)


class _ErrorReader:
    """Turns one jsonschema error into located, plain-language problems."""

    def __init__(self, error: ValidationError, source_map: SourceMap, root: Any) -> None:
        self.error = error
        self.source_map = source_map
        self.root = root
        # jsonschema types these as possibly unset; for a reported error they are always set.
        self.schema: Any = error.schema
        self.expected: Any = error.validator_value
        self.instance: Any = error.instance
        self.pointer = "".join(join_pointer("", part) for part in error.absolute_path)
        tokens = split_pointer(self.pointer)
        self.name = _describe(tokens)

    def problems(self) -> list[Problem]:
        handler = getattr(self, "_" + str(self.error.validator), None)
        if handler is None:
            return [self._problem("S011", self._fallback_message())]
        result: list[Problem] = handler()
        return result

    def _problem(
        self, code: str, message: str, hint: str = "", *, pointer: str | None = None, key: bool = False
    ) -> Problem:
        where = pointer if pointer is not None else self.pointer
        location = self.source_map.locate(where, prefer_key=key)
        return Problem.at(location, code, message, pointer=where, hint=hint)

    def _additionalProperties(self) -> list[Problem]:  # noqa: N802 - jsonschema keyword name
        instance = self.instance
        allowed = list(self.schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
        problems = []
        for key in extra:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
            pointer = join_pointer(self.pointer, key)
            problems.append(self._problem("S001", f"unknown key '{key}'", hint, pointer=pointer, key=True))
        return problems or [self._problem("S001", self.error.message)]

    def _required(self) -> list[Problem]:
        match = re.match(r"'(.*)' is a required property", self.error.message)
        missing = match.group(1) if match else str(self.expected)
        where = f" from {self.name}" if self.pointer else ""
        path = list(self.error.absolute_schema_path)
        if len(path) >= 3 and path[-2] == "then":
            condition = self._condition(path)
            if condition:
                owner = self.name if self.pointer else "the spec"
                return [
                    self._problem(
                        "S010",
                        f"{owner} needs '{missing}' when {condition}",
                        self._add_hint(missing),
                        key=True,
                    )
                ]
        if missing == "kind":
            return [self._problem("S002", f"'kind' is missing{where}", _kinds_hint(), key=True)]
        return [self._problem("S002", f"'{missing}' is missing{where}", self._add_hint(missing), key=True)]

    def _condition(self, schema_path: list[Any]) -> str:
        condition = _walk(self.root, [*schema_path[:-2], "if"])
        if not isinstance(condition, dict):
            return ""
        parts = [
            f"{key} is '{rule['const']}'"
            for key, rule in condition.get("properties", {}).items()
            if isinstance(rule, dict) and "const" in rule
        ]
        return " and ".join(parts)

    def _property_schema(self, name: str) -> dict[str, Any]:
        """The schema of property ``name`` of the failing object, looking past if/then/allOf."""
        path = list(self.error.absolute_schema_path)[:-1]
        while True:
            node = _walk(self.root, path)
            node = _resolve(self.root, node) if isinstance(node, dict) else node
            if isinstance(node, dict) and name in node.get("properties", {}):
                found = node["properties"][name]
                return _resolve(self.root, found)
            if not path:
                return {}
            path.pop()

    def _add_hint(self, missing: str) -> str:
        subschema = self._property_schema(missing)
        description = subschema.get("description", "")
        example = subschema.get("examples", [None])[0]
        hint = f"add `{missing}:`"
        if description:
            hint += f" ({description.rstrip('.')})"
        if isinstance(example, (str, int, float)) and not isinstance(example, bool):
            hint += f", for example `{missing}: {example}`"
        return hint

    def _type(self) -> list[Problem]:
        wanted = self.expected
        wanted_text = " or ".join(
            _TYPE_NAMES.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)
        )
        instance = self.instance
        if instance is None:
            return [
                self._problem(
                    "S003",
                    f"{self.name} is empty; it must be {wanted_text}",
                    "write a value after the colon",
                )
            ]
        message = f"{self.name} must be {wanted_text}, not {_article_type(instance)}"
        plain = self.source_map.plain.get(self.pointer)
        hint = ""
        if plain is not None and "string" in ([wanted] if isinstance(wanted, str) else wanted):
            hint = (
                f'YAML read `{plain}` as {_article_type(instance)}; quote it: "{self._quoted_meaning(plain)}"'
            )
        return [self._problem("S003", message, hint)]

    def _quoted_meaning(self, plain: str) -> str:
        """What ``plain`` evidently meant as a string: itself, or with ``.0`` added when only
        that fits the field's pattern (``version: 1.10`` meant "1.10.0")."""
        pattern = self.schema.get("pattern") if isinstance(self.schema, dict) else None
        if not isinstance(pattern, str) or _ecma_regex(pattern).search(plain):
            return plain
        return f"{plain}.0" if _ecma_regex(pattern).search(f"{plain}.0") else plain

    def _format(self) -> list[Problem]:
        value = self.instance
        kind = self.expected
        if kind == "date-time" and isinstance(value, str) and moment_or_none(value) is not None:
            if _NO_OFFSET.match(value):
                fixed = value.replace(" ", "T").replace("t", "T")
                fixed += ":00" if len(fixed) == 16 else ""
                return [
                    self._problem(
                        "S004",
                        f"{self.name} must have a UTC offset",
                        f"add an offset such as +01:00 or Z: {fixed}+01:00",
                    )
                ]
            if _DATE_ONLY.match(value):
                return [
                    self._problem(
                        "S004",
                        f"{self.name} needs a time and a UTC offset, not just a date",
                        f"write it as {value}T17:00:00+00:00 with your own time and offset",
                    )
                ]
        hints = {
            "date-time": "write an RFC 3339 date-time such as 2026-12-18T17:00:00+01:00",
            "date": "write a real calendar date as YYYY-MM-DD, such as 2026-12-01",
            "email": "write an address such as name@example.com",
            "uri": "write a full URL with its scheme, such as https://example.com/page",
            "time-zone": "use an IANA name such as Europe/Lisbon or America/Chicago",
        }
        hint = hints.get(kind, "")
        if kind == "time-zone" and isinstance(value, str):
            close = difflib.get_close_matches(value, sorted(_time_zones()), n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
        return [
            self._problem("S005", f"{_short(value)} is not a valid {_FORMAT_NAMES.get(kind, kind)}", hint)
        ]

    def _enum(self) -> list[Problem]:
        allowed = [str(option) for option in self.expected]
        value = self.instance
        if self.pointer == "/kind":
            if not isinstance(value, str):
                return []  # the type error already says what is wrong
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return [self._problem("S009", f"unknown kind {_short(value)}", hint + _kinds_hint())]
        if value is None:
            return [self._problem("S006", f"{self.name} is empty; choose one of {', '.join(allowed)}")]
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        return [
            self._problem(
                "S006", f"{self.name} must be one of {', '.join(allowed)}, not {_short(value)}", hint
            )
        ]

    def _const(self) -> list[Problem]:
        expected = self.expected
        return [self._problem("S006", f"{self.name} must be {_short(expected)}, not {_short(self.instance)}")]

    def _pattern(self) -> list[Problem]:
        if "propertyNames" in self.error.absolute_schema_path:
            key_pointer = join_pointer(self.pointer, str(self.instance))
            message = f"key {_short(self.instance)} in {self.name} is not allowed"
            hint = "use a label with letters in it"
            return [self._problem("S007", message, hint, pointer=key_pointer, key=True)]
        if self.expected == "\\S":
            return [self._problem("S007", f"{self.name} is blank", "write something after the colon")]
        description = self.schema.get("description", "") if isinstance(self.schema, dict) else ""
        hint = (
            _pattern_hints().get(self.expected) or description or f"it must match the pattern {self.expected}"
        )
        return [self._problem("S007", f"{_short(self.instance)} is not a valid {self._noun()}", hint)]

    def _noun(self) -> str:
        """What the value is, for "is not a valid …": the key, or "entry in 'key'" for list items."""
        tokens = split_pointer(self.pointer)
        if tokens and tokens[-1].isdigit():
            return f"entry in '{tokens[-2]}'" if len(tokens) > 1 else "entry"
        return tokens[-1] if tokens else "spec"

    def _range(self, message: str) -> list[Problem]:
        return [self._problem("S008", f"{self.name} {message}")]

    def _minItems(self) -> list[Problem]:  # noqa: N802
        count = self.expected
        return self._range(f"needs at least {count} item{'s' if count != 1 else ''}")

    def _maxItems(self) -> list[Problem]:  # noqa: N802
        return self._range(f"may have at most {self.expected} items")

    def _minimum(self) -> list[Problem]:
        return self._range(f"must be at least {self.expected}")

    def _maximum(self) -> list[Problem]:
        return self._range(f"must be at most {self.expected}")

    def _exclusiveMinimum(self) -> list[Problem]:  # noqa: N802
        return self._range(f"must be greater than {self.expected}")

    def _exclusiveMaximum(self) -> list[Problem]:  # noqa: N802
        return self._range(f"must be less than {self.expected}")

    def _minLength(self) -> list[Problem]:  # noqa: N802
        return self._range(f"must be at least {self.expected} characters long")

    def _maxLength(self) -> list[Problem]:  # noqa: N802
        return self._range(f"must be at most {self.expected} characters long")

    def _anyOf(self) -> list[Problem]:  # noqa: N802
        branches = self.expected
        types = [_branch_type(branch) for branch in branches]
        if all(types):
            wanted = " or ".join(dict.fromkeys(types))
            message = f"{self.name} must be {wanted}, not {_article_type(self.instance)}"
            return [self._problem("S003", message)]
        return [self._problem("S011", self._fallback_message())]

    _oneOf = _anyOf  # noqa: N815

    def _fallback_message(self) -> str:
        return f"{self.name}: {self.error.message}" if self.pointer else self.error.message


_FORMAT_NAMES = {
    "date-time": "date-time",
    "date": "date",
    "email": "email address",
    "uri": "URL",
    "time-zone": "IANA time zone",
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
    if "type" in branch and isinstance(branch["type"], str):
        return _TYPE_NAMES.get(branch["type"], branch["type"])
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


def _kinds_hint() -> str:
    return "`outsource-briefs kinds` lists the kinds"


def _resolve(root: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` followed (its own keywords win)."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#"):
        return schema
    target = _walk(root, split_pointer(ref[1:]))
    return {**target, **schema} if isinstance(target, dict) else schema


def _walk(root: Any, path: list[Any]) -> Any:
    """Follow a schema path through ``root``, looking through local ``$ref``s on the way."""
    node = root
    for part in path:
        if isinstance(node, dict) and part not in node:
            node = _resolve(root, node)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
