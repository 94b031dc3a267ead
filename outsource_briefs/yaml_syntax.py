"""YAML 1.2 syntax around libyaml, whose scanner follows YAML 1.1 in a few places.

libyaml refuses some valid YAML 1.2 (tabs that pasted text brings: a block scalar whose first
line starts with a tab, a blank line holding a tab, a tab after ``-``), misreads some
(``[?x]``, a block scalar's last line with no line break after it) and accepts some invalid
YAML (a comment with no space before ``#``, continuation lines that are not indented,
``[-]``). This module keeps libyaml and corrects what it gets wrong:

- :func:`prepare` writes the text libyaml reads: the source with characters replaced one for
  one, so that every line and column stays where it was (and a line break added at the end
  when the last line has none). A tab libyaml refuses becomes a space; a `?` or `:` that
  starts a plain scalar in a flow collection, and a tab that starts a block scalar's first
  line, become a placeholder character. It also finds the `#` and `-` characters the
  checks below look at. Each step is a scan at the speed of the regular expression engine
  that runs only when the text holds what it looks for (a tab, a bracket, a `#`).
- :func:`verify` reads the events of that text, compares every scalar with the source and
  returns the values to correct: a scalar that changed in another way than a placeholder is
  given back its source text and read again (at most three readings; if the text has still
  not settled, the source is read as written).
- :func:`continuation_problems` checks that the lines of a quoted scalar or a flow collection
  that spans lines are indented as YAML 1.2 requires.

Every step is linear in the length of the text and never raises.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

#: A syntax problem: the index in the text where it is, its message and its hint.
Found = tuple[int, str, str]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Blank lines, comment lines and document end markers before any content.
_LEADING = re.compile(
    r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)|\.\.\.(?:[ \t]+(?:#[^\r\n]*)?)?(?:\r\n|\r|\n|\Z))*"
)
_DOCUMENT_END = re.compile(r"(?<![^\r\n])\.\.\.")
# A block scalar header at the end of its line: `|`, `>-`, `|2+`, with an optional comment.
_HEADER = re.compile(
    r"(?<![^ \t\r\n])([|>])([1-9][-+]?|[-+][1-9]?)?[ \t]*(?:(?<=[ \t])#[^\r\n]*)?(?=[\r\n]|\Z)"
)
# The first character of the next line that holds more than spaces.
_CONTENT = re.compile(r"(?<![^\r\n]) *[^ \r\n]")
# A run of blanks followed by a comment or the end of the line: a blank or comment line, or
# the blanks before a comment. It starts only where a run starts, and is possessive, so that
# each run is read once.
_BLANKS_BEFORE_END = re.compile(r"(?<![ \t])[ \t]++(?=#|[\r\n]|\Z)")
# Blanks with a tab after a block indicator at the start of a line (`-\tfirst`, `- -\tx`).
_INDICATOR_TAB = re.compile(r"(?<![^\r\n]) *(?:[-?:] +)*[-?:] *\t[ \t]*(?:[-?:][ \t]+)*")
# A `?` or `:` followed by a plain character where a flow node starts: after `[`, `{`, `,`,
# an indicator, a property or at the start of a line; or after the `:` of a JSON-like key.
# A property starts only after a blank, a line break or a flow indicator, and holds no flow
# indicator (as in YAML), so that each character is read by one property at most.
_FLOW_PLAIN = re.compile(
    r"(?:[\[{,]|[?:][ \t]|(?<=[\"'\]}]):|(?<![^ \t\r\n\[{,])[!&][^ \t\r\n,\[\]{}]*+[ \t]|(?<![^\r\n]))"
    r"[ \t]*+([?:])(?=[^\s,\[\]{}])"
)
# Inside a plain scalar in a flow collection, `:?` is text (`[a:?b]`); libyaml refuses it. After
# a quote or a bracket, the `:` follows a JSON-like key (`{"k":?v}`).
_COLON_QUESTION = re.compile(r"(?<=[^,\[\]{}\r\n\"']):(?=\?)")
_DASH_ALONE = re.compile(r"-(?=[,\[\]{}])")
# Line breaks in YAML 1.1 that YAML 1.2 reads as ordinary characters (NEL, LS, PS).
_NOT_BREAKS = re.compile("[\x85\u2028\u2029]")
_PROPERTIES = re.compile(r"(?:[!&][^ \t\r\n]*[ \t\r\n]+)+")
# What starts the line of a block scalar header: indentation, then indicators (`- `, `? `).
_INDICATORS = re.compile(r"( *+)((?:[-?:][ \t]++)*+)")
_SPACES = re.compile(r" *")
_BLANK_RUN = re.compile(r"[ \t]+")
_BLANKS = re.compile(r"[ \t]*")

#: What libyaml reads instead of a `?` or `:` that starts a plain scalar in a flow collection,
#: of a tab that starts the first line of a block scalar, and of NEL, LS and PS (line breaks
#: for libyaml): any plain character.
_PLACEHOLDER = "x"
#: How many times :func:`verify` reads the text again with scalars put back as written.
MOST_REREADINGS = 2

_COMMENT_SPACE = (
    "a comment needs a space before '#'",
    "put a space before '#', or quote the text that contains it",
)
_TAB_BEFORE_COLLECTION = (
    "a tab after '-', '?' or ':' cannot start a nested list or mapping",
    "use spaces after the indicator",
)
_DASH_IN_FLOW = (
    "'-' alone is not a value in a flow collection",
    'quote it: "-"',
)
#: How to fix a tab on a blank line of a value that spans lines, where YAML 1.2 allows spaces only.
TAB_IN_BLANK_LINE_HINT = "delete the tab: a blank line within a value that spans lines holds only spaces"
_TAB_IN_BLANK_LINE = ("a blank line within a value that spans lines holds a tab", TAB_IN_BLANK_LINE_HINT)
_UNDER_INDENTED = (
    "this line of a value that spans several lines is not indented more than its key",
    "indent every following line of a quoted or bracketed value (its closing quote or bracket"
    " too), or write the value on one line",
)


@dataclass
class Plan:
    """What libyaml reads, and what :func:`verify` checks."""

    source: str
    text: str
    #: A block scalar whose first line starts with a tab: the placeholder's index, and where
    #: its header is and its value as YAML 1.2 reads it.
    blocks: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: Where a `?` or `:` became a placeholder, in order.
    placeholders: list[int] = field(default_factory=list)
    #: `#` characters right after a quote, a bracket or a comma.
    hashes: list[int] = field(default_factory=list)
    #: `#` characters right after what may be a block scalar header (`|`, `>-`).
    headers: list[int] = field(default_factory=list)
    #: `-` characters right before a flow indicator.
    dashes: list[int] = field(default_factory=list)
    tabs: bool = False
    #: Whether a tab or a `?`, `:` was replaced, which :func:`verify` checks.
    changed: bool = False

    @property
    def slow(self) -> bool:
        """Whether the events must be read once more to verify the text and the candidates."""
        return self.changed or bool(self.hashes or self.headers or self.dashes)


def prepare(source: str) -> Plan:
    """The text for libyaml, and the candidates :func:`verify` checks."""
    if source[-1:] not in ("\n", "\r", ""):
        # The end of the text ends its last line: a block scalar keeps its last line feed
        # whether or not a line break follows it (libyaml drops it).
        source += "\n"
    text = source
    leading = _LEADING.match(source) if "..." in source else None
    if leading is not None and "..." in leading.group():
        # A document end marker before any document: YAML 1.2 reads it as nothing.
        text = _DOCUMENT_END.sub("   ", leading.group()) + source[leading.end() :]
    plan = Plan(source, text)
    plan.tabs = "\t" in source
    if plan.tabs:
        before, text = text, _tabs(plan, text)
        plan.changed = text != before
    if "[" in source or "{" in source:
        text = _flow_plain(plan, text)
        plan.dashes = [match.start() for match in _DASH_ALONE.finditer(source)]
    if "\u2028" in source or "\x85" in source or "\u2029" in source:
        # Line breaks in YAML 1.1 only: libyaml reads a placeholder instead.
        nel = [match.start() for match in _NOT_BREAKS.finditer(source)]
        text = _replace(text, nel, _PLACEHOLDER)
        plan.placeholders = sorted(plan.placeholders + nel)
    plan.changed = plan.changed or bool(plan.placeholders)
    if "#" in source:
        _hashes(plan)
    plan.text = text
    return plan


def _skip(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> int:
    """Where the run of ``pattern`` (spaces, blanks) that starts at ``start`` ends."""
    match = pattern.match(text, start, len(text) if end is None else end)
    return match.end() if match is not None else start


def _line_start(text: str, index: int, floor: int, cr: bool) -> int:
    """Where the line holding ``index`` starts, knowing it starts at ``floor`` or later
    (``cr``: whether the text holds a carriage return)."""
    found = text.rfind("\n", floor, index)
    if cr:
        found = max(found, text.rfind("\r", floor, index))
    return max(found, floor - 1) + 1


def _replace(text: str, indexes: Iterable[int], char: str) -> str:
    chars = list(text)
    for index in indexes:
        chars[index] = char
    return "".join(chars)


# --- tabs ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _under(indent: int) -> re.Pattern[str]:
    """The first character of a line indented by fewer than ``indent`` spaces."""
    return re.compile(rf"(?<![^\r\n]) {{0,{indent - 1}}}[^ \r\n]")


def _tabs(plan: Plan, text: str) -> str:
    """Tabs that YAML 1.2 allows where libyaml refuses them.

    Outside block scalars, a tab on a blank or comment line (or before a comment) becomes a
    space, and so does a tab after a block indicator (``-\\tfirst``). In a block scalar whose
    first line starts with a tab after its indentation (libyaml refuses it while it detects
    the indentation), that tab becomes a placeholder and the value is computed here. A line
    with a tab within a block scalar's indentation ends it and is left alone: YAML 1.2 forbids
    that tab too, and libyaml reports it.
    """
    source = plan.source
    kept: list[tuple[int, int]] = []  # block scalars and the lines that end them with a tab
    covered = floor = 0
    cr = "\r" in source
    for match in _HEADER.finditer(source):
        if match.start() < covered:
            continue
        floor = line_start = _line_start(source, match.start(), max(floor, covered), cr)
        parent = _parent_indent(source[line_start : match.start()])
        if parent is not None:
            body, covered = _block(plan, match, parent, cr)
            kept.append((body, covered))
    parts: list[str] = []
    previous = 0
    for start, stop in kept:
        parts.append(_outside_blocks(text[previous:start]))
        parts.append(text[start:stop])
        previous = stop
    parts.append(_outside_blocks(text[previous:]))
    text = "".join(parts)
    if plan.blocks:
        text = _replace(text, plan.blocks, _PLACEHOLDER)
    return text


def _block(plan: Plan, header: re.Match[str], parent: int, cr: bool) -> tuple[int, int]:
    """Where a block scalar's lines start and end (with the line after them when a tab in its
    indentation ends them); a placeholder and the value when its first line starts with a tab."""
    source = plan.source
    body = min(header.end() + (2 if source.startswith("\r\n", header.end()) else 1), len(source))
    modifiers = header.group(2) or ""
    digit = int(modifiers.strip("+-") or 0)
    first = _CONTENT.search(source, body)
    indent = (max(parent, 0) + digit) if digit else None
    placeholder = -1
    if indent is None and first is not None:
        spaces = first.end() - 1 - _line_start(source, first.end(), body, cr)
        if spaces > parent:
            indent = spaces
            if source[first.end() - 1] == "\t":
                placeholder = first.end() - 1
    end = len(source)
    if indent is not None:
        after = _under(indent).search(source, body) if indent > 0 else None
        end = after.end() - 1 if after is not None else len(source)
    elif first is not None:
        end = first.end() - 1
    if end < len(source):
        end = _line_start(source, end, body, cr)
    stop = end = max(end, body)
    if end < len(source) and source[_skip(_SPACES, source, end)] == "\t":
        # A tab within the indentation: the line is left for libyaml to refuse.
        line_end = _LINE_BREAK.search(source, end)
        stop = line_end.start() if line_end is not None else len(source)
    if placeholder >= 0 and indent is not None:
        literal, chomp = header.group(1) == "|", modifiers.strip("123456789")
        plan.blocks[placeholder] = (header.start(), _block_value(source[body:end], indent, literal, chomp))
    return body, stop


def _outside_blocks(text: str) -> str:
    if "\t" not in text:
        return text
    text = _BLANKS_BEFORE_END.sub(_spaces_for_tabs, text)
    return _INDICATOR_TAB.sub(lambda match: match.group().replace("\t", " "), text)


def _spaces_for_tabs(blanks: re.Match[str]) -> str:
    """The run of blanks with its tabs made spaces, but for a tab right after other text."""
    run, start = blanks.group(), blanks.start()
    if run[0] == "\t" and start > 0 and blanks.string[start - 1] not in "\r\n":
        return "\t" + run[1:].replace("\t", " ")
    return run.replace("\t", " ")


def _parent_indent(before: str) -> int | None:
    """The indentation of the collection a block scalar header belongs to, given the text
    before it on its line (indentation, indicators, then a key or `---`, then properties),
    or None when that text is not what precedes a header."""
    indicators = _INDICATORS.match(before)
    assert indicators is not None  # it matches the empty string
    lead, chain = indicators.group(1, 2)
    rest = before[indicators.end() :]
    if rest[:1] == "\t":
        return None  # a tab in the indentation, which libyaml refuses
    words = [word for word in _BLANK_RUN.split(rest) if word]
    while len(words) > 1 and words[-1][0] in "!&":
        words.pop()  # a tag or an anchor after the key
    if words and words[0][0] == "#":
        return None  # the header is inside a comment
    if words and words[-1].endswith(":"):
        return len(lead) + len(chain)  # a key: the collection starts where it does
    if words == ["---"] and not lead and not chain:
        return -1
    if words:
        return None
    if chain:
        return len(lead) + len(chain.rstrip(" \t")) - 1  # the last indicator's column
    return len(lead) - 1


def _block_value(text: str, indent: int, literal: bool, chomp: str) -> str:
    """The value of a block scalar whose lines (each ended by a line break, as the text libyaml
    reads always ends with one) are ``text``, as YAML 1.2 reads it; ``indent`` is its content
    indentation, ``chomp`` one of ``""``, ``"-"`` and ``"+"``."""
    lines = _LINE_BREAK.split(text)[:-1]
    last = len(lines) - 1
    while last >= 0 and len(lines[last]) <= indent and not lines[last].strip(" "):
        last -= 1
    if literal:
        body = "\n".join([line[indent:] for line in lines[: last + 1]])
    else:
        body = _folded(lines[: last + 1], indent)
    if chomp == "-":
        return body
    final = 1 if last >= 0 else 0
    if chomp == "":
        return body + "\n" * final
    return body + "\n" * (final + len(lines) - last - 1)


def _folded(lines: list[str], indent: int) -> str:
    """Folded lines: a line break between two lines of text is a space, unless empty lines
    come between them; around a line that starts with white space it is kept."""
    parts: list[str] = []
    previous = ""
    empty = 0
    for line in lines:
        content = line[indent:]
        if len(line) <= indent and not line.strip(" "):
            empty += 1
            continue
        kind = "spaced" if content[:1] in (" ", "\t") else "text"
        if not previous:
            parts.append("\n" * empty)
        elif previous == "text" and kind == "text":
            parts.append("\n" * empty if empty else " ")
        else:
            parts.append("\n" * (empty + 1))
        parts.append(content)
        previous, empty = kind, 0
    return "".join(parts)


# --- flow collections and comments -----------------------------------------------------------


def _flow_plain(plan: Plan, text: str) -> str:
    """A `?` or `:` that YAML 1.2 reads as plain text where libyaml reads an indicator: at the
    start of a flow node followed by a plain character (``[?x]``), or `:?` inside a plain
    scalar (``[a:?b]``). libyaml reads a placeholder there instead."""
    source = plan.source
    starts = [match.start(1) for match in _FLOW_PLAIN.finditer(source)]
    taken = set(starts)
    inner = [match.start() for match in _COLON_QUESTION.finditer(source) if match.start() not in taken]
    plan.placeholders = sorted(starts + inner)
    return _replace(text, plan.placeholders, _PLACEHOLDER) if plan.placeholders else text


def _hashes(plan: Plan) -> None:
    """`#` right after a quote, a bracket, a comma or a block scalar header: a comment there
    is an error in YAML 1.2, which libyaml accepts; :func:`verify` checks it is a comment."""
    source = plan.source
    index = source.find("#", 1)
    while index > 0:
        char = source[index - 1]
        if char in "\"'[]{},":
            plan.hashes.append(index)
        else:
            header = index - 1
            while header >= 0 and index - header < 3 and source[header] in "+-123456789":
                header -= 1
            if header >= 0 and source[header] in "|>" and (header == 0 or source[header - 1] in " \t\r\n"):
                plan.headers.append(index)
        index = source.find("#", index + 1)


# --- verification ----------------------------------------------------------------------------

#: A scalar event: start and end index, style, value, line and column where it starts.
_Scalar = tuple[int, int, str, str, int, int]


@dataclass
class _Survey:
    #: Where libyaml stopped with a syntax error (the length of the text when it did not).
    error: int = 0
    starts: list[int] = field(default_factory=list)
    scalars: list[_Scalar] = field(default_factory=list)
    collections: list[int] = field(default_factory=list)


def _survey(text: str, read: Callable[[str], Iterator[Any]], limit: int) -> _Survey:
    """Where each scalar and each block collection starts and ends, up to a syntax error or
    past ``limit`` values (where the loader stops reading)."""
    survey = _Survey(len(text))
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    starts, scalars, collections = survey.starts, survey.scalars, survey.collections
    nodes = 0
    try:
        for event in read(text):
            kind = type(event)
            if kind is scalar:
                start, end = event.start_mark, event.end_mark
                starts.append(start.index)
                scalars.append(
                    (start.index, end.index, event.style or "", event.value, start.line, start.column)
                )
                nodes += 1
            elif kind is mapping or kind is sequence:
                if not event.flow_style:
                    collections.append(event.start_mark.index)
                nodes += 1
            if nodes > limit:
                break
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        survey.error = mark.index if mark is not None else 0
    except yaml.YAMLError:
        survey.error = 0
    return survey


def _containing(survey: _Survey, index: int) -> _Scalar | None:
    found = bisect.bisect_right(survey.starts, index) - 1
    if found < 0:
        return None
    scalar = survey.scalars[found]
    return scalar if scalar[0] <= index < scalar[1] else None


def verify(
    plan: Plan, read: Callable[[str], Iterator[Any]], limit: int
) -> tuple[str, dict[tuple[int, int], str], list[Found]]:
    """The text to read, the scalar values to correct (by the line and column where the scalar
    starts) and the syntax problems, after reading the events of ``plan.text``.

    ``read`` gives the events of a text; the reading stops past ``limit`` values.
    """
    text = plan.text
    survey = _survey(text, read, limit)
    fixes, restore = _compare(plan, survey, text)
    for _ in range(MOST_REREADINGS):
        if not restore:
            break
        text = _restored(plan, text, restore)
        survey = _survey(text, read, limit)
        fixes, restore = _compare(plan, survey, text)
    if restore:
        # Still not settled: read the source as written, as libyaml alone would.
        text = plan.source
        survey = _survey(text, read, limit)
        fixes = {}
    problems = _indicator_tabs(plan, survey, text)
    if plan.hashes or plan.headers:
        problems += _comments(plan, survey)
    alone = {scalar[0] for scalar in survey.scalars if scalar[1] == scalar[0] + 1 and scalar[2] == ""}
    problems += [(index, *_DASH_IN_FLOW) for index in plan.dashes if index in alone]
    return text, fixes, problems


def _restored(plan: Plan, text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the source put back in ``ranges`` (which may overlap)."""
    parts, previous = [], 0
    for low, end in sorted(ranges):
        start = max(low, previous)
        parts += [text[previous:start], plan.source[start:end]]
        previous = max(previous, end)
    return "".join(parts) + text[previous:]


def _compare(
    plan: Plan, survey: _Survey, text: str
) -> tuple[dict[tuple[int, int], str], list[tuple[int, int]]]:
    """The value fixes for the scalars whose text changed, and the ranges to read as written:
    scalars that changed in another way than a placeholder where YAML 1.2 reads `?`, `:` or
    a tab (a tab that became a space inside a quoted scalar, for instance)."""
    source, placeholders = plan.source, plan.placeholders
    placed = sorted(plan.blocks)
    fixes: dict[tuple[int, int], str] = {}
    restore: list[tuple[int, int]] = []
    for start, end, style, value, line, column in survey.scalars:
        if text[start:end] == source[start:end]:
            continue
        if style in ("|", ">"):
            found = bisect.bisect_left(placed, start)
            index = placed[found] if found < len(placed) else end
            header, fixed = plan.blocks[index] if index < end else (end, "")
            if start <= header < end and _LINE_BREAK.search(source, start, header) is None:
                # A `?` or `:` placeholder in its lines does not change where they end.
                low, high = bisect.bisect_left(placeholders, start), bisect.bisect_left(placeholders, end)
                chars = list(text[start:end])
                for changed in [index, *placeholders[low:high]]:
                    chars[changed - start] = source[changed]
                if "".join(chars) == source[start:end]:
                    fixes[(line, column)] = fixed
                    continue
        elif style == "" and _only_placeholders(plan, text, start, end):
            single = "\n" not in source[start:end] and "\r" not in source[start:end]
            if single and end - len(value) >= start:
                # A plain scalar on one line is its source text.
                fixes[(line, column)] = source[end - len(value) : end]
                continue
            head = _PROPERTIES.match(source, start, end)
            first = head.end() if head is not None else start
            if value[:1] == _PLACEHOLDER and text[first + 1 : end] == source[first + 1 : end]:
                fixes[(line, column)] = source[first] + value[1:]
                continue
        restore.append((start, end))
    return fixes, restore


def _only_placeholders(plan: Plan, text: str, start: int, end: int) -> bool:
    """Whether ``text`` differs from the source between ``start`` and ``end`` only where a
    `?`, a `:` or a YAML 1.1 line break became a placeholder."""
    low = bisect.bisect_left(plan.placeholders, start)
    high = bisect.bisect_left(plan.placeholders, end)
    chars = list(text[start:end])
    for index in plan.placeholders[low:high]:
        chars[index - start] = plan.source[index]
    return "".join(chars) == plan.source[start:end]


def _indicator_tabs(plan: Plan, survey: _Survey, text: str) -> list[Found]:
    """A tab after `-`, `?` or `:` before a block collection on the same line (``-\\t- x``):
    YAML 1.2 forbids it, and libyaml reads the tab made a space as indentation."""
    source, problems = plan.source, []
    for index in survey.collections:
        before = index - 1
        while before >= 0 and source[before] in " \t":
            before -= 1
        blanks = source[before + 1 : index]
        if (
            "\t" in blanks
            and "\t" not in text[before + 1 : index]
            and before >= 0
            and source[before] in "-?:"
        ):
            problems.append((before + 1 + blanks.index("\t"), *_TAB_BEFORE_COLLECTION))
    return problems


def _comments(plan: Plan, survey: _Survey) -> list[Found]:
    """The candidate `#` characters that start a comment: outside every scalar (and not inside
    a comment), or right after a block scalar's header."""
    source = plan.source
    candidates, headers = set(plan.hashes), set(plan.headers)
    problems: list[Found] = []
    previous = 0
    commented = False
    index = source.find("#")
    while index >= 0:
        if source.count("\n", previous, index) or source.count("\r", previous, index):
            commented = False
        previous = index
        if not commented:
            scalar = _containing(survey, index)
            if scalar is None:
                commented = True
                if index in candidates:
                    problems.append((index, *_COMMENT_SPACE))
            elif (
                scalar[2] in ("|", ">")
                and index in headers
                and source.find("\n", scalar[0], index) < 0
                and source.find("\r", scalar[0], index) < 0
            ):
                commented = True
                problems.append((index, *_COMMENT_SPACE))
        index = source.find("#", index + 1)
    return problems


# --- continuation lines ----------------------------------------------------------------------


def continuation_problems(text: str, spans: Iterable[tuple[int, int, int, bool]]) -> list[Found]:
    """Lines of multi-line values that are not indented as YAML 1.2 requires.

    Each span is ``(start, end, indent, collection)``: a quoted or plain scalar, or a flow
    collection, that starts and ends on different lines, and the indentation ``indent`` its
    following lines need (one more than the block collection around it). A line of a scalar
    needs it unless it holds only spaces (a blank line holding a tab is refused too); a line of
    a flow collection unless it is blank or a comment.
    """
    problems: list[Found] = []
    for start, end, indent, collection in spans:
        for match in _LINE_BREAK.finditer(text, start, end):
            line = match.end()
            if line >= end:
                break
            spaces = _skip(_SPACES, text, line)
            char = text[spaces] if spaces < len(text) else "\n"
            if char in "\r\n":
                continue
            first = _skip(_BLANKS, text, spaces)
            blank = first >= len(text) or text[first] in "\r\n"
            if collection and (blank or text[first] == "#"):
                continue
            if spaces - line < indent:
                problems.append((spaces, *(_TAB_IN_BLANK_LINE if blank else _UNDER_INDENTED)))
                break
    return problems
