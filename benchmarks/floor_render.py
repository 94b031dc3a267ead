"""The render floor: read, validate and render every spec with the least work.

Usage: ``python benchmarks/floor_render.py SCHEMA PATH...`` (a PATH that is a folder means
every ``*.brief.yaml`` in it). Each file is read with ``CSafeLoader``, checked by one cached
``Draft202012Validator`` (default ``FormatChecker``) and rendered by ONE compiled Jinja2
template that writes every value of the spec as Markdown (headings, labelled lists, bullets):
no sandbox, no escaping, no provenance, no time zones (and, like ``outsource-briefs``, no
rfc3987-syntax). Prints the number of briefs and of
Markdown characters; exits 1 when a spec is invalid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jinja2
import yaml

# As `outsource-briefs` does: jsonschema would otherwise import rfc3987-syntax (when installed)
# for "iri" formats that the schema never uses, building a grammar for about 0.8 s.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from jsonschema import Draft202012Validator, FormatChecker  # noqa: E402 - after the block above

TEMPLATE = """\
{%- macro show(value, depth) -%}
{%- if value is mapping -%}
{%- for key, item in value.items() -%}
{{ "\\n" ~ "  " * depth }}- **{{ key }}**: {{ show(item, depth + 1) }}
{%- endfor -%}
{%- elif value is sequence and value is not string -%}
{%- for item in value -%}
{{ "\\n" ~ "  " * depth }}- {{ show(item, depth + 1) }}
{%- endfor -%}
{%- else -%}
{{ value }}
{%- endif -%}
{%- endmacro -%}
---
id: {{ spec.id }}
version: {{ spec.version }}
kind: {{ spec.kind }}
---

# {{ spec.title }}
{% for key, value in spec.items() if key not in ("id", "title", "version", "kind") %}

## {{ key | replace("_", " ") | capitalize }}
{% if value is mapping or (value is sequence and value is not string) -%}
{{ show(value, 0) }}
{%- else %}

{{ value }}
{%- endif %}
{% endfor %}
"""


def spec_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.brief.yaml")) if path.is_dir() else [path])
    return files


def main(argv: list[str]) -> int:
    schema_path, *paths = argv
    with open(schema_path, encoding="utf-8") as stream:
        schema = json.load(stream)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    template = jinja2.Environment(autoescape=False, keep_trailing_newline=True).from_string(TEMPLATE)
    files = spec_files(paths)
    characters = 0
    for path in files:
        with open(path, "rb") as stream:
            data = yaml.load(stream, Loader=yaml.CSafeLoader)
        if not validator.is_valid(data):
            print(f"{path}: invalid", file=sys.stderr)
            return 1
        characters += len(template.render(spec=data))
    print(f"{len(files)} briefs, {characters} characters of Markdown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
