"""The validation floor on jsonschema-rs: the least work that checks specs against the bundled
schema with a validator written in Rust.

Usage: ``python benchmarks/floor_validate_rs.py SCHEMA PATH...`` (a PATH that is a folder means
every ``*.brief.yaml`` in it). Each file is read with PyYAML's libyaml ``CSafeLoader`` and
checked by one ``jsonschema_rs.Draft202012Validator`` that asserts formats with the same checks
as ``outsource-briefs`` (``floor_formats``): no source positions, no ``extends``, no messages, no
lint. Prints the number of files and of schema errors; exits 1 when any file is invalid.
"""

from __future__ import annotations

import json
import sys

import jsonschema_rs
from floor_formats import FORMATS
from shared import count_errors


def main(argv: list[str]) -> int:
    schema_path, *paths = argv
    with open(schema_path, encoding="utf-8") as stream:
        schema = json.load(stream)
    validator = jsonschema_rs.Draft202012Validator(schema, formats=FORMATS, validate_formats=True)
    return count_errors(validator.iter_errors, paths)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
