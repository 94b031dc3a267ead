"""Writing files: all or nothing, never over what is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outsource_briefs.fileio import write_atomic, write_new


def test_write_new_creates_once(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    assert write_new(target, "first\n")
    assert not write_new(target, "second\n")
    assert target.read_text() == "first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_write_new_does_not_follow_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    os.symlink(victim, tmp_path / "a.md")
    assert not write_new(tmp_path / "a.md", "evil\n")
    assert victim.read_text() == "keep\n"


def test_write_atomic_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_files_get_the_usual_permissions(tmp_path: Path) -> None:
    write_new(tmp_path / "a.md", "x\n")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o666 & ~mask


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old\n")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


@pytest.mark.parametrize("make", [lambda p: p / "missing" / "x.md", lambda p: p])
def test_impossible_targets_are_named(tmp_path: Path, make) -> None:
    with pytest.raises(OSError, match="cannot write"):
        write_atomic(make(tmp_path), "x\n")


def test_write_new_leaves_a_folder_or_a_link_to_one_alone(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "folder", tmp_path / "link")
    assert not write_new(tmp_path / "folder", "x\n")
    assert not write_new(tmp_path / "link", "x\n")
    assert list((tmp_path / "folder").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "link"]


def test_write_new_names_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_new(tmp_path / "missing" / "a.md", "x\n")
