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

from shared import count_errors, floor_validator


def main(argv: list[str]) -> int:
    schema_path, *paths = argv
    return count_errors(floor_validator(schema_path).iter_errors, paths)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
