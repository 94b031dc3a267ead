"""Realistic mistakes in a generated spec, for the mixed corpus: the slips people make when they
write a brief by hand.

Each flaw gives the schema (or, for the wording, the clarity lint) something to report: a list
written as one sentence, a required section left out, deadlines without their UTC offsets, a key
the schema does not know, and vague, urgent, open-ended wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from specgen import GeneratedSpec

Flaw = Callable[[GeneratedSpec], GeneratedSpec]

#: One spec in this many has a problem.
FLAWED_EVERY = 3

_UTC_OFFSET = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")
_SMELLS = " Make it look professional, send it over ASAP, and add anything else that fits, etc."


def deliverables_as_text(spec: GeneratedSpec) -> GeneratedSpec:
    """A wrong type: the deliverables written as one sentence instead of a list."""
    names = [str(item.get("name", "the work")) for item in spec.sections["deliverables"]]
    return spec.with_section("deliverables", " and ".join(names))


def acceptance_criteria_left_out(spec: GeneratedSpec) -> GeneratedSpec:
    """A required section missing."""
    return spec.without_section("acceptance_criteria")


def local_times(spec: GeneratedSpec) -> GeneratedSpec:
    """Deadlines written as local times, without their UTC offsets (the deadline and every
    milestone alike)."""
    timeline = dict(spec.sections["timeline"])
    timeline["due"] = _UTC_OFFSET.sub("", timeline["due"])
    timeline["milestones"] = [
        {**milestone, "due": _UTC_OFFSET.sub("", milestone["due"])} for milestone in timeline["milestones"]
    ]
    return spec.with_section("timeline", timeline)


def unknown_deadline_key(spec: GeneratedSpec) -> GeneratedSpec:
    """A key the schema does not know: a ``deadline`` next to ``timeline``."""
    return spec.with_section("deadline", spec.sections["timeline"]["due"][:10])


def vague_wording(spec: GeneratedSpec) -> GeneratedSpec:
    """Wording the clarity lint flags (a warning; the schema has nothing to say)."""
    return spec.with_section("outcome", spec.sections["outcome"] + _SMELLS)


FLAWS: dict[str, Flaw] = {
    "wrong type": deliverables_as_text,
    "missing required key": acceptance_criteria_left_out,
    "date-times without offsets": local_times,
    "unknown key": unknown_deadline_key,
    "lint smells": vague_wording,
}


def flaw_for(index: int) -> str | None:
    """The flaw spec ``index`` of the mixed corpus gets, if any: every third spec, in turn."""
    if index % FLAWED_EVERY:
        return None
    names = list(FLAWS)
    return names[(index // FLAWED_EVERY) % len(names)]


def spoil(spec: GeneratedSpec, flaw: str) -> GeneratedSpec:
    """``spec`` with ``flaw``, named in its header comment."""
    spoiled = FLAWS[flaw](spec)
    return replace(spoiled, header=spoiled.header.rstrip("\n") + f" Problem: {flaw}.\n")
