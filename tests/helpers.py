"""What the tests share: paths, a minimal valid spec, and helpers to run the real tools."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown
import pytest
import yaml

from outsource_briefs import markup
from outsource_briefs.schema_check import known_kinds

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
#: The kinds the package ships, as the package lists them.
PACKAGED_KINDS = sorted(known_kinds())

MINIMAL_SPEC = """\
id: logo-refresh
title: Refresh the shop logo
version: 1.0.0
kind: generic
outcome: A refreshed logo in SVG and PNG that works at 32 px and on a shop sign.
owner:
  name: Ana Ribeiro
  email: ana@example.com
  timezone: Europe/Lisbon
deliverables:
  - name: Logo files
    format: SVG and PNG
acceptance_criteria:
  - The logo is legible at 32 by 32 pixels
timeline:
  due: 2027-01-15T17:00:00+00:00
budget:
  model: fixed
  amount: 300
  currency: EUR
"""


def run_process(
    *args: str | Path, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the installed program in a new process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "outsource_briefs", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def example_specs() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.brief.yaml"))


def markdownlint_command() -> list[str]:
    """The real markdownlint-cli2, installed by `npm ci` (see README)."""
    local = REPO / "node_modules" / ".bin" / "markdownlint-cli2"
    if local.exists():
        return [str(local)]
    found = shutil.which("markdownlint-cli2")
    if found:
        return [found]
    pytest.fail("markdownlint-cli2 is not installed: run `npm ci` in the repository first")


def assert_markdownlint_passes(documents: dict[str, str], folder: Path) -> None:
    """Write ``documents`` (file name -> Markdown) into ``folder`` and check them all with the
    real markdownlint-cli2: default rules, line length excepted."""
    for name, text in documents.items():
        (folder / name).write_text(text)
    (folder / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), "*.md"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Linting: {len(documents)} file(s)" in result.stdout + result.stderr


def plain_text(markdown_text: str) -> str:
    """What a reader sees: the Markdown converted to HTML, tags removed, link targets kept."""
    converted = markdown.markdown(markdown_text, extensions=["tables", "fenced_code", "sane_lists"])
    targets = " ".join(re.findall(r'href="([^"]*)"', converted))
    text = re.sub(r"</?(p|li|h\d|td|th|tr|ul|ol|table|thead|tbody|pre)\b[^>]*>", " ", converted)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text + " " + unquote(html.unescape(targets))))


def read_provenance(brief_markdown: str) -> dict[str, Any]:
    """The provenance a brief ends with: YAML inside an HTML comment (docs/templates.md)."""
    match = re.search(r"\n<!-- outsource-briefs provenance\n(.*)\n-->\n\Z", brief_markdown, flags=re.DOTALL)
    assert match is not None, "the brief does not end with its provenance"
    provenance: dict[str, Any] = yaml.safe_load(match.group(1))
    return provenance


def leaves(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    """Every scalar of a spec with its JSON pointer."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, f"{pointer}/{key}")]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in leaves(item, f"{pointer}/{index}")]
    return [(pointer, value)]


def shown_forms(value: Any, zone: str | None = None) -> list[str]:
    """The documented ways a value may be shown (docs/templates.md, "Filters"): as written, or
    formatted for people (a date-time in the owner's time ``zone`` when the brief names one);
    headings leave out closing punctuation."""
    if isinstance(value, bool):
        return [markup.yes_no(value)]
    if isinstance(value, (int, float)):
        return [markup.inline(value), markup.number(value), markup.money(value, "X").split(" ")[0]]
    text = re.sub(r"\s+", " ", str(value)).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d[Tt][\d:.]+([Zz]|[+-]\d\d:\d\d)", text):
        return [text, markup.when(text, zone)]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return [text, markup.day(text)]
    return [text, text.rstrip(".,;:! ")]
