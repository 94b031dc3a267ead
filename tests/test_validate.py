"""Which files a PATH names, and checking each by what its name says it is."""

from __future__ import annotations

from pathlib import Path

from helpers import MINIMAL_SPEC

from outsource_briefs.checks import (
    check_paths,
    checked_files,
    dependents,
    validate_file,
    validate_path,
    validate_paths,
)


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


def test_validate_paths_uses_each_repository_s_settings(write, tmp_path) -> None:
    write("one/outsource-briefs.yaml", "lint: {disable: [L001]}\n")
    vague = MINIMAL_SPEC.replace("title: Refresh the shop logo", "title: A modern logo")
    write("one/a.brief.yaml", vague)
    write("two/b.brief.yaml", vague)
    files, problems = validate_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["one/a.brief.yaml", "two/b.brief.yaml"]
    assert {(Path(p.file).parent.name, p.code) for p in problems if p.code == "L001"} == {("two", "L001")}


def test_check_paths_takes_specs_only(write, tmp_path) -> None:
    write("a.brief.yaml")
    write("r.review.yaml", "brief: x@1.0.0\n")
    files, problems = check_paths([tmp_path], archive=tmp_path / "archive")
    assert ([p.name for p in files], problems) == (["a.brief.yaml"], [])


def test_a_number_with_a_dot_between_thousands_gets_a_warning_naming_the_reading(write) -> None:
    spec = MINIMAL_SPEC.replace("amount: 300", "amount: 1.200") + "details:\n  flyers: 12.500\n"
    problems = validate_file(write("a.brief.yaml", spec), lint=False)
    assert [(p.code, p.severity, p.line, p.pointer) for p in problems] == [
        ("Y020", "warning", 19, "/budget/amount"),
        ("Y020", "warning", 22, "/details/flyers"),
    ]
    assert problems[0].message == "1.200 is read as the number 1.2, not 1,200"
    assert problems[0].hint == "for 1,200 write `amount: 1200`; for 1.2 write `amount: 1.2`"


def test_a_decimal_that_reads_as_written_gets_no_warning(write) -> None:
    spec = (
        MINIMAL_SPEC.replace("amount: 300", "amount: 12.50") + "objective: 1.200\ndetails:\n  share: 0.125\n"
    )
    assert validate_file(write("a.brief.yaml", spec), lint=False) == []  # a text field keeps "1.200"
