"""What the scripts that ``run.py`` times share. It imports nothing that they do not import anyway.

Import it before anything that imports jsonschema: it keeps jsonschema from importing the
optional checkers of formats that the schema never uses, as ``outsource-briefs`` does (the
same modules as its ``cli._UNUSED_FORMAT_CHECKERS``). When installed, jsonschema imports
rfc3987-syntax for "iri" formats, and it builds a grammar for about 0.8 s.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

for _unused in ("rfc3987_syntax", "rfc3987", "isoduration", "webcolors", "uri_template", "fqdn", "idna"):
    sys.modules.setdefault(_unused, None)  # type: ignore[arg-type]


def spec_files(paths: list[str]) -> list[Path]:
    """The files in ``paths``, where a folder means every ``*.brief.yaml`` in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.brief.yaml")) if path.is_dir() else [path])
    return files


def count_errors(iter_errors: Callable[[Any], Iterable[Any]], paths: list[str]) -> int:
    """The floors' work: read every spec in ``paths`` with libyaml's ``CSafeLoader``, count
    the errors ``iter_errors`` finds in each, and print the totals. Returns the exit code: 1
    when there are errors."""
    files = spec_files(paths)
    errors = 0
    for path in files:
        with open(path, "rb") as stream:
            data = yaml.load(stream, Loader=yaml.CSafeLoader)
        errors += sum(1 for _ in iter_errors(data))
    print(f"{len(files)} files, {errors} schema errors")
    return 1 if errors else 0


def floor_validator(schema_path: str) -> Draft202012Validator:
    """The floors' one cached validator: ``Draft202012Validator`` with the default ``FormatChecker``."""
    import json  # noqa: PLC0415 - imports stay below the rfc3987-syntax guard above

    from jsonschema import Draft202012Validator, FormatChecker  # noqa: PLC0415 - the same

    with open(schema_path, encoding="utf-8") as stream:
        schema = json.load(stream)
    return Draft202012Validator(schema, format_checker=FormatChecker())
