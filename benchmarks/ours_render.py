"""Render every spec with the public API in one process: ``load_spec`` then ``render_brief``.

Usage: ``python benchmarks/ours_render.py PATH...`` (a PATH that is a folder means every
``*.brief.yaml`` in it). ``render_brief`` validates each spec first (without lint), as the
``render`` command does. Prints the number of briefs and of Markdown characters; exits 1 on the
first spec that cannot be rendered.
"""

from __future__ import annotations

import sys

# First: `shared` keeps jsonschema, which outsource_briefs imports, from importing rfc3987-syntax
# (about 0.8 s), as the `outsource-briefs` command and the floors do. The public API alone does not.
from shared import spec_files

from outsource_briefs import BriefError, load_spec, render_brief


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
