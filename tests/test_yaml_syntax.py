"""The YAML 1.2 corrections around libyaml, checked on their own (the loader's tests read whole texts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from outsource_briefs import yaml_syntax


def events(text: str) -> Iterator[Any]:
    return yaml.parse(text, Loader=yaml.SafeLoader)


def test_a_plain_scalar_changed_other_than_by_a_flow_placeholder_is_read_as_written() -> None:
    source = "a:\n  \tb\n"
    plan = yaml_syntax.prepare(source)
    # As if the tab started the first line of a block scalar: only block values take it.
    plan.text = source.replace("\t", yaml_syntax._PLACEHOLDER)
    plan.blocks[source.index("\t")] = (0, "")
    plan.changed = True
    text, fixes, _ = yaml_syntax.verify(plan, events, 100)
    assert text == source
    assert fixes == {}


def test_a_flow_placeholder_at_the_start_of_a_plain_scalar_is_given_back() -> None:
    plan = yaml_syntax.prepare("a: [?x, y]\n")
    assert plan.text == "a: [xx, y]\n"
    text, fixes, problems = yaml_syntax.verify(plan, events, 100)
    assert (text, fixes, problems) == (plan.text, {(0, 4): "?x"}, [])


def test_a_text_that_does_not_settle_is_read_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tab in the quoted value became a space: the value must be read again as written.
    source = 'a: [?x]\nb: "x \t# y"\n'
    settled = yaml_syntax.verify(yaml_syntax.prepare(source), events, 100)
    assert settled[0] == 'a: [xx]\nb: "x \t# y"\n'
    assert settled[1] == {(0, 4): "?x"}
    monkeypatch.setattr(yaml_syntax, "MOST_REREADINGS", 0)
    assert yaml_syntax.verify(yaml_syntax.prepare(source), events, 100)[:2] == (source, {})
