"""The brief as a prompt for an AI agent (``render --to prompt``): the task and its criteria
with their ids, ending with the output contract, a JSON block the agent reports in; without
front matter, the people's contact details, money, time zones or preferences."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .criteria import spec_criteria
from .errors import SpecError
from .redaction import OPTIONAL_SECTIONS, task_data
from .render import TEMPLATE_SUFFIX, default_definition_of_done, render_document
from .schema_check import known_kinds
from .spec import Spec
from .validate import validate_spec

#: The layout a kind template extends when it renders a prompt; a template folder may replace it.
PROMPT_LAYOUT = "prompt.md.j2"


def render_prompt(spec: Spec, *, templates: Sequence[str | Path] = (), check: bool = True) -> str:
    """Render ``spec`` as a prompt for an AI agent, in Markdown.

    Only the task reaches the prompt (see :mod:`outsource_briefs.redaction`), with the
    sections the spec's ``outsource-briefs.yaml`` chooses under ``prompt: sections:``. Every
    acceptance criterion is listed with its id, and the prompt ends with the JSON block the
    agent fills in: ``[{"id", "met", "evidence"}]``, which ``review new --from-check`` reads.

    :param templates: extra template folders, searched before the configuration's and the
        packaged ones; a ``prompt.md.j2`` there replaces the packaged layout.
    :param check: validate the spec first (without lint) and refuse an invalid one.
    :raises SpecError: when ``check`` is true and the spec has errors.
    :raises TemplateError: when the kind has no template, or a template is broken or fails.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    if check:
        errors = [problem for problem in validate_spec(spec, lint=False) if problem.is_error]
        if errors:
            raise SpecError(f"{spec.name}: the spec has errors; fix them before rendering", errors)
    sections = spec.config.prompt_sections
    data, redactor = task_data(
        spec.data, spec.contractor, OPTIONAL_SECTIONS if sections is None else sections
    )
    kind = spec.kind or "generic"
    known = known_kinds(spec.config.schemas).get(kind)
    context: dict[str, Any] = {
        "spec": data,
        "kind_title": known.title if known else kind,
        "criteria": [
            {"id": item.id, "text": redactor.text(item.text), "deliverable_index": item.deliverable_index}
            for item in spec_criteria(spec.data)
        ],
        "sections": sorted(OPTIONAL_SECTIONS if sections is None else sections),
        "default_definition_of_done": default_definition_of_done(spec, known),
    }
    return render_document(
        f"kinds/{kind}{TEMPLATE_SUFFIX}",
        context,
        templates=(*map(Path, templates), *spec.config.templates),
        subject=spec.name,
        layout=PROMPT_LAYOUT,
    )
