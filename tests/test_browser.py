"""The HTML brief in a real browser.

Headless Chromium (Debian's ``chromium`` package, installed by ``.ci/run``) opens each page
with an empty profile and its background services off, driven over the DevTools protocol on
a pipe. The tests read what the browser built and did: the DOM, the accessibility tree (the
list numbers and checkboxes a reader meets), every script it compiled and every request it
sent. Nothing leaves the machine: the one page that tries to load something points at the
loopback address.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES
from test_hostile import all_cases, prepare

from outsource_briefs import load_spec, render_brief

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
]
TIMEOUT = 60.0
# The pipe the DevTools protocol expects: commands on descriptor 3, replies on 4.
COMMANDS_FD, REPLIES_FD = 3, 4


class DevTools:
    """A DevTools protocol client for one Chromium process, over ``--remote-debugging-pipe``:
    JSON messages, each ended by a NUL byte."""

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def connect_pipe() -> None:  # in the child: move the pipe ends to descriptors 3 and 4
            commands = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 100)
            replies = fcntl.fcntl(replies_write, fcntl.F_DUPFD, 100)
            os.dup2(commands, COMMANDS_FD)
            os.dup2(replies, REPLIES_FD)

        with open(log, "wb") as log_file:
            self.process = subprocess.Popen(
                [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
                pass_fds=(COMMANDS_FD, REPLIES_FD),
                preexec_fn=connect_pipe,  # noqa: PLW1509 - the tests start no threads
            )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its result; events that arrive meanwhile are kept."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._last_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The first event ``method`` of ``session``, waiting for it if it has not come yet."""
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self.events.append(self._receive())

    def close(self) -> None:
        os.close(self._commands)  # the browser quits when its pipe closes
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._replies)

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._replies, 1 << 16) if ready else b""
            if not chunk:
                pytest.fail("Chromium stopped answering (see its log in the test's tmp_path)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        reply: dict[str, Any] = json.loads(message)
        return reply


@dataclass
class Node:
    """An element of the DOM the browser built, with its text and its children."""

    name: str
    attributes: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str = ""
    node_id: int = 0
    backend_id: int = 0

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, name: str) -> list[Node]:
        return [node for node in self.walk() if node.name == name]

    @property
    def content(self) -> str:
        return self.text + "".join(child.content for child in self.children)


def _node(raw: dict[str, Any]) -> Node:
    attributes = raw.get("attributes", [])
    node = Node(
        name=raw["nodeName"].lower(),
        attributes=dict(zip(attributes[::2], attributes[1::2], strict=True)),
        node_id=raw["nodeId"],
        backend_id=raw["backendNodeId"],
    )
    for child in raw.get("children", []):
        if child["nodeType"] == 3:
            node.children.append(Node("#text", {}, text=child["nodeValue"]))
        elif child["nodeType"] == 1:
            node.children.append(_node(child))
    return node


@dataclass
class Visit:
    """What the browser did with one page."""

    document: Node
    scripts: list[dict[str, Any]]
    requests: list[str]
    accessibility: list[dict[str, Any]]
    session: str

    def list_after(self, heading: str) -> Node:
        """The list right after the heading with this text."""
        elements = [node for node in self.document.walk() if node.name != "#text"]
        for index, node in enumerate(elements):
            if node.name in {"h2", "h3"} and node.content.strip() == heading:
                return next(element for element in elements[index + 1 :] if element.name in {"ul", "ol"})
        raise AssertionError(f"no heading {heading!r}")

    def markers(self, list_node: Node) -> list[str]:
        """The numbers or bullets the browser shows for a list's own items."""
        by_id = {node["nodeId"]: node for node in self.accessibility}
        [ax_list] = [
            node for node in self.accessibility if node.get("backendDOMNodeId") == list_node.backend_id
        ]
        shown = []
        for item_id in ax_list.get("childIds", []):
            for child_id in by_id[item_id].get("childIds", []):
                child = by_id[child_id]
                if child["role"]["value"] == "ListMarker":
                    shown.append(child["name"]["value"])
        return shown

    def roles(self, role: str) -> list[dict[str, Any]]:
        return [node for node in self.accessibility if node["role"]["value"] == role]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: apt-get install -y chromium (see .ci/run)")
    folder = tmp_path_factory.mktemp("chromium")
    profile = folder / "profile"
    profile.mkdir()
    devtools = DevTools(executable, profile, folder / "chromium.log")
    yield devtools
    devtools.close()


def visit(browser: DevTools, page: Path) -> Visit:
    """Open ``page`` in a new tab and record what happens until it has loaded."""
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Network", "Debugger", "Runtime", "DOM"):
        browser.send(f"{domain}.enable", session)
    browser.send("Page.navigate", session, url=page.as_uri())
    browser.wait_for("Page.loadEventFired", session)
    document = browser.send("DOM.getDocument", session, depth=-1)["root"]
    accessibility = browser.send("Accessibility.getFullAXTree", session)["nodes"]
    events = [event for event in browser.events if event.get("sessionId") == session]
    return Visit(
        document=_node(document),
        scripts=[event["params"] for event in events if event["method"] == "Debugger.scriptParsed"],
        requests=[
            event["params"]["request"]["url"]
            for event in events
            if event["method"] == "Network.requestWillBeSent"
        ],
        accessibility=accessibility,
        session=session,
    )


def assert_inert(page: Path, seen: Visit) -> None:
    assert seen.scripts == [], "a script ran"
    assert seen.requests in ([], [page.as_uri()]), f"the page requested {seen.requests}"


def write_page(folder: Path, spec_data: dict[str, Any], name: str) -> tuple[Path, dict[str, Any]]:
    spec_path = folder / f"{name}.brief.json"
    spec_path.write_text(json.dumps(spec_data), encoding="utf-8")
    page = folder / f"{name}.html"
    page.write_text(render_brief(load_spec(spec_path)).to_html(), encoding="utf-8")
    return page, spec_data


def test_the_brief_has_checkboxes_and_numbered_steps(browser: DevTools, tmp_path: Path) -> None:
    data = copy.deepcopy(load_spec(EXAMPLES / "cold-brew-guide.brief.yaml").data)
    data.pop("extends", None)
    data.pop("contractor", None)
    # Twelve steps, each with details, so that the numbers pass 9 and every item is loose.
    data["steps"] = [
        {"title": f"Step {n}", "detail": f"What to do in step {n}.\nAnd then."} for n in range(1, 13)
    ]
    data["definition_of_done"] = ["Spelling is checked", "Every link opens"]
    page, spec = write_page(tmp_path, data, "brief")
    seen = visit(browser, page)
    assert_inert(page, seen)

    steps = seen.list_after("Steps")
    assert steps.name == "ol"
    assert seen.markers(steps) == [f"{n}. " for n in range(1, 13)]

    boxes = seen.document.all("input")
    checklist_items = (
        len(spec["acceptance_criteria"])
        + len(spec["definition_of_done"])
        + sum(len(deliverable.get("acceptance_criteria", [])) for deliverable in spec["deliverables"])
    )
    assert len(boxes) == checklist_items
    assert all(box.attributes.get("type") == "checkbox" and "disabled" in box.attributes for box in boxes)
    assert len(seen.roles("checkbox")) == checklist_items
    criteria = seen.list_after("Acceptance criteria")
    for item in criteria.all("li"):
        assert item.children[0].name == "input"
        assert not item.content.lstrip().startswith("[")


def test_the_printed_brief_keeps_headings_with_what_follows(browser: DevTools, tmp_path: Path) -> None:
    page = tmp_path / "cold-brew-guide.html"
    page.write_text(
        render_brief(load_spec(EXAMPLES / "cold-brew-guide.brief.yaml")).to_html(), encoding="utf-8"
    )
    seen = visit(browser, page)
    browser.send("Emulation.setEmulatedMedia", seen.session, media="print")
    browser.send("CSS.enable", seen.session)

    def style(node: Node) -> dict[str, str]:
        computed = browser.send("CSS.getComputedStyleForNode", seen.session, nodeId=node.node_id)
        return {entry["name"]: entry["value"] for entry in computed["computedStyle"]}

    assert [style(heading)["break-after"] for heading in seen.document.all("h2")] == ["avoid"] * len(
        seen.document.all("h2")
    )
    # A table's heading row is repeated on every page the table spans.
    assert {style(head)["display"] for head in seen.document.all("thead")} == {"table-header-group"}
    assert {style(row)["break-inside"] for row in seen.document.all("tr")} == {"avoid"}
    pdf = browser.send("Page.printToPDF", seen.session)["data"]
    assert len(pdf) > 10_000


HOSTILE = [case for case in all_cases() if case.renders_safely is not None]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.id)
def test_hostile_briefs_run_nothing_and_load_nothing(browser: DevTools, tmp_path: Path, case: Any) -> None:
    spec_path = prepare(case, tmp_path) / case.cwd / case.renders_safely
    page = tmp_path / "hostile.html"
    page.write_text(render_brief(load_spec(spec_path)).to_html(), encoding="utf-8")
    assert_inert(page, visit(browser, page))


def test_the_checks_see_a_script_and_a_request(browser: DevTools, tmp_path: Path) -> None:
    """The same checks on a page that does run a script and load an image do fail."""
    page = tmp_path / "unsafe.html"
    page.write_text(
        "<!DOCTYPE html><title>x</title><script>document.title = 'ran'</script>"
        '<img src="http://127.0.0.1:9/pixel.png"><ol><li>a</li></ol><ol start="3"><li>b</li></ol>',
        encoding="utf-8",
    )
    seen = visit(browser, page)
    assert seen.scripts != []
    assert "http://127.0.0.1:9/pixel.png" in seen.requests
    with pytest.raises(AssertionError):
        assert_inert(page, seen)
    lists = seen.document.all("ol")
    assert [seen.markers(item) for item in lists] == [["1. "], ["3. "]]
