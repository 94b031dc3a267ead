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
from .files import as_path
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


def resolve_spec(
    path: str | Path, config: Config, *, document: YamlDocument | None = None
) -> tuple[Spec | None, list[Problem]]:
    """Read a spec file and merge its ``extends``; the problems when that cannot be done.

    A contractor written inline is taken as it is; a roster id is left for the caller to look
    up (``Spec.contractor`` is then ``None``).

    :param document: the file as already read (with its path as the display name), which
        resolving then consumes; by default the file is read.
    """
    path = as_path(path, "a spec's path")
    name = str(path)
    root = spec_root(path, config)
    resolver = _Resolver(root, has_config=config.path is not None and root == config.root.resolve())
    data, source_map = resolver.resolve(path, name, (), document=document)
    if data is None or resolver.problems:
        return None, resolver.problems
    contractor = data.get("contractor")
    inline = contractor if isinstance(contractor, dict) else None
    return Spec(path, name, data, source_map, config, tuple(resolver.bases), inline), []


def spec_root(path: Path, config: Config) -> Path:
    """The folder that the ``extends`` paths of the spec ``path`` may not leave: the
    repository root, or the spec's own folder when it lies outside the repository."""
    spec_folder = _real_folder(path.absolute().parent)
    root = _real_folder(config.root)
    return root if spec_folder.is_relative_to(root) else spec_folder


def extends_targets(data: dict[str, Any], path: Path, root: Path) -> list[Path]:
    """The files that ``data``, read from ``path``, names in ``extends`` and resolving would
    read: relative paths that stay inside ``root``, resolved. Entries that are not such
    paths are left out (resolving reports them)."""
    value = data.get("extends")
    entries = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    targets = []
    for entry in entries:
        if isinstance(entry, str) and entry.strip() and _is_relative(entry):
            target = _target_path(path, entry)
            if target.is_relative_to(root):
                targets.append(target)
    return targets


def base_document(path: Path) -> YamlDocument:
    """A base file as read once for every spec that extends it; the caller must not change it."""
    status = path.stat()
    return _cached_base(path, str(path), status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: Path) -> Path:
    # The specs of a folder share it. A folder that moves while the tool runs can only make
    # the check stricter: every target is resolved afresh, and must lie inside the old place.
    return folder.resolve()


def _is_relative(entry: str) -> bool:
    return "\0" not in entry and not os.path.isabs(entry) and not entry.startswith("~")


def _target_path(path: Path, entry: str) -> Path:
    return (path.absolute().parent / entry).resolve()


class _Resolver:
    """Loads a spec and its bases depth-first and merges them, collecting problems.

    The work is bounded per spec, not only per chain: base files are merged at most
    ``limits.MAX_BASE_MERGES`` times (a base listed twice, or reached along two paths, counts
    twice), and the spec and every base merged hold ``limits.MAX_NODES`` values at most.
    """

    def __init__(self, root: Path, *, has_config: bool) -> None:
        self.root = root
        self.has_config = has_config
        self.problems: list[Problem] = []
        self.bases: list[Path] = []
        self.merges = 0
        self.values = 0
        self.exhausted = False

    def resolve(
        self,
        path: Path,
        name: str,
        chain: tuple[Path, ...],
        location: Location | None = None,
        document: YamlDocument | None = None,
    ) -> tuple[dict[str, Any] | None, SourceMap]:
        if document is None:
            document = load_yaml(path, display_name=name) if not chain else _load_base(path, name)
        if document.data is None:
            self.problems.extend(document.problems)
            return None, document.source_map
        data, source_map = document.data, document.source_map
        self.values += len(source_map.values)
        if self.values > limits.MAX_NODES and location is not None:
            self._exhaust(
                location,
                f"the spec and its base files hold more than {limits.MAX_NODES:,} values",
                "a brief holds instructions, not data: move long lists to a linked resource",
            )
            return None, source_map
        if "extends" not in data:
            return data, source_map
        extends = data.pop("extends")
        targets = self._targets(extends, path, name, source_map)
        merged: dict[str, Any] = {}
        merged_map = SourceMap()
        chain = (*chain, path.resolve())
        for target, target_name, target_location in targets:
            base = self._base(target, target_name, target_location, chain)
            if base is not None:
                merged = _merge(merged, base[0], "", merged_map)
                merged_map.overlay(base[1])
        merged = _merge(merged, data, "", merged_map)
        merged_map.overlay(source_map)
        _drop_subtree(merged_map, "/extends", extends)
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
        if not _is_relative(item):
            self._report(
                location,
                "R002",
                f"`extends` path {item!r} must be relative to this file",
                "write a path such as ../house-style.base.yaml",
            )
            return None
        target = _target_path(path, item)
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
        if self.exhausted:
            return None
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
        self.merges += 1
        if self.merges > limits.MAX_BASE_MERGES:
            self._exhaust(
                location,
                f"`extends` merges base files more than {limits.MAX_BASE_MERGES} times",
                "list each base file once, and let a base extend the ones it needs",
            )
            return None
        self.bases.append(target)
        data, source_map = self.resolve(target, name, chain, location)
        return (data, source_map) if data is not None else None

    def _report(self, location: Location, code: str, message: str, hint: str) -> None:
        self.problems.append(Problem.at(location, code, message, pointer="/extends", hint=hint))

    def _exhaust(self, location: Location, message: str, hint: str) -> None:
        """Stop resolving: the spec asks for more work than one spec may."""
        self.exhausted = True
        self._report(location, "R025", message, hint)


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
    """Mappings merge recursively; anything else in ``over`` replaces the base's value (whose
    positions are forgotten, one by one: the time it takes is the size of what is replaced)."""
    merged = dict(base)
    for key, value in over.items():
        child = join_pointer(pointer, key)
        current = merged.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merged[key] = _merge(current, value, child, base_map)
        else:
            if key in merged:
                _drop_subtree(base_map, child, current)
            merged[key] = value
    return merged


def _drop_subtree(source_map: SourceMap, pointer: str, value: Any) -> None:
    """Forget the positions of ``value`` at ``pointer`` and of everything inside it."""
    pending = [(pointer, value)]
    while pending:
        current, item = pending.pop()
        source_map.drop(current, subtree=False)
        if isinstance(item, dict):
            pending.extend((join_pointer(current, key), child) for key, child in item.items())
        elif isinstance(item, list):
            pending.extend((join_pointer(current, index), child) for index, child in enumerate(item))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
