"""The resolve stage: ``Spec``, a spec file with its ``extends`` merged, its source map and its
fingerprint."""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import limits
from .config import Config
from .errors import Location, Problem, join_pointer
from .yaml_loader import SourceMap, YamlDocument, load_yaml

#: Keys left out of the fingerprint: changing them alone does not change the brief's content.
UNFINGERPRINTED = ("version", "changelog")


@dataclass
class Spec:
    """A resolved task spec: its data after ``extends``, and where every value came from.

    :ivar path: the spec file.
    :ivar name: the path as shown in messages.
    :ivar data: the resolved spec as plain JSON data (``extends`` removed).
    :ivar source_map: JSON pointer to file, line and column, across the spec and its bases.
    :ivar config: the repository configuration that applies to the spec.
    :ivar bases: the base files merged under the spec (resolved paths), in merge order.
    :ivar contractor: who does the work: the inline mapping, or the roster entry that
        ``contractor: <id>`` names; ``None`` when the spec names nobody (or nobody known).
    :ivar problems: what resolving found that leaves the spec usable, such as a contractor id
        that is not on the roster; :func:`validate_spec` reports them.
    """

    path: Path
    name: str
    data: dict[str, Any]
    source_map: SourceMap
    config: Config
    bases: tuple[Path, ...] = field(default=())
    contractor: dict[str, Any] | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def id(self) -> str | None:
        return _text(self.data.get("id"))

    @property
    def version(self) -> str | None:
        return _text(self.data.get("version"))

    @property
    def kind(self) -> str | None:
        return _text(self.data.get("kind"))

    @property
    def title(self) -> str | None:
        return _text(self.data.get("title"))

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the resolved spec without ``version`` and ``changelog``."""
        return fingerprint(self.data)

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """Where the value at ``pointer`` (or its key, with ``key=True``) was written."""
        location = self.source_map.locate(pointer, prefer_key=key)
        return location if location.file else Location(self.name, 1, 1)


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of ``data`` without
    ``version`` and ``changelog``."""
    content = {key: value for key, value in data.items() if key not in UNFINGERPRINTED}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def resolve_spec(path: str | Path, config: Config) -> tuple[Spec | None, list[Problem]]:
    """Read a spec file and merge its ``extends``; the problems when that cannot be done.

    A contractor written inline is taken as it is; a roster id is left for the caller to look
    up (``Spec.contractor`` is then ``None``).
    """
    path = Path(path)
    name = str(path)
    root = _root_for(path, config)
    resolver = _Resolver(root, has_config=config.path is not None and root == config.root.resolve())
    data, source_map = resolver.resolve(path, name, ())
    if data is None or resolver.problems:
        return None, resolver.problems
    contractor = data.get("contractor")
    inline = contractor if isinstance(contractor, dict) else None
    return Spec(path, name, data, source_map, config, tuple(resolver.bases), inline), []


def _root_for(path: Path, config: Config) -> Path:
    spec_folder = path.absolute().parent.resolve()
    root = config.root.resolve()
    return root if spec_folder.is_relative_to(root) else spec_folder


class _Resolver:
    """Loads a spec and its bases depth-first and merges them, collecting problems."""

    def __init__(self, root: Path, *, has_config: bool) -> None:
        self.root = root
        self.has_config = has_config
        self.problems: list[Problem] = []
        self.bases: list[Path] = []

    def resolve(
        self, path: Path, name: str, chain: tuple[Path, ...]
    ) -> tuple[dict[str, Any] | None, SourceMap]:
        document = load_yaml(path, display_name=name) if not chain else _load_base(path, name)
        if document.data is None:
            self.problems.extend(document.problems)
            return None, document.source_map
        data, source_map = document.data, document.source_map
        if "extends" not in data:
            return data, source_map
        targets = self._targets(data.pop("extends"), path, name, source_map)
        merged: dict[str, Any] = {}
        merged_map = SourceMap()
        chain = (*chain, path.resolve())
        for target, target_name, location in targets:
            base = self._base(target, target_name, location, chain)
            if base is not None:
                merged = _merge(merged, base[0], "", merged_map)
                merged_map.overlay(base[1])
        merged = _merge(merged, data, "", merged_map)
        merged_map.overlay(source_map)
        _forget_extends(merged_map)
        return merged, merged_map

    def _targets(
        self, value: Any, path: Path, name: str, source_map: SourceMap
    ) -> list[tuple[Path, str, Location]]:
        entries = [(value, "/extends")] if isinstance(value, str) else []
        if isinstance(value, list):
            entries = [(item, f"/extends/{index}") for index, item in enumerate(value)]
        if not entries:
            self._report(
                source_map.locate("/extends"),
                "R005",
                "`extends` must be a path or a list of paths",
                "write `extends: house-style.base.yaml`",
            )
            return []
        targets = []
        for item, pointer in entries:
            location = source_map.locate(pointer)
            target = self._target(item, path, location)
            if target is not None:
                shown = os.path.normpath(os.path.join(os.path.dirname(name), str(item)))
                targets.append((target, shown, location))
        return targets

    def _target(self, item: Any, path: Path, location: Location) -> Path | None:
        if not isinstance(item, str) or not item.strip():
            self._report(location, "R005", "each `extends` entry must be a path", "")
            return None
        if "\0" in item or os.path.isabs(item) or item.startswith("~"):
            self._report(
                location,
                "R002",
                f"`extends` path {item!r} must be relative to this file",
                "write a path such as ../house-style.base.yaml",
            )
            return None
        target = (path.absolute().parent / item).resolve()
        if not target.is_relative_to(self.root):
            if self.has_config:
                hint = f"base files must lie inside {self.root.name}/, which holds outsource-briefs.yaml"
            else:
                hint = (
                    f"base files must lie inside {self.root.name}/, {_what_root_is(self.root)}; an "
                    "outsource-briefs.yaml in a folder above makes that folder the limit"
                )
            self._report(location, "R002", f"`extends` path {item!r} leaves the repository", hint)
            return None
        return target

    def _base(
        self, target: Path, name: str, location: Location, chain: tuple[Path, ...]
    ) -> tuple[dict[str, Any], SourceMap] | None:
        if target in chain:
            cycle = " -> ".join([*(p.name for p in chain[chain.index(target) :]), target.name])
            self._report(location, "R003", f"`extends` forms a cycle: {cycle}", "remove one of the links")
            return None
        if len(chain) > limits.MAX_EXTENDS_DEPTH:
            self._report(
                location,
                "R004",
                f"`extends` goes more than {limits.MAX_EXTENDS_DEPTH} files deep",
                "merge some of the base files",
            )
            return None
        if not target.is_file():
            if target.exists():
                message = f"base '{name}' is not a regular file"
                self._report(location, "R001", message, "name a *.base.yaml file")
                return None
            hint = _similar_base(target) or "check the path; it is relative to this file"
            self._report(location, "R001", f"base file '{name}' does not exist", hint)
            return None
        self.bases.append(target)
        data, source_map = self.resolve(target, name, chain)
        return (data, source_map) if data is not None else None

    def _report(self, location: Location, code: str, message: str, hint: str) -> None:
        self.problems.append(Problem.at(location, code, message, pointer="/extends", hint=hint))


def _what_root_is(root: Path) -> str:
    """Why ``root`` is the repository root when no configuration file says so."""
    if (root / ".git").exists():
        return "the top of the git work tree"
    return "the current folder" if root == Path.cwd().resolve() else "the spec's folder"


def _load_base(path: Path, name: str) -> YamlDocument:
    """A base file, read once for all the specs that extend it (a fresh copy each time, as
    resolving changes it)."""
    try:
        status = path.stat()
    except OSError:
        return load_yaml(path, display_name=name)
    document = _cached_base(path, name, status.st_mtime_ns, status.st_size)
    data = copy.deepcopy(document.data)
    return YamlDocument(document.file, data, document.source_map.copy(), list(document.problems))


@functools.lru_cache(maxsize=64)
def _cached_base(path: Path, name: str, mtime: int, size: int) -> YamlDocument:
    return load_yaml(path, display_name=name)


def _similar_base(target: Path) -> str:
    """A "did you mean" for a missing base file, comparing names without the shared suffix."""
    if not target.parent.is_dir():
        return ""
    stems = {_stem(path.name): path.name for path in target.parent.glob("*.base.y*ml")}
    close = difflib.get_close_matches(_stem(target.name), list(stems), n=1, cutoff=0.7)
    return f"did you mean '{stems[close[0]]}'?" if close else ""


def _stem(name: str) -> str:
    return name.removesuffix(".yaml").removesuffix(".yml").removesuffix(".base")


def _merge(base: dict[str, Any], over: dict[str, Any], pointer: str, base_map: SourceMap) -> dict[str, Any]:
    """Mappings merge recursively; anything else in ``over`` replaces the base's value."""
    merged = dict(base)
    for key, value in over.items():
        child = join_pointer(pointer, key)
        current = merged.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merged[key] = _merge(current, value, child, base_map)
        else:
            if key in merged:
                base_map.drop(child, subtree=isinstance(current, (dict, list)))
            merged[key] = value
    return merged


def _forget_extends(source_map: SourceMap) -> None:
    source_map.drop("/extends")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
