"""Property test: what a YAML 1.2 emitter writes is read back as the data it was given.

Mappings of strings holding tabs, `#`, `?`, `:`, quotes, brackets and line breaks are written
by ruamel.yaml (a YAML 1.2 emitter) in block and in flow style, at widths that make it fold
long values over several lines, with literal block scalars for values that hold line breaks;
the reader must return exactly the original data. The seed is fixed (``derandomize=True``, no
example database), as in ``test_properties.py``.

Where the reader's data differs, ruamel.yaml's own reader must read the text differently from
the original data too: the emitter then wrote text that does not mean that data (it folds a
double-quoted line right after an escape such as ``\\t``, and writes a key that starts with
``: `` unquoted in a flow mapping). Such examples are discarded, and the health check that
fails a test discarding too many keeps them rare.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from outsource_briefs.yaml_loader import parse_yaml

SETTINGS = settings(
    max_examples=1500,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ALPHABET = "abAZ09 \t#?:'\"-,[]{}"
KEYS = st.text(ALPHABET, max_size=8)
VALUES = st.text(ALPHABET + "\n", max_size=30)
MAPPINGS = st.dictionaries(KEYS, VALUES, max_size=6)


def emit(data: dict[str, str], *, flow: bool, width: int, literal: bool) -> str:
    emitter = YAML(typ="rt", pure=True)
    emitter.version = (1, 2)
    emitter.default_flow_style = flow
    emitter.width = width
    values: dict[str, Any] = dict(data)
    if literal:
        values = {key: LiteralScalarString(value) if "\n" in value else value for key, value in data.items()}
    stream = io.StringIO()
    emitter.dump(values, stream)
    return stream.getvalue()


def emitter_reads(text: str) -> Any:
    try:
        return YAML(typ="safe", pure=True).load(text)
    except Exception:  # noqa: BLE001 - any failure means the emitter's own reader disagrees
        return None


@SETTINGS
@given(MAPPINGS, st.booleans(), st.integers(10, 80), st.booleans())
def test_emitted_yaml_12_is_read_back_exactly(
    data: dict[str, str], flow: bool, width: int, literal: bool
) -> None:
    text = emit(data, flow=flow, width=width, literal=literal and not flow)
    document = parse_yaml(text, "emitted.yaml")
    if document.data != data:
        assert emitter_reads(text) != data, (text, document.problems, document.data)
        assume(False)
