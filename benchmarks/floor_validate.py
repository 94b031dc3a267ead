"""The validation floor: the least work that checks specs against the bundled schema.

Usage: ``python benchmarks/floor_validate.py SCHEMA PATH...`` (a PATH that is a folder means
every ``*.brief.yaml`` in it). Each file is read with PyYAML's libyaml ``CSafeLoader`` and
checked by one cached ``Draft202012Validator`` with the default ``FormatChecker``: no source
positions, no ``extends``, no messages, no lint, and (like ``outsource-briefs``) without
jsonschema's optional rfc3987-syntax. Prints the number of files and of schema errors; exits 1
when any file is invalid.
"""

from __future__ import annotations

import sys

import yaml
from shared import floor_validator, spec_files


def main(argv: list[str]) -> int:
    schema_path, *paths = argv
    validator = floor_validator(schema_path)
    files = spec_files(paths)
    errors = 0
    for path in files:
        with open(path, "rb") as stream:
            data = yaml.load(stream, Loader=yaml.CSafeLoader)
        errors += sum(1 for _ in validator.iter_errors(data))
    print(f"{len(files)} files, {errors} schema errors")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
