"""The documentation stays complete: every problem code documented, README commands real."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import REPO, markdownlint_command

from outsource_briefs.errors import CODES

RULES = REPO / "docs" / "rules.md"


def documented_codes() -> dict[str, str]:
    return dict(re.findall(r"^### ([A-Z]\d{3}): (.+)$", RULES.read_text(), flags=re.MULTILINE))


def test_every_code_is_documented_with_its_title() -> None:
    assert documented_codes() == CODES


def test_every_code_entry_has_all_its_parts() -> None:
    text = RULES.read_text()
    entries = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    for entry in entries:
        code = entry.split(":")[0]
        for part in ("**What it means.**", "**Why.**", "**Example.**", "**How to fix it.**"):
            assert part in entry, f"{code} lacks {part}"


def test_every_code_in_the_source_is_registered() -> None:
    used = set()
    for path in (REPO / "outsource_briefs").rglob("*.py"):
        used |= set(re.findall(r'"([YRSTVL]\d{3})"', path.read_text()))
    assert used - set(CODES) == set()
    assert set(CODES) - used == set(), "registered but never produced"


def test_readme_opens_with_install_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    assert (
        blocks[0] == "python -m pip install . && outsource-briefs render examples/cold-brew-guide.brief.yaml"
    )
    assert blocks[1] == "python -m pip install -e '.[test]' && npm ci && pytest"
    assert blocks[1] in (REPO / ".ci" / "run").read_text()


def test_documentation_passes_markdownlint(tmp_path: Path) -> None:
    files = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    (tmp_path / ".markdownlint-cli2.jsonc").write_text('{"config": {"default": true, "MD013": false}}\n')
    result = subprocess.run(
        [*markdownlint_command(), *map(str, files)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
