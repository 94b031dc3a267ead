"""Generate realistic, valid, varied ``*.brief.yaml`` specs from the shipped examples.

Each generated spec starts from the example of its kind, keeps every required section, then
adds a random choice of the optional sections (and optional ``details`` entries) until it is
about 80 lines long. Lists are shuffled and cut, dates shifted, people, amounts, ids and
titles varied. About a quarter of the specs ``extends`` a base file; the base only adds
optional sections, so every spec is schema-valid on its own too (check-jsonschema and the
floor scripts do not follow ``extends``).

Values are written the way PyYAML quotes them for YAML 1.1 readers (dates and ``yes``/``no``
quoted), so the CSafeLoader of the floor scripts reads the same data as the YAML 1.2 reader of
outsource-briefs.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import yaml

from outsource_briefs.repository import load_spec
from outsource_briefs.resources import schemas_dir
from outsource_briefs.schema_check import recommended_sections

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
BASE_NAMES = ("house-style.base.yaml", "agency-terms.base.yaml")
#: Sections a base file supplies; a spec that extends it leaves them out.
BASE_SECTIONS = frozenset({"standards", "communication", "escalation", "revisions"})
TARGET_LINES = (74, 86)
#: The earliest date in a generated spec lies this many days or more after today, so that the
#: lint never finds a deadline already past (rule L010), whenever the benchmark runs.
_LEAD_DAYS = 30
EXTENDS_EVERY = 4

_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")
_ORDER = (
    *("id", "title", "version", "kind", "extends", "outcome", "objective", "background", "audience"),
    *("owner", "approver", "contractor", "scope", "deliverables", "acceptance_criteria"),
    *("definition_of_done", "steps", "standards", "examples", "resources", "timeline", "budget"),
    *("revisions", "communication", "escalation", "review", "kpis", "details", "changelog"),
)

_PEOPLE = (
    ("Ana Ribeiro", "ana@beanandbloom.example", "Europe/Lisbon"),
    ("Jonas Becker", "jonas@kaffeehaus.example", "Europe/Berlin"),
    ("Priya Nair", "priya@chaiworks.example", "Asia/Kolkata"),
    ("Carlos Mendoza", "carlos@tostadores.example", "America/Mexico_City"),
    ("Emma Clarke", "emma@brewlab.example", "Europe/London"),
    ("Kenji Sato", "kenji@kissaten.example", "Asia/Tokyo"),
    ("Olivia Brown", "olivia@northroast.example", "America/Chicago"),
    ("Léa Martin", "lea@torrefaction.example", "Europe/Paris"),
    ("Tomás Ferreira", "tomas@beanandbloom.example", "Europe/Lisbon"),
    ("Amara Okafor", "amara@lagosbeans.example", "Africa/Lagos"),
    ("Sofia Rossi", "sofia@tostatura.example", "Europe/Rome"),
    ("Liam O'Connor", "liam@harbourcoffee.example", "Australia/Sydney"),
)
_CLIENTS = (
    "the Lisbon shop",
    "the Porto café",
    "the spring 2027 launch",
    "the wholesale team",
    "the Madrid pop-up",
    "the online store",
    "the summer campaign",
    "the new espresso line",
    "the subscription club",
    "the holiday gift box",
)
_CURRENCIES = ("EUR", "EUR", "EUR", "USD", "GBP")


class SpecFile(NamedTuple):
    """A spec as written: its file name, kind, YAML text, and whether it uses ``extends``."""

    name: str
    kind: str
    text: str
    extends: bool


@dataclass(frozen=True)
class GeneratedSpec:
    """A generated spec: its sections as data and, for each, the YAML text written for it."""

    name: str
    kind: str
    header: str
    sections: dict[str, Any]
    texts: dict[str, str]

    @property
    def text(self) -> str:
        """The file: the header comment, then the sections in the usual order, a blank line apart."""
        order = {key: position for position, key in enumerate(_ORDER)}
        keys = sorted(self.texts, key=lambda key: order.get(key, len(order)))
        return self.header + "\n".join(self.texts[key] for key in keys)

    def file(self) -> SpecFile:
        return SpecFile(self.name, self.kind, self.text, "extends" in self.sections)

    def with_section(self, key: str, value: Any) -> GeneratedSpec:
        """This spec with section ``key`` set to ``value`` (added when it is missing)."""
        return replace(
            self, sections={**self.sections, key: value}, texts={**self.texts, key: _section(key, value)}
        )

    def without_section(self, key: str) -> GeneratedSpec:
        """This spec with section ``key`` left out."""
        sections = {name: value for name, value in self.sections.items() if name != key}
        return replace(self, sections=sections, texts={name: self.texts[name] for name in sections})


@dataclass(frozen=True)
class GeneratedSet:
    """Specs written to ``folder``: the file names, their kinds, line counts and extends use."""

    folder: Path
    files: list[str]
    kinds: dict[str, int]
    lines: list[int]
    extending: int


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key and writes long text as folded blocks, like a person."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 96 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict[str, Any]) -> str:
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def kind_examples() -> dict[str, dict[str, Any]]:
    """The resolved data of the shipped example of each packaged kind, by kind."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(EXAMPLES.glob("*.brief.yaml")):
        data = load_spec(path).data  # with its base merged: the sections the lint wants
        found.setdefault(str(data["kind"]), data)
    return found


def _required(kind: str) -> tuple[set[str], set[str]]:
    """Top-level keys and ``details`` keys every generated spec of ``kind`` has: those the core
    schema and the kind schema require, and the sections the kind recommends (so that the
    specs are clean briefs and ``validate`` prints nothing, like the peer)."""
    core = json.loads((schemas_dir() / "spec.schema.json").read_text(encoding="utf-8"))
    schema = json.loads((schemas_dir() / "kinds" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    details = schema.get("properties", {}).get("details", {})
    top = set(core["required"]) | set(schema.get("required", []))
    wanted_details = set(details.get("required", []))
    for section in recommended_sections((), kind):
        key, _, below = section.pointer.removeprefix("/").partition("/")
        if key == "details":
            wanted_details.add(below.partition("/")[0])
        else:
            top.add(key)
    return top, wanted_details


def every_fourth_extends(index: int) -> str | None:
    """The base file of spec ``index``: a quarter of the specs extend one of the two bases."""
    if index % EXTENDS_EVERY != 1:
        return None
    return BASE_NAMES[(index // EXTENDS_EVERY) % len(BASE_NAMES)]


class SpecFactory:
    """Makes spec number ``index`` deterministically from ``seed``; ``bases`` gives the base
    file that spec ``index`` extends, if any."""

    def __init__(self, seed: int = 2026, bases: Callable[[int], str | None] = every_fourth_extends) -> None:
        self.seed = seed
        self.bases = bases
        self.examples = kind_examples()
        self.kinds = sorted(self.examples)
        self.required = {kind: _required(kind) for kind in self.kinds}

    def spec(self, index: int) -> GeneratedSpec:
        """Spec number ``index``."""
        rng = random.Random(self.seed * 1_000_003 + index)
        kind = self.kinds[index % len(self.kinds)]
        base = self.bases(index)
        extends = base is not None
        data = _vary(self.examples[kind], rng, index)
        required, required_details = self.required[kind]
        skipped = {"details", *(BASE_SECTIONS if extends else ())}
        sections = {key: data[key] for key in required if key in data and key not in skipped}
        if base is not None:
            sections["extends"] = base
        texts = {key: _section(key, value) for key, value in sections.items()}
        details = dict(data.get("details") or {})
        chosen_details = {key: details[key] for key in details if key in required_details}
        # One blank line separates the sections.
        lines = sum(text.count("\n") + 1 for text in texts.values()) + _details_lines(chosen_details)
        optional = [key for key in data if key not in required and key not in ("id", "extends")]
        if extends:
            optional = [key for key in optional if key not in BASE_SECTIONS]
        candidates = [("top", key) for key in optional] + [
            ("details", key) for key in details if key not in required_details
        ]
        rng.shuffle(candidates)
        for where, key in candidates:
            if lines >= TARGET_LINES[0]:
                break
            if where == "top":
                text = _section(key, data[key])
                extra = text.count("\n") + 1
            else:
                extra = _details_lines({key: details[key]}) - (2 if chosen_details else 0)
            if lines + extra > TARGET_LINES[1]:
                continue
            lines += extra
            if where == "top":
                sections[key] = data[key]
                texts[key] = text
            else:
                chosen_details[key] = details[key]
        if chosen_details or "details" in required:
            sections["details"] = chosen_details
            texts["details"] = _section("details", chosen_details)
        header = f"# Benchmark spec {index:05d}: {kind}, generated from the shipped example.\n"
        return GeneratedSpec(f"{data['id']}.brief.yaml", kind, header, sections, texts)


def _section(key: str, value: Any) -> str:
    return dump({key: value})


def _details_lines(details: dict[str, Any]) -> int:
    """Lines of a ``details`` section holding ``details``, with its header and a blank line."""
    if not details:
        return 0
    return 2 + sum(dump({key: value}).count("\n") for key, value in details.items())


def _vary(example: dict[str, Any], rng: random.Random, index: int) -> dict[str, Any]:
    """A copy of ``example`` with new id, title, people, amounts and dates, and shuffled lists."""
    earliest = min(_dates(example), default=dt.date.today())
    lead = max(0, (dt.date.today() - earliest).days + _LEAD_DAYS)
    shift = dt.timedelta(days=lead + rng.randrange(0, 120))
    data: dict[str, Any] = _walk(example, rng, shift, depth=0)
    data["id"] = f"{example['id']}-{index:05d}"
    data["title"] = f"{example['title']} for {rng.choice(_CLIENTS)} (no. {index})"
    people = rng.sample(_PEOPLE, 3)
    for key, person in zip(("owner", "approver", "contractor"), people, strict=True):
        if isinstance(data.get(key), dict):
            data[key] = {
                field: value
                for field, value in zip(("name", "email", "timezone"), person, strict=True)
                if field in data[key]
            }
    _at_the_owner_offset(data)
    budget = data.get("budget")
    if isinstance(budget, dict):
        for field in ("amount", "rate"):
            if isinstance(budget.get(field), int):
                budget[field] = max(1, round(budget[field] * rng.uniform(0.6, 1.8)))
        if budget.get("model") == "hourly" and isinstance(budget.get("max_hours"), int):
            budget["amount"] = budget["rate"] * budget["max_hours"]  # the lint checks the sum
        budget["currency"] = rng.choice(_CURRENCIES)
    for kpi in data.get("kpis") or []:
        if isinstance(kpi, dict) and isinstance(kpi.get("target"), int):
            kpi["target"] = max(1, round(kpi["target"] * rng.uniform(0.5, 2.0)))
    return data


def _at_the_owner_offset(data: dict[str, Any]) -> None:
    """Deadlines keep their time of day, at the offset the owner's time zone has on their date,
    as a careful owner writes them (else L021 warns)."""
    owner, timeline = data.get("owner"), data.get("timeline")
    zone = owner.get("timezone") if isinstance(owner, dict) else None
    if not isinstance(zone, str) or not isinstance(timeline, dict):
        return
    deadlines = [timeline, *(item for item in timeline.get("milestones") or [] if isinstance(item, dict))]
    for holder in deadlines:
        if isinstance(holder.get("due"), str) and _DATE_TIME.match(holder["due"]):
            wall = dt.datetime.fromisoformat(holder["due"].replace("Z", "+00:00")).replace(tzinfo=None)
            holder["due"] = wall.replace(tzinfo=ZoneInfo(zone)).isoformat()


def _walk(value: Any, rng: random.Random, shift: dt.timedelta, depth: int) -> Any:
    if isinstance(value, dict):
        return {key: _walk(item, rng, shift, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        items = [_walk(item, rng, shift, depth + 1) for item in value]
        if depth >= 1 and len(items) > 1 and all(isinstance(item, str) for item in items):
            rng.shuffle(items)
        # Lists of records are cut to one or two entries, lists of sentences to two or three.
        low, high = (1, 2) if any(isinstance(item, dict) for item in items) else (2, 3)
        keep = rng.randint(min(low, len(items)), min(high, len(items)))
        return items[:keep]
    if isinstance(value, str):
        return _shift_date(value, shift)
    return value


def _dates(value: Any) -> Iterator[dt.date]:
    """Every date and date-time in ``value``, as dates."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _dates(item)
    elif isinstance(value, str) and (_DATE.match(value) or _DATE_TIME.match(value)):
        yield dt.date.fromisoformat(value[:10])


def _shift_date(value: str, shift: dt.timedelta) -> str:
    if _DATE.match(value):
        return (dt.date.fromisoformat(value) + shift).isoformat()
    if _DATE_TIME.match(value):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) + shift
        return moment.isoformat()
    return value


def base_files() -> dict[str, str]:
    """The base files: the shipped house style, and a second one with other standing terms."""
    house = (EXAMPLES / "house-style.base.yaml").read_text(encoding="utf-8")
    agency = {
        "standards": {
            "do": [
                "Reply to every question from the owner within one business day",
                "Name files with the brief id and the version, such as cold-brew-guide-1.1.0.pdf",
            ],
            "dont": ["Share drafts outside the people named in this brief"],
        },
        "communication": {
            "channel": "Email, with the brief id in the subject line",
            "cadence": "A short status note every Monday by 12:00 in the owner's time zone",
        },
        "escalation": {
            "contact": "Jonas Weber (jonas@kaffeehaus.example, +49 30 1234 5678)",
            "when": ["You cannot meet a deadline in this brief"],
        },
        "revisions": {"rounds": 1, "policy": "One round of revisions is included in the price."},
    }
    return {BASE_NAMES[0]: house, BASE_NAMES[1]: "# Standing terms for agency work.\n" + dump(agency)}


def generate(folder: Path, count: int, factory: SpecFactory | None = None) -> GeneratedSet:
    """Write ``count`` specs and the base files into ``folder`` (created, must be empty)."""
    factory = factory or SpecFactory()
    return write_set(folder, (factory.spec(index) for index in range(count)))


def write_set(folder: Path, specs: Iterable[GeneratedSpec]) -> GeneratedSet:
    """Write ``specs`` and the base files into ``folder`` (created, must be empty)."""
    return _write(folder, base_files(), (spec.file() for spec in specs))


def subset(source: GeneratedSet, folder: Path, count: int) -> GeneratedSet:
    """The first ``count`` specs of ``source`` (by index), copied with the base files."""
    bases = {name: (source.folder / name).read_text(encoding="utf-8") for name in BASE_NAMES}
    by_index = sorted(source.files, key=lambda name: int(name.removesuffix(".brief.yaml")[-5:]))
    specs = []
    for name in by_index[:count]:
        text = (source.folder / name).read_text(encoding="utf-8")
        kind = re.search(r"^kind: (\S+)$", text, re.MULTILINE)
        specs.append(SpecFile(name, kind.group(1) if kind else "?", text, "\nextends: " in text))
    return _write(folder, bases, specs)


def _write(folder: Path, bases: dict[str, str], specs: Iterable[SpecFile]) -> GeneratedSet:
    """Write the base files and the specs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=False)
    for name, text in bases.items():
        (folder / name).write_text(text, encoding="utf-8")
    files: list[str] = []
    lines: list[int] = []
    kinds: dict[str, int] = {}
    extending = 0
    for name, kind, text, extends in specs:
        (folder / name).write_text(text, encoding="utf-8")
        files.append(name)
        lines.append(text.count("\n"))
        kinds[kind] = kinds.get(kind, 0) + 1
        extending += extends
    return GeneratedSet(folder, sorted(files), kinds, lines, extending)
