"""Every size limit in one place; ``docs/security.md`` explains why each is what it is."""

from __future__ import annotations

#: Largest spec, base, config, roster or review file read, in bytes.
MAX_FILE_BYTES = 1_048_576

#: Deepest nesting of mappings and sequences in one file.
MAX_DEPTH = 32

#: Most values (scalars, mappings and sequences) in one file.
MAX_NODES = 50_000

#: Longest single string value, in characters.
MAX_STRING_CHARS = 100_000

#: Longest chain of ``extends`` from a spec to its furthest base.
MAX_EXTENDS_DEPTH = 8

#: Most times base files are merged into one spec (a base reached twice counts twice).
MAX_BASE_MERGES = 32

#: Most problems reported for one file while reading it (an alias bomb has thousands).
MAX_PROBLEMS_PER_FILE = 20

#: Largest integer magnitude: the range every JSON reader agrees on (2**53 - 1).
MAX_SAFE_INTEGER = 2**53 - 1

#: Most findings of one lint rule looked at in one spec; a last warning says the rest are not shown.
MAX_FINDINGS_PER_RULE = 100

#: Most cells in a table of free-form rows (rows times the different keys they use).
MAX_TABLE_CELLS = 1_000
