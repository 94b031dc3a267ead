"""The clarity lint: completeness and clarity rules, each with a code: the word rules are a
table of phrases (``WORD_RULES``), the others one small function each.

The schema says a spec is well formed; the lint says it is a good brief. Findings are warnings
(``validate --strict`` makes them fail). A rule must not cry wolf: a vague word next to a
number ("short: under 300 words") is a measurable instruction and is not reported.

The cost is one pass over the document: its strings are read once for every rule's trigger
words and marks (``_Scan``), and a rule looks only at the strings that hold one of its own.
Every pattern run on a spec's text takes time in proportion to the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, NamedTuple

from . import limits
from .config import LintSettings
from .errors import CODES, Location, Problem, join_pointer, split_pointer, value_at
from .schema_check import (
    SchemaFolders,
    example_spec,
    is_time_zone,
    known_kinds,
    recommended_sections,
    schema_version,
)
from .spec import Spec
from .values import in_zone, moment_or_none, time_zone
from .yaml_loader import SourceMap, YamlDocument

#: Keys whose values are identifiers, addresses, dates or choices, not instructions.
_NOT_PROSE = frozenset(
    {
        "id", "version", "kind", "email", "timezone", "url", "style_guide", "currency", "model",
        "date", "due", "start", "next_review", "unit", "color_mode", "severity", "repository",
        "branch", "dedup_key", "contractor",
    }
)  # fmt: skip
#: Not instructions: sample rows are free data shown as they are; the changelog is history.
_NOT_PROSE_BELOW = ("/details/golden_rows", "/changelog")
#: The lists whose items are acceptance criteria: the brief's and each deliverable's.
_CRITERIA_LIST = re.compile(r"(?:/deliverables/[0-9]+)?/acceptance_criteria\Z")

_NUMBER = re.compile(
    r"\d|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|thousand|dozen|half|once|twice|double|triple|exactly|"
    r"at (?:most|least))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

SUBJECTIVE = (
    r"pop more", r"(?:make|makes|making) (?:it|them|the \w+) pop", r"modern",
    r"clean(?:er)? (?:look|design|layout|style|feel|code|copy)",
    r"look(?:s)? (?:clean|good|great|nice|professional)",
    r"professional(?:-| )(?:look|looking|quality|finish|tone)",
    r"high[- ]quality", r"top[- ]quality", r"good quality", r"engaging", r"user[- ]friendly",
    r"intuitive", r"fast", r"robust", r"sleek", r"stunning", r"beautiful",
    r"eye[- ]catching", r"catchy", r"polished", r"awesome", r"amazing", r"fresh look", r"wow",
)  # fmt: skip
OPEN_ENDED = (
    r"etc\.?", r"and so on", r"and so forth", r"and more", r"and the like", r"or similar",
    r"as appropriate", r"as needed", r"as necessary", r"if needed", r"where appropriate",
    r"use your (?:best )?judge?ment", r"whatever you think", r"up to you", r"among others",
)  # fmt: skip
VAGUE_QUANTITIES = (
    r"some", r"several", r"a few", r"a couple(?: of)?", r"many", r"a lot(?: of)?", r"lots of",
    r"plenty(?: of)?", r"various", r"numerous", r"a bit", r"short(?:er)?",
    r"(?<!as )(?<!no )long(?:er)?(?! as)",
    r"enough", r"reasonable", r"sufficient",
)  # fmt: skip
URGENT = (
    r"asap", r"as soon as possible", r"urgent(?:ly)?", r"soon", r"eod", r"eow", r"end of (?:the )?day",
    r"end of (?:the )?week", r"right away", r"immediately", r"tomorrow", r"this week",
    r"next week", r"by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
)  # fmt: skip
DANGLING = (
    r"like last time", r"same as (?:before|last time)", r"as discussed", r"as mentioned",
    r"as agreed", r"as per (?:our|the) (?:call|chat|conversation|meeting)", r"as before(?=\s*[.,;:!?)]|\s*$)",
    r"the usual", r"see above", r"see below", r"you know (?:the|what|which)",
)  # fmt: skip
# For L005 and L007: a word of every match that is a whole word (the marks below cover the rest).
PLACEHOLDER_TRIGGERS = frozenset({"tbd", "tbc", "todo", "fixme"})
SECRET_TRIGGERS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passcode",
        "pin",
        "api",
        "apikey",
        "secret",
        "secrets",
        "token",
        "tokens",
        "access",
        "key",
        "keys",
        "bearer",
        "sk",
        "rk",
    }
)
# Marks of a match that are not whole words: key formats, placeholder brackets.
_KEY_MARKS = (
    "akia",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xox",
    "aiza",
    "eyj",
    "-----begin",
)
_PLACEHOLDER_MARKS = ("???", "[", "<", "xxx", "lorem ipsum")
_WORD = re.compile(r"[a-z0-9]+")
_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# A bracketed placeholder ends at the next bracket of either kind, so that every bracket starts
# a search that ends where the next one begins: linear however many brackets a text holds.
PLACEHOLDERS = re.compile(
    r"\b(?:TBD|TBC|TODO|FIXME|XXX+)\b|\?\?\?+|\[\s*+(?:insert|add|your|tbd)[^\[\]]*+\]|"
    r"<\s*+(?:insert|placeholder)[^<>]*+>|lorem ipsum",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    """The lowercase words of ``text``."""
    return frozenset(_WORD.findall(text.lower()))


# A date or a clock time in the same sentence turns "by Friday" into a deadline.
_WHEN_NEARBY = re.compile(
    r"\d{4}-\d\d-\d\d|\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\b\d{1,2}:\d\d\b|\b\d{1,2} ?(?:am|pm)\b",
    re.IGNORECASE,
)
# "password: Winter2026!" but not "password: in the shared vault": the value holds a digit or
# symbol, that is, its leading letters are followed by something else.
_SECRET_ASSIGNMENT = re.compile(
    r"\b(?:password|passwd|pwd|passcode|pin|api[ _-]?key|secret|token|access[ _-]?key)\b\s*+(?:is|=|:)\s*+"
    r"[\"']?(?P<value>(?=[A-Za-z]*+[^A-Za-z\s\"',;])[^\s\"',;]{4,}+)",
    re.IGNORECASE,
)
# A web token starts where a run of its characters starts: a search from inside the run would
# read the rest of the run again, for every character of it.
_KEY_SHAPES = re.compile(
    r"-----BEGIN (?:[A-Z]++ ){0,2}PRIVATE KEY(?: BLOCK)?-----|\b[rs]k[_-](?:live|test)[_-][0-9A-Za-z]{10,}+|"
    r"\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[0-9A-Za-z]{30,}+|\bgithub_pat_[0-9A-Za-z_]{30,}+|\bxox[a-z]-[0-9A-Za-z-]{10,}+|"
    r"\bAIza[0-9A-Za-z_-]{35}\b|"
    r"(?<![0-9A-Za-z_-])eyJ[0-9A-Za-z_-]{10,}+\.eyJ[0-9A-Za-z_-]{10,}+\.[0-9A-Za-z_-]++"
)
# A long run of token characters right after a word that names a secret ("token 9f8e…", "API
# key: AbC…"), for the keys in lower case or hex that the mixed-case check below lets pass.
_NAMED_TOKEN = re.compile(
    r"\b(?:token|key|secret|bearer)s?\b(?:\s++is\b)?[\s:=\"'(]{0,4}+(?P<value>[A-Za-z0-9+_=-][A-Za-z0-9+/_=-]{19,}+)"
    r"(?![\w/]|[.-][\w/])",
    re.IGNORECASE,
)
# A token is a whole run of these characters (each run read once), at least 24 long, not
# followed by a word character, "/", or a "." or "-" that goes on (a file name, a path).
_TOKEN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,}+(?![\w/]|[.-][\w/])")
#: A run of 24 characters that may be part of a token, in the text with every such character
#: turned into "a" and every other into a space (``_TOKEN_BYTES``): found by a plain search.
_TOKEN_RUN = b"a" * 24
# Not after a word character, "/", "=", "?", "&", "." or "-": parts of words and of web
# addresses are not secrets pasted by hand.
_NOT_BEFORE_TOKEN = frozenset("/.=?&-_" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SUPPRESSION = re.compile(r"#\s*outsource-briefs:\s*disable=([A-Za-z0-9, ]+)")
# An address, a link or a date-time: sample values that no brief shares by chance.
_SAMPLE_TEXT = re.compile(r"@|://|^\d{4}-\d\d-\d\dT")
#: The line breaks other than the line feed that libyaml counts (the loader refuses the other
#: characters str.splitlines takes): a text with none of them is split at its line feeds, far
#: quicker than _LINE_BREAK finds them.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# Every line break libyaml counts, for a character class.
_BREAKS = "\n" + "".join(_OTHER_BREAKS)
_LINE_BREAK = re.compile(f"\r\n|[{_BREAKS}]")
_SPACES = re.compile(r"\s+")
# Spaces (not line breaks) and a "#" that starts a comment: where a plain value may be cut.
_COMMENT_START = re.compile(f"[^\\S{_BREAKS}]+#\\S")
# The same "#", found by the "#" first (a far quicker search).
_COMMENT_MARK = re.compile(f"#(?<=[^\\S{_BREAKS}]#)\\S")
UNCHECKABLE = (
    r"quick(?:ly)?", r"friendly", r"nice", r"properly", r"correctly", r"appropriate(?:ly)?",
    r"user[- ]friendly", r"looks? (?:good|great|nice|right|professional)",
    r"(?:client|customer|we|i)(?: am| are| is)? (?:happy|satisfied|pleased|like it)",
    r"meets? (?:our |my |the )?expectations", r"satisfactory", r"to (?:our|my) (?:liking|satisfaction)",
    r"done (?:well|properly|right)", r"good enough", r"as expected",
    r"works (?:well|properly|correctly|fine)",
)  # fmt: skip
#: For L013: a word of every match of ``UNCHECKABLE`` (its vague words are L001's and L003's).
UNCHECKABLE_TRIGGERS = _words(
    "quick quickly friendly nice properly correctly appropriate appropriately look looks happy "
    "satisfied pleased like expectations satisfactory liking satisfaction done enough expected works"
)
_UNCHECKABLE = re.compile(r"\b(?:" + "|".join(UNCHECKABLE) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A rule's finding in one value; ``phrase`` is the text to point at inside it, if any, and
    ``at`` the value to point at when that is not the value concerned (a missing section).
    ``nth`` says which of the phrase's whole-word occurrences in the value it is (0 for the
    first) when a rule passes over some of them; without it, findings of a rule in a value are
    located one after the other."""

    pointer: str
    message: str
    hint: str
    phrase: str | None = None
    at: str | None = None
    nth: int | None = None


class LintText(NamedTuple):
    """A string value of the spec as the rules see it.

    :ivar prose: an instruction, not an identifier, address, date, choice, free data or history.
    :ivar criterion: an acceptance criterion, of the brief or of a deliverable.
    """

    pointer: str
    text: str
    prose: bool
    criterion: bool


@dataclass
class LintContext:
    """What a rule sees: the spec, the settings and today's date.

    Most values are clean, so a rule looks only at the strings that hold one of its trigger
    words or marks (``candidates``), found for every rule at once in one pass over the spec.
    """

    spec: Spec
    settings: LintSettings
    today: date
    _sentences: dict[str, list[tuple[int, str]]] = field(default_factory=dict, init=False, repr=False)
    _allowed_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def scan(self) -> _Scan:
        return _Scan.of(self.spec.data, self.settings.warn_words)

    def candidates(self, code: str) -> Iterator[LintText]:
        """The strings that hold a trigger word or mark of the rule ``code``: the only ones it
        need look at, in document order."""
        return map(self.scan.strings.entry, self.scan.candidates.get(code, ()))

    def sentences(self, text: str) -> list[tuple[int, str]]:
        """The sentences of ``text``, each with where it starts (worked out once for all the rules)."""
        found = self._sentences.get(text)
        if found is None:
            found, start = [], 0
            for end in _SENTENCE_END.finditer(text):
                if end.start() > start:
                    found.append((start, text[start : end.start()]))
                start = end.end()
            if start < len(text):
                found.append((start, text[start:]))
            self._sentences[text] = found
        return found

    @cached_property
    def sources(self) -> _Sources:
        return _Sources(self.spec.source_map)

    @cached_property
    def allowed(self) -> re.Pattern[str] | None:
        """The allowed words and phrases, with any spaces between a phrase's words."""
        phrases = self.settings.allow_words
        if not phrases:
            return None
        return _phrases(tuple(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases))

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the allowed words and phrases are in ``text`` (worked out once per text)."""
        found = self._allowed_spans.get(text)
        if found is None:
            allowed = self.allowed
            found = [match.span() for match in allowed.finditer(text)] if allowed is not None else []
            self._allowed_spans[text] = found
        return found


Rule = Callable[[LintContext], Iterator[Finding]]


@dataclass(frozen=True)
class LintRule:
    code: str
    check: Rule

    @property
    def title(self) -> str:
        return CODES[self.code]


RULES: list[LintRule] = []


def _rule(code: str) -> Callable[[Rule], Rule]:
    def register(check: Rule) -> Rule:
        RULES.append(LintRule(code, check))
        return check

    return register


def lint_spec(
    spec: Spec, *, settings: LintSettings | None = None, today: date | None = None
) -> list[Problem]:
    """Run every clarity rule on ``spec``; findings are warnings located at the offending words.

    A rule looks at no more than ``limits.MAX_FINDINGS_PER_RULE`` findings in one spec (those
    silenced by a comment included); a last warning then says that the rest are not shown.

    :param settings: codes to disable and words to add or allow (default: the spec's config).
    :param today: the date "already past" is judged against (default: today).
    """
    settings = settings if settings is not None else spec.config.lint
    context = LintContext(spec, settings, today or date.today())
    sources = context.sources
    problems = []
    for rule in RULES:
        if rule.code in settings.disable:
            continue
        for count, finding in enumerate(rule.check(context)):
            location = sources.locate(spec, finding, rule.code)
            shown = rule.code not in sources.suppressed(location)
            if count == limits.MAX_FINDINGS_PER_RULE:
                if shown:
                    problems.append(_more_not_shown(location, rule.code, finding.pointer))
                break
            if shown:
                problems.append(
                    Problem.at(
                        location,
                        rule.code,
                        finding.message,
                        pointer=finding.pointer,
                        hint=finding.hint,
                        severity="warning",
                    )
                )
    return problems


def _more_not_shown(location: Location, code: str, pointer: str) -> Problem:
    limit = limits.MAX_FINDINGS_PER_RULE
    return Problem.at(
        location,
        code,
        f"{code} has more than {limit} findings in this file; the rest are not shown",
        pointer=pointer,
        hint="fix the ones above, then run the check again",
        severity="warning",
    )


# --- one pass over the document -----------------------------------------------------------


@dataclass(frozen=True)
class _Triggers:
    """What makes a string a candidate for a rule: whole lowercase words (as ASCII bytes), and
    marks (any text)."""

    words: dict[bytes, frozenset[str]]
    marks: dict[str, frozenset[str]]

    @cached_property
    def word_set(self) -> frozenset[bytes]:
        """The words alone: intersecting a frozenset with a list is quicker than a dict's keys."""
        return frozenset(self.words)


@functools.cache
def _triggers(warn_words: tuple[str, ...]) -> _Triggers:
    words: dict[str, set[str]] = {}
    marks: dict[str, set[str]] = {}
    for rule in WORD_RULES:
        for word in rule.trigger_words(warn_words):
            words.setdefault(word, set()).add(rule.code)
            if rule.code in ("L001", "L003"):
                words[word].add("L013")  # the vague words of a criterion
    for word in UNCHECKABLE_TRIGGERS:
        words.setdefault(word, set()).add("L013")
    for word in PLACEHOLDER_TRIGGERS:
        words.setdefault(word, set()).add("L005")
    for word in SECRET_TRIGGERS:
        words.setdefault(word, set()).add("L007")
    for mark in _PLACEHOLDER_MARKS:
        marks.setdefault(mark, set()).add("L005")
    for mark in _KEY_MARKS:
        marks.setdefault(mark, set()).add("L007")
    for phrase in warn_words:
        if not _WORD.search(phrase.lower()) and phrase:
            marks.setdefault(phrase.lower(), set()).update({"L001", "L013"})  # no word to trigger on
    words.pop("", None)
    return _Triggers(
        {word.encode("ascii"): frozenset(codes) for word, codes in words.items()},
        {mark: frozenset(codes) for mark, codes in marks.items()},
    )


#: Bytes that are not part of a word (``[a-z0-9]``) become spaces.
_WORD_BYTES = bytes(byte if chr(byte) in _WORD_CHARACTERS else 0x20 for byte in range(256))
#: Bytes that may be part of a token (``[a-z0-9+/_=-]``) become "a", the others spaces.
_TOKEN_BYTES = bytes(0x61 if chr(byte) in _WORD_CHARACTERS | set("+/_=-") else 0x20 for byte in range(256))


class _Joined:
    """Texts joined by "\\0" (which a spec cannot hold), searched all at once; a search finds
    each text that holds a match once and goes on from the next text."""

    def __init__(self, texts: list[str], *, lower: bool = False) -> None:
        text = "\0".join(texts)
        if lower:
            lowered = text.lower()
            # Lowering never shortens a character, so the same length means that every text
            # kept its own; where one grew (as "İ" does), each is lowered on its own.
            if len(lowered) != len(text):
                texts = [text.lower() for text in texts]
                lowered = "\0".join(texts)
            text = lowered
        self.texts = texts
        self.text = text

    @cached_property
    def starts(self) -> list[int]:
        """Where each text starts (worked out when a search finds something)."""
        return list(itertools.accumulate((len(text) + 1 for text in self.texts), initial=0))

    def holding(self, find: Callable[[int], int]) -> Iterator[int]:
        """The indexes of the texts in which ``find(start)`` (a position at or after ``start``,
        or -1) finds something."""
        position = find(0)
        while position >= 0:
            index = bisect.bisect_right(self.starts, position) - 1
            yield index
            position = find(self.starts[index + 1])

    @cached_property
    def ascii(self) -> bytes:
        """The text with one byte per character (ASCII, else "?"), so that positions stay the same."""
        return self.text.encode("ascii", "replace")

    def holding_tokens(self) -> Iterator[int]:
        """The texts that hold a run of at least 24 characters that may make up a token (the
        text is in lower case)."""
        runs = self.ascii.translate(_TOKEN_BYTES)
        return self.holding(functools.partial(runs.find, _TOKEN_RUN))

    def holding_words(self, triggers: _Triggers) -> Iterator[tuple[int, frozenset[str]]]:
        """The texts that hold one of the trigger words as a whole word, with the word's codes."""
        # With a space on either side, a whole word is the word between two spaces.
        spaced = b" " + self.ascii.translate(_WORD_BYTES) + b" "
        for word in triggers.word_set.intersection(spaced.split()):
            needle = b" " + word + b" "
            for index in self.holding(functools.partial(spaced.find, needle)):
                yield index, triggers.words[word]

    def holding_text(self, text: str) -> Iterator[int]:
        if text not in self.text:  # most marks are in no spec: one search says so
            return iter(())
        return self.holding(lambda start: self.text.find(text, start))

    def holding_match(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, str]]:
        """The texts in which ``pattern`` matches, with the first match in each."""
        found = pattern.search(self.text)
        while found is not None:
            index = bisect.bisect_right(self.starts, found.start()) - 1
            yield index, found.group()
            found = pattern.search(self.text, self.starts[index + 1])


@dataclass(frozen=True)
class _Strings:
    """Every string value and every key of a document with its pointer, in document order.

    A value's text and its place (pointer, prose, criterion) are kept as plain values: most
    strings are only searched all at once, and a :class:`LintText` is made only for those a
    rule looks at (:meth:`entry`).
    """

    texts: list[str]
    places: list[tuple[str, bool, bool]]
    keys: list[tuple[str, str]]

    def entry(self, index: int) -> LintText:
        """The string at ``index`` as the rules see it."""
        pointer, prose, criterion = self.places[index]
        return LintText(pointer, self.texts[index], prose, criterion)

    def entries(self) -> Iterator[LintText]:
        """Every string as the rules see it, in document order."""
        return map(self.entry, range(len(self.texts)))


@dataclass(frozen=True)
class _Scan:
    """A spec's strings and keys read once for every rule: which strings each rule need look
    at, and the first invisible character of each string or key."""

    strings: _Strings
    candidates: dict[str, list[int]]
    invisible: list[tuple[str, str]]

    @classmethod
    def of(cls, data: dict[str, Any], warn_words: tuple[str, ...]) -> _Scan:
        strings = _walk(data)
        values = _Joined(strings.texts, lower=True)
        triggers = _triggers(warn_words)
        found: dict[str, set[int]] = {}
        for index, codes in values.holding_words(triggers):
            for code in codes:
                found.setdefault(code, set()).add(index)
        for mark, codes in triggers.marks.items():
            for index in values.holding_text(mark):
                for code in codes:
                    found.setdefault(code, set()).add(index)
        found.setdefault("L007", set()).update(values.holding_tokens())
        places, keys = strings.places, strings.keys
        invisible = [(places[index][0], char) for index, char in _holding_invisible(values)]
        names = _Joined([key for _, key in keys])
        invisible += [(keys[index][0], char) for index, char in _holding_invisible(names)]
        return cls(strings, {code: sorted(indexes) for code, indexes in found.items()}, invisible)


def _holding_invisible(joined: _Joined) -> Iterator[tuple[int, str]]:
    """The texts that hold an invisible character, with the first one in each. Every such
    character lies beyond Latin-1, which most texts never leave: one encoding says so."""
    try:
        joined.text.encode("latin-1")
    except UnicodeEncodeError:
        return joined.holding_match(_INVISIBLE)
    return iter(())


def _walk(data: dict[str, Any]) -> _Strings:
    """Every string value and every key of ``data`` with its pointer, in document order (the
    keys of a mapping before what is below them).

    The walk recurses: data is read from YAML, which nests no deeper than
    ``limits.MAX_DEPTH``, and a call per collection costs less than a stack entry per value.
    """
    texts: list[str] = []
    places: list[tuple[str, bool, bool]] = []
    keys: list[tuple[str, str]] = []
    add_text, add_place = texts.append, places.append

    def mapping(pointer: str, value: dict[str, Any], prose: bool, criterion: bool) -> None:
        children = [join_pointer(pointer, key) for key in value]
        keys.extend(zip(children, value, strict=True))
        for child, (key, item) in zip(children, value.items(), strict=True):
            if not isinstance(item, (str, dict, list)):
                continue
            child_prose = prose and key not in _NOT_PROSE and not child.startswith(_NOT_PROSE_BELOW)
            # A criterion written as {id, text}: its text is the criterion.
            child_criterion = criterion and key == "text"
            if isinstance(item, str):
                add_text(item)
                add_place((child, child_prose, child_criterion))
            elif isinstance(item, dict):
                mapping(child, item, child_prose, child_criterion)
            else:
                sequence(child, item, child_prose)

    def sequence(pointer: str, value: list[Any], prose: bool) -> None:
        criteria = _CRITERIA_LIST.match(pointer) is not None
        for index, item in enumerate(value):
            if isinstance(item, str):
                add_text(item)
                add_place((f"{pointer}/{index}", prose, criteria))
            elif isinstance(item, dict):
                mapping(f"{pointer}/{index}", item, prose, criteria)
            elif isinstance(item, list):
                sequence(f"{pointer}/{index}", item, prose)

    mapping("", data, True, False)
    return _Strings(texts, places, keys)


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordRule:
    """A rule that reports words: each match of ``patterns`` in the instruction texts, except in
    a sentence that ``unless`` matches, in a text that ``unless_in_text`` matches, in an
    acceptance criterion with ``skip_criteria`` (L013 judges those), and allowed words.
    ``message`` has a ``{}`` for the words found; with ``warn_words`` the configured extra words
    count too.

    ``triggers`` holds a word of every possible match: a text holding none of them is never
    searched with the patterns (a set lookup is far quicker).
    """

    code: str
    patterns: tuple[str, ...]
    triggers: frozenset[str]
    message: str
    hint: str
    unless: re.Pattern[str] | None = None
    unless_in_text: re.Pattern[str] | None = None
    skip_criteria: bool = False
    warn_words: bool = False

    def trigger_words(self, warn_words: tuple[str, ...] = ()) -> frozenset[str]:
        """``triggers``, with the longest word of each configured extra phrase when it counts."""
        if not self.warn_words or not warn_words:
            return self.triggers
        return self.triggers | {
            max(_WORD.findall(phrase.lower()), key=len, default="") for phrase in warn_words
        }

    def may_match(self, text: str, warn_words: tuple[str, ...] = ()) -> bool:
        """Whether ``text`` holds a trigger word, so that the patterns may match in it."""
        return not _words(text).isdisjoint(self.trigger_words(warn_words))

    def __call__(self, context: LintContext) -> Iterator[Finding]:
        extra = tuple(map(re.escape, context.settings.warn_words)) if self.warn_words else ()
        words = _phrases((*self.patterns, *extra))
        for entry in context.candidates(self.code):
            if not entry.prose or (self.skip_criteria and entry.criterion):
                continue
            if not _holds_phrase(words, entry.text):
                continue  # no sentence holds a match either
            if self.unless_in_text is not None and self.unless_in_text.search(entry.text):
                continue
            # Matches passed over (allowed, or in a sentence with a date) are counted, so that
            # each finding points at its own occurrence of the phrase.
            occurrences: dict[str, _Occurrences] = {}
            for offset, sentence in context.sentences(entry.text):
                if self.unless is not None and self.unless.search(sentence):
                    continue
                for match in words.finditer(sentence):
                    if not _allowed(context, sentence, match):
                        phrase = match.group()
                        before = occurrences.setdefault(phrase, _Occurrences(entry.text, phrase))
                        nth = before.counted_before(offset + match.start())
                        yield Finding(entry.pointer, self.message.format(phrase), self.hint, phrase, nth=nth)


WORD_RULES = (
    WordRule(
        "L001",
        SUBJECTIVE,
        _words(
            "pop modern clean cleaner look looks professional quality engaging friendly intuitive "
            "fast robust sleek stunning beautiful catching catchy polished awesome amazing fresh wow"
        ),
        "'{}' means different things to different people",
        "say what you will measure: a number, a limit or an example to match",
        unless=_NUMBER,
        skip_criteria=True,
        warn_words=True,
    ),
    WordRule(
        "L002",
        OPEN_ENDED,
        _words("etc so more like similar appropriate needed necessary judgment judgement whatever up among"),
        "'{}' leaves the contractor to guess what else is meant",
        "list every item, or say what to do when something is not listed",
    ),
    WordRule(
        "L003",
        VAGUE_QUANTITIES,
        _words(
            "some several few couple many lot lots plenty various numerous bit short shorter long "
            "longer enough reasonable sufficient"
        ),
        "'{}' is not a quantity",
        "give a number or a range, such as 'at most 300 words' or '3 to 5 images'",
        unless=_NUMBER,
        skip_criteria=True,
    ),
    WordRule(
        "L004",
        URGENT,
        _words(
            "asap soon urgent urgently eod eow end away immediately tomorrow week monday tuesday "
            "wednesday thursday friday saturday sunday"
        ),
        "'{}' is not a deadline",
        "give a date and time with its time zone, or use timeline.milestones",
        unless=_WHEN_NEARBY,
    ),
    WordRule(
        "L006",
        DANGLING,
        _words("last before discussed mentioned agreed per usual above below know"),
        "'{}' refers to something that is not in the brief",
        "write it out, or add it to resources with a link",
        unless_in_text=_URL,
    ),
)
RULES.extend(LintRule(rule.code, rule) for rule in WORD_RULES)


@_rule("L005")
def placeholders(context: LintContext) -> Iterator[Finding]:
    for entry in context.candidates("L005"):
        for match in PLACEHOLDERS.finditer(entry.text):
            yield Finding(
                entry.pointer,
                f"'{match.group()}' is a placeholder",
                "write the real value, or remove the line until you know it",
                match.group(),
            )


@_rule("L007")
def secrets(context: LintContext) -> Iterator[Finding]:
    hint = "remove it and name the password-manager entry or vault item that holds it instead"
    for entry in context.candidates("L007"):
        for shown in _secrets_in(entry.text):
            yield Finding(entry.pointer, "this looks like a password, key or token", hint, shown)


def _secrets_in(text: str) -> Iterator[str]:
    """Each password, key or token in ``text`` once, in the order of the text: a key shape, a
    value given to a word such as password, a random-looking token named as a token or key,
    or a long token mixing cases and digits at random."""
    found = [match.span() for match in _KEY_SHAPES.finditer(text)]
    found += [match.span("value") for match in _SECRET_ASSIGNMENT.finditer(text)]
    found += [
        match.span("value") for match in _NAMED_TOKEN.finditer(text) if _looks_random(match.group("value"))
    ]
    found += [match.span() for match in _high_entropy(text)]
    end = -1
    for start, stop in sorted(found):
        if start >= end:  # two patterns that find the same secret report it once
            yield text[start:stop]
        end = max(end, stop)


@_rule("L008")
def invisible_characters(context: LintContext) -> Iterator[Finding]:
    for pointer, character in context.scan.invisible:
        yield Finding(
            pointer,
            f"invisible character U+{ord(character):04X} can hide or reorder text",
            "delete it; retype the text around it if unsure",
            character,
        )


@_rule("L009")
def timeline_order(context: LintContext) -> Iterator[Finding]:
    timeline = context.spec.data.get("timeline")
    if not isinstance(timeline, dict):
        return
    due = _moment(timeline.get("due"))
    start = _day(timeline.get("start"))
    if due is not None and start is not None and due.date() < start:
        yield Finding("/timeline/due", "the deadline is before the start date", "check both dates")
    milestones = timeline.get("milestones")
    for index, milestone in enumerate(milestones if isinstance(milestones, list) else []):
        when = _moment(milestone.get("due")) if isinstance(milestone, dict) else None
        pointer = f"/timeline/milestones/{index}/due"
        if when is not None and due is not None and when > due:
            yield Finding(pointer, "this milestone is after the final deadline", "move it, or the deadline")
        if when is not None and start is not None and when.date() < start:
            yield Finding(pointer, "this milestone is before the start date", "move it, or the start")


@_rule("L010")
def past_deadline(context: LintContext) -> Iterator[Finding]:
    timeline = context.spec.data.get("timeline")
    if not isinstance(timeline, dict):
        return
    due = _moment(timeline.get("due"))
    if due is not None and due.date() < context.today:
        yield Finding(
            "/timeline/due",
            f"the deadline {due.date().isoformat()} has already passed",
            "set a new deadline before handing this brief over",
        )


@_rule("L011")
def budget_sense(context: LintContext) -> Iterator[Finding]:
    budget = context.spec.data.get("budget")
    if not isinstance(budget, dict) or budget.get("model") != "hourly":
        return
    rate, hours, amount = budget.get("rate"), budget.get("max_hours"), budget.get("amount")
    if (
        isinstance(rate, (int, float))
        and isinstance(hours, (int, float))
        and isinstance(amount, (int, float))
        and not math.isclose(rate * hours, amount)
    ):
        yield Finding(
            "/budget/amount",
            f"the amount {amount} is not the rate times the hours ({rate} × {hours} = {rate * hours:g})",
            "make the three agree, or leave out the amount",
        )
    if isinstance(rate, (int, float)) and hours is None:
        yield Finding(
            "/budget",
            "an hourly budget without max_hours has no upper limit",
            "add max_hours so both sides know the most it can cost",
        )


@_rule("L012")
def missing_sections(context: LintContext) -> Iterator[Finding]:
    for section in recommended_sections(context.spec.config.schemas, context.spec.kind):
        if not _present(context.spec.data, section.pointer):
            field = section.pointer.strip("/").replace("/", ".")
            message = f"the brief has no {section.what} (`{field}`)"
            yield Finding(section.pointer, message, f"add one: {section.why}", at="/kind")


@_rule("L013")
def uncheckable_criteria(context: LintContext) -> Iterator[Finding]:
    vague = _phrases((*SUBJECTIVE, *VAGUE_QUANTITIES, *map(re.escape, context.settings.warn_words)))
    for entry in context.candidates("L013"):
        if not (entry.criterion and entry.prose):
            continue
        text = entry.text
        phrase = next(iter(_unmeasured(vague, text, context)), None)
        match = _UNCHECKABLE.search(text)
        if match is not None and not _NUMBER.search(text) and not _allowed(context, text, match):
            phrase = match.group()
        if phrase is not None:
            yield Finding(
                entry.pointer,
                f"'{phrase}' cannot be checked by someone who was not in your head",
                "state an observable result: a number, a file, a yes/no test a stranger could run",
                phrase,
            )


@_rule("L014")
def comment_cut(context: LintContext) -> Iterator[Finding]:
    sources = context.sources
    if not sources.comment_lines:
        return
    for pointer, text in _cut_values(sources, context.spec.source_map, context.scan.strings):
        yield Finding(pointer, _CUT_MESSAGE.format(text), _CUT_HINT)


def comment_cuts(document: YamlDocument) -> list[Problem]:
    """L014 for a file that is not a spec (a review, results or roster file): every value that
    a ``#`` on its line cut short, as a warning at the value (``note: around #3`` is "around")."""
    if document.data is None:
        return []
    sources = _Sources(document.source_map)
    if not sources.comment_lines:
        return []
    strings = _walk(document.data) if isinstance(document.data, dict) else _Strings([], [], [])
    return [
        Problem.at(
            document.source_map.locate(pointer),
            "L014",
            _CUT_MESSAGE.format(text),
            pointer=pointer,
            hint=_CUT_HINT,
            severity="warning",
        )
        for pointer, text in _cut_values(sources, document.source_map, strings)
    ]


def _cut_values(sources: _Sources, source_map: SourceMap, strings: _Strings) -> Iterator[tuple[str, str]]:
    """The pointer and text of every string value that a `` #`` on its line cut short."""
    for (pointer, _, _), text in zip(strings.places, strings.texts, strict=True):
        if _cut_short(sources, source_map, pointer):
            yield pointer, text


_CUT_MESSAGE = "the value ends at '{}': the text after ' #' is read as a comment"
_CUT_HINT = "put the whole value in quotes"


def _cut_short(sources: _Sources, source_map: SourceMap, pointer: str) -> bool:
    """Whether the one-line, plain value at ``pointer`` is followed by `` #text``."""
    span = source_map.span(pointer)
    if span is None or span[0][1] != span[1][1] or (span[1][0], span[1][1]) not in sources.comment_lines:
        return False
    return sources.cut_by_comment(span[0], span[1])


@_rule("L015")
def unmeasurable_kpis(context: LintContext) -> Iterator[Finding]:
    for index, entry in enumerate(context.spec.data.get("kpis") or ()):
        if not isinstance(entry, dict) or "target" not in entry:
            continue
        pointer = f"/kpis/{index}"
        target = entry["target"]
        if not isinstance(target, dict):
            yield Finding(
                f"{pointer}/target",
                f"the target '{target}' cannot be measured: it does not say at least, at most or between",
                "write it as {at_least: 80, unit: orders, by: 2026-10-31} (or at_most, or between: [A, B])",
            )
        elif "id" not in entry:
            yield Finding(
                pointer,
                "the KPI has no id, so no results file can record it",
                "add a short id such as `id: blend-orders`; results files name KPIs by id",
                at=f"{pointer}/name",
            )


@_rule("L021")
def deadline_offsets(context: LintContext) -> Iterator[Finding]:
    zone = _zone_of(context.spec.data.get("owner"))
    if zone is None:
        return
    theirs = _zone_of(context.spec.contractor)
    for pointer, written in _deadlines(context.spec.data):
        moment = _moment(written)
        if moment is None:
            continue  # no offset: S004 gives the corrected line
        wall = moment.replace(tzinfo=None)
        expected = wall.replace(tzinfo=time_zone(zone)).utcoffset()
        if moment.utcoffset() == expected or (
            theirs is not None and moment.utcoffset() == wall.replace(tzinfo=time_zone(theirs)).utcoffset()
        ):
            continue  # the owner's offset that day, or the contractor's: both are meant deliberately
        day, offset = wall.date().isoformat(), _offset_text(expected)
        message = f"{_offset_text(moment.utcoffset())} is not the offset of {zone} on {day} ({offset})"
        there = in_zone(moment, time_zone(zone))
        if there is not None:
            message += f": this deadline is {there:%H:%M} there, not {wall:%H:%M}"
        fixed = f"{split_pointer(pointer)[-1]}: {wall.isoformat()}{offset}"
        yield Finding(pointer, message, f"if you mean {wall:%H:%M} in {zone}, write `{fixed}`")


def _zone_of(person: Any) -> str | None:
    zone = person.get("timezone") if isinstance(person, dict) else None
    return zone if isinstance(zone, str) and is_time_zone(zone) else None


def _deadlines(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    timeline = data.get("timeline")
    if not isinstance(timeline, dict):
        return
    yield "/timeline/due", timeline.get("due")
    for index, milestone in enumerate(timeline.get("milestones") or ()):
        if isinstance(milestone, dict):
            yield f"/timeline/milestones/{index}/due", milestone.get("due")


def _offset_text(offset: timedelta | None) -> str:
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    return f"{'+' if minutes >= 0 else '-'}{hours:02d}:{rest:02d}"


@_rule("L020")
def skeleton_values(context: LintContext) -> Iterator[Finding]:
    kind = context.spec.kind
    folders = context.spec.config.schemas
    if kind is None or kind not in known_kinds(folders):
        return
    texts = set(context.scan.strings.texts)
    for pointer, example in _skeleton_samples(folders, kind):
        if example in texts and value_at(context.spec.data, pointer) == example:
            shown = example if len(example) <= 50 else example[:47] + "…"
            yield Finding(
                pointer,
                f"'{shown}' is the example that `outsource-briefs new {kind}` wrote, left unchanged",
                "write what this brief needs instead; an optional field you do not need can be deleted",
            )


#: The sample texts of each kind's example, by the kind and the version of the schemas (which
#: changes with the example).
_SKELETON_SAMPLES: dict[tuple[str, tuple[object, ...]], tuple[tuple[str, str], ...]] = {}


def _skeleton_samples(folders: SchemaFolders, kind: str) -> tuple[tuple[str, str], ...]:
    """The example's values that no real brief shares by chance: its id, the owner's name,
    addresses, links, deadlines and sentences of four words or more (not "Google Doc", a
    currency or a time zone, which a brief may well have too). Worked out once per kind."""
    key = (kind, schema_version(folders))
    found = _SKELETON_SAMPLES.get(key)
    if found is None:
        found = _SKELETON_SAMPLES[key] = tuple(
            (entry.pointer, entry.text)
            for entry in _walk(example_spec(folders, kind)).entries()
            if entry.pointer in ("/id", "/owner/name")
            or _SAMPLE_TEXT.search(entry.text)
            or len(entry.text.split()) >= 4
        )
    return found


# --- helpers ------------------------------------------------------------------------------


@functools.cache
def _phrases(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``patterns`` as whole words, in any case.

    It finds a match in a whole text wherever one of the text's sentences holds one, so one
    search of the text tells whether its sentences need to be searched at all: a sentence ends
    at a line break, where ``$`` matches too (``re.MULTILINE``; a sentence holds no line break),
    or after punctuation and white space, which no word boundary or phrase crosses differently.
    """
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE | re.MULTILINE)


# What a lowercase ASCII pattern may hold that matches differently in a lowered text than with
# case ignored: a character given by its code (\x41, \101, \u0041) and inline flags ((?-i:…)).
_CASE_BOUND = re.compile(r"\\[0-9xu]|\(\?[-a-z]")


@functools.cache
def _without_case(words: re.Pattern[str]) -> re.Pattern[str] | None:
    """``words`` (from :func:`_phrases`) as a search of a text in ASCII that is lowered first:
    the same matches, found about twice as fast, since the regex engine then compares
    characters as they are. None unless its source is lowercase ASCII with nothing bound to
    case (``\\S`` in lower case means its opposite; ``\\x41`` is an upper-case letter)."""
    source = words.pattern
    if not source.isascii() or source != source.lower() or _CASE_BOUND.search(source):
        return None
    return re.compile(source, words.flags & ~re.IGNORECASE)


def _holds_phrase(words: re.Pattern[str], text: str) -> bool:
    """Whether ``words`` (from :func:`_phrases`) finds a match in ``text``."""
    lowered = _without_case(words) if text.isascii() else None
    if lowered is not None:
        return lowered.search(text.lower()) is not None
    return words.search(text) is not None


def _unmeasured(words: re.Pattern[str], text: str, context: LintContext) -> Iterator[str]:
    """Matches of ``words`` in sentences that say nothing measurable."""
    for _, sentence in context.sentences(text):
        if _NUMBER.search(sentence):
            continue
        for match in words.finditer(sentence):
            if not _allowed(context, sentence, match):
                yield match.group()


def _allowed(context: LintContext, text: str, found: re.Match[str]) -> bool:
    """Whether ``found`` (a match in ``text``) lies inside an allowed word or phrase, so that
    ``allow_words: [Modern Rye]`` allows "modern" in "the Modern Rye loaf" and nowhere else."""
    if context.allowed is None:
        return False
    start, end = found.span()
    spans = context.allowed_spans(text)
    # Allowed matches do not overlap: the last one starting at or before the match is the only
    # one that can hold it.
    index = bisect.bisect_right(spans, (start, len(text) + 1)) - 1
    return index >= 0 and spans[index][1] >= end


def _high_entropy(text: str) -> Iterator[re.Match[str]]:
    """Long tokens mixing lower case, upper case and digits at random, like API keys."""
    for match in _TOKEN_CANDIDATE.finditer(text):
        token = match.group()
        if token.islower() or token.isupper() or not any(char.isdigit() for char in token):
            continue
        if match.start() and text[match.start() - 1] in _NOT_BEFORE_TOKEN:
            continue
        if _entropy(token) > 4.0:
            yield match


def _looks_random(token: str) -> bool:
    """Whether a token named as a token or key is one: letters and digits mixed with little
    repetition (a hex key of 32 characters has an entropy near 3.8 bits per character), and
    not a path."""
    return (
        any(char.isdigit() for char in token)
        and any(char.isalpha() for char in token)
        and token.count("/") <= 2
        and _entropy(token) > 3.0
    )


def _entropy(token: str) -> float:
    counts = Counter(token).values()
    return -sum(n / len(token) * math.log2(n / len(token)) for n in counts)


def _moment(value: Any) -> datetime | None:
    """A date-time with its UTC offset; without one it cannot be compared (the schema says so)."""
    moment = moment_or_none(value)
    return moment if moment is not None and moment.tzinfo is not None else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _present(data: Any, pointer: str) -> bool:
    return value_at(data, pointer) not in (None, [], {}, "")


class _Sources:
    """The source text of the spec and its bases (as read by the loader), to point at a word
    inside a value and to read suppression comments.

    Findings of one rule in one value come in the order of the text, so each is looked for
    after the previous one: locating every finding reads each value once.
    """

    def __init__(self, source_map: SourceMap) -> None:
        self._texts = source_map.texts
        self._starts: dict[str, list[int]] = {}
        self._values: dict[str, _Flattened | None] = {}
        self._cursors: dict[tuple[str, str], _Cursor] = {}
        self._occurrences: dict[tuple[str, str, str], _Occurrences] = {}
        self._suppressed: dict[tuple[str, int], frozenset[str]] = {}

    def line_starts(self, file: str) -> list[int] | None:
        """Where each line of ``file`` starts in its text."""
        text = self._texts.get(file)
        if text is None:
            return None
        if file not in self._starts:
            if any(other in text for other in _OTHER_BREAKS):
                self._starts[file] = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
            else:
                lines = text.split("\n")[:-1]
                self._starts[file] = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        return self._starts[file]

    def offset(self, position: tuple[str, int, int]) -> int | None:
        """``(file, line, column)`` as an index into the file's text."""
        file, line, column = position
        starts = self.line_starts(file)
        return starts[line - 1] + column - 1 if starts is not None and 0 < line <= len(starts) else None

    def locate(self, spec: Spec, finding: Finding, code: str) -> Location:
        """Where ``finding`` of the rule ``code`` is: its phrase inside the value, else the value
        (the key, for a mapping or a list)."""
        if finding.at is not None:
            return spec.locate(finding.at)
        if finding.phrase is not None:
            found = self._phrase(spec.source_map, finding.pointer, finding.phrase, code, finding.nth)
            if found is not None:
                return found
        container = isinstance(value_at(spec.data, finding.pointer), (dict, list))
        return spec.locate(finding.pointer, key=container)

    def _phrase(
        self, source_map: SourceMap, pointer: str, phrase: str, code: str, nth: int | None
    ) -> Location | None:
        value = self._value(source_map, pointer)
        if value is None:
            return None
        if nth is not None and not value.escapes:
            walker = self._occurrences.get((pointer, code, phrase))
            if walker is None:
                walker = self._occurrences[(pointer, code, phrase)] = _Occurrences(
                    value.text, " ".join(phrase.split())
                )
            found = walker.find(nth)
        else:
            cursor = self._cursors.setdefault((pointer, code), _Cursor())
            found = value.find(" ".join(phrase.split()), cursor) if cursor.position >= 0 else -1
        if found < 0:
            return None
        offset = value.source_offset(found)
        starts = self.line_starts(value.file) or [0]
        line = bisect.bisect_right(starts, offset)
        return Location(value.file, line, offset - starts[line - 1] + 1)

    def _value(self, source_map: SourceMap, pointer: str) -> _Flattened | None:
        if pointer not in self._values:
            span = source_map.span(pointer)
            start, end = (self.offset(span[0]), self.offset(span[1])) if span is not None else (None, None)
            text = self._texts.get(span[0][0]) if span is not None else None
            if span is None or start is None or end is None or text is None or span[0][0] != span[1][0]:
                self._values[pointer] = None
            else:
                self._values[pointer] = _Flattened.of(span[0][0], text, start, end)
        return self._values[pointer]

    def suppressed(self, location: Location) -> frozenset[str]:
        """The codes a ``# outsource-briefs: disable=...`` comment on the line turns off."""
        key = (location.file, location.line)
        if key not in self._suppressed:
            self._suppressed[key] = self._read_suppression(location.file, location.line)
        return self._suppressed[key]

    def _read_suppression(self, file: str, line: int) -> frozenset[str]:
        text, starts = self._texts.get(file), self.line_starts(file)
        if text is None or starts is None or not 0 < line <= len(starts):
            return frozenset()
        end = starts[line] if line < len(starts) else len(text)
        match = _SUPPRESSION.search(text, starts[line - 1], end)
        if match is None:
            return frozenset()
        return frozenset(code.strip().upper() for code in match.group(1).split(",") if code.strip())

    @cached_property
    def comment_lines(self) -> frozenset[tuple[str, int]]:
        """The lines with a comment after a space: the only ones where a value may be cut."""
        found = set()
        for file, text in self._texts.items():
            for match in _COMMENT_MARK.finditer(text):
                starts = self.line_starts(file) or [0]
                found.add((file, bisect.bisect_right(starts, match.start())))
        return frozenset(found)

    def cut_by_comment(self, start: tuple[str, int, int], end: tuple[str, int, int]) -> bool:
        """Whether the plain value from ``start`` to ``end`` (on one line) is followed by a
        comment that is not a suppression."""
        text, first, after = self._texts.get(start[0]), self.offset(start), self.offset(end)
        if text is None or first is None or after is None or text[first : first + 1] in ("'", '"', "|", ">"):
            return False
        comment = _COMMENT_START.match(text, after)
        if comment is None:
            return False
        starts = self.line_starts(end[0]) or [0]
        line_end = starts[end[1]] if end[1] < len(starts) else len(text)
        return _SUPPRESSION.search(text, comment.end() - 2, line_end) is None


@dataclass
class _Cursor:
    """How far the findings of one rule in one value have been located."""

    position: int = 0
    whole_words: bool = True


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _stands_alone(text: str, start: int, length: int) -> bool:
    """Whether ``text[start:start + length]`` is whole words, not part of a longer word."""
    end = start + length
    before = start == 0 or not (_is_word(text[start - 1]) and _is_word(text[start]))
    after = end == len(text) or not (_is_word(text[end - 1]) and _is_word(text[end]))
    return before and after


@dataclass
class _Occurrences:
    """The whole-word occurrences of ``phrase`` in ``text``, counted from the start as far as
    asked: questions come in the order of the text, so the text is read once."""

    text: str
    phrase: str
    position: int = 0  # where the next occurrence is looked for
    count: int = 0  # whole-word occurrences before ``position``

    def counted_before(self, index: int) -> int:
        """How many occurrences start before ``index``."""
        while True:
            found = self.text.find(self.phrase, self.position, index + len(self.phrase) - 1)
            if found < 0 or found >= index:
                return self.count
            self.count += _stands_alone(self.text, found, len(self.phrase))
            self.position = found + 1

    def find(self, nth: int) -> int:
        """Where occurrence ``nth`` (0 for the first) starts; -1 when there is no such one."""
        while self.count <= nth:
            found = self.text.find(self.phrase, self.position)
            if found < 0:
                return -1
            self.position = found + 1
            if _stands_alone(self.text, found, len(self.phrase)):
                self.count += 1
                if self.count == nth + 1:
                    return found
        return -1


@dataclass(frozen=True)
class _Flattened:
    """A value's source text with each run of whitespace made one space (a folded line reads as
    the value does), and the way back to the source. ``escapes``: the value is double-quoted,
    so an escape sequence such as ``\\n`` may stand next to a word."""

    file: str
    text: str
    flat_starts: list[int]
    source_starts: list[int]
    escapes: bool

    @classmethod
    def of(cls, file: str, source: str, start: int, end: int) -> _Flattened:
        parts, flat_starts, source_starts = [], [0], [start]
        position, length = start, 0
        for match in _SPACES.finditer(source, start, end):
            length += match.start() - position + 1
            parts.append(source[position : match.start()] + " ")
            position = match.end()
            flat_starts.append(length)
            source_starts.append(position)
        parts.append(source[position:end])
        return cls(file, "".join(parts), flat_starts, source_starts, source[start : start + 1] == '"')

    def find(self, phrase: str, cursor: _Cursor) -> int:
        """Where ``phrase`` is, after ``cursor``: as a whole word, as rules match them (anywhere
        when an escape sequence may stand next to it); -1 when it is not in the source as
        written. ``cursor`` moves past it."""
        text = self.text
        first = text.find(phrase, cursor.position)
        found = first
        while not self.escapes and cursor.whole_words and found >= 0 and not self._whole(found, len(phrase)):
            found = text.find(phrase, found + 1)
        if found < 0:
            # No whole word further on: later phrases need not look for one either.
            cursor.whole_words, found = False, first
        cursor.position = found + len(phrase) if found >= 0 else -1
        return found

    def _whole(self, start: int, length: int) -> bool:
        return _stands_alone(self.text, start, length)

    def source_offset(self, index: int) -> int:
        piece = bisect.bisect_right(self.flat_starts, index) - 1
        return self.source_starts[piece] + index - self.flat_starts[piece]
