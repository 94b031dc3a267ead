"""The render floor: read, validate and render every spec with the least work.

Usage: ``python benchmarks/floor_render.py SCHEMA PATH...`` (a PATH that is a folder means
every ``*.brief.yaml`` in it). Each file is read with ``CSafeLoader``, checked by one cached
``Draft202012Validator`` (default ``FormatChecker``) and rendered by ONE compiled Jinja2
template that writes every value of the spec as Markdown (headings, labelled lists, bullets):
no sandbox, no escaping, no provenance, no time zones (and, like ``outsource-briefs``, no
rfc3987-syntax). Prints the number of briefs and of Markdown characters; exits 1 when a spec
is invalid.
"""

from __future__ import annotations

import sys

import jinja2
import yaml
from shared import floor_validator, spec_files

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


def main(argv: list[str]) -> int:
    schema_path, *paths = argv
    validator = floor_validator(schema_path)
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
