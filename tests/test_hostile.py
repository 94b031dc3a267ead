"""Hostile input: every case in tests/data/hostile runs through the real command line.

Whatever arrives, the tool must answer with a located, clear error or a safe result: never a
traceback, never code execution, never a hang, never a half-written or overwritten file. The
case format is described in tests/data/hostile/README.md.

Each case runs in its own process with 256 MB of address space and a 2-second budget of wall
and CPU time for the command itself. The clock starts once the interpreter is up and the
libraries are imported: start-up alone takes about 1.2 s on an idle 2-core machine (most of
it importing jsonschema) and 6 s when both cores are busy, so a clock started at exec would
measure the machine's load rather than the tool. A backstop timeout covers start-up.
"""

from __future__ import annotations

import codecs
import html
import importlib.metadata
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from helpers import EXAMPLES, leaves, read_provenance, shown_forms
from packaging.version import Version

from outsource_briefs import limits, load_spec, render_brief
from outsource_briefs.errors import split_pointer
from outsource_briefs.schema_check import bundle_schema
from outsource_briefs.yaml_loader import parse_yaml

CASES = Path(__file__).parent / "data" / "hostile"
TIME_LIMIT = 2.0  # seconds of CPU time: a fair budget on a machine shared with other work
# A process that waits (on a network, a pipe) uses no CPU: wall time catches that.
WAIT_LIMIT = 30.0
MEMORY_LIMIT = 256 * 1024 * 1024
START_UP_ALLOWANCE = 60.0
TRACEBACK = "Traceback (most recent call last)"
# Cases run with Python's default output encoding unless they set one.
ENCODING_VARIABLES = ("PYTHONIOENCODING", "PYTHONUTF8")
PROBLEM_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]\d{3})(?P<warning> warning)?:? ",
    re.MULTILINE,
)
# What changes a terminal or a CI log: C0 and C1 controls but the line break, DEL, line and
# paragraph separators, bidirectional controls.
TERMINAL_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# The child imports what any command may need, then starts the clocks and runs the CLI.
BOOTSTRAP = f"""
import resource, signal, sys
import jinja2, jsonschema, markdown, nh3, yaml
import outsource_briefs.archive, outsource_briefs.cli, outsource_briefs.html_page
import outsource_briefs.render, outsource_briefs.validate
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = int(usage.ru_utime + usage.ru_stime + {TIME_LIMIT}) + 1
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
signal.setitimer(signal.ITIMER_PROF, {TIME_LIMIT})  # CPU time from here; SIGPROF ends the process
signal.setitimer(signal.ITIMER_REAL, {WAIT_LIMIT})  # SIGALRM's default action ends the process
raise SystemExit(outsource_briefs.cli.main(sys.argv[1:]))
"""
# What Python-Markdown makes of a brief, and what the sanitizer lets through.
ALLOWED_TAGS = frozenset(
    {"a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p"}
    | {"input", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"}
)
PAGE_TAGS = frozenset({"html", "head", "meta", "title", "style", "body", "main", "footer"})
PAGE_ATTRIBUTES = frozenset({"charset", "name", "content", "lang", "http-equiv"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "td": {"align", "style"},
    "th": {"align", "style"},
    "input": {"type", "disabled", "checked"},
}
LINK_SCHEMES = ("http://", "https://", "mailto:")
# An inline link or autolink whose target is a script or data (brackets not escaped).
UNSAFE_MARKDOWN_LINK = re.compile(
    r"(?:(?<!\\)\]\(\s*<?|(?<![\\&])<)\s*(?:javascript|vbscript|data):", re.IGNORECASE
)
STRUCTURE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"}
    | {"table", "thead", "tbody", "tr", "th", "td", "pre", "hr"}
)
# Elements that separate the text around them.
BLOCK_TAGS = STRUCTURE_TAGS | {"p", "br", "main", "footer", "title", "style", "head", "body"}
# A string made only of these characters is plain words, not hostile text.
PLAIN = re.compile(r"[A-Za-z0-9 .,@:/+_-]*")
# Hostile text in a field that holds a web or mail address, or an e-mail address.
ADDRESS_LIKE = re.compile(r"(?i:https?|mailto):")
EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+")


@dataclass
class Case:
    """One hostile case: what to set up, what to run and what must come out."""

    name: str
    path: Path
    run: list[str] = field(default_factory=list)
    cwd: str = "."
    exit: int | None = None
    code: str | None = None
    warning: str | None = None
    line: int | None = None
    file: str | None = None
    renders_safely: str | None = None
    safe_html: bool = False
    contains: list[str] = field(default_factory=list)
    setup: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    must_not_output: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The test id: the file or folder name without ``.brief.yaml``."""
        return self.name.removesuffix(".brief.yaml")


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def load_case(path: Path) -> Case:
    if path.is_dir():
        declared = yaml.safe_load((path / "expect.yaml").read_text(encoding="utf-8"))
        case = Case(name=path.name, path=path, **declared)
        case.code = None if case.code is None else str(case.code)
        return case
    first, *rest = path.read_bytes().split(b"\n")
    header = first.decode("ascii").removeprefix("# expect:").strip()
    contains = [
        line.decode("utf-8").removeprefix("# contains: ") for line in rest if line.startswith(b"# contains: ")
    ]
    if header == "renders-safely":
        return Case(name=path.name, path=path, renders_safely=path.name, contains=contains)
    fields = dict(token.split("=", 1) for token in header.split())
    return Case(
        name=path.name,
        path=path,
        run=[fields.get("cmd", "validate"), path.name],
        exit=int(fields["exit"]),
        code=fields.get("code"),
        warning=fields.get("warning"),
        line=int(fields["line"]) if "line" in fields else None,
        file=path.name if "code" in fields or "warning" in fields else None,
        contains=contains,
    )


def all_cases() -> list[Case]:
    return [load_case(path) for path in sorted(CASES.iterdir()) if path.name != "README.md"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    """Run ``outsource-briefs ARGS`` in a new, limited process; fail on a limit or a traceback."""
    environment = {key: value for key, value in os.environ.items() if key not in ENCODING_VARIABLES}
    environment.update(env or {})
    try:
        result = subprocess.run(
            [sys.executable, "-c", BOOTSTRAP, *args],
            cwd=cwd,
            env=environment,
            capture_output=True,
            timeout=START_UP_ALLOWANCE + WAIT_LIMIT,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"outsource-briefs {' '.join(args)} did not start and finish within the backstop")
    outcome = Outcome(
        result.returncode,
        result.stdout.decode("utf-8", "backslashreplace"),
        result.stderr.decode("utf-8", "backslashreplace"),
    )
    killed = {
        -signal.SIGALRM: f"waited more than {WAIT_LIMIT} s (a hang)",
        -signal.SIGPROF: f"used more than {TIME_LIMIT} s of CPU",
        -signal.SIGXCPU: f"used more than {TIME_LIMIT} s of CPU",
        -signal.SIGKILL: "was killed",
        -signal.SIGSEGV: "crashed (segmentation fault, perhaps out of memory)",
        -signal.SIGABRT: "aborted (perhaps out of memory)",
    }
    assert outcome.returncode >= 0, f"outsource-briefs {' '.join(args)} {killed.get(outcome.returncode)}"
    assert TRACEBACK not in outcome.output, outcome.output[-3000:]
    return outcome


def _setup(folder: Path, steps: list[dict[str, Any]]) -> None:
    for step in steps:
        if "symlink" in step:
            link = folder / step["symlink"]
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(step["to"], link)
        elif "fifo" in step:
            os.mkfifo(folder / step["fifo"])
        elif "sparse" in step:
            target = folder / step["sparse"]
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as stream:
                stream.truncate(step["bytes"])
        elif "generate" in step:
            _generate(folder, step)
        elif "rename" in step:
            name = codecs.escape_decode(step["to_bytes"].encode("ascii"))[0]
            source = folder / step["rename"]
            os.rename(source, os.path.join(os.fsencode(source.parent), name))
        else:
            raise ValueError(f"unknown setup step {step}")


def _generate(folder: Path, step: dict[str, Any]) -> None:
    line: str = step["line"]
    times: int = step["times"]
    body = "".join(line.replace("{i}", str(i)) for i in range(times)) if "{i}" in line else line * times
    head = (folder / step["head_file"]).read_text(encoding="utf-8") if "head_file" in step else ""
    mode = "a" if step.get("append") else "w"
    with open(folder / step["generate"], mode, encoding="utf-8") as stream:
        stream.write(head + step.get("head", "") + body + step.get("tail", ""))


def _listing(folder: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(root, name), folder)
        for root, dirs, files in os.walk(folder)
        for name in (*dirs, *files)
    }


def _contents(folder: Path, paths: list[str]) -> dict[str, bytes | None]:
    return {path: (folder / path).read_bytes() if (folder / path).is_file() else None for path in paths}


def _problems(output: str) -> list[re.Match[str]]:
    return list(PROBLEM_LINE.finditer(output))


def _code_matches(expected: str, code: str) -> bool:
    return any(code == option or (len(option) == 1 and code[0] == option) for option in expected.split("|"))


def prepare(case: Case, tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    if case.path.is_dir():
        shutil.copytree(case.path, folder, symlinks=True)
        (folder / "expect.yaml").unlink()
    else:
        folder.mkdir()
        shutil.copy(case.path, folder / case.path.name)
    _setup(folder, case.setup)
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only: resource limits, fifos and symlinks")
@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.id)
def test_case(case: Case, tmp_path: Path) -> None:
    folder = prepare(case, tmp_path)
    before = _listing(folder)
    kept = _contents(folder, case.unchanged)
    if case.renders_safely is not None:
        outcomes = check_renders_safely(folder / case.cwd / case.renders_safely, case)
        assert _listing(folder) == before, "rendering to standard output must not create files"
    else:
        outcome = run_cli(case.run, folder / case.cwd, case.env)
        outcomes = [outcome]
        check_outcome(case, outcome)
        check_report_lines(case, outcome)
        if case.safe_html:
            assert_safe_html(outcome.stdout, ALLOWED_TAGS | PAGE_TAGS)
        if outcome.returncode != 0:
            assert _listing(folder) == before, "a failing command must not create or remove files"
    assert _contents(folder, case.unchanged) == kept, "a file that must not change has changed"
    leftovers = sorted(path for path in _listing(folder) if path.endswith(".tmp"))
    assert leftovers == [], "temporary files were left behind"
    for secret in case.must_not_output:
        assert all(secret not in outcome.output for outcome in outcomes), f"{secret!r} was disclosed"


def check_report_lines(case: Case, outcome: Outcome) -> None:
    """What is printed about files reaches a terminal or a CI log: no control character but the
    line breaks, and in a problem report every line is a problem, a hint or the summary."""
    reports = {"validate", "check", "diff", "kinds", "publish"}
    printed = outcome.stderr + (outcome.stdout if case.run[0] in reports else "")
    assert TERMINAL_CONTROL.search(printed) is None, f"a control character reached the terminal: {printed!r}"
    assert "##[" not in printed, "a line holds a workflow command in the runner's older form"
    if case.run[0] not in ("validate", "check"):
        return
    github = "github" in case.run
    for line in outcome.stdout.splitlines():
        if github:
            assert re.match(r"::(?:error|warning) file=[^:]*,line=\d+,col=\d+,title=[A-Z]\d{3}::", line), line
        elif "json" not in case.run:
            assert PROBLEM_LINE.match(line) or line.startswith("    hint: "), f"not a problem line: {line!r}"


def check_outcome(case: Case, outcome: Outcome) -> None:
    """The exit code, then a located problem with the expected code (family) and line."""
    assert outcome.returncode == case.exit, outcome.output[-3000:]
    problems = _problems(outcome.output)
    for problem in problems:
        assert int(problem["line"]) >= 1, problem.group()
        assert int(problem["column"]) >= 1, problem.group()
    for expected, warning in ((case.code, False), (case.warning, True)):
        if expected is None:
            continue
        wanted = [
            problem
            for problem in problems
            if bool(problem["warning"]) == warning
            and _code_matches(expected, problem["code"])
            and (case.line is None or int(problem["line"]) == case.line)
            and (case.file is None or problem["file"].endswith(case.file))
        ]
        kind = "warning" if warning else "error"
        assert wanted, f"expected {kind} {expected} at line {case.line}, got:\n{outcome.output[-3000:]}"


# --- renders safely ------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in BLOCK_TAGS:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    parser.close()
    return parser


def assert_safe_html(document: str, allowed_tags: frozenset[str]) -> None:
    """Only allow-listed tags and attributes; no script, no event handler, no unsafe link."""
    assert "<script" not in document.lower()
    for tag, attributes in parse_html(document).tags:
        assert tag in allowed_tags, f"<{tag}> is not allowed"
        for name, value in attributes:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            assert name in ALLOWED_ATTRIBUTES.get(tag, PAGE_ATTRIBUTES), (tag, name)
            if name == "href":
                target = re.sub(r"[\x00-\x20\x7f]+", "", value or "").lower()
                assert target.startswith(LINK_SCHEMES), f"unsafe link {value!r}"
            if tag == "input":
                assert (name, value) in {("type", "checkbox"), ("disabled", "disabled"), ("checked", None)}
            if name == "style":
                assert re.fullmatch(r"text-align: (left|right|center);", value or ""), value


def structure(document: str) -> list[str]:
    """The block structure of an HTML document: headings, lists, quotes, tables, code, rules."""
    return [tag for tag, _ in parse_html(document).tags if tag in STRUCTURE_TAGS]


def visible_text(document: str) -> str:
    """What a reader sees of an HTML document, with link targets, whitespace folded."""
    parsed = parse_html(document)
    targets = [value or "" for _, attributes in parsed.tags for name, value in attributes if name == "href"]
    return re.sub(r"\s+", " ", "".join(parsed.text) + " " + " ".join(targets))


def neutral(value: Any, counter: list[int]) -> Any:
    """``value`` with every hostile string (and mapping key) replaced by plain words, or by a
    plain address where it is written as one, so that fields holding addresses stay valid."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            counter[0] += 1
            out[key if PLAIN.fullmatch(key) else f"neutral key {counter[0]}"] = neutral(item, counter)
        return out
    if isinstance(value, list):
        return [neutral(item, counter) for item in value]
    if isinstance(value, str) and not PLAIN.fullmatch(value):
        if ADDRESS_LIKE.match(value):
            return "https://example.com/neutral"
        return "neutral@example.com" if EMAIL_LIKE.fullmatch(value) else "Neutral words"
    return value


def check_renders_safely(spec: Path, case: Case) -> list[Outcome]:
    validated = run_cli(["validate", spec.name], spec.parent, case.env)
    assert validated.returncode == 0, validated.output  # a valid spec, whatever its values
    as_markdown = run_cli(["render", spec.name], spec.parent, case.env)
    as_html = run_cli(["render", "--to", "html", spec.name], spec.parent, case.env)
    assert (as_markdown.returncode, as_html.returncode) == (0, 0), as_markdown.output + as_html.output
    text = as_markdown.stdout
    body = text.split("\n<!-- outsource-briefs provenance\n", 1)[0]
    front_matter = " ".join(map(str, read_provenance(text).values()))
    for wanted in case.contains:
        assert wanted in text
    assert "<script" not in body.lower()
    assert UNSAFE_MARKDOWN_LINK.search(body) is None, "a link to a script or data in the Markdown"
    # The Markdown as any renderer that passes raw HTML through would show it, then the page.
    converted = markdown.markdown(body, extensions=["tables", "fenced_code", "sane_lists"])
    assert_safe_html(converted, ALLOWED_TAGS)
    page = as_html.stdout
    assert_safe_html(page, ALLOWED_TAGS | PAGE_TAGS)
    main = page.split("<main>", 1)[1].split("</main>", 1)[0]
    # Every value is shown literally, in the Markdown and in the page.
    data = load_spec(spec).data
    zone = data["owner"].get("timezone")
    for shown in (visible_text(converted) + front_matter, visible_text(main) + front_matter):
        missing = [
            value
            for _, value in leaves(data)
            if value is not None and not any(form in shown for form in shown_forms(value, zone))
        ]
        assert missing == []
    # No value adds a block: the structure equals that of the spec with plain words.
    twin_path = spec.parent / "neutral-twin.brief.json"
    twin_path.write_text(json.dumps(neutral(data, [0]), ensure_ascii=False), encoding="utf-8")
    twin = render_brief(load_spec(twin_path))
    twin_path.unlink()
    twin_body = twin.body
    assert structure(converted) == structure(
        markdown.markdown(twin_body, extensions=["tables", "fenced_code", "sane_lists"])
    )
    assert structure(main) == structure(twin.to_html().split("<main>", 1)[1])
    assert html.escape(str(data.get("title", ""))) in page.split("</title>", 1)[0]
    return [validated, as_markdown, as_html]


def test_there_are_enough_cases() -> None:
    cases = all_cases()
    assert len(cases) >= 40
    assert len({case.id for case in cases}) == len(cases)
    assert sum(case.renders_safely is not None for case in cases) >= 10


def test_jinja2_has_the_2024_2025_sandbox_fixes() -> None:
    """CVE-2024-56201 and CVE-2024-56326 are fixed in Jinja2 3.1.5, CVE-2025-27516 in 3.1.6."""
    assert Version(importlib.metadata.version("jinja2")) >= Version("3.1.6")
    setup = (Path(__file__).parent.parent / "setup.cfg").read_text(encoding="utf-8")
    assert re.search(r"^\s*jinja2>=3\.1\.6\s*$", setup, flags=re.MULTILINE)


def test_security_doc_names_only_real_tests() -> None:
    """Every test that docs/security.md names as backing a guarantee exists."""
    root = Path(__file__).parent.parent
    text = (root / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/test_\w+\.py)::(\w+)(?:\[([^\]`]+)\])?`", text)
    assert len(named) >= 40
    case_ids = {case.id for case in all_cases()}
    for file, function, parameter in named:
        source = (root / file).read_text(encoding="utf-8")
        assert re.search(rf"^def {function}\(", source, flags=re.MULTILINE), f"{file}::{function}"
        if function == "test_case" and file == "tests/test_hostile.py":
            assert parameter in case_ids, f"no hostile case {parameter}"
        elif parameter:
            assert f'"{parameter}"' in source, f"{file}::{function}[{parameter}]"


def test_problems_while_reading_are_capped() -> None:
    """The alias bomb holds 91 anchors and aliases; reading reports the first 20."""
    document = parse_yaml((CASES / "alias-bomb.brief.yaml").read_bytes(), "alias-bomb.brief.yaml")
    assert len(document.problems) == limits.MAX_PROBLEMS_PER_FILE
    assert {problem.code for problem in document.problems} == {"Y011"}


# --- limit-sized text in every field --------------------------------------------------------

#: Spec files hold at most 1 MiB: this many values of the longest length fit in one, beside the
#: rest of a shipped example.
FIELDS_PER_FILE = 9
# Text that exercises escaping and the clarity lint at every step.
BUSY_TEXT = "Make it pop *now* _x_ [a](b) <b onclick=x> &amp; `c` ~~s~~ | etc. ASAP TBD modern 1) -- "


def limit_sized(what: str) -> str:
    """A value of exactly ``limits.MAX_STRING_CHARS`` characters for a field of this sort."""
    size = limits.MAX_STRING_CHARS
    if what == "url":
        return ("https://example.com/" + "a_b-c/" * size)[:size]
    if what == "email":
        return "ana@" + "b." * ((size - 7) // 2) + "com"
    return (BUSY_TEXT * (size // len(BUSY_TEXT) + 1))[:size]


def _schema_at(bundle: dict[str, Any], root: dict[str, Any], pointer: str) -> dict[str, Any]:
    """The schema of the value at ``pointer`` (references followed, the object or array
    branch of an ``anyOf`` taken on the way)."""
    node = _followed(bundle, root)
    for token in split_pointer(pointer):
        if "anyOf" in node:
            branches = [_followed(bundle, branch) for branch in node["anyOf"]]
            node = next((b for b in branches if b.get("type") in ("object", "array")), node)
        if token.isdigit():
            node = node.get("items", {})
        else:
            extra = node.get("additionalProperties")
            node = node.get("properties", {}).get(token, extra if isinstance(extra, dict) else {})
        node = _followed(bundle, node)
    return node


def _followed(bundle: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = bundle
        for token in split_pointer(node["$ref"][1:]):
            target = target[token]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node


def _sort_of_field(schema: dict[str, Any]) -> str | None:
    """``text``, ``url`` or ``email`` for a field that takes free text of any length, else None
    (identifiers, dates, codes and choices have a shape of their own)."""
    strings = [branch for branch in schema.get("anyOf", [schema]) if branch.get("type") == "string"]
    if not strings or "enum" in strings[0] or "const" in strings[0]:
        return None
    field_format = strings[0].get("format")
    if field_format in ("uri", "email"):
        return "url" if field_format == "uri" else "email"
    return "text" if field_format is None and strings[0].get("pattern") in (None, "\\S") else None


def limit_sized_specs() -> list[tuple[str, dict[str, Any]]]:
    """Every text field of the shipped example of every packaged kind (the core ones once), each
    set to the longest text allowed, in as few spec files as the size limit allows."""
    seen: set[str] = set()
    specs = []
    for example in sorted(EXAMPLES.glob("*.brief.yaml")):
        spec = load_spec(example)
        bundle = bundle_schema((), spec.kind)
        fields = []
        for pointer, value in leaves(spec.data):
            shape = re.sub(r"/[0-9]+", "/*", pointer)
            root = bundle["$defs"][f"kind.{spec.kind}"] if pointer.startswith("/details") else bundle
            sort = _sort_of_field(_schema_at(bundle, root, pointer)) if isinstance(value, str) else None
            if sort is not None and shape not in seen:
                seen.add(shape)
                fields.append((pointer, sort))
        for start in range(0, len(fields), FIELDS_PER_FILE):
            data = json.loads(json.dumps(spec.data))
            if isinstance(data.get("contractor"), str):  # a roster id: inline, so its fields count
                data["contractor"] = {
                    "name": "Mei Tanaka",
                    "email": "mei@example.com",
                    "timezone": "Asia/Tokyo",
                }
            for pointer, sort in fields[start : start + FIELDS_PER_FILE]:
                *parents, last = split_pointer(pointer)
                node = data
                for token in parents:
                    node = node[int(token)] if isinstance(node, list) else node[token]
                node[int(last) if isinstance(node, list) else last] = limit_sized(sort)
            specs.append((f"{example.stem.removesuffix('.brief')}-{start // FIELDS_PER_FILE}", data))
    return specs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only: resource limits")
@pytest.mark.parametrize(
    ("name", "data"), limit_sized_specs(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_limit_sized_text_in_every_field(name: str, data: dict[str, Any], tmp_path: Path) -> None:
    """Every text field at the longest length allowed, through validate and render, within the
    same 2 seconds and 256 MB as every hostile case."""
    path = tmp_path / f"{name}.brief.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size <= limits.MAX_FILE_BYTES
    validated = run_cli(["validate", path.name], tmp_path)
    assert validated.returncode == 0, validated.output[-3000:]
    rendered = run_cli(["render", path.name], tmp_path)
    assert rendered.returncode == 0, rendered.output[-3000:]
