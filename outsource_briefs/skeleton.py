"""Write a commented spec skeleton for a kind, straight from its schema (``outsource-briefs new``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from .config import Config
from .errors import split_pointer
from .schema_check import bundle_schema
from .values import is_slug

_PLACEHOLDERS: dict[str, Any] = {"string": "TODO", "number": 0, "integer": 1, "boolean": False}
_INDENT = 2


@dataclass
class _Line:
    """One output line; ``comment_at`` is the column of its ``# `` when it is commented out."""

    indent: int
    text: str
    comment_at: int | None
    dash: bool = False

    def render(self) -> str:
        if not self.text:
            return ""
        lead = " " * (self.indent - _INDENT) + "- " if self.dash else " " * self.indent
        if self.comment_at is None:
            return lead + self.text
        return lead[: self.comment_at] + "# " + lead[self.comment_at :] + self.text


def spec_skeleton(kind: str, config: Config, *, spec_id: str | None = None, schema_url: str) -> str:
    """A spec for ``kind`` in which every field appears: required ones with example values that
    validate, optional ones commented out under their descriptions.

    :param kind: a known kind.
    :param config: the repository configuration (for user kinds).
    :param spec_id: the new brief's id (default: the schema's example id).
    :param schema_url: what the first line's ``$schema=`` points at, for editors.
    :raises KeyError: when ``kind`` is not known.
    :raises ValueError: when ``spec_id`` is not an id (lowercase letters, digits and hyphens).
    """
    if spec_id is not None and not is_slug(spec_id):
        raise ValueError(f"'{spec_id}' is not an id: lowercase letters, digits and hyphens")
    bundle = bundle_schema(config.schemas, kind)
    example: dict[str, Any] = {"kind": kind}
    if spec_id:
        example["id"] = spec_id
    lines = [
        _Line(0, f"yaml-language-server: $schema={schema_url}", 0),
        _Line(0, f"A new '{kind}' brief. Required fields hold example values: replace them.", 0),
        _Line(0, "Optional fields are commented out: uncomment and fill in the ones that help.", 0),
    ]
    _Writer(bundle, lines).mapping(_top_level(bundle, kind), example, indent=0, comment_at=None)
    return "\n".join(line.render() for line in lines).rstrip() + "\n"


def _top_level(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    """The core schema with the kind's own ``details`` and required fields folded in."""
    kind_schema = bundle["$defs"][f"kind.{kind}"]
    properties = dict(bundle["properties"])
    if "details" in kind_schema.get("properties", {}):
        properties["details"] = kind_schema["properties"]["details"]
    properties.pop("extends", None)
    required = [*bundle.get("required", []), *kind_schema.get("required", [])]
    return {"type": "object", "properties": properties, "required": list(dict.fromkeys(required))}


class _Writer:
    def __init__(self, bundle: dict[str, Any], lines: list[_Line]) -> None:
        self.bundle = bundle
        self.lines = lines

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow ``$ref`` (keeping the referring schema's own description and examples)."""
        while "$ref" in schema:
            target: Any = self.bundle
            for token in split_pointer(schema["$ref"].removeprefix("#")):
                target = target[token]
            schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
        return schema

    def mapping(
        self, schema: dict[str, Any], example: dict[str, Any], *, indent: int, comment_at: int | None
    ) -> None:
        required = set(schema.get("required", []))
        for name, declared in schema.get("properties", {}).items():
            sub = self.resolve(declared)
            filled = name in required or name in example
            column = comment_at if comment_at is not None or filled else indent
            if indent == 0:
                self.lines.append(_Line(0, "", None))
            if sub.get("description") and (column is not None or indent == 0):
                self.lines.append(_Line(indent, "# " + sub["description"], comment_at))
            value = example.get(name, _first_example(sub))
            self.field(name, sub, value, indent=indent, comment_at=column)

    def field(
        self, name: str, schema: dict[str, Any], value: Any, *, indent: int, comment_at: int | None
    ) -> None:
        kind = _type_of(schema)
        if kind == "object" and schema.get("properties"):
            self.lines.append(_Line(indent, f"{name}:", comment_at))
            child = value if isinstance(value, dict) else {}
            self.mapping(schema, child, indent=indent + _INDENT, comment_at=comment_at)
            return
        item = self.resolve(schema.get("items", {})) if kind == "array" else {}
        if kind == "array" and _type_of(item) == "object" and item.get("properties"):
            self.lines.append(_Line(indent, f"{name}:", comment_at))
            first = value[0] if isinstance(value, list) and value else {}
            start = len(self.lines)
            self.mapping(item, first, indent=indent + 2 * _INDENT, comment_at=comment_at)
            _mark_list_item(self.lines[start:])
            return
        if value is None:
            value = (
                [_first_example(item) or self.placeholder(item)]
                if kind == "array"
                else self.placeholder(schema)
            )
        self.lines.extend(_Line(indent, text, comment_at) for text in _yaml(name, value))

    def placeholder(self, schema: dict[str, Any]) -> Any:
        if "enum" in schema:
            return schema["enum"][0]
        kind = _type_of(schema)
        if kind == "object":
            required = schema.get("required", [])
            properties = schema.get("properties", {})
            return {name: self.placeholder(self.resolve(properties[name])) for name in required}
        if kind == "array":
            return [self.placeholder(self.resolve(schema.get("items", {})))]
        if kind in ("integer", "number") and "minimum" in schema:
            return schema["minimum"]
        return {"date-time": "2026-12-18T17:00:00+00:00", "date": "2026-12-01"}.get(
            schema.get("format", ""), _PLACEHOLDERS.get(kind, "TODO")
        )


def _mark_list_item(lines: list[_Line]) -> None:
    """Put the list dash on the item's first field; its description moves out to the dash."""
    for line in lines:
        if line.text.startswith("# "):
            line.indent -= _INDENT
        elif line.text:
            line.dash = True
            return


def _first_example(schema: dict[str, Any]) -> Any:
    examples = schema.get("examples")
    return examples[0] if examples else None


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    return "enum" if "enum" in schema else "string"


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _yaml(name: str, value: Any) -> list[str]:
    if isinstance(value, (dict, list)) and value:
        dumped = yaml.dump(
            {name: value}, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=96
        )
        return dumped.rstrip("\n").split("\n")
    return [f"{name}: {yaml_scalar(value)}"]


def yaml_scalar(value: Any) -> str:
    """``value`` written as a one-line YAML scalar: a string plain when YAML reads it back as
    the same string, else double-quoted; anything else as JSON (which YAML reads too)."""
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=10_000)
        plain = dumped.removesuffix("\n...\n").strip()
        return plain if plain == value else json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)
