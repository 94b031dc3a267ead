"""Finding and reading outsource-briefs.yaml."""

from __future__ import annotations

import subprocess

import pytest
from helpers import MINIMAL_SPEC

from outsource_briefs import ConfigError
from outsource_briefs.config import StreamSettings, StreamVerdictSettings, find_config
from outsource_briefs.repository import config_for, load_config


def test_nearest_config_above_a_file_wins(write, tmp_path) -> None:
    outer = write("outsource-briefs.yaml", "archive: records\n")
    inner = write("team-b/outsource-briefs.yaml", "archive: b-records\n")
    spec = write("team-b/briefs/a.brief.yaml")
    assert find_config(spec) == inner
    assert find_config(tmp_path / "elsewhere.brief.yaml") == outer
    assert config_for(spec).archive_dir == tmp_path / "team-b" / "b-records"


def test_without_a_config_the_folder_is_the_root(tmp_path) -> None:
    config = config_for(tmp_path / "a.brief.yaml")  # outside the current folder and any git work tree
    assert config.path is None
    assert config.root == tmp_path
    assert config.archive_dir == tmp_path / "briefs-archive"
    assert config.team_dir == tmp_path / "team"


def test_without_a_config_the_root_is_the_git_work_tree_else_the_current_folder(
    tmp_path, monkeypatch
) -> None:
    (tmp_path / "shop" / "reviews").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert config_for(tmp_path / "shop" / "reviews" / "a.review.yaml").root == tmp_path
    (tmp_path / "shop" / ".git").write_text("gitdir: elsewhere\n")  # a linked work tree's marker
    assert config_for(tmp_path / "shop" / "reviews" / "a.review.yaml").root == tmp_path / "shop"


ROSTER = "id: mei-tanaka\nname: Mei Tanaka\ntimezone: Asia/Tokyo\n"


def test_a_repository_without_a_config_has_one_root_for_every_command(
    write, tmp_path, monkeypatch, cli
) -> None:
    """publish, then review new and validate from a subfolder: one archive, one roster."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write("team/mei-tanaka.contractor.yaml", ROSTER)
    write("briefs/logo.brief.yaml", MINIMAL_SPEC + "contractor: mei-tanaka\n")
    (tmp_path / "reviews").mkdir()
    monkeypatch.chdir(tmp_path / "reviews")
    assert cli("validate", "../briefs/logo.brief.yaml", "--no-lint")[0] == 0  # the roster at the top
    code, out, _ = cli("publish", "../briefs/logo.brief.yaml")
    assert (code, out) == (0, "published logo-refresh 1.0.0 -> ../briefs-archive/logo-refresh/1.0.0.md\n")
    assert cli("review", "new", "../briefs/logo.brief.yaml", "-o", "logo.review.yaml")[0] == 0
    skeleton = (tmp_path / "reviews" / "logo.review.yaml").read_text()
    filled = (
        skeleton.replace("\nsubmitted:\n", "\nsubmitted: 2027-01-14T10:00:00+09:00\n")
        .replace("\nreviewed:\n", "\nreviewed: 2027-01-15T10:00:00+00:00\n")
        .replace("\n    met:\n", "\n    met: true\n")
        .replace("\ndecision:\n", "\ndecision: accept\n")
    )
    (tmp_path / "reviews" / "logo.review.yaml").write_text(filled)
    code, out, err = cli("validate", "logo.review.yaml")
    assert (code, out, err) == (0, "", "1 file OK\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".git",
        "briefs",
        "briefs-archive",
        "reviews",
        "team",
    ]


def test_every_setting_is_read(write, tmp_path) -> None:
    write("templates/kinds/.keep", "")
    write("schemas/kinds/.keep", "")
    path = write(
        "outsource-briefs.yaml",
        "templates: [templates]\nschemas: [schemas]\narchive: records\nteam: people\n"
        "schema_url: https://example.com/brief.schema.json\n"
        "lint: {disable: [L010], warn_words: [synergy], allow_words: [fast]}\n"
        "report: {verdict: {min_deliveries: 5, change_mean_score_below: 70}, currency: EUR,\n"
        "  exchange_rates: {PLN: 0.23}, owner_hour_rate: 45, stream_verdict: {min_measured: 3}}\n"
        "streams:\n  newsletter: {title: Newsletter, review_every: P3M, main_kpi: orders,\n"
        "    value_per_unit: 4}\n",
    )
    config = load_config(path)
    assert config.templates == (tmp_path / "templates",)
    assert config.schemas == (tmp_path / "schemas",)
    assert (config.archive_dir, config.team_dir) == (tmp_path / "records", tmp_path / "people")
    assert config.schema_url == "https://example.com/brief.schema.json"
    assert config.lint.disable == frozenset({"L010"})
    assert (config.lint.warn_words, config.lint.allow_words) == (("synergy",), ("fast",))
    report = config.report
    assert (report.verdict.min_deliveries, report.verdict.change_mean_score_below) == (5, 70)
    assert (report.currency, report.exchange_rates, report.owner_hour_rate) == ("EUR", {"PLN": 0.23}, 45.0)
    assert report.stream_verdict == StreamVerdictSettings(min_measured=3)
    assert config.streams == {
        "newsletter": StreamSettings("Newsletter", review_every="P3M", main_kpi="orders", value_per_unit=4.0)
    }


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ("report: {owner_hour_rate: 45}", "S010"),
        ("report: {exchange_rates: {pln: 0.2}, currency: EUR}", "S007"),
        ("streams: {news: {title: News, review_every: 3 months}}", "S007"),
        ("streams: {news: {title: News, review_every: P}}", "S008"),
        ("streams: {News Letter: {title: News}}", "S007"),
        ("streams: {news: {goal: Sell}}", "S002"),
    ],
)
def test_report_and_stream_settings_are_checked(write, report: str, expected: str) -> None:
    path = write("outsource-briefs.yaml", report + "\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert [problem.code for problem in raised.value.problems] == [expected]


def test_an_edited_config_is_read_again(write) -> None:
    path = write("outsource-briefs.yaml", "archive: one\n")
    assert load_config(path).archive_dir.name == "one"
    path.write_text("archive: second\n")
    assert load_config(path).archive_dir.name == "second"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("archive: [a]\n", "S003"),
        ("templates: [../elsewhere]\n", "R013"),
        ("templates: [missing]\n", "R014"),
        ("schemas: [/no/such/folder]\n", "R013"),
        ("lint: {disable: [L999]}\n", "S006"),
        ("a: 1\na: 2\n", "Y008"),
    ],
)
def test_invalid_configs(write, text: str, code: str) -> None:
    write("elsewhere/.keep", "")
    with pytest.raises(ConfigError) as raised:
        load_config(write("repo/outsource-briefs.yaml", text))
    assert [p.code for p in raised.value.problems] == [code]
