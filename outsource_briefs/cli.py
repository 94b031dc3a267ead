"""The command line: argv -> API call -> reporter -> exit code; nothing else."""

from __future__ import annotations

import argparse
import difflib
import gc
import io
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from . import resources
from .checks import check_paths, file_warnings, load_checked_specs, validate_paths
from .config import Config
from .criteria import checklist, spec_criteria
from .errors import BriefError, ConfigError, Problem, SpecError, sorted_problems
from .fileio import write_atomic, write_new
from .files import kind_of
from .reporters import (
    CHECKLIST_FORMATS,
    DIFF_FORMATS,
    FORMATTERS,
    format_checklist,
    format_diff,
    format_text,
    json_text,
    printable,
    summary,
)
from .repository import config_for, load_spec
from .schema_check import bundle_schema, known_kinds
from .spec import Spec, canonical_json
from .validate import validate_spec
from .values import is_slug, moment_or_none
from .version import __version__

if TYPE_CHECKING:
    from .archive import Archive, VersionDiff
    from .derive import Shift

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: `schema NAME` for the files around the specs.
FILE_SCHEMAS = {
    "review": "review.schema.json",
    "results": "results.schema.json",
    "contractor": "contractor.schema.json",
    "config": "config.schema.json",
}
#: Stopped with Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
_UNUSED_FORMAT_CHECKERS = (
    "rfc3987_syntax",
    "rfc3987",
    "isoduration",
    "webcolors",
    "uri_template",
    "fqdn",
    "idna",
)
DEFAULT_SCHEMA_FILE = "outsource-briefs.schema.json"


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""


def entry() -> None:
    """The ``outsource-briefs`` program (and ``python -m outsource_briefs``)."""
    # jsonschema imports, when they are installed, the checkers of formats that specs never use
    # ("iri", "duration", "color", "uri-template", "hostname", "idn-hostname"); rfc3987-syntax builds a
    # grammar for 0.7 s on every start. This process is the program's own, so it does without.
    for unused in _UNUSED_FORMAT_CHECKERS:
        sys.modules.setdefault(unused, None)  # type: ignore[arg-type]
    code = main()
    # The process ends here, and Python's last act would be a search for reference cycles among
    # everything it has loaded: a tenth of a one-file run. The memory goes back to the system
    # anyway; the output is written and the files are closed by then.
    gc.freeze()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``outsource-briefs`` command and return its exit code."""
    # A file name that is not valid text must not stop the report of the problems in it.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except ConfigError as error:
        _print_error(error)
        return EXIT_USAGE
    except BriefError as error:
        _print_error(error)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"outsource-briefs: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"outsource-briefs: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Every write is all or nothing (a version is published whole or not at all).
        print("outsource-briefs: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _print_error(error: BriefError) -> None:
    sys.stderr.write(format_text(sorted_problems(error.problems)))
    if not any(problem.message in error.message for problem in error.problems):
        print(f"outsource-briefs: {printable(error.message)}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outsource-briefs",
        description="Write task briefs once as YAML, check them, and render complete, versioned "
        "Markdown briefs for contractors.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="show the version and exit"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    _add_brief_commands(commands)
    _add_version_commands(commands)
    _add_review_commands(commands)
    _add_team_command(commands)
    _add_schema_commands(commands)
    return parser


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_brief_commands(commands: Commands) -> None:
    validate = commands.add_parser("validate", help="check specs; report every problem with its location")
    _add_format(validate)
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.add_argument("--no-lint", dest="lint", action="store_false", help="skip the clarity lint")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="spec files, or folders to search")
    validate.set_defaults(command=_validate)

    render = commands.add_parser("render", help="render specs into Markdown or HTML briefs")
    render.add_argument("specs", nargs="+", metavar="SPEC", help="spec files, or folders of them")
    render.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="write here instead of to standard output: a file for one brief, a folder (ID.md for "
        "each brief) for several; never a YAML file",
    )
    render.add_argument(
        "--to",
        choices=("markdown", "html", "prompt"),
        default="markdown",
        help="output format (default: markdown); prompt: the task for an AI agent, ending with a JSON "
        "report to fill in",
    )
    render.add_argument(
        "--templates", action="append", default=[], metavar="DIR", help="a template folder searched first"
    )
    render.set_defaults(command=_render)

    criteria = commands.add_parser(
        "criteria", help="list a spec's acceptance criteria with their ids, for scripts and checks"
    )
    criteria.add_argument("spec", metavar="SPEC", help="the spec file")
    criteria.add_argument(
        "--format",
        choices=CHECKLIST_FORMATS,
        default="text",
        help="text (default), or json: the checklist as data, described by schemas/criteria.schema.json",
    )
    criteria.add_argument("-o", "--output", metavar="FILE", help="write here instead of to standard output")
    criteria.set_defaults(command=_criteria)


def _add_version_commands(commands: Commands) -> None:
    publish = commands.add_parser("publish", help="add briefs to the archive as immutable versions")
    publish.add_argument(
        "specs",
        nargs="+",
        metavar="SPEC",
        help="spec files, or folders of them; all are checked first and none is published if one has errors",
    )
    _add_archive(publish)
    publish.set_defaults(command=_publish)

    check = commands.add_parser(
        "check", help="check that changed specs got a new version and a changelog entry"
    )
    _add_format(check)
    _add_archive(check)
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="default: the current folder")
    check.set_defaults(command=_check)

    diff = commands.add_parser("diff", help="show what changed between two versions of a brief")
    diff.add_argument(
        "paths", nargs="+", metavar="SPEC", help="a spec, or two published briefs OLD.md NEW.md"
    )
    diff.add_argument("--from", dest="old", metavar="VERSION", help="the published version to compare from")
    diff.add_argument("--to", dest="new", metavar="VERSION", help="default: the working spec")
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")
    _add_archive(diff)
    diff.set_defaults(command=_diff)


def _add_review_commands(commands: Commands) -> None:
    review = commands.add_parser("review", help="work with reviews of submitted work")
    review_commands = review.add_subparsers(title="review commands", required=True, metavar="COMMAND")
    review_new = review_commands.add_parser("new", help="write a review skeleton for a published brief")
    _add_published_version(review_new)
    review_new.add_argument("--round", dest="round_", type=_round, default=1, metavar="N", help="default: 1")
    review_new.add_argument(
        "--period",
        type=_period,
        metavar="FROM/TO",
        help="recurring work: the period reviewed, such as 2026-11-02/2026-11-08",
    )
    review_new.add_argument(
        "--from-check",
        metavar="FILE",
        help="fill in met and the notes from a check report: JSON [{id, met, evidence}], as an AI "
        "agent's prompt asks for",
    )
    review_new.set_defaults(command=_review_new)

    next_ = commands.add_parser("next", help="write the next instance of a brief: new id, every date moved")
    next_.add_argument("spec", metavar="SPEC", help="the spec of the brief to follow")
    moves = next_.add_mutually_exclusive_group(required=True)
    moves.add_argument(
        "--due", type=_moment, metavar="DATE-TIME", help="the new deadline; every date moves as much"
    )
    moves.add_argument("--shift", type=_shift, metavar="DURATION", help="move every date by P1M, P2W, P7D…")
    next_.add_argument(
        "--id", dest="spec_id", type=_slug, metavar="ID", help="default: the old id with the new month"
    )
    next_.add_argument("--contractor", type=_slug, metavar="ROSTER-ID", help="default: the same contractor")
    next_.add_argument("-o", "--output", metavar="FILE", help="write here (never overwrites)")
    next_.set_defaults(command=_next)

    results = commands.add_parser("results", help="record what was measured for a brief's KPIs")
    results_commands = results.add_subparsers(title="results commands", required=True, metavar="COMMAND")
    results_new = results_commands.add_parser("new", help="write a results skeleton for a published brief")
    _add_published_version(results_new)
    results_new.set_defaults(command=_results_new)

    feedback = commands.add_parser("feedback", help="write constructive feedback for the contractor")
    feedback.add_argument("review", metavar="REVIEW", help="the review file (NAME.review.yaml)")
    feedback.add_argument("-o", "--output", metavar="FILE", help="write here instead of to standard output")
    feedback.set_defaults(command=_feedback)

    report = commands.add_parser(
        "report", help="does delegating pay off? a verdict per stream of work and per contractor"
    )
    report.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="reviews and results, or folders of them"
    )
    report.add_argument("--since", type=_date, metavar="DATE", help="only work submitted on or after DATE")
    report.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format (default: markdown)"
    )
    report.add_argument("-o", "--output", metavar="FILE", help="write here instead of to standard output")
    report.set_defaults(command=_report_command)


def _add_published_version(parser: argparse.ArgumentParser) -> None:
    """SPEC, the published version it names, where to write and which archive to read."""
    parser.add_argument("spec", metavar="SPEC", help="the spec of the published brief")
    parser.add_argument("--version", dest="brief_version", metavar="V", help="default: the newest published")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (never overwrites)")
    _add_archive(parser)


def _add_team_command(commands: Commands) -> None:
    team = commands.add_parser(
        "team", help="the team board: who did which kind of work how well, and who is idle"
    )
    team.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="reviews, or folders of them")
    team.add_argument("--kind", metavar="KIND", help="rank the people for this kind of work")
    team.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format (default: markdown)"
    )
    team.add_argument("-o", "--output", metavar="FILE", help="write here instead of to standard output")
    team.set_defaults(command=_team_command)


def _add_schema_commands(commands: Commands) -> None:
    new = commands.add_parser(
        "new",
        help="write a commented skeleton spec for a kind, or `new contractor` for a roster file",
        add_help=False,
    )
    new.add_argument("-h", "--help", action=_HelpWithKinds, help="show this help, with the kinds, and exit")
    new.add_argument("kind", metavar="KIND", help="the kind of work (listed below), or contractor")
    new.add_argument(
        "--id", dest="spec_id", type=_slug, metavar="ID", help="the new brief's (or person's) id"
    )
    new.add_argument("-o", "--output", metavar="FILE", help="write here (never overwrites)")
    new.set_defaults(command=_new)

    kinds = commands.add_parser("kinds", help="list the kinds of work, packaged and your own")
    kinds.set_defaults(command=_kinds)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema for specs (of one kind), or for review, results, contractor files",
    )
    schema.add_argument("kind", nargs="?", metavar="KIND", help="a kind, or " + ", ".join(FILE_SCHEMAS))
    schema.add_argument("-o", "--output", metavar="FILE", help="write here instead of to standard output")
    schema.set_defaults(command=_schema)


class _HelpWithKinds(argparse.Action):
    """``new --help``: the usual help, then every kind the current repository knows."""

    def __init__(self, option_strings: Sequence[str], dest: str, **options: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **options)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        try:
            listed = _kind_lines(_cwd_config())
        except ConfigError:
            listed = _kind_lines(Config(root=Path.cwd()))
        sys.stdout.write(parser.format_help() + "\nkinds:\n" + "".join(f"  {line}\n" for line in listed))
        parser.exit()


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=tuple(FORMATTERS), default="text", help="output format (default: text)"
    )


def _add_archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive", metavar="DIR", help="the archive folder (default: from outsource-briefs.yaml)"
    )


def _archive_for(spec: Spec, override: str | None) -> Archive:
    from .archive import Archive  # noqa: PLC0415 - the archive loads only for the commands that use it

    return Archive(override) if override else Archive(spec.config.archive_dir)


def _validate(args: argparse.Namespace) -> int:
    _require_paths(args.paths)
    files, problems = validate_paths(args.paths, lint=args.lint)
    return _report(problems, files, args.paths, args.format, args.strict)


def _report(
    problems: list[Problem], files: list[Path], paths: list[str], output_format: str, strict: bool
) -> int:
    if not files and not problems:
        raise UsageError(f"no files to check in {', '.join(paths)}")
    problems = sorted_problems(problems)
    sys.stdout.write(FORMATTERS[output_format](problems))
    if output_format == "text":
        print(summary(problems, len(files)), file=sys.stderr)
    failed = any(problem.is_error or strict for problem in problems)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    from .render import render_brief  # noqa: PLC0415 - Jinja2 loads only for the commands that render

    nothing = "nothing was published: fix the problems above, then publish again"
    specs = _checked_specs(args.specs, nothing)
    archives = [_archive_for(spec, args.archive) for spec in specs]
    refused = [
        problem
        for spec, archive in zip(specs, archives, strict=True)
        for problem in archive.publish_problems(spec)
    ]
    if refused:
        raise SpecError(nothing, refused)
    # Every brief renders before any is published: a broken template stops them all too.
    briefs = [render_brief(spec, check=False) for spec in specs]
    for spec, archive, brief in zip(specs, archives, briefs, strict=True):
        result = archive.publish(spec, brief.markdown)
        state = "published" if result.created else "already published, unchanged:"
        print(printable(f"{state} {spec.id} {spec.version} -> {os.path.relpath(result.brief_path)}"))
    return EXIT_OK


def _checked_specs(paths: list[str], nothing_done: str) -> list[Spec]:
    """The specs that ``paths`` name, when none has an error.

    :raises SpecError: with every problem of every spec, and ``nothing_done`` as its message.
    """
    _require_paths(paths)
    specs, problems, files = load_checked_specs(paths)
    if not files:
        raise UsageError(f"no specs (*.brief.yaml) in {', '.join(paths)}")
    if problems:
        raise SpecError(nothing_done, problems)
    return specs


def _require_paths(paths: list[str]) -> None:
    """A path named on the command line must exist unless its name says it is one of our files
    (a missing spec is a located problem, Y001, like any file that cannot be read)."""
    for path in paths:
        if not os.path.lexists(path) and kind_of(path) is None:
            raise UsageError(f"{path} does not exist: name a spec file or a folder of specs")


def _check(args: argparse.Namespace) -> int:
    _require_paths(args.paths)
    files, problems = check_paths(args.paths, archive=args.archive)
    return _report(problems, files, args.paths, args.format, strict=False)


def _diff(args: argparse.Namespace) -> int:
    if len(args.paths) == 2:
        if args.old or args.new or not all(path.endswith(".md") for path in args.paths):
            raise UsageError(
                "two files to compare are published briefs OLD.md NEW.md, without --from or --to"
            )
        from .archive import diff_published  # noqa: PLC0415 - the archive loads only when used

        return _print_diff(args.format, diff_published(*map(Path, args.paths)))
    if len(args.paths) != 1 or not args.old:
        raise UsageError("diff needs SPEC --from VERSION [--to VERSION], or two files OLD.md NEW.md")
    spec = _load_spec(args.paths[0])
    archive = _archive_for(spec, args.archive)
    if args.new:
        return _print_diff(args.format, archive.diff(spec.id or "", args.old, args.new))
    from .render import render_brief  # noqa: PLC0415 - Jinja2 loads only for the commands that render

    return _print_diff(args.format, archive.diff_working(spec, render_brief(spec).markdown, args.old))


def _print_diff(output_format: str, diff: VersionDiff) -> int:
    sys.stdout.write(format_diff(diff, output_format))
    return EXIT_OK


def _review_new(args: argparse.Namespace) -> int:
    from .check_report import read_check_report  # noqa: PLC0415 - loads only for `review new`
    from .reviews import is_recurring, left_open  # noqa: PLC0415 - the team half loads only when used
    from .skeleton import review_skeleton  # noqa: PLC0415 - skeletons load only for the commands that write one

    brief, version = _published(args)
    if args.period is not None and not is_recurring(brief):
        raise UsageError(f"{brief['id']} is not recurring work: review it by --round, not --period")
    _warn_if_changed(args.spec, brief, version)
    checks = None
    if args.from_check:
        criteria = spec_criteria(brief)
        checks, problems = read_check_report(args.from_check, criteria)
        if problems:
            sys.stderr.write(format_text(sorted_problems(problems)))
            return EXIT_PROBLEMS
        print(
            printable(
                f"{len(checks)} of {len(criteria)} criteria filled in from {args.from_check}: confirm "
                "each, fill in the rest and decide"
            ),
            file=sys.stderr,
        )
    folder = Path(args.output).parent if args.output and args.output != "-" else Path.cwd()
    reference = f"{brief['id']}@{version}"
    try:
        text = review_skeleton(
            brief,
            version,
            round_=args.round_,
            period=args.period,
            left_open=left_open(folder, reference, args.round_ - 1, args.period) if args.round_ > 1 else (),
            checks=checks,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    _write_new(text, args.output)
    return EXIT_OK


def _warn_if_changed(spec_path: str, brief: dict[str, Any], version: str) -> None:
    """A review judges the published version: say so when the working spec says something else."""
    working = _load_spec(spec_path)
    if working.version != version:
        print(
            printable(
                f"outsource-briefs: warning: {spec_path} is version {working.version}; "
                f"this review is of version {version}, as published"
            ),
            file=sys.stderr,
        )
    elif canonical_json(working.data) != canonical_json(brief):
        print(
            printable(
                f"outsource-briefs: warning: {spec_path} has changed since {version} was published; this "
                "review is of the published version (publish the changes as a new version for the next round)"
            ),
            file=sys.stderr,
        )


def _next(args: argparse.Namespace) -> int:
    from .derive import next_brief  # noqa: PLC0415 - the team half loads only for the commands that use it

    shift = args.shift or _shift_to(args.spec, args.due)
    try:
        made = next_brief(
            args.spec, shift=shift, today=date.today(), spec_id=args.spec_id, contractor=args.contractor
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    output = args.output or str(Path(args.spec).with_name(f"{made.spec_id}.brief.yaml"))
    _write_new(made.text, output)
    if output != "-":
        print(printable(f"wrote {output}: {made.spec_id}, derived from {made.derived_from}"), file=sys.stderr)
    return EXIT_OK


def _shift_to(spec_path: str, due: datetime) -> Shift:
    """The shift that moves the spec's deadline to ``due`` (whole days)."""
    from .derive import Shift  # noqa: PLC0415 - the team half loads only for the commands that use it

    spec = _load_spec(spec_path)
    old = moment_or_none((spec.data.get("timeline") or {}).get("due"))
    if old is None:
        raise UsageError(f"{spec_path} has no valid timeline.due to move; use --shift instead")
    return Shift(days=(due.date() - old.date()).days)


def _results_new(args: argparse.Namespace) -> int:
    from .skeleton import results_skeleton  # noqa: PLC0415 - skeletons load only for the commands that write one

    brief, version = _published(args)
    try:
        text = results_skeleton(brief, version)
    except ValueError as error:
        raise UsageError(str(error)) from None
    _write_new(text, args.output)
    return EXIT_OK


def _published(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """The published brief version a ``review new`` or ``results new`` names, and its version."""
    spec = _load_spec(args.spec)
    archive = _archive_for(spec, args.archive)
    spec_id = spec.id or ""
    published = archive.versions(spec_id)
    if not published:
        raise UsageError(
            f"{spec_id} has no published version; run `outsource-briefs publish {args.spec}` first"
        )
    version = args.brief_version or published[-1]
    return archive.read_spec(spec_id, version), version


def _feedback(args: argparse.Namespace) -> int:
    from .feedback import render_feedback  # noqa: PLC0415 - Jinja2 loads only for the commands that render
    from .reviews import read_review  # noqa: PLC0415 - the team half loads only when used

    config = config_for(args.review)
    review, problems = read_review(args.review, config)
    if review is None:
        sys.stderr.write(format_text(sorted_problems(problems)))
        return EXIT_PROBLEMS
    # The contractor reads what the review says: a note cut short by a "#" is shown first.
    sys.stderr.write(format_text(sorted_problems(file_warnings(args.review, config))))
    _emit(render_feedback(review, templates=config.templates), args.output)
    return EXIT_OK


def _report_command(args: argparse.Namespace) -> int:
    from .team_files import newest_published, read_results_files, read_reviews  # noqa: PLC0415 - loaded when used

    _require_paths(args.paths)
    reviews, problems = read_reviews(args.paths)
    results, more = read_results_files(args.paths)
    problems = [problem for problem in (*problems, *more) if problem.is_error]  # validate shows warnings
    if problems:
        sys.stderr.write(format_text(sorted_problems(problems)))
        print(
            "outsource-briefs: fix the files above first; the report counts every review and result",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    # The settings of the repository the reviews belong to, wherever the command runs.
    from .delegation import delegation_report  # noqa: PLC0415 - the team half loads only when used

    config = config_for(reviews[0].path) if reviews else config_for(args.paths[0])
    report = delegation_report(
        reviews,
        results,
        since=args.since,
        settings=config.report,
        streams=config.streams,
        briefs=newest_published(reviews, results),
    )
    if args.format == "json":
        _emit(json_text(report.to_json()), args.output)
        return EXIT_OK
    from .report_markdown import render_report  # noqa: PLC0415 - Jinja2 loads only for the commands that render

    markdown = render_report(report, settings=config.report, since=args.since, templates=config.templates)
    _emit(markdown, args.output)
    return EXIT_OK


def _team_command(args: argparse.Namespace) -> int:
    from .team_files import published_briefs, read_reviews, read_roster  # noqa: PLC0415 - the team half loads only when used

    reviews, problems = read_reviews(args.paths)
    problems = [problem for problem in problems if problem.is_error]
    if problems:
        sys.stderr.write(format_text(sorted_problems(problems)))
        print("outsource-briefs: fix the reviews above first; the board counts every review", file=sys.stderr)
        return EXIT_PROBLEMS
    from .team import team_board  # noqa: PLC0415 - the team half loads only for the commands that use it

    config = config_for(args.paths[0])
    board = team_board(
        read_roster(config),
        reviews,
        published_briefs(config),
        today=date.today(),
        settings=config.report,
        kind=_known_kind(args.kind, config) if args.kind else None,
    )
    if args.format == "json":
        _emit(json_text(board.to_json()), args.output)
        return EXIT_OK
    from .report_markdown import render_team_board  # noqa: PLC0415 - Jinja2 loads only for the commands that render

    _emit(render_team_board(board, templates=config.templates), args.output)
    return EXIT_OK


def _round(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a round: 1, 2, 3…")
    return int(text)


def _slug(text: str) -> str:
    if not is_slug(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not an id: lowercase letters, digits and hyphens")
    return text


def _shift(text: str) -> Shift:
    from .derive import Shift  # noqa: PLC0415 - the team half loads only for the commands that use it

    try:
        return Shift.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _moment(text: str) -> datetime:
    moment = moment_or_none(text)
    if moment is None or moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date-time with its UTC offset, such as 2027-01-14T17:00:00+00:00"
        )
    return moment


def _period(text: str) -> tuple[date, date]:
    start, _, end = text.partition("/")
    try:
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a period: write FROM/TO as two dates, such as 2026-11-02/2026-11-08"
        ) from None


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-12-01") from None


def _render(args: argparse.Namespace) -> int:
    folder = _output_folder(args)
    specs = _checked_specs(args.specs, "nothing was rendered: fix the problems above, then render again")
    if folder is None and len(specs) > 1:
        raise UsageError(f"{len(specs)} briefs to render: name a folder for them with -o, such as -o briefs")
    texts = [_rendered(spec, args.to, args.templates) for spec in specs]
    if folder is None:
        _refuse_to_overwrite_input(args.output, specs)
        _emit(texts[0], args.output)
        return EXIT_OK
    suffix = {"markdown": ".md", "html": ".html", "prompt": ".prompt.md"}[args.to]
    folder.mkdir(parents=True, exist_ok=True)
    for spec, text in zip(specs, texts, strict=True):
        target = folder / f"{spec.id}{suffix}"
        write_atomic(target, text)
        print(f"rendered {spec.id} {spec.version} -> {os.path.relpath(target)}")
    return EXIT_OK


def _rendered(spec: Spec, to: str, templates: list[str]) -> str:
    """One checked spec as the ``render --to`` format asks."""
    from .prompt import render_prompt  # noqa: PLC0415 - Jinja2 loads only for the commands that render
    from .render import render_brief  # noqa: PLC0415

    if to == "prompt":
        return render_prompt(spec, templates=templates, check=False)
    brief = render_brief(spec, templates=templates, check=False)
    return brief.to_html() if to == "html" else brief.markdown


def _output_folder(args: argparse.Namespace) -> Path | None:
    """The folder ``render -o`` writes into: an existing folder, a name ending in ``/``, or any
    name when several specs or a folder of specs are rendered; else ``None`` (one file)."""
    output = args.output
    if output is None or output == "-":
        return None
    several = len(args.specs) > 1 or any(os.path.isdir(path) for path in args.specs)
    if several or os.path.isdir(output) or output.endswith(("/", os.sep)):
        return Path(output)
    return None


def _refuse_to_overwrite_input(output: str | None, specs: list[Spec]) -> None:
    if output is None or output == "-":
        return
    if output.endswith((".yaml", ".yml")):
        raise UsageError(
            f"-o {output} would write the brief over a YAML file; name a Markdown file, such as "
            f"-o {Path(output).name.split('.')[0]}.md"
        )
    target = Path(output)
    for spec in specs:
        if target.exists() and target.resolve() == spec.path.resolve():
            raise UsageError(f"-o {output} is the spec itself; name another file for the brief")


def _criteria(args: argparse.Namespace) -> int:
    spec = _load_spec(args.spec)
    errors = [problem for problem in validate_spec(spec, lint=False) if problem.is_error]
    if errors:
        raise SpecError(f"{spec.name}: the spec has errors; fix them first", errors)
    _emit(format_checklist(checklist(spec.data, spec.config.schemas), args.format), args.output)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .skeleton import contractor_skeleton, spec_skeleton  # noqa: PLC0415 - skeletons load only for the commands that write one

    if args.kind == "contractor":
        _write_new(contractor_skeleton(args.spec_id), args.output)
        return EXIT_OK
    output = Path(args.output) if args.output else None
    config = config_for(output.parent) if output is not None else _cwd_config()
    if output is not None and (output.exists() or output.is_symlink()):
        raise UsageError(f"{output} already exists; choose another name")
    kind = _known_kind(args.kind, config)
    url = config.schema_url or _schema_path_from(output.parent if output else Path.cwd(), config)
    text = spec_skeleton(kind, config.schemas, spec_id=args.spec_id, schema_url=url)
    _write_new(text, args.output)
    return EXIT_OK


def _write_new(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return

    if not write_new(output, text):
        raise UsageError(f"{output} already exists; choose another name")


def _schema_path_from(folder: Path, config: Config) -> str:
    return Path(os.path.relpath(config.root / DEFAULT_SCHEMA_FILE, folder.absolute())).as_posix()


def _kinds(args: argparse.Namespace) -> int:
    for line in _kind_lines(_cwd_config()):
        print(printable(line))
    return EXIT_OK


def _kind_lines(config: Config) -> list[str]:
    """One line per kind: its name, title and description, and where a team's own kind lives."""
    kinds = known_kinds(config.schemas)
    width = max(len(name) for name in kinds)
    return [
        f"{name:<{width}}  {kind.title}: {kind.description}"
        + ("" if kind.packaged else f"  [{os.path.relpath(kind.path)}]")
        for name, kind in kinds.items()
    ]


def _schema(args: argparse.Namespace) -> int:
    if args.kind in FILE_SCHEMAS:
        schema = resources.packaged_schema(FILE_SCHEMAS[args.kind])
        _emit(json_text(schema), args.output)
        return EXIT_OK
    config = _cwd_config()
    kind = _known_kind(args.kind, config) if args.kind else None
    text = json_text(bundle_schema(config.schemas, kind))
    _emit(text, args.output)
    return EXIT_OK


def _known_kind(kind: str, config: Config) -> str:
    kinds = known_kinds(config.schemas)
    if kind not in kinds:
        close = difflib.get_close_matches(kind, list(kinds), n=1)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown kind '{kind}'; {suggestion}known kinds: {', '.join(kinds)}")
    return kind


def _load_spec(path: str) -> Spec:
    return load_spec(path)


def _cwd_config() -> Config:
    return config_for(Path.cwd())


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return

    write_atomic(output, text)


if __name__ == "__main__":
    entry()
