"""The render stage: the sandboxed Jinja environment and its confined template folders, template
hashes, and ``Brief``: a spec rendered into Markdown (or HTML). Other documents (feedback, the
delegation report) are rendered through the same :func:`render_document`."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from . import limits, markup, resources
from .errors import Location, Problem, SpecError, TemplateError, value_at
from .files import as_path
from .kpis import describe_target
from .schema_check import KindSchema, known_kinds, schema_hash
from .spec import Spec
from .validate import table_problems, validate_spec
from .values import parse_version
from .version import __version__

GENERATOR = f"outsource_briefs {__version__}"
TEMPLATE_SUFFIX = ".md.j2"
PACKAGED_PREFIX = "packaged"
#: The layout kind templates extend.
LAYOUT = "base.md.j2"
PROVENANCE_START = "<!-- outsource-briefs provenance"
PROVENANCE_END = "-->"
_FENCE = re.compile(r"^\s*(```|~~~)")
_EMPTY_CELL = re.compile(r"(?<!\\)\|\s{2,}(?=\|)")


@dataclass(frozen=True)
class Brief:
    """A rendered brief: Markdown that opens with the title and ends with its provenance (where it
    came from, as YAML inside an HTML comment), and where it came from.

    :ivar spec: the spec it was rendered from.
    :ivar markdown: the whole Markdown document, provenance included.
    :ivar template: name of the kind template used, such as ``kinds/article.md.j2``.
    :ivar template_hash: SHA-256 over every template source the kind template uses.
    :ivar schema_hash: SHA-256 of the bundled schema the spec was checked against.
    """

    spec: Spec
    markdown: str
    template: str
    template_hash: str
    schema_hash: str

    @property
    def body(self) -> str:
        """The Markdown without its provenance."""
        return _strip_provenance(self.markdown)

    def to_html(self) -> str:
        """A standalone, printable, sanitized HTML page of the brief."""
        from .html_page import markdown_to_page  # noqa: PLC0415 - Markdown and nh3 load only for HTML

        title = str(self.spec.data.get("title", ""))
        footer = f"{self.spec.id} {self.spec.version} · fingerprint {self.spec.fingerprint[:12]}"
        return markdown_to_page(self.body, title=title, footer=footer)


def render_brief(
    spec: Spec,
    *,
    templates: Sequence[str | Path] = (),
    check: bool = True,
) -> Brief:
    """Render ``spec`` into a Markdown brief.

    :param spec: a spec from :func:`load_spec`.
    :param templates: extra template folders, searched before the configuration's and the
        packaged ones.
    :param check: validate the spec first (without lint) and refuse an invalid one.
    :raises SpecError: when ``check`` is true and the spec has errors, or when the brief would
        hold a table of more than ``limits.MAX_TABLE_CELLS`` cells (T005).
    :raises TemplateError: when the kind has no template, or a template is broken or fails
        (a template that tries to change the data it is given fails: it sees the spec read-only).
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    :raises TypeError: when ``templates`` is one path rather than a list, or holds bytes.

    >>> brief = render_brief(load_spec("examples/cold-brew-guide.brief.yaml"))
    >>> brief.markdown.startswith("# Write a cold brew guide")
    True
    """
    if check:
        errors = [problem for problem in validate_spec(spec, lint=False) if problem.is_error]
        if errors:
            raise SpecError(f"{spec.name}: the spec has errors; fix them before rendering", errors)
    _check_tables(spec)
    environment = _environment(_template_folders((*_folders(templates), *spec.config.templates)))
    kind = spec.kind or "generic"
    name = f"kinds/{kind}{TEMPLATE_SUFFIX}"
    template_digest = _kind_template_hash(environment, name, spec)
    digest = schema_hash(spec.config.schemas, kind if kind in known_kinds(spec.config.schemas) else None)
    context = _context(spec, digest, name, template_digest)
    markdown = _render(environment, name, context, spec.name)
    return Brief(spec, markdown, name, template_digest, digest)


def _check_tables(spec: Spec) -> None:
    """Refuse a spec whose tables would be too large, before any of it is made (T005)."""
    problems = table_problems(spec)
    if problems:
        raise SpecError(f"{spec.name}: the brief would be too large", problems)


def render_document(
    name: str,
    context: dict[str, Any],
    *,
    templates: Sequence[str | Path] = (),
    subject: str,
    layout: str = LAYOUT,
) -> str:
    """Render the template ``name`` (from ``templates``, else the packaged one) with ``context``
    into tidy Markdown: the one way every document of the tool is made.

    :param subject: what is being rendered, for messages (a file name).
    :param layout: the template that a kind template's ``{% extends "base.md.j2" %}`` gets: a
        kind's ``details`` block can then fill another layout, such as ``prompt.md.j2``.
    :raises TemplateError: when the template is missing, broken or fails.
    :raises FileNotFoundError: when a folder in ``templates`` does not exist.
    """
    environment = _environment(_template_folders(_folders(templates)), layout)
    return _render(environment, name, context, subject)


def _folders(templates: Sequence[str | Path]) -> list[Path]:
    """Template folders given by the caller: a list, never one path (whose characters a loop
    would take for folders)."""
    if isinstance(templates, (str, bytes, os.PathLike)):
        kind = type(templates).__name__
        raise TypeError(f"templates must be a list of folders, such as ['templates'], not one {kind}")
    return [as_path(folder, "a template folder") for folder in templates]


def _render(environment: SandboxedEnvironment, name: str, context: dict[str, Any], subject: str) -> str:
    try:
        return _tidy(environment.get_template(name).render(context))
    except TemplateError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure inside a template is reported
        raise _document_error(error, subject) from None


def _kind_template_hash(environment: SandboxedEnvironment, name: str, spec: Spec) -> str:
    """The hash of the kind template and what it uses; a missing or broken one is located at
    the spec's ``kind``."""
    try:
        return _template_hash(environment, name)
    except jinja2.TemplateNotFound as error:
        if error.name == name:
            message = f"kind '{spec.kind}' has no template"
            hint = f"add {name} to a template folder named in outsource-briefs.yaml"
        else:
            message = f"a template used for kind '{spec.kind}' is missing: {error.name}"
            hint = "check the names in {% extends %}, {% include %} and {% import %}"
        problem = Problem.at(spec.locate("/kind"), "T001", message, pointer="/kind", hint=hint)
        raise TemplateError(f"{spec.name}: no template", [problem]) from None
    except jinja2.TemplateSyntaxError as error:
        raise _document_error(error, spec.name) from None


def _document_error(error: BaseException, subject: str) -> TemplateError:
    if isinstance(error, jinja2.TemplateSyntaxError):
        location = Location(error.filename or error.name or "<template>", error.lineno or 1, 1)
        problem = Problem.at(location, "T002", f"template syntax error: {error.message}")
    elif isinstance(error, jinja2.TemplateNotFound):
        problem = Problem.at(Location(subject, 1, 1), "T001", f"template '{error.name}' is missing")
    else:
        problem = Problem.at(
            _template_frame(error) or Location("<template>", 1, 1),
            "T003",
            f"the template failed while rendering {subject}: {error}",
            hint="the input is valid; this line of the template needs fixing by whoever maintains it",
        )
    return TemplateError(f"{problem.file}: template error", [problem])


def _template_folders(folders: Iterable[Path]) -> tuple[Path, ...]:
    """The folders, absolute; a folder that does not exist is the caller's mistake."""
    absolute = tuple(folder.absolute() for folder in folders)
    for folder in absolute:
        if not folder.is_dir():
            raise FileNotFoundError(f"template folder {folder} does not exist")
    return absolute


def _context(spec: Spec, digest: str, name: str, template_digest: str) -> dict[str, Any]:
    data = spec.data
    kinds = known_kinds(spec.config.schemas)
    kind = kinds.get(spec.kind or "")
    contractor = spec.contractor
    provenance: dict[str, Any] = {
        "id": spec.id,
        "version": spec.version,
        "kind": spec.kind,
        "fingerprint": spec.fingerprint,
        "template": {"name": name, "hash": template_digest},
        "schema": digest,
        "generator": GENERATOR,
    }
    if isinstance(data.get("contractor"), str):
        provenance["contractor"] = data["contractor"]  # the roster id the brief was written for
    if "derived_from" in data:
        provenance["derived_from"] = data["derived_from"]  # the brief this one is the next instance of
    return {
        "spec": data,
        "kind_title": kind.title if kind else spec.kind,
        "contractor": contractor,
        "what_changed": _what_changed(data),
        "default_definition_of_done": default_definition_of_done(spec, kind),
        "provenance": _provenance_comment(provenance),
    }


def default_definition_of_done(spec: Spec, kind: KindSchema | None) -> list[str] | None:
    """The checklist of ``kind`` that the brief shows when the spec has no
    ``definition_of_done`` of its own (``definition_of_done: []`` shows none): the items whose
    ``needs`` the spec gives, so the checklist never asks for what the brief does not have,
    and not those ``about`` something the spec's own acceptance criteria speak of, so the
    standard points never say otherwise than the brief's own."""
    if kind is None or "definition_of_done" in spec.data:
        return None
    criteria = _own_criteria(spec.data)
    items = [
        item.text
        for item in kind.definition_of_done
        if (item.needs is None or value_at(spec.data, item.needs) not in (None, False, "", [], {}))
        and not any(_mentions(criteria, words) for words in item.about)
    ]
    return items or None


def _own_criteria(data: dict[str, Any]) -> str:
    """The spec's acceptance criteria, the brief's and each deliverable's, as one lower-case text."""
    criteria = list(data.get("acceptance_criteria") or [])
    for deliverable in data.get("deliverables") or []:
        criteria += deliverable.get("acceptance_criteria") or [] if isinstance(deliverable, dict) else []
    texts = (criterion.get("text") if isinstance(criterion, dict) else criterion for criterion in criteria)
    return "\n".join(text for text in texts if isinstance(text, str)).lower()


def _mentions(text: str, words: str) -> bool:
    """Whether ``text`` holds ``words`` as whole words (any spaces between them)."""
    pattern = r"\s+".join(map(re.escape, words.lower().split()))
    return re.search(rf"(?<!\w){pattern}(?!\w)", text) is not None


def _what_changed(data: dict[str, Any]) -> list[str] | None:
    """This version's changelog entry, for briefs after 1.0.0 (a contractor who had the
    previous version sees the difference at once)."""
    version = data.get("version")
    current = parse_version(version)
    if current is None or current <= (1, 0, 0):
        return None
    for entry in data.get("changelog") or []:
        if entry.get("version") == version:
            changes: list[str] = entry.get("changes") or []
            return changes
    return None


def _provenance_comment(provenance: dict[str, Any]) -> str:
    """The provenance as YAML inside an HTML comment, for the end of the brief: readers hide
    it (YAML front matter would show first, as a table on GitHub), and scripts read it as
    YAML. Values are JSON strings with ``>`` escaped, so none can close the comment."""
    lines = [PROVENANCE_START]
    for key, value in provenance.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {sub}: {_yaml_string(item)}" for sub, item in value.items())
        else:
            lines.append(f"{key}: {_yaml_string(value)}")
    lines.append(PROVENANCE_END)
    return "\n".join(lines)


def _yaml_string(value: Any) -> str:
    return json.dumps(value).replace(">", "\\u003e")


def _strip_provenance(markdown: str) -> str:
    """The brief without its provenance comment."""
    start = markdown.rfind(f"\n{PROVENANCE_START}\n")
    if start < 0 or not markdown.endswith(f"\n{PROVENANCE_END}\n"):
        return markdown
    return markdown[:start].rstrip("\n") + "\n"


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A user template folder: a template file (after following symlinks) must lie inside it,
    and is checked before it is read."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if os.path.lexists(candidate):
                self._confine(folder, candidate, template)
                break
        return super().get_source(environment, template)

    @staticmethod
    def _confine(folder: str, candidate: str, template: str) -> None:
        real = os.path.realpath(candidate)
        if not real.startswith(os.path.realpath(folder) + os.sep):
            message = f"template '{template}' leads outside its folder (to {real})"
            hint = "copy the template into the folder instead of linking to it"
        elif not os.path.isfile(real) or os.path.getsize(real) > limits.MAX_FILE_BYTES:
            message = f"template '{template}' is not a file of at most {limits.MAX_FILE_BYTES:,} bytes"
            hint = "templates are small text files"
        else:
            return
        problem = Problem.at(Location(candidate, 1, 1), "T004", message, hint=hint)
        raise TemplateError(f"{candidate}: unusable template", [problem])


class _LayoutLoader(jinja2.BaseLoader):
    """Serves ``layout`` for ``base.md.j2`` (and ``packaged/base.md.j2``): the other templates as
    ``loader`` finds them."""

    def __init__(self, loader: jinja2.BaseLoader, layout: str) -> None:
        self.loader = loader
        self.names = {LAYOUT: layout, f"{PACKAGED_PREFIX}/{LAYOUT}": f"{PACKAGED_PREFIX}/{layout}"}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.loader.get_source(environment, self.names.get(template, template))


@functools.cache
def _environment(user_folders: tuple[Path, ...], layout: str = LAYOUT) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = [
        _ConfinedLoader(str(folder)) for folder in user_folders if folder.is_dir()
    ]
    packaged = jinja2.FileSystemLoader(str(resources.templates_dir()))
    # "packaged/…" always names the shipped template, so a user template may extend the very
    # template it replaces and override a single block.
    loaders.extend([packaged, jinja2.PrefixLoader({PACKAGED_PREFIX: packaged})])
    loader: jinja2.BaseLoader = jinja2.ChoiceLoader(loaders)
    # Immutable: a template that calls `spec.update(...)` or `list.append` fails, so what is
    # published is the spec as read, whatever the template does.
    environment = ImmutableSandboxedEnvironment(
        loader=loader if layout == LAYOUT else _LayoutLoader(loader, layout),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(markup.FILTERS)
    environment.filters["kpi_target"] = describe_target
    return environment


def _template_frame(error: BaseException) -> Location | None:
    traceback = error.__traceback__
    found = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = Location(filename, traceback.tb_lineno, 1)
        traceback = traceback.tb_next
    return found


def _template_hash(environment: SandboxedEnvironment, name: str) -> str:
    """SHA-256 over the name and source of every template that ``name`` extends, includes or
    imports. Kept while the environment's compiled templates stay the same objects: Jinja
    replaces one when its file changes, and the hash is then computed afresh."""
    used = _TEMPLATE_HASHES.get((id(environment), name))
    if used is not None and all(environment.get_template(n) is t for n, t in used[0]):
        return used[1]
    loader = environment.loader
    assert loader is not None
    sources: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current not in sources:
            environment.get_template(current)  # compiled first, so a syntax error names its file
            sources[current] = loader.get_source(environment, current)[0]
            pending.extend(_referenced(environment, sources[current]))
    digest = hashlib.sha256()
    for template_name in sorted(sources):
        digest.update(template_name.encode("utf-8") + b"\0")
        digest.update(sources[template_name].encode("utf-8") + b"\0")
    templates = tuple((n, environment.get_template(n)) for n in sorted(sources))
    _TEMPLATE_HASHES[(id(environment), name)] = (templates, digest.hexdigest())
    return digest.hexdigest()


# (environment, kind template) -> (the compiled templates it used, their hash). Environments are
# cached for the life of the process, so their ids stay theirs.
_TEMPLATE_HASHES: dict[tuple[int, str], tuple[tuple[tuple[str, jinja2.Template], ...], str]] = {}


@functools.lru_cache(maxsize=256)
def _referenced(environment: SandboxedEnvironment, source: str) -> tuple[str, ...]:
    found = meta.find_referenced_templates(environment.parse(source))
    return tuple(name for name in found if name is not None)


def _tidy(markdown: str) -> str:
    """One blank line between blocks, no trailing spaces, empty table cells written ``| |``,
    one final newline (fenced code kept as it is)."""
    out: list[str] = []
    in_fence = False
    for raw_line in markdown.splitlines():
        if _FENCE.match(raw_line):
            in_fence = not in_fence
        if in_fence:
            out.append(raw_line)
            continue
        line = raw_line.rstrip()
        if line.startswith("|"):
            line = _EMPTY_CELL.sub("| ", line)
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
