"""Which files a PATH names, and checking each by what its name says it is."""

from __future__ import annotations

from conftest import MINIMAL_SPEC

from outsource_briefs.validate import checked_files, dependents, find_files, validate_path


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


def test_a_base_file_stands_for_its_specs(write, tmp_path) -> None:
    write("outsource-briefs.yaml", "")
    base = write("shared/root.base.yaml", "revisions: {rounds: 2}\n")
    write("shared/team.base.yaml", "extends: root.base.yaml\n")
    user = write("briefs/a.brief.yaml", MINIMAL_SPEC + "extends: ../shared/team.base.yaml\n")
    write("briefs/b.brief.yaml")
    assert dependents(base) == [user]
    files, problems = checked_files([base])
    assert (files, problems) == ([user], [])


def test_file_kinds_are_told_apart_by_name(write) -> None:
    assert validate_path(write("x.contractor.yaml", "id: x\nname: X\n")) == []
    assert [p.code for p in validate_path(write("y.contractor.yaml", "id: x\nname: Y\n"))] == ["R010"]
    assert [p.code for p in validate_path(write("r.review.yaml", "brief: nope\n"))][:1] == ["S002"]
