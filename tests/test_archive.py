"""Publishing, version discipline and diffs: the archive is a record that is never rewritten."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs import SpecError, load_spec, render_brief
from outsource_briefs import archive as archive_module
from outsource_briefs.archive import (
    Archive,
    diff_published,
    diff_specs,
    propose_version,
)
from outsource_briefs.checks import check_versions
from outsource_briefs.errors import ArchiveError, VersionNotFoundError

CHANGELOG_110 = "changelog:\n  - version: 1.1.0\n    date: 2026-12-02\n    changes: [Added a favicon]\n"


@pytest.fixture
def spec_file(write) -> Path:
    return write("logo.brief.yaml")


def publish(path: Path, archive: Path) -> bool:
    spec = load_spec(path)
    return Archive(archive).publish(spec, render_brief(spec).markdown).created


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


def test_publish_writes_brief_and_resolved_spec(spec_file, tmp_path) -> None:
    assert publish(spec_file, tmp_path / "archive")
    folder = tmp_path / "archive" / "logo-refresh"
    assert sorted(p.name for p in folder.iterdir()) == ["1.0.0.json", "1.0.0.md"]
    assert json.loads((folder / "1.0.0.json").read_text()) == load_spec(spec_file).data
    assert (folder / "1.0.0.md").read_text() == render_brief(load_spec(spec_file)).markdown


def test_publish_again_is_a_no_op(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    before = snapshot(archive)
    assert not publish(spec_file, archive)
    assert snapshot(archive) == before


def test_changed_content_same_version_is_refused(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    before = snapshot(archive)
    edit(spec_file, "amount: 300", "amount: 350")
    with pytest.raises(ArchiveError) as raised:
        publish(spec_file, archive)
    problem = raised.value.problems[0]
    assert (problem.code, problem.line, problem.pointer) == ("V001", 3, "/version")
    assert "budget.amount" in problem.message
    assert "bump to 2.0.0 (major: budget changed)" in problem.hint
    assert snapshot(archive) == before


def test_check_passes_for_unchanged_and_first_versions(spec_file, tmp_path) -> None:
    archive = Archive(tmp_path / "archive")
    assert archive.check(load_spec(spec_file)) == []
    publish(spec_file, archive.root)
    assert archive.check(load_spec(spec_file)) == []


def test_version_going_backwards(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    edit(spec_file, "version: 1.0.0", "version: 1.1.0")
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110 + "objective: A clearer shop sign.\n")
    publish(spec_file, archive)
    edit(spec_file, "version: 1.1.0", "version: 1.0.5")
    problems = Archive(archive).check(load_spec(spec_file))
    assert [(p.code, p.line) for p in problems] == [("V002", 3), ("V003", 21)]
    assert "lower than 1.1.0" in problems[0].message


def test_bump_without_changelog_entry(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    edit(spec_file, "version: 1.0.0", "version: 1.0.1")
    edit(spec_file, "Refresh the shop logo", "Refresh the logo of the shop")
    problems = Archive(archive).check(load_spec(spec_file))
    assert [(p.code, p.pointer) for p in problems] == [("V003", "/version")]
    spec_file.write_text(
        spec_file.read_text() + "changelog:\n  - {version: 1.0.1, date: 2026-12-02, changes: [Reworded]}\n"
    )
    assert Archive(archive).check(load_spec(spec_file)) == []


def test_proposed_versions() -> None:
    old = {
        "title": "A",
        "scope": {"in": ["x"]},
        "budget": {"amount": 1},
        "timeline": {"due": "d", "start": "s"},
    }
    assert propose_version("1.2.3", diff_specs(old, {**old, "title": "B"})) == (
        "1.2.4",
        "patch: wording changed",
    )
    assert propose_version("1.2.3", diff_specs(old, {**old, "scope": {"in": ["x", "y"]}}))[0] == "1.3.0"
    assert propose_version("1.2.3", diff_specs(old, {**old, "budget": {"amount": 2}})) == (
        "2.0.0",
        "major: budget changed",
    )
    later = {**old, "timeline": {"due": "e", "start": "s"}}
    assert propose_version("1.2.3", diff_specs(old, later)) == ("2.0.0", "major: timeline.due changed")
    assert (
        propose_version("1.2.3", diff_specs(old, {**old, "timeline": {"due": "d", "start": "t"}}))[0]
        == "1.2.4"
    )


def test_diff_specs_lists_pointers() -> None:
    old = {"version": "1", "a": 1, "b": [1, 2], "c": {"d": "x"}}
    new = {"version": "2", "a": 2, "b": [1], "c": {"d": "x", "e": "y"}}
    assert [(c.pointer, c.kind, c.old, c.new) for c in diff_specs(old, new)] == [
        ("/a", "changed", 1, 2),
        ("/b/1", "removed", 2, None),
        ("/c/e", "added", None, "y"),
    ]


def test_symlink_planted_at_archive_path_is_refused(spec_file, tmp_path) -> None:
    target = tmp_path / "victim.txt"
    target.write_text("do not touch\n")
    folder = tmp_path / "archive" / "logo-refresh"
    folder.mkdir(parents=True)
    os.symlink(target, folder / "1.0.0.md")
    with pytest.raises(ArchiveError) as raised:
        publish(spec_file, tmp_path / "archive")
    assert raised.value.problems[0].code == "V004"
    assert target.read_text() == "do not touch\n"
    assert (folder / "1.0.0.md").is_symlink()


def test_symlinked_id_folder_is_refused(spec_file, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "archive").mkdir()
    os.symlink(elsewhere, tmp_path / "archive" / "logo-refresh")
    with pytest.raises(ArchiveError):
        publish(spec_file, tmp_path / "archive")
    assert list(elsewhere.iterdir()) == []


def test_interrupted_write_leaves_no_file(spec_file, tmp_path, monkeypatch) -> None:
    def power_cut(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(KeyboardInterrupt):
        publish(spec_file, tmp_path / "archive")
    assert [p for p in (tmp_path / "archive").rglob("*") if p.is_file()] == []


def _publish_in_process(args: tuple[str, str]) -> bool:
    return publish(Path(args[0]), Path(args[1]))


def test_concurrent_publishes_leave_exactly_one_correct_file(spec_file, tmp_path) -> None:
    expected = render_brief(load_spec(spec_file)).markdown
    for attempt in range(5):
        archive = tmp_path / f"archive-{attempt}"
        context = multiprocessing.get_context("spawn")
        with context.Pool(4) as pool:
            created = pool.map(_publish_in_process, [(str(spec_file), str(archive))] * 4)
        assert created.count(True) == 1
        files = sorted(p.name for p in (archive / "logo-refresh").iterdir())
        assert files == ["1.0.0.json", "1.0.0.md"]
        assert (archive / "logo-refresh" / "1.0.0.md").read_text() == expected


def test_publish_refuses_an_invalid_spec(write, tmp_path, cli) -> None:
    path = write("bad.brief.yaml", MINIMAL_SPEC.replace("currency: EUR", "currency: euros"))
    code, _, err = cli("publish", path, "--archive", tmp_path / "archive")
    assert code == 1
    assert "S007" in err
    assert not (tmp_path / "archive").exists()
    with pytest.raises(SpecError):
        render_brief(load_spec(path))


def test_archive_comes_from_the_config(write, tmp_path, cli) -> None:
    write("outsource-briefs.yaml", "archive: records/briefs\n")
    code, out, _ = cli("publish", write("logo.brief.yaml"))
    assert code == 0
    assert (tmp_path / "records/briefs/logo-refresh/1.0.0.md").is_file()
    assert "published logo-refresh 1.0.0" in out


def test_default_archive_is_beside_the_config(write, tmp_path, cli) -> None:
    write("outsource-briefs.yaml", "{}\n")
    assert cli("publish", write("briefs/logo.brief.yaml"))[0] == 0
    assert (tmp_path / "briefs-archive/logo-refresh/1.0.0.json").is_file()


def test_check_command(spec_file, tmp_path, cli) -> None:
    archive = tmp_path / "archive"
    assert cli("publish", spec_file, "--archive", archive)[0] == 0
    assert cli("check", "--archive", archive, spec_file)[0] == 0
    edit(spec_file, "legible at 32 by 32 pixels", "legible at 16 by 16 pixels")
    code, out, _ = cli("check", "--archive", archive, "--format", "json", tmp_path)
    assert code == 1
    [problem] = json.loads(out)
    assert problem["code"] == "V001"
    assert "acceptance_criteria[0]" in problem["message"]
    assert "bump to 1.0.1 (patch: wording changed)" in problem["hint"]


def test_diff_between_published_versions(spec_file, tmp_path, cli) -> None:
    archive = tmp_path / "archive"
    cli("publish", spec_file, "--archive", archive)
    edit(spec_file, "version: 1.0.0", "version: 1.1.0")
    edit(spec_file, "amount: 300", "amount: 320")
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110)
    assert cli("publish", spec_file, "--archive", archive)[0] == 0
    code, out, _ = cli("diff", spec_file, "--from", "1.0.0", "--to", "1.1.0", "--archive", archive)
    assert code == 0
    assert "  changed  budget.amount: 300 -> 320" in out
    assert "-- **Budget:** 300 EUR, fixed price\n+- **Budget:** 320 EUR, fixed price" in out
    assert "+## What changed in version 1.1.0" in out
    assert '-version: "1.0.0"\n+version: "1.1.0"\n' in out  # the provenance, at the end
    code, out, _ = cli("diff", spec_file, "--from", "1.0.0", "--format", "json", "--archive", archive)
    document = json.loads(out)
    assert [c["pointer"] for c in document["changes"]] == ["/budget/amount"]
    assert document["to"] == "1.1.0 (working copy)"
    folder = archive / "logo-refresh"
    code, out, _ = cli("diff", folder / "1.0.0.md", folder / "1.1.0.md")
    assert "  changed  budget.amount: 300 -> 320" in out
    assert f"--- {folder / '1.0.0.md'}" in out


def test_diff_api_names_versions_and_fields(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    edit(spec_file, "version: 1.0.0", "version: 1.1.0")
    edit(spec_file, "amount: 300", "amount: 320")
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110)
    working = load_spec(spec_file)
    diff = Archive(archive).diff_working(working, render_brief(working).markdown, "1.0.0")
    assert (diff.spec_id, diff.from_name, diff.to_name) == ("logo-refresh", "1.0.0", "1.1.0 (working copy)")
    assert [(c.pointer, c.old, c.new) for c in diff.changes or []] == [("/budget/amount", 300, 320)]
    assert diff.brief_diff.startswith("--- logo-refresh/1.0.0.md\n+++ logo-refresh/1.1.0 (working copy)\n")
    publish(spec_file, archive)
    published = Archive(archive).diff("logo-refresh", "1.0.0", "1.1.0")
    assert published.changes == diff.changes
    assert (published.to_name, published.to_dict()["to"]) == ("1.1.0", "1.1.0")
    assert "+++ logo-refresh/1.1.0.md\n" in published.brief_diff


def test_diff_of_briefs_without_their_records(tmp_path) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Brief\n\nDue Friday.\n")
    new.write_text("# Brief\n\nDue Monday.\n")
    diff = diff_published(old, new)
    assert diff.changes is None
    assert "-Due Friday.\n+Due Monday.\n" in diff.brief_diff
    assert "id" not in diff.to_dict()
    assert diff.to_dict()["changes"] is None
    new.write_bytes(b"\xff\xfe not text")
    with pytest.raises(ArchiveError) as raised:
        diff_published(old, new)
    assert raised.value.problems[0].code == "V005"


def test_diff_of_an_unpublished_version(spec_file, tmp_path, cli) -> None:
    code, _, err = cli("diff", spec_file, "--from", "0.9.0", "--archive", tmp_path / "archive")
    assert code == 1
    assert "V006 version 0.9.0 of 'logo-refresh' is not in the archive" in err


def test_a_missing_version_is_its_own_error(spec_file, tmp_path) -> None:
    archive = Archive(tmp_path / "archive")
    publish(spec_file, tmp_path / "archive")
    for version in ("0.9.0", "not-a-version"):
        with pytest.raises(VersionNotFoundError) as raised:
            archive.read_spec("logo-refresh", version)
        assert raised.value.problems[0].code == "V006"
    (tmp_path / "archive" / "logo-refresh" / "1.0.0.json").write_text("[1]\n")
    with pytest.raises(ArchiveError) as unreadable:
        archive.read_spec("logo-refresh", "1.0.0")
    assert not isinstance(unreadable.value, VersionNotFoundError)


def test_what_changed_section_for_later_versions(spec_file) -> None:
    assert "What changed" not in render_brief(load_spec(spec_file)).markdown
    edit(spec_file, "version: 1.0.0", "version: 1.1.0")
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110)
    text = render_brief(load_spec(spec_file)).markdown
    assert "## What changed in version 1.1.0 (Wednesday 2 December 2026)\n\n- Added a favicon\n" in text
    assert text.index("What changed") < text.index("## Deliverables")


def test_changelog_only_change_of_a_published_version(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110.replace("1.1.0", "1.0.0"))
    publish(spec_file, archive)
    edit(spec_file, "Added a favicon", "Added a favicon and a banner")
    problems = Archive(archive).check(load_spec(spec_file))
    assert [(p.code, p.pointer) for p in problems] == [("V001", "/changelog")]
    with pytest.raises(ArchiveError):
        publish(spec_file, archive)


def test_going_back_to_an_older_published_version(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    original = spec_file.read_text()
    publish(spec_file, archive)
    edit(spec_file, "version: 1.0.0", "version: 1.1.0")
    spec_file.write_text(spec_file.read_text() + CHANGELOG_110)
    publish(spec_file, archive)
    spec_file.write_text(original)
    assert [p.code for p in Archive(archive).check(load_spec(spec_file))] == ["V002"]


def test_two_file_diff_takes_published_briefs_only(spec_file, tmp_path, cli) -> None:
    code, _, err = cli("diff", spec_file, spec_file)
    assert code == 2
    assert "OLD.md NEW.md" in err
    code, _, err = cli("diff", tmp_path / "a.md", tmp_path / "b.md", "--from", "1.0.0")
    assert code == 2
    assert "without --from or --to" in err


def test_unpublished_version_is_reported_at_the_archive_folder(spec_file, tmp_path, cli) -> None:
    code, _, err = cli("diff", spec_file, "--from", "9.9.9", "--archive", tmp_path / "archive")
    assert code == 1
    assert err.startswith(f"{tmp_path / 'archive' / 'logo-refresh'}:1:1: V006")


def test_check_versions_reports_a_malformed_version_instead_of_comparing(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    edit(spec_file, "amount: 300", "amount: 350")
    assert [p.code for p in check_versions(spec_file, archive=archive)] == ["V001"]
    edit(spec_file, "version: 1.0.0", "version: one")
    [problem] = check_versions(spec_file, archive=archive)
    assert (problem.code, problem.pointer, problem.line) == ("S007", "/version", 3)


def test_check_versions_returns_loading_problems(write, tmp_path) -> None:
    [problem] = check_versions(write("broken.brief.yaml", "id: [unclosed\n"), archive=tmp_path)
    assert problem.code.startswith("Y")


def test_check_and_publish_agree_on_number_types(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    edit(spec_file, "amount: 300", "amount: 300.0")
    [problem] = check_versions(spec_file, archive=archive)
    assert problem.code == "V001"
    assert "budget.amount" in problem.message
    with pytest.raises(ArchiveError):
        publish(spec_file, archive)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("failing", [".md", ".json"])
def test_a_failure_while_publishing_leaves_no_version_and_publishing_again_finishes(
    spec_file, tmp_path, monkeypatch, failure: BaseException, failing: str
) -> None:
    """The brief is written first and the record last: a failure writing either leaves
    nothing that check, diff or a review could take for a published version."""
    archive = tmp_path / "archive"
    written = archive_module.write_new

    def record_fails(path: Path, text: str) -> bool:
        if Path(path).suffix == failing:
            raise failure
        return written(path, text)

    with monkeypatch.context() as patch:
        patch.setattr(archive_module, "write_new", record_fails)
        with pytest.raises(type(failure)):
            publish(spec_file, archive)
    assert [p for p in archive.rglob("*") if p.is_file()] == []
    assert check_versions(spec_file, archive=archive) == []
    assert publish(spec_file, archive)
    assert sorted(p.name for p in (archive / "logo-refresh").iterdir()) == ["1.0.0.json", "1.0.0.md"]


def test_a_brief_left_without_its_record_is_reported_and_finished(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    folder = archive / "logo-refresh"
    (folder / "1.0.0.json").unlink()
    problems = check_versions(spec_file, archive=archive)
    assert [(p.code, Path(p.file).name) for p in problems] == [("V007", "1.0.0.md")]
    assert problems[0].message == (
        "version 1.0.0 of 'logo-refresh' is there only in part: its record is missing "
        "(a publish was interrupted)"
    )
    assert publish(spec_file, archive)
    assert check_versions(spec_file, archive=archive) == []


def test_a_record_left_without_its_brief_is_reported_and_finished(spec_file, tmp_path) -> None:
    archive = tmp_path / "archive"
    publish(spec_file, archive)
    folder = archive / "logo-refresh"
    brief = (folder / "1.0.0.md").read_text()
    (folder / "1.0.0.md").unlink()
    problems = check_versions(spec_file, archive=archive)
    assert [(p.code, Path(p.file).name) for p in problems] == [("V007", "1.0.0.json")]
    assert "its brief is missing" in problems[0].message
    assert not publish(spec_file, archive)
    assert (folder / "1.0.0.md").read_text() == brief
    assert check_versions(spec_file, archive=archive) == []


@pytest.mark.parametrize(
    "leftover",
    ["1.0.0.md", "0.9.0.md"],
    ids=["this-version-with-other-content", "another-version"],
)
def test_a_leftover_brief_stops_a_publish_and_is_left_as_it_is(spec_file, tmp_path, leftover: str) -> None:
    """A brief of other content is never taken for the new one, and another version there only
    in part is reported before anything is written."""
    folder = tmp_path / "archive" / "logo-refresh"
    folder.mkdir(parents=True)
    (folder / leftover).write_text("# An interrupted brief\n")
    with pytest.raises(ArchiveError) as raised:
        publish(spec_file, tmp_path / "archive")
    assert [(p.code, Path(p.file).name) for p in raised.value.problems] == [("V007", leftover)]
    assert sorted(p.name for p in folder.iterdir()) == [leftover]
    assert (folder / leftover).read_text() == "# An interrupted brief\n"
