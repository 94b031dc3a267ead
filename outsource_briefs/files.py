"""Which kind of file a path is (by its name), finding such files below folders, and how
paths are shown to people."""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


class FileKind(enum.Enum):
    """The kinds of file the tool reads; a file's name ends with ``.<value>.yaml`` (or ``.yml``)."""

    SPEC = "brief"
    BASE = "base"
    REVIEW = "review"
    RESULTS = "results"
    CONTRACTOR = "contractor"

    @property
    def suffixes(self) -> tuple[str, str]:
        """``(".brief.yaml", ".brief.yml")`` and the like."""
        return f".{self.value}.yaml", f".{self.value}.yml"

    def matches(self, path: str | Path) -> bool:
        """Whether the name of ``path`` says it is a file of this kind."""
        return str(path).endswith(self.suffixes)

    def stem(self, path: str | Path) -> str:
        """The file's name without this kind's suffix: ``team/mei.contractor.yaml`` -> ``mei``."""
        name = Path(path).name
        for suffix in self.suffixes:
            name = name.removesuffix(suffix)
        return name


#: The kinds of file that ``validate`` looks for in a folder (a base file is checked through the
#: specs that extend it, so it counts only when named on its own).
CHECKED_KINDS = (FileKind.SPEC, FileKind.REVIEW, FileKind.RESULTS, FileKind.CONTRACTOR)


def kind_of(path: str | Path) -> FileKind | None:
    """The kind of file ``path`` is by its name, or ``None`` for any other file."""
    return next((kind for kind in FileKind if kind.matches(path)), None)


def find_files(
    paths: Iterable[str | Path],
    kinds: Iterable[FileKind] = (FileKind.SPEC,),
    *,
    refused: list[Path] | None = None,
) -> Iterator[Path]:
    """Files named by ``paths``: a file as given, a folder as every file below it of one of
    ``kinds`` (hidden folders skipped), in sorted order.

    Links to folders are not followed, and a link to a file outside the folder searched is
    not taken (it is added to ``refused`` when given): a folder of briefs cannot make the tool
    read a file elsewhere on the machine. A file named on its own is taken as it is.
    """
    suffixes = tuple(suffix for kind in kinds for suffix in kind.suffixes)
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        real_root = os.path.realpath(path)
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(
                name for name in subfolders if not name.startswith(".") and name not in _SKIPPED_FOLDERS
            )
            for name in sorted(files):
                if not name.endswith(suffixes):
                    continue
                found = Path(folder) / name
                if found.is_symlink() and not _inside(os.path.realpath(found), real_root):
                    if refused is not None:
                        refused.append(found)
                    continue
                yield found


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def as_path(value: object, what: str = "a path") -> Path:
    """``value``, a ``str`` or an ``os.PathLike`` of ``str``, as a ``Path``.

    :raises TypeError: for anything else; bytes are refused rather than guessed at.
    """
    if isinstance(value, Path):
        return value
    if isinstance(value, str) or (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)):
        return Path(value)
    fix = ", decoded with os.fsdecode()" if isinstance(value, (bytes, os.PathLike)) else ""
    raise TypeError(f"{what} must be a str or a pathlib.Path{fix}, not {type(value).__name__}")


def shown_path(path: str | Path) -> str:
    """``path`` relative to the current folder when it lies below it, as written otherwise."""
    absolute = Path(path).absolute()
    here = Path.cwd()
    return str(absolute.relative_to(here)) if absolute.is_relative_to(here) else str(path)
