"""JSON Schema ``pattern``s: what they mean here, and matching them in linear time.

A pattern means what Python's ``re.search`` makes of it, except that a final ``$`` matches only
at the very end, as in ECMA-262. The patterns the package ships are matched by ``re`` itself;
any other (a team's kind schema) by :class:`LinearPattern`, which gives the same answers in
time linear in the text, so that no pattern can make validation hang. It reads the pattern
with the parser of Python's own ``re``, so both agree on what a pattern says.

jsonschema-rs reads some classes otherwise (``\\s``, ``\\d``, ``\\w``, ``\\b``, ``.``): for each
pattern, :func:`divergent_characters` names the characters on which the two may disagree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from .. import resources
from .schema_paths import subschemas

#: Most instructions a pattern compiles to: a counted repetition is written out.
MAX_PROGRAM = 2_000
#: How much :class:`LinearPattern` remembers (states' instructions, transitions, characters)
#: before it starts afresh: a bound on its memory whatever the text.
_MAX_REMEMBERED = 200_000

Matcher = Callable[[str], bool]


class PatternError(ValueError):
    """A pattern that cannot be used: not a regular expression, or not one that can be
    matched in linear time."""


def ecma_source(pattern: str) -> str:
    """``pattern`` for Python, with ECMA-262's ``$``: a final ``$`` matches only at the very end.

    In Python it also matches before a final newline, which would let "logo\\n" pass as an id.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled for Python."""
    return re.compile(ecma_source(pattern))


@functools.lru_cache(maxsize=512)
def matcher(pattern: str) -> Matcher:
    """Whether a text contains a match of ``pattern``: ``re`` for the patterns the package
    ships, :class:`LinearPattern` for any other.

    :raises PatternError: when a pattern from elsewhere cannot be matched in linear time.
    """
    if pattern in packaged_patterns():
        search = ecma_regex(pattern).search
        return lambda text: search(text) is not None
    return LinearPattern(pattern).search


@functools.cache
def packaged_patterns() -> frozenset[str]:
    """Every ``pattern`` (and ``patternProperties`` key) in the packaged schemas."""
    return frozenset(
        pattern
        for name in resources.packaged_schema_names()
        for pattern, _ in schema_patterns(resources.packaged_schema(name))
    )


def schema_patterns(schema: Any) -> Iterator[tuple[str, str]]:
    """Every regular expression of ``schema`` with the JSON pointer of the keyword holding it:
    ``pattern`` values and ``patternProperties`` keys."""
    for pointer, subschema in subschemas(schema):
        pattern = subschema.get("pattern")
        if isinstance(pattern, str):
            yield pattern, f"{pointer}/pattern"
        named = subschema.get("patternProperties")
        if isinstance(named, dict):
            yield from ((key, f"{pointer}/patternProperties") for key in named)


def check_pattern(pattern: str) -> None:
    """Raise :class:`PatternError` unless ``pattern`` can be matched in linear time."""
    _program(ecma_source(pattern))


# Characters on which jsonschema-rs and Python's ``re`` read a construct differently.
_SPACE_DIVERGENCE = "\x1c-\x1f\x85\ufeff"  # Python's \s has U+001C-1F and U+0085, ECMA's U+FEFF
_NON_ASCII = "\x80-\U0010ffff"  # \d, \w and \b are Unicode-aware in Python, ASCII in ECMA
_DOT_DIVERGENCE = "\r\u2028\u2029"  # ECMA's "." stops at every line terminator
_END_DIVERGENCE = "\n"  # Python's "$" also matches before a final newline
_EVERY_CHARACTER = "\x00-\U0010ffff"


def divergent_characters(patterns: Iterable[str]) -> str:
    """The characters (as the inside of a regex class, "" for none) on which jsonschema-rs and
    Python may disagree about whether one of ``patterns`` matches."""
    found: set[str] = set()
    for pattern in patterns:
        found |= _divergences(ecma_source(pattern))
    return "".join(sorted(found))


@functools.lru_cache(maxsize=512)
def _divergences(source: str) -> frozenset[str]:
    try:
        parsed = _parse(source)
        _program(source)
    except PatternError:
        return frozenset({_EVERY_CHARACTER})  # never answered by jsonschema-rs alone
    found = set()
    for op, argument in _walk(parsed):
        if op is sre.ANY:
            found.add(_DOT_DIVERGENCE)
        elif op is sre.CATEGORY:
            space = argument in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_SPACE)
            found.add(_SPACE_DIVERGENCE if space else _NON_ASCII)
        elif op is sre.AT and argument in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            found.add(_NON_ASCII)
        elif op is sre.AT and argument is sre.AT_END:
            found.add(_END_DIVERGENCE)
    return frozenset(found)


def _parse(source: str) -> Any:
    try:
        parsed = sre_parse.parse(source)
    except (re.error, RecursionError, OverflowError) as error:
        raise PatternError(f"{source!r} is not a valid regular expression: {error}") from None
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE:
        raise PatternError(f"{source!r} sets flags such as (?i), which JSON Schema patterns cannot")
    return parsed


def _walk(items: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    """Every node of a parsed pattern, depth first (the tree is as deep as the pattern's
    groups, which Python's parser has already bounded)."""
    for op, argument in items:
        yield op, argument
        if op is sre.IN:
            yield from _walk(argument)
        elif op is sre.BRANCH:
            for alternative in argument[1]:
                yield from _walk(alternative)
        elif op is sre.SUBPATTERN:
            yield from _walk(argument[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            yield from _walk(argument[2])


# The instructions of a compiled pattern (a Thompson NFA).
_CHAR, _SPLIT, _JUMP, _ASSERT, _MATCH = range(5)
# The zero-width assertions, and what each needs to know about its position.
_START, _END, _END_OR_FINAL_NEWLINE, _BOUNDARY, _NON_BOUNDARY = range(5)
_ASSERTIONS = {
    sre.AT_BEGINNING: _START,
    sre.AT_BEGINNING_STRING: _START,
    sre.AT_END_STRING: _END,
    sre.AT_END: _END_OR_FINAL_NEWLINE,
    sre.AT_BOUNDARY: _BOUNDARY,
    sre.AT_NON_BOUNDARY: _NON_BOUNDARY,
}


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


# Python's Unicode classes, as its regex engine defines them.
_CATEGORIES: dict[Any, Matcher] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda char: not char.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda char: not char.isspace(),
    sre.CATEGORY_WORD: _is_word,
    sre.CATEGORY_NOT_WORD: lambda char: not _is_word(char),
}


@dataclass(frozen=True)
class _Program:
    """A compiled pattern: instructions (``ops`` with two operands each), and the tests of
    single characters that the ``_CHAR`` instructions name by index."""

    ops: Sequence[int]
    first: Sequence[Any]
    second: Sequence[int]
    tests: Sequence[Matcher]
    assertions: frozenset[int]


class _Compiler:
    """Compiles a parsed pattern into a :class:`_Program`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.ops: list[int] = []
        self.first: list[Any] = []
        self.second: list[int] = []
        self.tests: list[Matcher] = []
        self.test_index: dict[Any, int] = {}

    def program(self, items: Any) -> _Program:
        if _size(items, self.source) + 1 > MAX_PROGRAM:
            raise _too_complex(self.source)
        self.sequence(items)
        self.emit(_MATCH)
        assertions = frozenset(self.first[pc] for pc, op in enumerate(self.ops) if op == _ASSERT)
        return _Program(self.ops, self.first, self.second, self.tests, assertions)

    def emit(self, op: int, first: Any = None, second: int = 0) -> int:
        self.ops.append(op)
        self.first.append(first)
        self.second.append(second)
        return len(self.ops) - 1

    def sequence(self, items: Any) -> None:
        for op, argument in items:
            self.node(op, argument)

    def node(self, op: Any, argument: Any) -> None:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            self.emit(_CHAR, self.char_test(op, argument))
        elif op is sre.AT and argument in _ASSERTIONS:
            self.emit(_ASSERT, _ASSERTIONS[argument])
        elif op is sre.SUBPATTERN and not argument[1] and not argument[2]:
            self.sequence(argument[3])
        elif op is sre.BRANCH:
            self.branch(argument[1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            self.repeat(*argument)
        else:
            raise PatternError(
                f"{self.source!r} uses {_construct(op)}, which cannot be matched in linear time; "
                "use literals, classes, groups, alternatives and repetitions"
            )

    def branch(self, alternatives: list[Any]) -> None:
        exits = []
        for alternative in alternatives[:-1]:
            split = self.emit(_SPLIT)
            self.first[split] = len(self.ops)
            self.sequence(alternative)
            exits.append(self.emit(_JUMP))
            self.second[split] = len(self.ops)
        self.sequence(alternatives[-1])
        for jump in exits:
            self.first[jump] = len(self.ops)

    def repeat(self, least: int, most: int, items: Any) -> None:
        # For a yes-or-no answer, greedy and lazy repetitions are the same.
        for _ in range(least):
            self.sequence(items)
        if most is sre.MAXREPEAT:
            loop = self.emit(_SPLIT)
            self.first[loop] = len(self.ops)
            self.sequence(items)
            self.emit(_JUMP, loop)
            self.second[loop] = len(self.ops)
            return
        skips = []
        for _ in range(most - least):
            skip = self.emit(_SPLIT)
            self.first[skip] = len(self.ops)
            skips.append(skip)
            self.sequence(items)
        for skip in skips:
            self.second[skip] = len(self.ops)

    def char_test(self, op: Any, argument: Any) -> int:
        key = (op, tuple(argument) if op is sre.IN else argument)
        if key not in self.test_index:
            self.test_index[key] = len(self.tests)
            self.tests.append(_char_test(op, argument, self.source))
        return self.test_index[key]


def _char_test(op: Any, argument: Any, source: str) -> Matcher:
    if op is sre.LITERAL:
        literal = chr(argument)
        return lambda char: char == literal
    if op is sre.NOT_LITERAL:
        other = chr(argument)
        return lambda char: char != other
    if op is sre.ANY:
        return lambda char: char != "\n"
    negated, singles, ranges, categories = False, set(), [], []
    for item, value in argument:
        if item is sre.NEGATE:
            negated = True
        elif item is sre.LITERAL:
            singles.add(chr(value))
        elif item is sre.RANGE:
            ranges.append((value[0], value[1]))
        elif item is sre.CATEGORY and value in _CATEGORIES:
            categories.append(_CATEGORIES[value])
        else:
            raise PatternError(f"{source!r} uses {_construct(item)} in a character class")

    def in_class(char: str) -> bool:
        code = ord(char)
        found = (
            char in singles
            or any(low <= code <= high for low, high in ranges)
            or any(test(char) for test in categories)
        )
        return found != negated

    return in_class


def _size(items: Any, source: str) -> int:
    """How many instructions ``items`` compile to (at least), stopping early when too many."""
    total = 0
    for op, argument in items:
        if op is sre.BRANCH:
            total += sum(_size(alternative, source) + 2 for alternative in argument[1])
        elif op is sre.SUBPATTERN:
            total += _size(argument[3], source)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            least, most, body = argument
            copies = least + 1 if most is sre.MAXREPEAT else most
            total += copies * (_size(body, source) + 2)
        else:
            total += 1
        if total > MAX_PROGRAM:
            raise _too_complex(source)
    return total


def _too_complex(source: str) -> PatternError:
    return PatternError(
        f"{source!r} is too complex: it would take more than {MAX_PROGRAM:,} steps per character; "
        "use fewer or smaller counted repetitions such as {1,20}"
    )


def _construct(op: Any) -> str:
    names = {
        sre.ASSERT: "a lookahead or lookbehind",
        sre.ASSERT_NOT: "a negative lookahead or lookbehind",
        sre.GROUPREF: "a backreference",
        sre.GROUPREF_EXISTS: "a conditional group",
        sre.SUBPATTERN: "a group with flags",
    }
    return names.get(op, str(op).lower().replace("_", " "))


@functools.lru_cache(maxsize=512)
def _program(source: str) -> _Program:
    return _Compiler(source).program(_parse(source))


class LinearPattern:
    """A pattern matched in time linear in the text: the pattern's automaton is followed one
    character at a time, its states built as they are first reached and remembered, keyed by
    which of the pattern's character tests the next character passes.

    :raises PatternError: when the pattern is not a regular expression, sets flags, uses
        lookaround or backreferences (which no linear-time matcher can offer), or would
        compile to more than :data:`MAX_PROGRAM` instructions.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._program = _program(ecma_source(pattern))
        self._words = bool(self._program.assertions & {_BOUNDARY, _NON_BOUNDARY})
        self._classes: dict[str, int] = {}
        self._class_results: list[tuple[bool, ...]] = []
        self._class_numbers: dict[tuple[bool, ...], int] = {}
        self._forget()

    def search(self, text: str) -> bool:
        """Whether ``text`` contains a match, as ``re.search`` would say."""
        plain_until = len(text) - 1 if not self._words else 0  # positions no assertion tells apart
        state = self._closure((), self._position_kind(text, 0))
        transitions, matching, classes = self._transitions, self._matching, self._classes
        for index, char in enumerate(text, start=1):
            if matching[state]:
                return True
            char_class = classes.get(char)
            if char_class is None:
                char_class = self._class_of(char)
            key = (state, char_class, 0 if index < plain_until else self._position_kind(text, index))
            following = transitions.get(key)
            if following is None:
                generation = self._generation
                following = self._step(*key)
                if generation == self._generation:
                    transitions[key] = following
                else:  # the states were renumbered
                    transitions, matching = self._transitions, self._matching
            state = following
        return matching[state]

    def _forget(self) -> None:
        """Start afresh: the states and transitions remembered so far take too much room."""
        self._states: dict[tuple[frozenset[int], bool], int] = {}
        self._state_sets: list[frozenset[int]] = []
        self._matching: list[bool] = []
        self._transitions: dict[tuple[int, int, int], int] = {}
        self._stored = 0
        self._generation = getattr(self, "_generation", 0) + 1

    def _position_kind(self, text: str, index: int) -> int:
        """What the pattern's assertions need to know about position ``index`` of ``text``,
        as bits: 1 start, 2 end, 4 before a final newline, 8 after a word character, 16
        before one, 32 the text is empty."""
        end = len(text)
        bits = (index == 0) | (index == end) << 1
        if index == end - 1 and text[index] == "\n":
            bits |= 4
        if self._words:
            bits |= (index > 0 and _is_word(text[index - 1])) << 3
            bits |= (index < end and _is_word(text[index])) << 4
            bits |= (end == 0) << 5
        return bits

    def _class_of(self, char: str) -> int:
        """Which of the pattern's character tests ``char`` passes, as a small number."""
        known = self._classes.get(char)
        if known is not None:
            return known
        passed = tuple(test(char) for test in self._program.tests)
        number = self._class_numbers.get(passed)
        if number is None:
            number = self._class_numbers[passed] = len(self._class_results)
            self._class_results.append(passed)
        if len(self._classes) < _MAX_REMEMBERED:
            self._classes[char] = number
        return number

    def _step(self, state: int, char_class: int, position_kind: int) -> int:
        passed, first = self._class_results[char_class], self._program.first
        moved = [pc + 1 for pc in self._state_sets[state] if passed[first[pc]]]
        return self._closure(moved, position_kind)

    def _closure(self, starts: Iterable[int], position_kind: int) -> int:
        """The state of every instruction reachable from ``starts`` (and from the start of the
        pattern: a match may begin anywhere) without reading a character."""
        program = self._program
        reached: set[int] = set()
        waiting: set[int] = set()
        matched = False
        stack = [0, *starts]
        while stack:
            pc = stack.pop()
            if pc in reached:
                continue
            reached.add(pc)
            op = program.ops[pc]
            if op == _CHAR:
                waiting.add(pc)
            elif op == _MATCH:
                matched = True
            elif op == _JUMP:
                stack.append(program.first[pc])
            elif op == _SPLIT:
                stack += (program.first[pc], program.second[pc])
            elif _holds(program.first[pc], position_kind):
                stack.append(pc + 1)
        return self._state((frozenset(waiting), matched))

    def _state(self, key: tuple[frozenset[int], bool]) -> int:
        number = self._states.get(key)
        if number is None:
            if self._stored + len(key[0]) > _MAX_REMEMBERED or len(self._transitions) > _MAX_REMEMBERED:
                self._forget()
            number = self._states[key] = len(self._state_sets)
            self._state_sets.append(key[0])
            self._matching.append(key[1])
            self._stored += len(key[0]) + 1
        return number


def _holds(assertion: int, position_kind: int) -> bool:
    if assertion == _START:
        return bool(position_kind & 1)
    if assertion == _END:
        return bool(position_kind & 2)
    if assertion == _END_OR_FINAL_NEWLINE:
        return bool(position_kind & 6)
    if position_kind & 32:
        return False  # in an empty text, Python's \b and \B both fail
    boundary = bool(position_kind & 8) != bool(position_kind & 16)
    return boundary if assertion == _BOUNDARY else not boundary
