"""Write files so that a reader never sees a half-written file."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def write_atomic(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: write a temporary file in the same folder,
    flush it to disk, then rename it over the target. On failure the target is unchanged.

    :raises OSError: when the folder does not exist or ``path`` is a folder.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"cannot write {target}: it is a folder")
    temporary = _flushed_temporary(target, text)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(path: str | Path, text: str) -> bool:
    """Create ``path`` holding ``text``, never replacing anything already there.

    The content is written and flushed to a temporary file first, then hard-linked into place,
    which fails if any file (or symlink) already exists at ``path``: a reader sees the whole file
    or none, and two writers racing for the same path cannot both win.

    :returns: ``True`` if this call created the file, ``False`` if ``path`` already existed
        (as a file, a folder or a symlink).
    :raises OSError: when the folder of ``path`` does not exist or cannot be written.
    """
    target = Path(path)
    temporary = _flushed_temporary(target, text)
    try:
        try:
            os.link(temporary, target, follow_symlinks=False)
        except FileExistsError:
            return False
        _fsync_folder(target.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _flushed_temporary(target: Path, text: str) -> Path:
    """A hidden temporary file beside ``target`` holding ``text``, already on disk.

    :raises OSError: naming ``target`` when its folder is missing.
    """
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {target}: folder {target.parent} does not exist")
    import tempfile  # noqa: PLC0415 - its imports (shutil, random) load only when writing

    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        # mkstemp makes the file private; give it the mode any new file would get.
        os.fchmod(descriptor, 0o666 & ~_umask())
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


@functools.cache
def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
