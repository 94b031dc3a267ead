"""The clarity lint: completeness and clarity rules, each with a code: the word rules are a
table of phrases (``WORD_RULES``), the others one small function each.

The schema says a spec is well formed; the lint says it is a good brief. Findings are warnings
(``validate --strict`` makes them fail). A rule must not cry wolf: a vague word next to a
number ("short: under 300 words") is a measurable instruction and is not reported.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from .config import LintSettings
from .errors import CODES, Location, Problem, join_pointer, split_pointer
from .schema_check import example_spec, known_kinds, recommended_sections, time_zones
from .spec import Spec
from .values import moment_or_none
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
_CRITERIA = re.compile(r"^(/deliverables/\d+)?/acceptance_criteria/\d+$")

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
PLACEHOLDER_TRIGGERS = frozenset({"tbd", "tbc", "todo", "fixme", "lorem"})
SECRET_TRIGGERS = frozenset(
    {"password", "passwd", "pwd", "passcode", "pin", "api", "apikey", "secret", "token", "access", "sk"}
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
_PLACEHOLDER_MARKS = ("???", "[", "<", "xxx")
_WORD = re.compile(r"[a-z0-9]+")
PLACEHOLDERS = re.compile(
    r"\b(?:TBD|TBC|TODO|FIXME|XXX+)\b|\?\?\?+|\[\s*(?:insert|add|your|tbd)[^\]]*\]|<\s*(?:insert|placeholder)[^>]*>|"
    r"lorem ipsum",
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
# "password: Winter2026!" but not "password: in the shared vault": the value holds a digit or symbol.
_SECRET_ASSIGNMENT = re.compile(
    r"\b(?:password|passwd|pwd|passcode|pin|api[ _-]?key|secret|token|access[ _-]?key)\b\s*(?:is|=|:)\s*"
    r"[\"']?(?P<value>(?=[^\s\"',;]*[^A-Za-z\s\"',;])[^\s\"',;]{4,})",
    re.IGNORECASE,
)
_KEY_SHAPES = re.compile(
    r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----|\bsk_(?:live|test)_[0-9A-Za-z]{10,}|\bAKIA[0-9A-Z]{16}\b|"
    r"\bgh[pousr]_[0-9A-Za-z]{30,}|\bgithub_pat_[0-9A-Za-z_]{30,}|\bxox[abprs]-[0-9A-Za-z-]{10,}|"
    r"\bAIza[0-9A-Za-z_-]{35}\b|\beyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]+"
)
_TOKEN_CANDIDATE = re.compile(r"[A-Za-z0-9+/_=-]{24,}(?![\w/.-])")
# Not after a word character, "/", "=", "?", "&", "." or "-": parts of words and of web
# addresses are not secrets pasted by hand.
_NOT_BEFORE_TOKEN = frozenset("/.=?&-_" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SUPPRESSION = re.compile(r"#\s*outsource-briefs:\s*disable=([A-Za-z0-9, ]+)")
_SAMPLE_TEXT = re.compile(r"@|://|^\d{4}-\d\d-\d\dT")
_UNCHECKABLE = re.compile(
    r"\b(?:quick(?:ly)?|friendly|nice|properly|correctly|appropriate(?:ly)?|user[- ]friendly|"
    r"looks? (?:good|great|nice|right|professional)|(?:client|customer|we|i)(?: am| are| is)? "
    r"(?:happy|satisfied|pleased|like it)|meets? (?:our |my |the )?expectations|satisfactory|"
    r"to (?:our|my) (?:liking|satisfaction)|done (?:well|properly|right)|good enough|as expected|"
    r"works (?:well|properly|correctly|fine))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """A rule's finding in one value; ``phrase`` is the text to point at inside it, if any, and
    ``at`` the value to point at when that is not the value concerned (a missing section)."""

    pointer: str
    message: str
    hint: str
    phrase: str | None = None
    at: str | None = None


@dataclass
class LintContext:
    """What a rule sees: the spec, the settings and today's date.

    Most values are clean, so a word rule looks closely only at the values that hold one of its
    trigger words (``candidates``): a set lookup is far quicker than the rule's patterns.
    """

    spec: Spec
    settings: LintSettings
    today: date

    @cached_property
    def strings(self) -> list[tuple[str, str, frozenset[str]]]:
        """Every string value with its pointer and lowercase words."""
        return [(pointer, text, _words(text)) for pointer, text in _strings(self.spec.data)]

    @cached_property
    def texts(self) -> list[tuple[str, str, frozenset[str]]]:
        """The instruction texts among ``strings``: not identifiers, addresses, dates, choices,
        free data or history."""
        return [entry for entry in self.strings if _is_prose(entry[0])]

    def candidates(
        self,
        triggers: frozenset[str],
        *,
        marks: Callable[[str], bool] | None = None,
        everywhere: bool = False,
    ) -> Iterator[tuple[str, str]]:
        """The texts (every string with ``everywhere``) that hold one of the lowercase words
        ``triggers``, or for which ``marks`` is true: the only ones a rule need look at."""
        for pointer, text, words in self.strings if everywhere else self.texts:
            if words & triggers or (marks is not None and marks(text)):
                yield pointer, text

    @cached_property
    def sources(self) -> _Sources:
        return _Sources(self.spec.source_map.texts)

    @cached_property
    def allowed(self) -> re.Pattern[str] | None:
        words = self.settings.allow_words
        return _phrases(tuple(words)) if words else None


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
        for finding in rule.check(context):
            location = sources.locate(spec, finding)
            if rule.code not in sources.suppressed(location):
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
        for pointer, text in context.candidates(self.trigger_words(context.settings.warn_words)):
            if self.skip_criteria and _CRITERIA.match(pointer):
                continue
            if self.unless_in_text is not None and self.unless_in_text.search(text):
                continue
            for sentence in _sentences(text):
                if self.unless is not None and self.unless.search(sentence):
                    continue
                for match in words.finditer(sentence):
                    if not _allowed(context, match.group()):
                        yield Finding(pointer, self.message.format(match.group()), self.hint, match.group())


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
    for pointer, text in context.candidates(
        PLACEHOLDER_TRIGGERS, marks=_has_placeholder_mark, everywhere=True
    ):
        for match in PLACEHOLDERS.finditer(text):
            yield Finding(
                pointer,
                f"'{match.group()}' is a placeholder",
                "write the real value, or remove the line until you know it",
                match.group(),
            )


@_rule("L007")
def secrets(context: LintContext) -> Iterator[Finding]:
    hint = "remove it and name the password-manager entry or vault item that holds it instead"
    for pointer, text in context.candidates(SECRET_TRIGGERS, marks=_has_key_mark, everywhere=True):
        found = _KEY_SHAPES.search(text) or _SECRET_ASSIGNMENT.search(text) or _high_entropy(text)
        if found is not None:
            shown = found.group("value") if "value" in found.re.groupindex else found.group()
            yield Finding(pointer, "this looks like a password, key or token", hint, shown)


@_rule("L008")
def invisible_characters(context: LintContext) -> Iterator[Finding]:
    for pointer, text in _strings(context.spec.data, keys=True):
        match = _INVISIBLE.search(text)
        if match is not None:
            yield Finding(
                pointer,
                f"invisible character U+{ord(match.group()):04X} can hide or reorder text",
                "delete it; retype the text around it if unsure",
                match.group(),
            )


@_rule("L009")
def timeline_order(context: LintContext) -> Iterator[Finding]:
    timeline = context.spec.data.get("timeline")
    if not isinstance(timeline, dict):
        return
    due = moment_or_none(timeline.get("due"))
    start = _day(timeline.get("start"))
    if due is not None and start is not None and due.date() < start:
        yield Finding("/timeline/due", "the deadline is before the start date", "check both dates")
    for index, milestone in enumerate(timeline.get("milestones") or []):
        when = moment_or_none(milestone.get("due")) if isinstance(milestone, dict) else None
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
    due = moment_or_none(timeline.get("due"))
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
    for pointer, text, _ in context.texts:
        if not _CRITERIA.match(pointer):
            continue
        phrase = next(iter(_unmeasured(vague, text, context)), None)
        match = _UNCHECKABLE.search(text)
        if match is not None and not _NUMBER.search(text) and not _allowed(context, match.group()):
            phrase = match.group()
        if phrase is not None:
            yield Finding(
                pointer,
                f"'{phrase}' cannot be checked by someone who was not in your head",
                "state an observable result: a number, a file, a yes/no test a stranger could run",
                phrase,
            )


@_rule("L014")
def comment_cut(context: LintContext) -> Iterator[Finding]:
    for pointer, text, _ in context.strings:
        if _cut_short(context.sources, context.spec.source_map, pointer):
            yield Finding(pointer, _CUT_MESSAGE.format(text), _CUT_HINT)


def comment_cuts(document: YamlDocument) -> list[Problem]:
    """L014 for a file that is not a spec (a review, results or roster file): every value that
    a ``#`` on its line cut short, as a warning at the value (``note: around #3`` is "around")."""
    if document.data is None:
        return []
    sources = _Sources(document.source_map.texts)
    return [
        Problem.at(
            document.source_map.locate(pointer),
            "L014",
            _CUT_MESSAGE.format(text),
            pointer=pointer,
            hint=_CUT_HINT,
            severity="warning",
        )
        for pointer, text in _strings(document.data)
        if _cut_short(sources, document.source_map, pointer)
    ]


_CUT_MESSAGE = "the value ends at '{}': the text after ' #' is read as a comment"
_CUT_HINT = "put the whole value in quotes"


def _cut_short(sources: _Sources, source_map: SourceMap, pointer: str) -> bool:
    """Whether the one-line, unquoted value at ``pointer`` is followed by `` #text``."""
    span = source_map.span(pointer)
    if span is None or span[0][1] != span[1][1]:
        return False
    start, end = span
    line = sources.line(end[0], end[1])
    if line is None or line[start[2] - 1 : start[2]] in ("'", '"', "|", ">"):
        return False
    rest = line[end[2] - 1 :]
    return re.match(r"\s+#\S", rest) is not None and not _SUPPRESSION.search(rest)


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
        moment = moment_or_none(written)
        if moment is None:
            continue
        wall = moment.replace(tzinfo=None)
        expected = wall.replace(tzinfo=ZoneInfo(zone)).utcoffset()
        if moment.utcoffset() == expected or (
            theirs is not None and moment.utcoffset() == wall.replace(tzinfo=ZoneInfo(theirs)).utcoffset()
        ):
            continue  # the owner's offset that day, or the contractor's: both are meant deliberately
        at_home = moment.astimezone(ZoneInfo(zone))
        fixed = f"{wall.isoformat()}{_offset_text(expected)}"
        yield Finding(
            pointer,
            f"{_offset_text(moment.utcoffset())} is not the offset of {zone} on {wall.date().isoformat()} "
            f"({_offset_text(expected)}): this deadline is {at_home:%H:%M} there, not {wall:%H:%M}",
            f"if you mean {wall:%H:%M} in {zone}, write `{split_pointer(pointer)[-1]}: {fixed}`",
        )


def _zone_of(person: Any) -> str | None:
    zone = person.get("timezone") if isinstance(person, dict) else None
    return zone if isinstance(zone, str) and zone in time_zones() else None


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
    for pointer, example in _sample_texts(example_spec(folders, kind)):
        if _value_at(context.spec.data, pointer) == example:
            shown = example if len(example) <= 50 else example[:47] + "…"
            yield Finding(
                pointer,
                f"'{shown}' is the example that `outsource-briefs new {kind}` wrote, left unchanged",
                "write what this brief needs instead; an optional field you do not need can be deleted",
            )


def _sample_texts(example: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The example's values that no real brief shares by chance: its id, the owner's name,
    addresses, links, deadlines and sentences of four words or more (not "Google Doc", a
    currency or a time zone, which a brief may well have too)."""
    for pointer, text in _strings(example):
        if pointer in ("/id", "/owner/name") or _SAMPLE_TEXT.search(text) or len(text.split()) >= 4:
            yield pointer, text


# --- helpers ------------------------------------------------------------------------------


@functools.cache
def _phrases(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence]


def _unmeasured(words: re.Pattern[str], text: str, context: LintContext) -> Iterator[str]:
    """Matches of ``words`` in sentences that say nothing measurable."""
    for sentence in _sentences(text):
        if _NUMBER.search(sentence):
            continue
        for match in words.finditer(sentence):
            if not _allowed(context, match.group()):
                yield match.group()


def _allowed(context: LintContext, phrase: str) -> bool:
    return context.allowed is not None and context.allowed.fullmatch(phrase) is not None


def _is_prose(pointer: str) -> bool:
    """Whether the string at ``pointer`` is an instruction: not an identifier, address, date,
    choice, free data or history."""
    if pointer.startswith(_NOT_PROSE_BELOW):
        return False
    return not any(token in _NOT_PROSE for token in split_pointer(pointer))


def _has_placeholder_mark(text: str) -> bool:
    """Placeholder marks that are not words: "???", "[insert", "<placeholder", "xxx"."""
    lowered = text.lower()
    return any(mark in lowered for mark in _PLACEHOLDER_MARKS)


def _has_key_mark(text: str) -> bool:
    """Secret marks that are not words: a key format's prefix, a long random token."""
    lowered = text.lower()
    return any(mark in lowered for mark in _KEY_MARKS) or (
        len(text) >= 24 and _high_entropy(text) is not None
    )


def _strings(data: Any, pointer: str = "", *, keys: bool = False) -> Iterator[tuple[str, str]]:
    """Every string value (and with ``keys``, every key) with its pointer."""
    if isinstance(data, dict):
        for key, value in data.items():
            child = join_pointer(pointer, key)
            if keys:
                yield child, key
            yield from _strings(value, child, keys=keys)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, join_pointer(pointer, index), keys=keys)
    elif isinstance(data, str):
        yield pointer, data


def _high_entropy(text: str) -> re.Match[str] | None:
    """A long token mixing lower case, upper case and digits at random, like an API key."""
    for match in _TOKEN_CANDIDATE.finditer(text):
        token = match.group()
        if token.islower() or token.isupper() or not any(char.isdigit() for char in token):
            continue
        if match.start() and text[match.start() - 1] in _NOT_BEFORE_TOKEN:
            continue
        if _entropy(token) > 4.0:
            return match
    return None


def _entropy(token: str) -> float:
    counts = {char: token.count(char) for char in set(token)}
    return -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _present(data: Any, pointer: str) -> bool:
    return _value_at(data, pointer) not in (None, [], {}, "")


def _value_at(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


class _Sources:
    """Source lines of the spec and its bases (as read by the loader), to point at a word
    inside a value and to read suppression comments."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, file: str) -> list[str] | None:
        if file not in self._lines:
            text = self._texts.get(file)
            self._lines[file] = text.splitlines() if text is not None else None
        return self._lines[file]

    def line(self, file: str, number: int) -> str | None:
        lines = self.lines(file)
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None

    def locate(self, spec: Spec, finding: Finding) -> Location:
        if finding.at is not None:
            return spec.locate(finding.at)
        container = isinstance(_value_at(spec.data, finding.pointer), (dict, list))
        start = spec.locate(finding.pointer, key=container)
        span = spec.source_map.span(finding.pointer)
        end = span[1] if span is not None else None
        lines = self.lines(start.file)
        if finding.phrase is None or lines is None or end is None:
            return start
        pattern = re.compile(r"\s+".join(map(re.escape, finding.phrase.split())), re.IGNORECASE)
        for number in range(start.line, min(end[1], len(lines)) + 1):
            text = lines[number - 1]
            first = start.column - 1 if number == start.line else 0
            match = pattern.search(text, first)
            if match is not None:
                return Location(start.file, number, match.start() + 1)
        return start

    def suppressed(self, location: Location) -> frozenset[str]:
        line = self.line(location.file, location.line) or ""
        match = _SUPPRESSION.search(line)
        if match is None:
            return frozenset()
        return frozenset(code.strip().upper() for code in match.group(1).split(",") if code.strip())
