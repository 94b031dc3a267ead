"""Write commented YAML skeletons straight from the schemas: a spec for a kind
(``outsource-briefs new``) and a review of a published brief (``outsource-briefs review new``).

Every field of the schema appears: the ones known or required with a value, the others
commented out, each under its description, so a new schema field shows up with no code change."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from . import resources
from .check_report import CriterionCheck
from .criteria import Criterion, brief_criteria, deliverable_criteria, has_written_ids
from .errors import split_pointer
from .kpis import describe_target
from .schema_check import NATURAL_KEYWORD, SchemaFolders, bundle_schema, example_spec, known_kinds
from .values import is_slug

_PLACEHOLDERS: dict[str, Any] = {"string": "TODO", "number": 0, "integer": 1, "boolean": False}
_INDENT = 2


class _Blank:
    """A value the person fills in: written as ``key:`` with nothing after it."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()


@dataclass(frozen=True)
class _Noted:
    """A value of a mapping written under a comment (a KPI's target above its result)."""

    value: Any
    note: str


@dataclass
class _Line:
    """One output line; ``comment_at`` is the column of its ``# `` when it is commented out."""

    indent: int
    text: str
    comment_at: int | None
    dash: bool = False

    def render(self) -> str:
        if not self.text:
            return ""
        lead = " " * (self.indent - _INDENT) + "- " if self.dash else " " * self.indent
        if self.comment_at is None:
            return lead + self.text
        return lead[: self.comment_at] + "# " + lead[self.comment_at :] + self.text


def spec_skeleton(
    kind: str, folders: SchemaFolders = (), *, spec_id: str | None = None, schema_url: str
) -> str:
    """A spec for ``kind`` in which every field appears: required ones with example values that
    validate, optional ones commented out under their descriptions.

    :param kind: a known kind.
    :param folders: the repository's user schema folders (for its own kinds).
    :param spec_id: the new brief's id (default: the schema's example id).
    :param schema_url: what the first line's ``$schema=`` points at, for editors.
    :raises KeyError: when ``kind`` is not known.
    :raises ValueError: when ``spec_id`` is not an id (lowercase letters, digits and hyphens).
    """
    if spec_id is not None and not is_slug(spec_id):
        raise ValueError(f"'{spec_id}' is not an id: lowercase letters, digits and hyphens")
    bundle = bundle_schema(folders, kind)
    given: dict[str, Any] = {"kind": kind}
    if spec_id:
        given["id"] = spec_id
    example = example_spec(folders, kind)
    done = [item.text for item in known_kinds(folders)[kind].definition_of_done]
    if done and "definition_of_done" not in example:
        example["definition_of_done"] = done
    lines = [
        _Line(0, f"yaml-language-server: $schema={schema_url}", 0),
        _Line(0, f"A new '{kind}' brief. Required fields hold example values for this kind of work:", 0),
        _Line(0, "replace every one (`outsource-briefs validate` warns about those left as they are).", 0),
        _Line(0, "Optional fields are commented out: uncomment and fill in the ones that help.", 0),
    ]
    top = _top_level(bundle, kind, has_default_done=bool(done))
    _Writer(bundle, lines).mapping(top, given, indent=0, comment_at=None, suggested=example)
    return "\n".join(line.render() for line in lines).rstrip() + "\n"


def review_skeleton(
    brief: dict[str, Any],
    version: str,
    *,
    round_: int = 1,
    period: tuple[date, date] | None = None,
    left_open: Sequence[str] = (),
    checks: Mapping[str, CriterionCheck] | None = None,
) -> str:
    """A review to fill in for a published brief: every acceptance criterion listed with ``met:``
    left empty, every rubric criterion with an empty score, the other fields of
    ``review.schema.json`` under their descriptions. Criteria are listed with their ids when the
    brief gives any, or when ``checks`` prefill them.

    :param brief: the resolved spec published as ``version``.
    :param period: for recurring work, the period the review covers (first and last day).
    :param left_open: what the previous round left open (unmet criteria, must-fix findings),
        listed at the top so the reviewer checks those first.
    :param checks: criterion id -> what a check found (see :func:`read_check_report`): its
        ``met`` and its evidence as the note are filled in; the decision stays empty.
    :raises ValueError: when ``round_`` is not 1 or more, or ``period`` ends before it starts.
    """
    if round_ < 1:
        raise ValueError(f"round {round_} is not a round: 1, 2, 3…")
    if period is not None and period[0] > period[1]:
        raise ValueError(f"the period ends ({period[1]}) before it starts ({period[0]})")
    schema = resources.packaged_schema("review.schema.json")
    contractor = brief.get("contractor")
    review_plan = brief.get("review") or {}
    reviewer = review_plan.get("reviewer") or (brief.get("approver") or brief["owner"])["name"]
    with_ids = checks is not None or has_written_ids(brief)
    known: dict[str, Any] = {
        "brief": f"{brief['id']}@{version}",
        "contractor": contractor if isinstance(contractor, str) else BLANK,
        "reviewer": reviewer,
        "submitted": BLANK,
        "reviewed": BLANK,
        "round": round_,
        **({"period": {"from": period[0].isoformat(), "to": period[1].isoformat()}} if period else {}),
        "criteria": [_listed(item, with_ids, checks) for item in brief_criteria(brief)],
        "decision": BLANK,
    }
    deliverables = [
        {"deliverable": entry["name"], "criteria": [_listed(item, with_ids, checks) for item in criteria]}
        for index, entry in enumerate(brief.get("deliverables", []))
        if (criteria := deliverable_criteria(brief, index))
    ]
    # A field with nothing to list is left out rather than shown as an example to delete.
    if deliverables:
        known["deliverables"] = deliverables
    else:
        schema = _without(schema, "/properties/deliverables")
    if not with_ids:
        schema = _without(schema, "/properties/criteria/items/properties/id")
    if review_plan.get("rubric"):
        known["scores"] = {row["criterion"]: BLANK for row in review_plan["rubric"]}
    currency = (brief.get("budget") or {}).get("currency")
    suggested = {"cost": {"amount": 0, "currency": currency}} if currency else {}
    lines = [
        _Line(0, f"Review of {brief['id']} {version}: fill in every empty value, then run", 0),
        _Line(
            0, "`outsource-briefs validate` on this file and `outsource-briefs feedback` for the feedback.", 0
        ),
    ]
    if left_open:
        lines.append(_Line(0, f"Round {round_ - 1} left these open; check them first:", 0))
        lines.extend(_Line(0, "  - " + " ".join(item.split()), 0) for item in left_open)
    if checks is not None:
        lines.append(
            _Line(0, "`met` and the notes come from a check report: confirm each before you decide.", 0)
        )
    _Writer(schema, lines).mapping(schema, known, indent=0, comment_at=None, suggested=suggested)
    return "\n".join(line.render() for line in lines).rstrip() + "\n"


def _listed(
    criterion: Criterion, with_id: bool, checks: Mapping[str, CriterionCheck] | None
) -> dict[str, Any]:
    """A criterion as a review lists it, with what a check found when there is a check."""
    entry: dict[str, Any] = {"id": criterion.id} if with_id else {}
    entry["criterion"] = criterion.text
    found = (checks or {}).get(criterion.id)
    entry["met"] = BLANK if found is None else found.met
    if found is not None and found.evidence:
        entry["note"] = found.evidence
    return entry


def _without(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    """``schema`` without the property at ``pointer`` (a copy: the schema itself is shared)."""
    *parents, name = split_pointer(pointer)
    if not parents:
        return {key: value for key, value in schema.items() if key != name}
    head, *_ = parents
    rest = "".join(f"/{token}" for token in [*parents[1:], name])
    return {**schema, head: _without(schema[head], rest)}


def contractor_skeleton(contractor_id: str | None = None) -> str:
    """A roster file to fill in (``team/ID.contractor.yaml``): the required fields with example
    values, the others commented out under their descriptions.

    :raises ValueError: when ``contractor_id`` is not an id (lowercase letters, digits and hyphens).
    """
    if contractor_id is not None and not is_slug(contractor_id):
        raise ValueError(f"'{contractor_id}' is not an id: lowercase letters, digits and hyphens")
    schema = resources.packaged_schema("contractor.schema.json")
    known = {"id": contractor_id} if contractor_id else {}
    lines = [
        _Line(0, "A person (or service) on the team roster: save as team/ID.contractor.yaml, where ID", 0),
        _Line(0, "is the id below. Required fields hold example values: replace them.", 0),
    ]
    _Writer(schema, lines).mapping(schema, known, indent=0, comment_at=None)
    return "\n".join(line.render() for line in lines).rstrip() + "\n"


def results_skeleton(brief: dict[str, Any], version: str) -> str:
    """A results file to fill in for a published brief: every KPI id with an empty value under
    a comment giving its name, target and unit; the other fields of ``results.schema.json``
    under their descriptions.

    :param brief: the resolved spec published as ``version``.
    :raises ValueError: when no KPI of the brief has an id to record a result under.
    """
    kpis = [entry for entry in brief.get("kpis") or () if entry.get("id")]
    if not kpis:
        raise ValueError(
            f"no KPI of {brief['id']} {version} has an id: add ids (and targets such as "
            "{at_least: 80, unit: orders}) to its kpis and publish a new version"
        )
    values = {entry["id"]: _Noted(BLANK, _kpi_note(entry)) for entry in kpis}
    schema = resources.packaged_schema("results.schema.json")
    known = {"brief": f"{brief['id']}@{version}", "measured": BLANK, "source": BLANK, "values": values}
    lines = [
        _Line(0, f"Results of {brief['id']} {version}: fill in each measured value, then run", 0),
        _Line(0, "`outsource-briefs validate` on this file; `outsource-briefs report` counts it.", 0),
    ]
    _Writer(schema, lines).mapping(schema, known, indent=0, comment_at=None)
    return "\n".join(line.render() for line in lines).rstrip() + "\n"


def _kpi_note(entry: dict[str, Any]) -> str:
    note = f"{entry['name']}; target: {describe_target(entry['target'])}"
    return " ".join(note.split())  # one comment line, whatever line breaks the name holds


def _top_level(bundle: dict[str, Any], kind: str, *, has_default_done: bool) -> dict[str, Any]:
    """The core schema with the kind's own ``details`` and required fields folded in."""
    kind_schema = bundle["$defs"][f"kind.{kind}"]
    properties = dict(bundle["properties"])
    if "details" in kind_schema.get("properties", {}):
        properties["details"] = kind_schema["properties"]["details"]
    properties.pop("extends", None)
    if has_default_done:
        done = properties["definition_of_done"]
        properties["definition_of_done"] = {
            **done,
            "description": f"{done['description']} Left out, the brief shows this kind's checklist "
            "below; write your own list to replace it, or an empty list, [], for none.",
        }
    required = [*bundle.get("required", []), *kind_schema.get("required", [])]
    return {"type": "object", "properties": properties, "required": list(dict.fromkeys(required))}


class _Writer:
    def __init__(self, bundle: dict[str, Any], lines: list[_Line]) -> None:
        self.bundle = bundle
        self.lines = lines

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow ``$ref``, and take a natural form's full form (keeping the referring schema's
        own description and examples): a skeleton shows every value in its full form."""
        while True:
            if "$ref" in schema:
                target: Any = self.bundle
                for token in split_pointer(schema["$ref"].removeprefix("#")):
                    target = target[token]
                schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
            elif NATURAL_KEYWORD in schema and schema.get("anyOf"):
                full = schema["anyOf"][0]
                schema = {**full, **{k: v for k, v in schema.items() if k not in ("anyOf", NATURAL_KEYWORD)}}
            else:
                return schema

    def mapping(
        self,
        schema: dict[str, Any],
        given: dict[str, Any],
        *,
        indent: int,
        comment_at: int | None,
        describe: bool = True,
        suggested: dict[str, Any] | None = None,
    ) -> None:
        """Write every property of ``schema``: given and required ones filled in, the others
        commented out (showing ``suggested`` values, else the schema's example)."""
        required = set(schema.get("required", []))
        for name, declared in schema.get("properties", {}).items():
            sub = self.resolve(declared)
            filled = name in required or name in given
            column = comment_at if comment_at is not None or filled else indent
            if indent == 0:
                self.lines.append(_Line(0, "", None))
            if describe and sub.get("description") and (column is not None or indent == 0):
                self.lines.append(_Line(indent, "# " + sub["description"], comment_at))
            if name in given:
                value = given[name]
            elif not describe and not filled:
                value = BLANK  # the first entry of a list shows an example; the rest stay short
            else:
                value = (suggested or {}).get(name, _first_example(sub))
            self.field(name, sub, value, indent=indent, comment_at=column, describe=describe)

    def field(
        self,
        name: str,
        schema: dict[str, Any],
        value: Any,
        *,
        indent: int,
        comment_at: int | None,
        describe: bool = True,
    ) -> None:
        kind = _type_of(schema)
        if kind == "object" and schema.get("properties"):
            self.lines.append(_Line(indent, f"{name}:", comment_at))
            child = value if isinstance(value, dict) else {}
            self.mapping(schema, child, indent=indent + _INDENT, comment_at=comment_at, describe=describe)
            return
        if kind == "object" and isinstance(value, dict) and value:
            self.lines.append(_Line(indent, f"{name}:", comment_at))
            for key, item in value.items():
                if isinstance(item, _Noted):
                    self.lines.append(_Line(indent + _INDENT, "# " + item.note, comment_at))
                shown = item.value if isinstance(item, _Noted) else item
                self.lines.extend(
                    _Line(indent + _INDENT, text, comment_at) for text in _yaml(str(key), shown)
                )
            return
        item = self.resolve(schema.get("items", {})) if kind == "array" else {}
        if kind == "array" and _type_of(item) == "object" and item.get("properties"):
            self.lines.append(_Line(indent, f"{name}:", comment_at))
            entries = value if isinstance(value, list) and value else [{}]
            for number, entry in enumerate(entries):
                start = len(self.lines)
                self.mapping(
                    item,
                    entry if isinstance(entry, dict) else {},
                    indent=indent + 2 * _INDENT,
                    comment_at=comment_at,
                    describe=describe and number == 0,
                )
                _mark_list_item(self.lines[start:])
            return
        if value is None:
            value = (
                [_first_example(item) or self.placeholder(item)]
                if kind == "array"
                else self.placeholder(schema)
            )
        self.lines.extend(_Line(indent, text, comment_at) for text in _yaml(name, value))

    def placeholder(self, schema: dict[str, Any]) -> Any:
        if "enum" in schema:
            return schema["enum"][0]
        kind = _type_of(schema)
        if kind == "object":
            required = schema.get("required", [])
            properties = schema.get("properties", {})
            return {name: self.placeholder(self.resolve(properties[name])) for name in required}
        if kind == "array":
            return [self.placeholder(self.resolve(schema.get("items", {})))]
        if kind in ("integer", "number") and "minimum" in schema:
            return schema["minimum"]
        return {"date-time": "2026-12-18T17:00:00+00:00", "date": "2026-12-01"}.get(
            schema.get("format", ""), _PLACEHOLDERS.get(kind, "TODO")
        )


def _mark_list_item(lines: list[_Line]) -> None:
    """Put the list dash on the item's first field; its description moves out to the dash."""
    for line in lines:
        if line.text.startswith("# "):
            line.indent -= _INDENT
        elif line.text:
            line.dash = True
            return


def _first_example(schema: dict[str, Any]) -> Any:
    examples = schema.get("examples")
    return examples[0] if examples else None


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    return "enum" if "enum" in schema else "string"


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _yaml(name: str, value: Any) -> list[str]:
    if value is BLANK:
        return [f"{yaml_scalar(name)}:"]
    if isinstance(value, (dict, list)) and value:
        dumped = yaml.dump(
            {name: value}, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=96
        )
        return dumped.rstrip("\n").split("\n")
    return [f"{yaml_scalar(name)}: {yaml_scalar(value)}"]


def yaml_scalar(value: Any) -> str:
    """``value`` written as a one-line YAML scalar: a string plain when YAML reads it back as
    the same string, else double-quoted; anything else as JSON (which YAML reads too)."""
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=10_000)
        plain = dumped.removesuffix("\n...\n").strip()
        return plain if plain == value else json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)
