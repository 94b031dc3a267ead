"""Which kind of file a path is, and finding such files below folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource_briefs.files import CHECKED_KINDS, FileKind, find_files, kind_of, shown_path


def test_find_files_walks_sorted_and_skips_hidden_folders(write, tmp_path) -> None:
    write("b/z.brief.yaml")
    write("a.brief.yml")
    write(".git/x.brief.yaml")
    write("node_modules/y.brief.yaml")
    write("notes.yaml", "x: 1\n")
    assert [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path])] == [
        "a.brief.yml",
        "b/z.brief.yaml",
    ]


def test_find_files_takes_a_named_file_as_given_and_folders_by_kind(write, tmp_path) -> None:
    notes = write("notes.txt", "x")
    write("r/a.review.yaml", "x: 1\n")
    write("r/b.brief.yaml")
    write("team/mei.contractor.yml", "x: 1\n")
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([notes, tmp_path], CHECKED_KINDS)]
    assert found == ["notes.txt", "r/a.review.yaml", "r/b.brief.yaml", "team/mei.contractor.yml"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.brief.yaml", FileKind.SPEC),
        ("dir/a.brief.yml", FileKind.SPEC),
        ("house.base.yaml", FileKind.BASE),
        ("a-round-1.review.yaml", FileKind.REVIEW),
        ("team/mei.contractor.yaml", FileKind.CONTRACTOR),
        ("a.yaml", None),
        ("brief.yaml", None),
        ("a.brief.yaml.bak", None),
    ],
)
def test_kind_of_reads_the_name(name: str, kind: FileKind | None) -> None:
    assert kind_of(name) is kind


def test_stem_drops_the_kind_suffix() -> None:
    assert FileKind.CONTRACTOR.stem(Path("team/mei-tanaka.contractor.yml")) == "mei-tanaka"


def test_shown_path_is_relative_below_the_current_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "a" / "b.brief.yaml") == "a/b.brief.yaml"
    assert shown_path("/elsewhere/x.yaml") == "/elsewhere/x.yaml"


def test_a_link_out_of_the_folder_searched_is_not_taken(write, tmp_path) -> None:
    outside = write("outside/secret.txt", "key: value\n")
    write("repo/a.brief.yaml")
    inside = write("repo/shared/b.brief.yaml")
    (tmp_path / "repo/link-out.brief.yaml").symlink_to(outside)
    (tmp_path / "repo/link-in.brief.yaml").symlink_to(inside)
    (tmp_path / "repo/folder-out").symlink_to(tmp_path / "outside", target_is_directory=True)
    refused: list[Path] = []
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path / "repo"], refused=refused)]
    assert found == ["repo/a.brief.yaml", "repo/link-in.brief.yaml", "repo/shared/b.brief.yaml"]
    assert refused == [tmp_path / "repo/link-out.brief.yaml"]
    named = tmp_path / "repo/link-out.brief.yaml"
    assert list(find_files([named])) == [named]
