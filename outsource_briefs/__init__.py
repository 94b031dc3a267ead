"""outsource_briefs: write task briefs once as YAML, check them, render complete Markdown briefs.

>>> from outsource_briefs import load_spec, validate_spec, render_brief
>>> spec = load_spec("examples/cold-brew-guide.brief.yaml")
>>> validate_spec(spec)
[]
>>> brief = render_brief(spec)
>>> brief.markdown.splitlines()[0]
'# Write a cold brew guide for home baristas'

Names are imported on first use, so that checking specs never pays for loading the template
engine or the HTML tools.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    "Brief": "render",
    "render_brief": "render",
    "Spec": "spec",
    "load_spec": "repository",
    "validate_spec": "validate",
    "validate_file": "checks",
    "BriefError": "errors",
    "ConfigError": "errors",
    "Location": "errors",
    "Problem": "errors",
    "SpecError": "errors",
    "TemplateError": "errors",
}

__all__ = [
    "Brief",
    "BriefError",
    "ConfigError",
    "Location",
    "Problem",
    "Spec",
    "SpecError",
    "TemplateError",
    "__version__",
    "load_spec",
    "render_brief",
    "validate_file",
    "validate_spec",
]

if TYPE_CHECKING:
    from .checks import validate_file
    from .errors import BriefError, ConfigError, Location, Problem, SpecError, TemplateError
    from .render import Brief, render_brief
    from .repository import load_spec
    from .spec import Spec
    from .validate import validate_spec


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'outsource_briefs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
