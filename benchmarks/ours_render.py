"""Render every spec with the public API in one process: ``load_spec`` then ``render_brief``.

Usage: ``python benchmarks/ours_render.py PATH...`` (a PATH that is a folder means every
``*.brief.yaml`` in it). ``render_brief`` validates each spec first (without lint), as the
``render`` command does. Prints the number of briefs and of Markdown characters; exits 1 on the
first spec that cannot be rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

# As the `outsource-briefs` command does (and as the floor does): jsonschema would otherwise
# import rfc3987-syntax (when installed) for "iri" formats that specs never use, building a
# grammar for about 0.8 s. The public API alone does not do this; the report says what it costs.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from outsource_briefs import BriefError, load_spec, render_brief  # noqa: E402 - after the block above


def spec_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.brief.yaml")) if path.is_dir() else [path])
    return files


def main(argv: list[str]) -> int:
    files = spec_files(argv)
    characters = 0
    for path in files:
        try:
            characters += len(render_brief(load_spec(path)).markdown)
        except BriefError as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
    print(f"{len(files)} briefs, {characters} characters of Markdown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
