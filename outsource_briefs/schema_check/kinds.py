"""The kinds registry: find the packaged and user kind schemas, bundle each with the core spec
schema into one self-contained document, hash it, and build its validator."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import ConfigError, Location, Problem, split_pointer
from ..values import is_slug
from .engines import SchemaCheck
from .natural import Normaliser
from .patterns import PatternError, check_pattern, schema_patterns
from .schema_paths import REFERENCES, SPEC_SCHEMA, inline_refs, subschemas, walk

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_CORE_REF = SPEC_SCHEMA + "#"
_KINDS_FOLDER = "kinds"
_SCHEMA_SUFFIX = ".schema.json"

#: Folders of user schemas (each holding ``kinds/KIND.schema.json``), searched before the
#: packaged ones: the ``schemas:`` setting of ``outsource-briefs.yaml``.
SchemaFolders = Sequence[Path]


#: The schema keyword that lists the sections a careful brief has (lint rule L012).
RECOMMENDED_KEYWORD = "x-recommended"
#: The schema keyword that lists where a kind's measurable numbers are (an article's word count,
#: a design's sizes): ``outsource-briefs criteria`` exports them for automated checks.
MEASURES_KEYWORD = "x-measures"
#: The schema keyword that holds a kind's default definition of done.
DONE_KEYWORD = "x-definition-of-done"


@dataclass(frozen=True)
class RecommendedSection:
    """A section a careful brief has: where it goes, what it is, and why it matters."""

    pointer: str
    what: str
    why: str


@dataclass(frozen=True)
class DoneItem:
    """An item of a kind's default definition of done; with ``needs`` (a JSON pointer), it
    applies only to briefs that give a value there (no "match the brand colours" without any);
    with ``about`` (words and phrases), it gives way to the brief's own acceptance criteria
    when one of them speaks of the same thing."""

    text: str
    needs: str | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSchema:
    """One kind: its name, where its schema comes from, and what its schema says about it.

    :ivar example: a whole spec of this kind (the schema's ``examples``), which ``new`` writes.
    :ivar definition_of_done: the checklist a brief of this kind shows when it has none.
    """

    name: str
    path: Path
    packaged: bool
    title: str
    description: str
    recommended: tuple[RecommendedSection, ...] = ()
    measures: tuple[str, ...] = ()
    example: dict[str, Any] | None = None
    definition_of_done: tuple[DoneItem, ...] = ()


def known_kinds(folders: SchemaFolders = ()) -> dict[str, KindSchema]:
    """Every kind: user schema folders first (they may replace a packaged kind), then packaged.

    :raises ConfigError: when a user schema file is not valid JSON or not a valid schema.
    """
    return dict(_kinds(_kind_files(folders)))


def _known(folders: SchemaFolders, kind: object) -> KindSchema | None:
    return _kinds(_kind_files(folders)).get(kind) if isinstance(kind, str) else None


def bundle_schema(folders: SchemaFolders = (), kind: str | None = None) -> dict[str, Any]:
    """One self-contained Draft 2020-12 schema for specs of ``kind`` (``None``: every kind).

    Kind schemas are placed under ``$defs`` and every reference is rewritten to point inside
    the document, so check-jsonschema and editors can use it as it is.

    :raises ConfigError: when a user schema is unusable.
    :raises KeyError: when ``kind`` is not known.
    """
    return copy.deepcopy(_bundle(_kind_files(folders), kind))


def recommended_sections(folders: SchemaFolders, kind: object) -> tuple[RecommendedSection, ...]:
    """The sections a careful brief of ``kind`` has: those of every brief (the core schema's
    ``x-recommended``), then the kind's own."""
    known = _known(folders, kind)
    return _core_recommended() + (known.recommended if known is not None else ())


@functools.cache
def _core_recommended() -> tuple[RecommendedSection, ...]:
    return _recommended(resources.packaged_schema(SPEC_SCHEMA), SPEC_SCHEMA)


def kind_measures(folders: SchemaFolders, kind: object) -> tuple[str, ...]:
    """The JSON pointers of the measurable numbers a spec of ``kind`` holds (its schema's
    ``x-measures``), such as ``/details/word_count``; none for an unknown kind."""
    known = _known(folders, kind)
    return known.measures if known is not None else ()


def example_spec(folders: SchemaFolders, kind: str) -> dict[str, Any]:
    """The values a new spec of ``kind`` starts with (``outsource-briefs new``): the kind
    schema's own example of a whole spec, else the examples of the core schema's required
    fields and of the kind's ``details``.

    :raises KeyError: when ``kind`` is not known.
    """
    files = _kind_files(folders)
    return copy.deepcopy(_example(files, kind))


def schema_hash(folders: SchemaFolders, kind: str | None) -> str:
    """SHA-256 of the canonical JSON of the bundled schema for ``kind``."""
    return _schema_hash(_kind_files(folders), kind)


def schema_version(folders: SchemaFolders) -> tuple[object, ...]:
    """A value that changes whenever a kind schema is added, removed or edited: a key for what
    callers work out from the schemas once (far cheaper than :func:`schema_hash`)."""
    return _kind_files(folders)


def spec_check(folders: SchemaFolders, kind: object) -> SchemaCheck:
    """The check of specs of ``kind``; for an unknown kind, the one for every kind (which
    reports the kind as unknown)."""
    files = _kind_files(folders)
    chosen = kind if isinstance(kind, str) and kind in _kinds(files) else None
    return _check(files, chosen)


def spec_normaliser(folders: SchemaFolders, kind: object) -> Normaliser:
    """What brings specs of ``kind`` to their full form (for an unknown kind, the schema of
    every kind says which natural forms the core fields accept)."""
    files = _kind_files(folders)
    chosen = kind if isinstance(kind, str) and kind in _kinds(files) else None
    return _normaliser(files, chosen)


# A kind's schema file as (name, path, packaged, modification time): caches below are keyed on
# these, so a long-running process sees a schema file that was added or edited.
_KindFile = tuple[str, str, bool, int]


def _kind_files(user_folders: SchemaFolders) -> tuple[_KindFile, ...]:
    if not user_folders:
        return _packaged_kind_files()
    found: dict[str, _KindFile] = {}
    for folder in user_folders:
        for name, path in _schema_files(folder / _KINDS_FOLDER):
            _confine(path, folder)
            found.setdefault(name, (name, str(path), False, path.stat().st_mtime_ns))
    for packaged in _packaged_kind_files():
        found.setdefault(packaged[0], packaged)
    return tuple(sorted(found.values()))


@functools.cache
def _packaged_kind_files() -> tuple[_KindFile, ...]:
    """The packaged kinds' files, read once: they do not change while the package is installed
    (every spec asks for them several times)."""
    return tuple(
        sorted(
            (name, str(path), True, path.stat().st_mtime_ns)
            for name, path in _schema_files(resources.schemas_dir() / _KINDS_FOLDER)
        )
    )


def _confine(path: Path, folder: Path) -> None:
    """A user kind schema must lie in its schema folder, links followed (as templates must):
    a link to a file elsewhere would have it read and printed by ``schema``."""
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise _schema_error(
            path,
            f"the kind schema leads outside its folder (to {real})",
            hint="copy the schema into the folder instead of linking to it",
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
def _kinds(files: tuple[_KindFile, ...]) -> dict[str, KindSchema]:
    """Each kind by its name; one dictionary shared by every caller, which must not change it."""
    kinds = []
    for name, path, packaged, mtime in files:
        document = _read_schema(path, mtime, packaged)
        title = str(document.get("title", name))
        description = str(document.get("description", ""))
        recommended = _recommended(document, path)
        kinds.append(
            (
                name,
                KindSchema(
                    name,
                    Path(path),
                    packaged,
                    title,
                    description,
                    recommended,
                    measures=_measures(document, path),
                    example=_whole_example(document, path),
                    definition_of_done=_definition_of_done(document, path),
                ),
            )
        )
    return dict(kinds)


@functools.cache
def _read_schema(path: str, mtime: int, packaged: bool) -> dict[str, Any]:
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
    if not packaged:  # the tests check the packaged ones
        _check_user_schema(document, path)
    return document


def _check_user_schema(document: dict[str, Any], path: str) -> None:
    """A team's schema must be a valid schema whose patterns can be matched in linear time."""
    for pointer, subschema in subschemas(document):
        if "patternProperties" in subschema:
            raise _schema_error(
                path,
                "patternProperties is not supported in a kind schema",
                hint="list the keys under properties, or check key names with propertyNames: {pattern: ...}",
                pointer=f"{pointer}/patternProperties",
            )
    for pattern, pointer in schema_patterns(document):
        try:
            check_pattern(pattern)
        except PatternError as error:
            raise _schema_error(path, f"unusable pattern: {error}", pointer=pointer) from None
    from .validator import schema_error  # noqa: PLC0415 - jsonschema loads only for a team's schemas

    found = schema_error(document)
    if found is not None:
        message, pointer = found
        raise _schema_error(path, f"not a valid schema: {message}", pointer=pointer)


def _recommended(document: dict[str, Any], path: str) -> tuple[RecommendedSection, ...]:
    entries = document.get(RECOMMENDED_KEYWORD, [])
    fields = ("pointer", "what", "why")
    well_formed = isinstance(entries, list) and all(
        isinstance(entry, dict)
        and set(entry) == set(fields)
        and all(isinstance(entry[key], str) and entry[key] for key in fields)
        and entry["pointer"].startswith("/")
        for entry in entries
    )
    if not well_formed:
        raise _schema_error(
            path,
            f"{RECOMMENDED_KEYWORD} must be a list of {{pointer, what, why}} entries",
            hint='for example [{"pointer": "/examples", "what": "examples", "why": "they show the goal"}]',
            pointer=f"/{RECOMMENDED_KEYWORD}",
        )
    return tuple(RecommendedSection(entry["pointer"], entry["what"], entry["why"]) for entry in entries)


def _measures(document: dict[str, Any], path: str) -> tuple[str, ...]:
    pointers = document.get(MEASURES_KEYWORD, [])
    if not isinstance(pointers, list) or not all(
        isinstance(pointer, str) and pointer.startswith("/details/") for pointer in pointers
    ):
        raise _schema_error(
            path,
            f"{MEASURES_KEYWORD} must be a list of JSON pointers into details",
            hint='for example ["/details/word_count", "/details/dimensions"]',
            pointer=f"/{MEASURES_KEYWORD}",
        )
    return tuple(pointers)


def _whole_example(document: dict[str, Any], path: str) -> dict[str, Any] | None:
    examples = document.get("examples")
    if examples is None:
        return None
    if not (isinstance(examples, list) and examples and isinstance(examples[0], dict)):
        raise _schema_error(
            path,
            "a kind's examples must be a list whose first entry is a whole spec of the kind",
            hint='for example [{"id": "new-flyer", "title": "…", "kind": "flyer", …}]',
            pointer="/examples",
        )
    return dict(examples[0])


def _definition_of_done(document: dict[str, Any], path: str) -> tuple[DoneItem, ...]:
    entries = document.get(DONE_KEYWORD, [])
    items = []
    for entry in entries if isinstance(entries, list) else [None]:
        if isinstance(entry, str) and entry.strip():
            items.append(DoneItem(entry))
        elif isinstance(entry, dict) and _is_done_entry(entry):
            items.append(DoneItem(entry["item"], entry.get("needs"), tuple(entry.get("about", ()))))
        else:
            raise _schema_error(
                path,
                f"{DONE_KEYWORD} must be a list of texts or {{item, needs, about}} entries",
                hint='for example ["Proofread", {"item": "Fonts match", "needs": "/details/brand", '
                '"about": ["font", "fonts"]}]',
                pointer=f"/{DONE_KEYWORD}",
            )
    return tuple(items)


def _is_done_entry(entry: dict[str, Any]) -> bool:
    """``{item, needs, about}``: the item's text, the pointer it needs, the words it is about."""
    if not set(entry) <= {"item", "needs", "about"}:
        return False
    item, needs, about = entry.get("item"), entry.get("needs", "/"), entry.get("about", [])
    return (
        isinstance(item, str)
        and bool(item.strip())
        and isinstance(needs, str)
        and needs.startswith("/")
        and isinstance(about, list)
        and all(isinstance(word, str) and word.strip() for word in about)
    )


def _schema_error(
    path: str | Path, message: str, *, hint: str = "", pointer: str = "", line: int = 1, column: int = 1
) -> ConfigError:
    problem = Problem.at(Location(str(path), line, column), "S012", message, hint=hint, pointer=pointer)
    return ConfigError(f"{path}: unusable schema", [problem])


@functools.cache
def _bundle(files: tuple[_KindFile, ...], kind: str | None) -> dict[str, Any]:
    """The bundle for ``kind`` (``None``: every kind), shared with every caller, which must not
    change it. Each bundle holds every kind's definitions; only ``allOf`` says which apply."""
    kinds = _kinds(files)
    if kind is not None and kind not in kinds:
        raise KeyError(kind)
    core = resources.packaged_schema(SPEC_SCHEMA)
    bundle: dict[str, Any] = {"$schema": DIALECT}
    bundle.update({key: value for key, value in core.items() if key != "$schema"})
    properties = core["properties"]
    bundle["properties"] = {**properties, "kind": {**properties["kind"], "enum": sorted(kinds)}}
    bundle["$defs"] = _definitions(files)
    if kind is None:
        bundle["allOf"] = [
            {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]}, "then": _kind_ref(name)}
            for name in sorted(kinds)
        ]
    else:
        bundle["allOf"] = [_kind_ref(kind)]
    return bundle


def _kind_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/kind.{name}"}


@functools.cache
def _definitions(files: tuple[_KindFile, ...]) -> dict[str, Any]:
    """The core schema's definitions and each kind's schema as ``kind.NAME``, its references
    rewritten to lead inside the bundle and checked to lead somewhere: worked out once for
    every bundle, and shared with them (read only)."""
    core = resources.packaged_schema(SPEC_SCHEMA)
    definitions = dict(core["$defs"])
    for name, path, packaged, mtime in files:
        document = _read_schema(path, mtime, packaged)
        body = {key: value for key, value in document.items() if key not in ("$schema", "$id")}
        own = f"{_KIND_DEFINITIONS}{name}"
        definition = _rewrite_refs(body, own)
        # Checked without the other kinds: a kind must not depend on one that a team may
        # replace or remove, whatever order their names sort in.
        alone = {**core, "$defs": {**core["$defs"], f"kind.{name}": definition}}
        _check_refs(alone, definition, path, own)
        definitions[f"kind.{name}"] = definition
    return definitions


#: Keywords whose value maps names (not keywords) to subschemas.
_NAMED_SUBSCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
#: Keywords whose value is data, not a schema.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", RECOMMENDED_KEYWORD})
# Below the top of a kind schema these change where its references lead, and so what a
# validator would fetch.
_BASE_KEYWORDS = ("$id", "$schema")
_REF_HINT = "refer to spec.schema.json#/$defs/NAME or to this file's own #/$defs/NAME"
#: Where a bundle keeps each kind's schema (``#/$defs/kind.NAME``).
_KIND_DEFINITIONS = "#/$defs/kind."


def _check_refs(bundle: dict[str, Any], node: Any, path: str, own: str) -> None:
    """Every reference of a kind schema leads inside the bundle, by a ``#`` pointer that leads
    somewhere, and nothing below its top sets another base: no schema is ever fetched from
    the network or read from a file. ``own`` is where the bundle keeps the kind's schema."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, list):
            pending.extend(current)
            continue
        if not isinstance(current, dict):
            continue
        for keyword in _BASE_KEYWORDS:
            if keyword in current:
                raise _schema_error(
                    path,
                    f"{keyword!r} is allowed only at the top of a kind schema",
                    hint=f"remove it; {_REF_HINT}",
                )
        for keyword in REFERENCES:
            if keyword in current:
                _check_ref(bundle, current[keyword], path, own)
        for key, value in current.items():
            if key in _NAMED_SUBSCHEMAS and isinstance(value, dict):
                pending.extend(value.values())
            elif key not in _DATA_KEYWORDS:
                pending.append(value)


def _check_ref(bundle: dict[str, Any], ref: Any, path: str, own: str) -> None:
    if not isinstance(ref, str) or not ref.startswith("#"):
        message = f"reference {ref!r} leads outside the schema; nothing is fetched or read"
    elif walk(bundle, split_pointer(ref[1:])) is not None:
        return
    elif ref.startswith(_KIND_DEFINITIONS) and ref != own and not ref.startswith(own + "/"):
        message = (
            f"reference {ref!r} leads into another kind's schema; a kind may refer only to "
            "spec.schema.json and to itself"
        )
    else:
        message = f"reference {ref!r} leads nowhere"
    raise _schema_error(path, message, hint=_REF_HINT)


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


@functools.cache
def _schema_hash(files: tuple[_KindFile, ...], kind: str | None) -> str:
    text = json.dumps(_bundle(files, kind), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _check(files: tuple[_KindFile, ...], kind: str | None) -> SchemaCheck:
    return SchemaCheck(_inlined(files, kind))


@functools.cache
def _normaliser(files: tuple[_KindFile, ...], kind: str | None) -> Normaliser:
    return Normaliser(_inlined(files, kind))


@functools.cache
def _inlined(files: tuple[_KindFile, ...], kind: str | None) -> dict[str, Any]:
    """The bundle with its references inlined, as checking and normalising read it (shared,
    read only)."""
    return inline_refs(_bundle(files, kind))


@functools.cache
def _example(files: tuple[_KindFile, ...], kind: str) -> dict[str, Any]:
    known = _kinds(files)[kind]
    if known.example is not None:
        return known.example
    bundle = _bundle(files, kind)
    example: dict[str, Any] = {}
    for name in bundle.get("required", []):
        examples = bundle["properties"].get(name, {}).get("examples")
        if examples:
            example[name] = examples[0]
    details = bundle["$defs"][f"kind.{kind}"].get("properties", {}).get("details", {}).get("examples")
    if details:
        example["details"] = details[0]
    example["kind"] = kind
    return example
