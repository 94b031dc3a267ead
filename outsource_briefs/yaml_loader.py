"""Hardened YAML: strict YAML 1.2 core data plus a map from JSON pointer to source location.

The reader walks libyaml's event stream itself instead of composing nodes, so that an alias
is refused before it is expanded, nesting is counted without recursion, and every value's
position is recorded on the way.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits, yaml_syntax
from .errors import Location, Problem, join_pointer

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE_TAG = "tag:yaml.org,2002:"
# The plain scalars that are not strings, other than numbers.
_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")
_QUOTES: frozenset[str | None] = frozenset({'"', "'"})
# libyaml gives a plain scalar the style "", PyYAML's own parser None.
_PLAIN_STYLES: frozenset[str | None] = frozenset({"", None})
# Integers written with a plus sign or leading zeros (phone numbers, postcodes) would change.
_CHANGES_WHEN_READ = re.compile(r"\+|[-]?0\d")
# A double holds 15 significant decimal digits exactly.
_FLOAT_DIGITS = 15
# Everything outside YAML's printable set (tab, line breaks, and the BOM excepted).
_FORBIDDEN_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The characters below U+0100 that _FORBIDDEN_CHAR allows, as Latin-1 bytes.
_ALLOWED_LATIN1 = bytes(byte for byte in range(256) if not _FORBIDDEN_CHAR.match(chr(byte)))
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A YAML 1.2 anchor name: any characters but white space and flow indicators.
_ANCHOR_NAME = re.compile(r"[^\s,\[\]{}]+")
# What may follow the `:` of an empty key.
_AFTER_EMPTY_KEY = frozenset({"", " ", "\t", "\r", "\n", ",", "]", "}"})

_TAG_ACCEPTS: dict[str, Any] = {
    "int": lambda value: type(value) is int,
    "float": lambda value: type(value) in (int, float),
    "bool": lambda value: type(value) is bool,
    "null": lambda value: value is None,
}

_NEED_KEY: Any = object()
_BAD_KEY: Any = object()
_MISSING: Any = object()


@dataclass
class SourceMap:
    """Where each value and each mapping key of a document came from.

    ``values`` maps a JSON pointer to the position of the value, ``keys`` to the position of
    the key that names it, ``ends`` to the position just after a scalar value. ``plain``
    keeps the source text of unquoted scalars that YAML read as something other than a
    string, for hints such as "quote it". ``texts`` holds the decoded text of every file the
    positions point into, so that nothing needs to read a file twice.
    """

    values: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    ends: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Location:
        """The best known location for ``pointer``, falling back to its nearest ancestor."""
        current = pointer
        while True:
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            found = first.get(current) or second.get(current)
            if found is not None:
                return Location(*found)
            if not current:
                return Location("", 1, 1)
            current = current.rpartition("/")[0]

    def span(self, pointer: str) -> tuple[tuple[str, int, int], tuple[str, int, int]] | None:
        """Where the scalar at ``pointer`` starts and ends, when it is a scalar of this map."""
        start, end = self.values.get(pointer), self.ends.get(pointer)
        return (start, end) if start is not None and end is not None else None

    def copy(self) -> SourceMap:
        """An independent copy (the positions themselves are immutable)."""
        return SourceMap(
            dict(self.values), dict(self.keys), dict(self.ends), dict(self.plain), dict(self.texts)
        )

    def overlay(self, other: SourceMap) -> None:
        """Take ``other``'s entries where they exist (the overriding file wins)."""
        self.values.update(other.values)
        self.keys.update(other.keys)
        self.ends.update(other.ends)
        self.plain.update(other.plain)
        self.texts.update(other.texts)

    def drop(self, pointer: str, *, subtree: bool = True) -> None:
        """Forget ``pointer`` and, with ``subtree``, everything below it (a value replaced by an
        override). A scalar has nothing below it, so dropping one is a constant-time step."""
        prefix = pointer + "/"
        for table in (self.values, self.keys, self.ends, self.plain):
            table.pop(pointer, None)
            if subtree:
                for key in [k for k in table if k.startswith(prefix)]:
                    del table[key]


@dataclass
class YamlDocument:
    """The outcome of reading one YAML file: ``data`` is ``None`` when it has errors."""

    file: str
    data: dict[str, Any] | None
    source_map: SourceMap
    problems: list[Problem]


def load_yaml(path: str | Path, *, display_name: str | None = None) -> YamlDocument:
    """Read ``path`` strictly; problems are reported with ``display_name`` (default: ``path``)."""
    name = display_name if display_name is not None else str(path)
    raw = _read_file(path, name)
    if isinstance(raw, Problem):
        return YamlDocument(name, None, SourceMap(), [raw])
    return parse_yaml(raw, name)


def load_yaml_value(path: str | Path) -> tuple[Any, SourceMap, list[Problem]]:
    """Read ``path`` as strictly as :func:`load_yaml`, for a file whose top level may be a list
    or a single value too, such as a JSON check report (JSON is read as the YAML it also is).

    :returns: the data (``None`` when there are problems), its source map, and the problems.
    """
    name = str(path)
    raw = _read_file(path, name)
    if isinstance(raw, Problem):
        return None, SourceMap(), [raw]
    text, problems = _decode(raw, name)
    if text is None:
        return None, SourceMap(), problems
    builder = _Builder(name)
    builder.build(text, mapping=False)
    if builder.problems:
        return None, builder.source_map, builder.problems
    builder.source_map.texts[name] = text
    return builder.root, builder.source_map, []


def _read_file(path: str | Path, name: str) -> bytes | Problem:
    try:
        # A named pipe or a device would block or never end: only regular files are read.
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise IsADirectoryError(0, "not a regular file")
        with open(path, "rb") as stream:
            # Enough for the size check, without allocating the whole limit for every file.
            return stream.read(min(status.st_size, limits.MAX_FILE_BYTES) + 1)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return Problem.at(
            Location(name, 1, 1),
            "Y001",
            f"cannot read the file: {reason}",
            hint="check the path and that it is a readable file",
        )


def parse_yaml(source: bytes | str, file: str = "<string>") -> YamlDocument:
    """Read YAML from bytes or text strictly (see docs/spec-format.md, "YAML is read as data")."""
    text, problems = _decode(source, file)
    if text is None:
        return YamlDocument(file, None, SourceMap(), problems)
    builder = _Builder(file)
    builder.build(text)
    if builder.problems:
        return YamlDocument(file, None, builder.source_map, builder.problems)
    builder.source_map.texts[file] = text
    return YamlDocument(file, builder.root, builder.source_map, [])


def _decode(source: bytes | str, file: str) -> tuple[str | None, list[Problem]]:
    if _too_large(source):
        return None, [
            Problem.at(
                Location(file, 1, 1),
                "Y004",
                f"the file is larger than {limits.MAX_FILE_BYTES:,} bytes",
                hint="split it, or move long material to a resource and link to it",
            )
        ]
    if isinstance(source, bytes):
        if source.startswith(_UTF16_32_BOMS):
            return None, [
                Problem.at(
                    Location(file, 1, 1),
                    "Y002",
                    "the file is UTF-16 or UTF-32, not UTF-8",
                    hint="save it as UTF-8",
                )
            ]
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as error:
            return None, [_undecodable(source, error, file)]
    else:
        text = source
    text = text.removeprefix("\ufeff")
    bad = _first_forbidden(text)
    if bad is not None:
        return None, [
            Problem.at(
                _position(text, bad.start(), file),
                "Y003",
                f"control character U+{ord(bad.group()):04X} is not allowed",
                hint="delete it; it is invisible in most editors",
            )
        ]
    return text, []


def _first_forbidden(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that YAML does not allow. Most texts hold only Latin-1
    characters: deleting the allowed ones as bytes answers for those far quicker than the
    pattern, which then runs only to find where a forbidden one is."""
    try:
        rest = text.encode("latin-1").translate(None, _ALLOWED_LATIN1)
    except UnicodeEncodeError:
        return _FORBIDDEN_CHAR.search(text)
    return _FORBIDDEN_CHAR.search(text) if rest else None


def _too_large(source: bytes | str) -> bool:
    if isinstance(source, bytes):
        return len(source) > limits.MAX_FILE_BYTES
    # UTF-8 takes at most 4 bytes a character: a short text needs no encoding to be measured.
    return (
        len(source) > limits.MAX_FILE_BYTES // 4
        and len(source.encode("utf-8", "surrogatepass")) > limits.MAX_FILE_BYTES
    )


def _undecodable(raw: bytes, error: UnicodeDecodeError, file: str) -> Problem:
    before = raw[: error.start].decode("utf-8", "replace")
    return Problem.at(
        _position(before, len(before), file),
        "Y002",
        f"byte 0x{raw[error.start]:02X} is not valid UTF-8",
        hint="save the file as UTF-8",
    )


def _position(text: str, index: int, file: str) -> Location:
    """Line and column of ``text[index]``; a line ends with LF, CR LF or a lone CR, as in YAML."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    column = index - (breaks[-1].end() if breaks else 0) + 1
    return Location(file, len(breaks) + 1, column)


class _Frame:
    __slots__ = (
        "child_pointer",
        "container",
        "flow",
        "indent",
        "is_map",
        "key",
        "opened",
        "outer",
        "pointer",
    )

    def __init__(
        self, container: Any, pointer: str | None, is_map: bool, flow: bool, indent: int | None
    ) -> None:
        self.container = container
        self.pointer = pointer
        self.is_map = is_map
        self.key: Any = _NEED_KEY
        self.child_pointer: str | None = None
        self.flow = flow
        #: A block collection: the indentation a multi-line flow value inside it needs, one
        #: more than the collection's own (None: not known when it starts, after a tag).
        self.indent = indent
        #: A flow collection: the collection around it and, when no flow collection is around
        #: it, where it starts (index, line).
        self.outer: _Frame | None = None
        self.opened: tuple[int, int] | None = None

    def add(self, value: Any) -> str | None:
        """Put ``value`` in the next place: the next item of a sequence, or the value of the
        key just read in a mapping. Its pointer, when it has one."""
        if not self.is_map:
            self.container.append(value)
            return None if self.pointer is None else f"{self.pointer}/{len(self.container) - 1}"
        if self.key is not _BAD_KEY:
            self.container[self.key] = value
        self.key = _NEED_KEY
        return self.child_pointer


class _Builder:
    """Turns an event stream into JSON data, a source map and problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.root: Any = _MISSING
        self.source_map = SourceMap()
        self.problems: list[Problem] = []
        self._stack: list[_Frame] = []
        #: Quoted scalars and flow collections that span lines: where they start and end, the
        #: collection around them, and whether they are a flow collection (see yaml_syntax).
        self._spans: list[tuple[int, int, _Frame | None, bool]] = []
        #: The styles of the scalars :meth:`_multiline` looks at: quoted ones, and plain
        #: ones too in a text with tabs.
        self._spanning_styles: frozenset[str | None] = _QUOTES

    def build(self, text: str, *, mapping: bool = True) -> None:
        """Read ``text``; with ``mapping``, its top level must be a mapping."""
        plan = yaml_syntax.prepare(text)
        if plan.tabs:
            self._spanning_styles = _QUOTES | _PLAIN_STYLES
        parse_text = plan.text
        fixes: dict[tuple[int, int], str] = {}
        found: list[yaml_syntax.Found] = []
        if plan.slow:
            parse_text, fixes, found = yaml_syntax.verify(plan, _events, 2 * limits.MAX_NODES)
        stop: Problem | None = None
        try:
            self._read(parse_text, fixes)
        except yaml.MarkedYAMLError as error:
            stop = self._syntax_error(text, error)
        except yaml.YAMLError as error:
            where = _position(text, getattr(error, "position", 0) or 0, self.file)
            stop = Problem.at(where, "Y005", f"YAML error: {error}", hint="")
        if self._spans:
            spans = [(start, end, self._flow_indent(frame), flow) for start, end, frame, flow in self._spans]
            found += yaml_syntax.continuation_problems(text, spans)
        if found:
            stop = self._first_missed(text, found, stop)
        if stop is not None:
            where = Location(self.file, stop.line, stop.column)
            self._report(where, stop.code, stop.message, stop.hint or "")
        if self.problems:
            return
        if self.root is _MISSING:
            self._report(
                Location(self.file, 1, 1),
                "Y007",
                "the file is empty",
                "write the spec as a mapping of keys, starting with `id:`" if mapping else "",
            )
        elif mapping and not isinstance(self.root, dict):
            self._report(
                Location(self.file, 1, 1),
                "Y007",
                f"the top level must be a mapping of keys, not a {_type_name(self.root)}",
                "write `key: value` lines at the top level",
            )

    def _first_missed(self, text: str, found: list[yaml_syntax.Found], stop: Problem | None) -> Problem:
        """The first syntax error that libyaml missed, unless libyaml's own error (``stop``)
        comes first. What was read after it is not reliable: later problems are dropped."""
        index, message, hint = min(found)
        where = _position(text, index, self.file)
        if stop is not None and (stop.line, stop.column) < (where.line, where.column):
            return stop
        self.problems = [problem for problem in self.problems if (problem.line, problem.column) < where[1:]]
        return Problem.at(where, "Y005", f"YAML syntax error: {message}", hint=hint)

    def _syntax_error(self, text: str, error: yaml.MarkedYAMLError) -> Problem:
        """The problem for an error libyaml reports, in YAML 1.2's words where they differ."""
        at_end = "end of stream" in (error.problem or "") or _at_end(text, error.problem_mark)
        # An unclosed quote or bracket is reported where it was opened, not at the end.
        mark = (error.context_mark if at_end else None) or error.problem_mark or error.context_mark
        where = self._here(mark) if mark is not None else Location(self.file, 1, 1)
        if at_end and (mark is None or _at_end(text, mark)):
            where = _last_opening(text, self.file)
        message = error.problem or error.context or "invalid YAML"
        if "nesting depth" in message:  # libyaml's own limit (PyYAML 6.0.4), far above ours
            deep = f"values are nested more than {limits.MAX_DEPTH} levels deep"
            return Problem.at(where, "Y013", deep, hint="flatten the structure")
        translated = _yaml_12_words(text, error)
        if translated is not None:
            position, code, message, hint = translated
            return Problem.at(self._here(position), code, message, hint=hint)
        line = _line_at(text, where)
        opened = line[where.column - 1 : where.column] in ("[", "{", '"', "'")
        hint = (
            "this quote or bracket is never closed"
            if at_end and opened and error.context_mark is not None
            else _syntax_hint(message, line, where.column)
        )
        return Problem.at(where, "Y005", f"YAML syntax error: {message}", hint=hint)

    def _read(self, text: str, fixes: dict[tuple[int, int], str]) -> None:
        with _event_stream(text) as events:
            self._consume(_fixed(events, fixes) if fixes else events)

    def _consume(self, events: Iterator[Any]) -> None:
        documents = 0
        nodes = 0
        node, alias, scalar, collection = self._node, self._alias, self._scalar_node, self._collection_node
        pop, spans = self._stack.pop, self._spans
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        most = limits.MAX_NODES
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                scalar(event)
            elif kind in starts:
                if not collection(event):
                    return
            elif kind in ends:
                frame = pop()
                if frame.flow and frame.opened is not None and frame.opened[1] != event.end_mark.line:
                    spans.append((frame.opened[0], event.end_mark.index, frame, True))
                continue
            elif kind is alias_event:
                node(event, alias)
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self._report(
                            self._here(event.start_mark),
                            "Y006",
                            "a spec file holds one YAML document; this is a second one",
                            "remove the `---` line and what follows, or move it to its own file",
                        )
                        return
                continue
            nodes += 1
            if nodes > most:
                self._report(
                    self._here(event.start_mark),
                    "Y014",
                    f"the file has more than {limits.MAX_NODES:,} values",
                    "split it into smaller files",
                )
                return

    def _scalar_node(self, event: Any) -> None:
        """A scalar in a collection, with no anchor or tag and nothing wrong with its text, is
        nearly every node of a spec: it takes this short path, which does what :meth:`_node`,
        :meth:`_scalar` and :meth:`_attach` would, with fewer calls. The rest goes through
        :meth:`_node`."""
        stack = self._stack
        text: str = event.value
        style = event.style
        if (
            not stack
            or event.anchor is not None
            or event.tag is not None
            or len(text) > limits.MAX_STRING_CHARS
            or (style == '"' and _FORBIDDEN_CHAR.search(text) is not None)
        ):
            self._node(event, self._scalar)
            return
        if style in self._spanning_styles:
            self._multiline(event)
        file = self.file
        mark = event.start_mark
        position = (file, mark.line + 1, mark.column + 1)
        value = self._plain(text, position) if event.implicit[0] else text
        parent = stack[-1]
        if parent.is_map and parent.key is _NEED_KEY:
            if type(value) is not str or value == "<<" or value in parent.container or parent.pointer is None:
                # Refused or repeated, or under a refused key.
                parent.key = self._key(parent, value, position, event)
                return
            key_pointer = parent.child_pointer = join_pointer(parent.pointer, value)
            self.source_map.keys[key_pointer] = position
            parent.key = value
            return
        pointer = parent.add(value)
        if pointer is not None:
            source_map = self.source_map
            source_map.values[pointer] = position
            end = event.end_mark
            if end is not None:
                source_map.ends[pointer] = (file, end.line + 1, end.column + 1)
            if type(value) is not str:
                source_map.plain[pointer] = text

    def _collection_node(self, event: Any) -> bool:
        """A block mapping or sequence that is a value, with no anchor or tag and not too deep,
        takes a short path; the rest goes through :meth:`_node`. False: reading stops."""
        stack = self._stack
        parent = stack[-1] if stack else None
        if (
            parent is None
            or (parent.is_map and parent.key is _NEED_KEY)
            or event.anchor is not None
            or event.tag is not None
            or event.flow_style
            or len(stack) >= limits.MAX_DEPTH
        ):
            return self._node(event, self._collection)
        mark = event.start_mark
        position = (self.file, mark.line + 1, mark.column + 1)
        is_map = type(event) is yaml.MappingStartEvent
        container: Any = {} if is_map else []
        pointer = parent.add(container)
        if pointer is not None:
            self.source_map.values[pointer] = position
        # Its first entry's column, plus one (see _Frame.indent).
        stack.append(_Frame(container, pointer, is_map, False, position[2]))
        return True

    def _node(self, event: Any, make: Any) -> bool:
        mark = event.start_mark
        position = (self.file, mark.line + 1, mark.column + 1)
        if event.anchor is not None and type(event) is not yaml.AliasEvent:
            self._report(
                Location(*position),
                "Y011",
                f"anchor '&{event.anchor}' is not allowed",
                "write the value out in full, or move shared parts to a base file (`extends`)",
            )
        parent = self._stack[-1] if self._stack else None
        if parent is None:
            pointer: str | None = ""
        elif parent.is_map:
            pointer = None if parent.key is _NEED_KEY else parent.child_pointer
        elif parent.pointer is None:
            pointer = None
        else:
            pointer = join_pointer(parent.pointer, len(parent.container))
        value = make(event, position, pointer)
        if value is _MISSING:
            return False
        if pointer is not None:
            self.source_map.values[pointer] = position
            end = event.end_mark
            if type(event) is yaml.ScalarEvent and end is not None:
                self.source_map.ends[pointer] = (self.file, end.line + 1, end.column + 1)
        self._attach(parent, value, position, event)
        return True

    def _multiline(self, event: Any) -> None:
        """Remember a quoted scalar (or, in a text with tabs, a plain one) that spans lines,
        for the check of its following lines' indentation (see ``yaml_syntax``)."""
        start, end = event.start_mark, event.end_mark
        if end is not None and end.line != start.line:
            frame = self._stack[-1] if self._stack else None
            self._spans.append((start.index, end.index, frame, False))

    def _flow_indent(self, frame: _Frame | None) -> int:
        """The indentation the following lines of a flow value inside ``frame`` need: one
        more than the block collection around it (none: the value is the whole document)."""
        while frame is not None and frame.flow:
            frame = frame.outer
        if frame is None:
            return 0
        if frame.indent is None and frame.pointer is not None and frame.container:
            # A block collection with a tag starts at the tag: its first entry shows its column.
            if frame.is_map:
                first = self.source_map.keys.get(join_pointer(frame.pointer, next(iter(frame.container))))
                frame.indent = first[2] if first else None
            else:
                first = self.source_map.values.get(join_pointer(frame.pointer, 0))
                frame.indent = first[2] - 2 if first else None
        return frame.indent or 0

    def _attach(self, parent: _Frame | None, value: Any, position: Any, event: Any) -> None:
        if parent is None:
            self.root = value
        elif parent.is_map and parent.key is _NEED_KEY:
            parent.key = self._key(parent, value, position, event)
        else:
            parent.add(value)

    def _key(self, parent: _Frame, key: Any, position: Any, event: Any) -> Any:
        if type(event) is yaml.ScalarEvent and event.value == "<<" and event.implicit[0]:
            self._report(
                Location(*position),
                "Y011",
                "merge keys (`<<`) are not allowed",
                "write the keys out in full, or use `extends` with a base file",
            )
            return _BAD_KEY
        if not isinstance(key, str):
            if type(event) is yaml.AliasEvent:
                return _BAD_KEY  # refused as an alias (Y011)
            if type(event) is yaml.ScalarEvent:
                message = f"key {event.value!r} is read as a {_type_name(key)}, not as text"
                hint = f'quote it: "{event.value}"'
            else:
                message = f"a {_type_name(key)} is used as a key"
                hint = "keys are plain words or phrases"
            self._report(Location(*position), "Y009", message, hint)
            return _BAD_KEY
        pointer = None if parent.pointer is None else join_pointer(parent.pointer, key)
        if key in parent.container:
            first = self.source_map.keys.get(pointer or "")
            self._report(
                Location(*position),
                "Y008",
                f"duplicate key '{key}'",
                f"it is already set on line {first[1]}; keep one" if first else "keep one",
            )
            parent.child_pointer = None
            return _BAD_KEY
        parent.child_pointer = pointer
        if pointer is not None:
            self.source_map.keys[pointer] = position
        return key

    def _collection(self, event: Any, position: Any, pointer: str | None) -> Any:
        is_map = type(event) is yaml.MappingStartEvent
        expected = _CORE_TAG + ("map" if is_map else "seq")
        if event.tag not in (None, "!", expected):
            self._report_tag(event.tag, position)
        if len(self._stack) >= limits.MAX_DEPTH:
            self._report(
                Location(*position),
                "Y013",
                f"values are nested more than {limits.MAX_DEPTH} levels deep",
                "flatten the structure",
            )
            return _MISSING
        container: Any = {} if is_map else []
        if event.flow_style:
            frame = _Frame(container, pointer, is_map, True, None)
            frame.outer = self._stack[-1] if self._stack else None
            if frame.outer is None or not frame.outer.flow:
                frame.opened = (event.start_mark.index, event.start_mark.line)
        else:
            # Its first entry's column, plus one; a tag or an anchor comes before it.
            indent = position[2] if event.tag is None and event.anchor is None else None
            frame = _Frame(container, pointer, is_map, False, indent)
        self._stack.append(frame)
        return container

    def _alias(self, event: Any, position: Any, pointer: str | None) -> Any:
        self._report(
            Location(*position),
            "Y011",
            f"alias '*{event.anchor}' is not allowed",
            "write the value out in full, or move shared parts to a base file (`extends`)",
        )
        return None

    def _scalar(self, event: Any, position: Any, pointer: str | None) -> Any:
        text: str = event.value
        style = event.style
        if style in self._spanning_styles:
            self._multiline(event)
        # Only a double-quoted string can spell a control character (as an escape such as "\0");
        # everything else was checked in the source text.
        bad = _FORBIDDEN_CHAR.search(text) if style == '"' else None
        if bad is not None:
            # Written as an escape such as "\0" or "\e" in a double-quoted string.
            self._report(
                Location(*position),
                "Y003",
                f"control character U+{ord(bad.group()):04X} is not allowed",
                hint="remove the escape sequence that writes it",
            )
            return text
        if len(text) > limits.MAX_STRING_CHARS:
            self._report(
                Location(*position),
                "Y015",
                f"a string is longer than {limits.MAX_STRING_CHARS:,} characters",
                "link to long material as a resource instead of pasting it",
            )
            return text
        tag = event.tag
        if tag is None:
            if not event.implicit[0]:
                return text
            value = self._plain(text, position)
            if pointer is not None and type(value) is not str:
                self.source_map.plain[pointer] = text
            return value
        if tag == "!":
            return text
        return self._tagged(tag, text, position)

    def _plain(self, text: str, position: Any) -> Any:
        if not text or text[0] in _NUMBER_START:
            return self._number(text, position)
        return _WORDS.get(text, text)

    def _number(self, text: str, position: Any) -> Any:
        """A plain scalar that may be a number (the empty one is null)."""
        if _INT.fullmatch(text):
            if len(text.lstrip("+-0")) > 16:
                return self._unrepresentable(text, position)
            if _CHANGES_WHEN_READ.match(text):
                return self._changes_when_read(text, position)
            return self._integer(text, text, 10, position)
        if _OCT.fullmatch(text):
            return self._integer(text, text[2:], 8, position)
        if _HEX.fullmatch(text):
            return self._integer(text, text[2:], 16, position)
        if _FLOAT.fullmatch(text):
            return self._float(text, position)
        if _SPECIAL_FLOAT.fullmatch(text):
            return self._unrepresentable(text, position)
        return _WORDS.get(text, text)

    def _integer(self, text: str, digits: str, base: int, position: Any) -> Any:
        # Refuse by length before int() so a 5,000-digit number costs nothing.
        if len(digits.lstrip("+-0")) > 16:
            return self._unrepresentable(text, position)
        number = int(digits, base)
        if abs(number) > limits.MAX_SAFE_INTEGER:
            return self._unrepresentable(text, position)
        return number

    def _float(self, text: str, position: Any) -> Any:
        mantissa = text.lower().partition("e")[0]
        significant = mantissa.lstrip("+-").replace(".", "").lstrip("0").rstrip("0")
        if len(significant) > _FLOAT_DIGITS:
            return self._unrepresentable(text, position)
        number = float(text)
        if math.isinf(number) or (number == 0 and significant):
            return self._unrepresentable(text, position)
        return number

    def _changes_when_read(self, text: str, position: Any) -> Any:
        self._report(
            Location(*position),
            "Y016",
            f"{text} would be read as the number {int(text)}, losing its "
            + ("plus sign" if text.startswith("+") else "leading zeros"),
            f'quote it to keep it as written: "{text}"',
        )
        return None

    def _unrepresentable(self, text: str, position: Any) -> Any:
        shown = text if len(text) <= 24 else text[:20] + "…"
        self._report(
            Location(*position),
            "Y012",
            f"number {shown} cannot be represented exactly in JSON",
            f"JSON numbers are finite, hold about {_FLOAT_DIGITS} significant digits, and whole "
            f'numbers lie within ±{limits.MAX_SAFE_INTEGER:,}; quote it to keep it as text: "{shown}"',
        )
        return None

    def _tagged(self, tag: str, text: str, position: Any) -> Any:
        name = tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else None
        if name == "str":
            return text
        accepts = _TAG_ACCEPTS.get(name or "")
        if accepts is not None:
            value = self._plain(text, position)
            if accepts(value):
                return float(value) if name == "float" else value
            self._report(
                Location(*position),
                "Y010",
                f"{text!r} is not a valid !!{name}",
                "remove the tag, or write a value of that type",
            )
            return None
        self._report_tag(tag, position)
        return text

    def _report_tag(self, tag: str, position: Any) -> None:
        shown = "!!" + tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else tag
        self._report(
            Location(*position),
            "Y010",
            f"tag '{shown}' is not allowed; specs hold plain data only",
            "remove the tag",
        )

    def _here(self, mark: Any) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)

    def _report(self, where: Location, code: str, message: str, hint: str) -> None:
        if len(self.problems) < limits.MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem.at(where, code, message, hint=hint))


def _fixed(events: Iterator[Any], fixes: dict[tuple[int, int], str]) -> Iterator[Any]:
    """The events, with the scalar values YAML 1.2 reads differently corrected."""
    for event in events:
        if type(event) is yaml.ScalarEvent:
            mark: Any = event.start_mark
            value = fixes.get((mark.line, mark.column))
            if value is not None:
                event.value = value
        yield event


def _yaml_12_words(text: str, error: yaml.MarkedYAMLError) -> tuple[Any, str, str, str] | None:
    """What YAML 1.2 says where libyaml refuses valid text that the loader refuses too: an
    anchor or alias with characters libyaml does not allow (Y011) and an empty key (Y009)."""
    context, problem = error.context_mark, error.problem_mark
    if context is None or problem is None:
        return None
    if error.context in ("while scanning an anchor", "while scanning an alias"):
        name = _ANCHOR_NAME.match(text, context.index + 1)
        if name is None or text[context.index : context.index + 1] not in ("&", "*"):
            return None
        kind = "anchor" if text[context.index] == "&" else "alias"
        shown = text[context.index] + name.group()
        shown = shown if len(shown) <= 40 else shown[:36] + "…"
        hint = "write the value out in full, or move shared parts to a base file (`extends`)"
        return context, "Y011", f"{kind} '{shown}' is not allowed", hint
    after = text[problem.index + 1 : problem.index + 2]
    empty_key = text[problem.index : problem.index + 1] == ":" and after in _AFTER_EMPTY_KEY
    if empty_key and (
        (error.problem == "did not find expected key" and context.column == problem.column)
        or (error.problem == "did not find expected node content" and context.index == problem.index)
    ):
        return problem, "Y009", "a key is empty: nothing comes before ':'", "write the key before the colon"
    return None


@contextlib.contextmanager
def _event_stream(text: str) -> Iterator[Iterator[Any]]:
    """The parser's events of ``text``, straight from the parser (which gives None after the
    end of the stream), while the parser lasts."""
    parser = _Parser(text)
    try:
        yield iter(parser.get_event, None)
    finally:
        parser.dispose()


def _events(text: str) -> Iterator[Any]:
    with _event_stream(text) as events:
        yield from events


def _at_end(text: str, mark: Any) -> bool:
    """Whether a parser mark lies after the last character that is not white space."""
    if mark is None:
        return False
    remaining = _LINE_BREAK.split(text)[mark.line :]
    if not remaining:
        return True
    remaining[0] = remaining[0][mark.column :]
    return not "".join(remaining).strip()


def _last_opening(text: str, file: str) -> Location:
    """Where the last bracket or quote was opened, or else the last line with content."""
    lines = _LINE_BREAK.split(text)
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        if line.strip() and not line.lstrip().startswith("#"):
            found = max(line.rfind(char) for char in "[{\"'")
            column = found + 1 if found >= 0 else len(line) - len(line.lstrip()) + 1
            return Location(file, number, column)
    return Location(file, 1, 1)


def _line_at(text: str, where: Location) -> str:
    lines = _LINE_BREAK.split(text, where.line)
    return lines[where.line - 1] if where.line <= len(lines) else ""


def _syntax_hint(message: str, line: str, column: int) -> str:
    if "tab" in message or line[column - 1 : column] == "\t":
        if "\t" in line and not line.strip(" \t"):
            return yaml_syntax.TAB_IN_BLANK_LINE_HINT
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "quote a value that contains ': ', or fix the indentation"
    if "could not find expected ':'" in message:
        return "check the indentation and that every key ends with ':'"
    return "check the indentation and quoting near this position"


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "number"
    return "string"
