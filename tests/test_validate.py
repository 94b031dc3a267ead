"""Which files a PATH names, and checking each by what its name says it is."""

from __future__ import annotations

from pathlib import Path

from helpers import MINIMAL_SPEC

from outsource_briefs import checks, yaml_loader
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


def test_dependents_are_found_through_any_chain_of_bases(write, tmp_path) -> None:
    write("outsource-briefs.yaml", "")
    base = write("shared/root.base.yaml", "revisions: {rounds: 2}\n")
    write("shared/middle.base.yaml", "extends: [other.base.yaml, root.base.yaml]\n")
    write("shared/other.base.yaml", "extends: middle.base.yaml\n")  # a cycle: resolving says so
    write("shared/unrelated.base.yaml", "revisions: {rounds: 1}\n")
    through = write("a/through.brief.yaml", MINIMAL_SPEC + "extends: ../shared/other.base.yaml\n")
    broken = write(
        "a/broken.brief.yaml", MINIMAL_SPEC + "extends: [../shared/root.base.yaml, nope.base.yaml]\n"
    )
    spelled = write("a/spelled.brief.yaml", MINIMAL_SPEC + '"\\x65xtends": ../shared/root.base.yaml\n')
    write("a/elsewhere.brief.yaml", MINIMAL_SPEC + "extends: ../shared/unrelated.base.yaml\n")
    write("a/none.brief.yaml")
    write("a/outside.brief.yaml", MINIMAL_SPEC + "extends: ../../root.base.yaml\n")
    assert dependents(base) == [broken, spelled, through]
    files, problems = validate_paths([base], lint=False)
    assert files == [broken, spelled, through]
    assert {(Path(p.file).name, p.code) for p in problems} == {
        ("broken.brief.yaml", "R001"),
        ("middle.base.yaml", "R003"),  # through.brief.yaml extends the cycle
    }


def _parsed_files(monkeypatch) -> list[str]:
    """The names of the files the YAML reader parses from now on, in order."""
    parsed: list[str] = []
    original = yaml_loader.parse_yaml

    def counting(source, file="<string>"):
        parsed.append(Path(file).name)
        return original(source, file)

    monkeypatch.setattr(yaml_loader, "parse_yaml", counting)
    monkeypatch.setattr(checks, "parse_yaml", counting)
    return parsed


def test_a_base_reads_only_what_it_must_and_each_spec_once(write, tmp_path, monkeypatch) -> None:
    write("outsource-briefs.yaml", "")
    base = write("house.base.yaml", "revisions: {rounds: 2}\n")
    users = [
        write(
            f"u{n}.brief.yaml", MINIMAL_SPEC.replace("logo-refresh", f"u{n}") + "extends: house.base.yaml\n"
        )
        for n in range(3)
    ]
    write("other.base.yaml", "revisions: {rounds: 1}\n")
    write("elsewhere.brief.yaml", MINIMAL_SPEC + "extends: other.base.yaml\n")
    for n in range(3):
        write(f"plain{n}.brief.yaml")
    parsed = _parsed_files(monkeypatch)
    files, problems = validate_paths([base], lint=False)
    assert (files, problems) == (users, [])
    # Each user once; the other spec that names `extends`, and its base, to see where they
    # lead; the base and the settings once; the specs without `extends` not at all.
    once = [f"u{n}.brief.yaml" for n in range(3)] + ["house.base.yaml", "outsource-briefs.yaml"]
    assert sorted(parsed) == sorted([*once, "elsewhere.brief.yaml", "other.base.yaml"])


def test_a_roster_entry_is_read_once_however_many_specs_name_it(write, tmp_path, monkeypatch) -> None:
    for number in range(300):
        write(f"team/c{number:03d}.contractor.yaml", f"id: c{number:03d}\nname: Contractor {number}\n")
    # Each of 300 contractors named by two specs, one round after the other.
    specs = [
        write(
            f"s{n}.brief.yaml",
            MINIMAL_SPEC.replace("logo-refresh", f"s{n}") + f"contractor: c{n % 300:03d}\n",
        )
        for n in range(600)
    ]
    read = _parsed_files(monkeypatch)
    files, problems = validate_paths(specs, lint=False)
    assert (len(files), problems) == (600, [])
    entries = [name for name in read if name.endswith(".contractor.yaml")]
    assert sorted(entries) == [f"c{number:03d}.contractor.yaml" for number in range(300)]
    write("team/c001.contractor.yaml", "id: c001\nname: Contractor One\nstatus: nope\n")
    assert [p.code for p in validate_path(specs[1], lint=False)] == ["R006"]  # a changed file is read again


def test_a_roster_entry_linked_from_outside_the_team_folder_is_not_read(write, tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mei.contractor.yaml").write_text("id: mei\nname: Mei Tanaka\n")
    spec = write("a.brief.yaml", MINIMAL_SPEC + "contractor: mei\n")
    (tmp_path / "team").mkdir(exist_ok=True)
    (tmp_path / "team" / "mei.contractor.yaml").symlink_to(outside / "mei.contractor.yaml")
    [problem] = validate_path(spec, lint=False)
    assert (problem.code, problem.hint) == (
        "R006",
        "team/mei.contractor.yaml links to a file outside team/; copy the file into the folder",
    )
    (tmp_path / "team" / "mei.contractor.yaml").unlink()
    (tmp_path / "team" / "mei.contractor.yaml").write_text("id: mei\nname: Mei Tanaka\n")
    assert validate_path(spec, lint=False) == []


def test_a_roster_lookup_reads_only_the_named_entry(write, tmp_path, monkeypatch) -> None:
    for number in range(300):
        write(f"team/c{number:03d}.contractor.yaml", f"id: c{number:03d}\nname: Contractor {number}\n")
    spec = write("s.brief.yaml", MINIMAL_SPEC + "contractor: c007\n")
    listed: list[Path] = []
    monkeypatch.setattr(Path, "iterdir", lambda folder: listed.append(folder) or iter(()))
    read = _parsed_files(monkeypatch)
    assert validate_path(spec, lint=False) == []
    assert [name for name in read if name.endswith(".contractor.yaml")] == ["c007.contractor.yaml"]
    assert listed == []
