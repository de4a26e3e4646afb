"""The ``orgsim-report`` command: one offline HTML page from a run, sweep or search folder.

``orgsim-report PATH [--output FILE] [--overwrite]`` writes ``PATH/report.html`` by default;
``orgsim-report RUN --brief [--robustness FOLDER]`` writes the plan brief ``RUN/brief.html``.
Like every orgsim output it is written atomically and never replaces an existing file
unless asked; bad input ends in one line naming the problem and the fix, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

# the light folder contract only: the checks run before the report code is imported
from orgsim.analysis.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, speaking
from orgsim.analysis.results_folder import (
    AGGREGATE,
    CAPACITY,
    REPORT,
    RESULT_FILES,
    STAFFING,
    SUMMARY,
    OutputExistsError,
    atomic_write,
    check_free,
)
from orgsim.experiments.brief_cli import BRIEF, brief_page, brief_problem

PROG = "orgsim-report"
DEFAULT_NAME = REPORT
KINDS = (
    f"a run folder (outputs/..., with {SUMMARY}), a sweep folder (multirun/..., with "
    f"{AGGREGATE}) or a search folder (task=capacity or task=staffing, with {CAPACITY} or "
    f"{STAFFING})"
)


def fail(message: str) -> None:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def check_folder(folder: Path) -> None:
    """Fail with the fix unless ``folder`` is a run, sweep or search folder.

    Checked before the report code (and its libraries) is even imported, so a mistyped
    path is answered at once.
    """
    if not folder.exists():
        fail(f"{folder} does not exist; give {KINDS}")
    if not folder.is_dir():
        fail(f"{folder} is not a folder; give the folder that holds it: {KINDS}")
    if any((folder / name).is_file() for name in RESULT_FILES):
        return
    if any((p / ".hydra").is_dir() for p in folder.iterdir() if p.is_dir()):
        fail(
            f"{folder} has no {AGGREGATE}; gather the sweep first with `orgsim-aggregate {folder}`"
        )
    fail(f"{folder} has none of {', '.join(RESULT_FILES)}; give {KINDS}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: a folder, an optional output file, and --overwrite."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Write a self-contained HTML report (opens offline) of an orgsim run "
        "folder (with summary.json), sweep folder (with aggregate.parquet) or capacity or "
        "staffing search folder (with capacity.json or staffing.json).",
    )
    parser.add_argument("path", type=Path, help="run, sweep or search folder")
    parser.add_argument(
        "--output", type=Path, help=f"HTML file to write (default: PATH/{DEFAULT_NAME})"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing report")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of the page: en (English, the default) or zh (Chinese, 中文)",
    )
    parser.add_argument(
        "--brief",
        action="store_true",
        help=f"write the two-page printable plan brief of a run folder (default: PATH/{BRIEF})",
    )
    parser.add_argument(
        "--robustness",
        type=Path,
        metavar="FOLDER",
        help="with --brief: the task=robustness folder of the run's plan, to add its result",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``orgsim-report``."""
    args = parse_args(argv)
    output: Path = args.output or args.path / (BRIEF if args.brief else DEFAULT_NAME)
    problem = brief_problem(args)
    if problem:
        fail(problem)
    check_folder(args.path)
    if output.is_dir():
        name = BRIEF if args.brief else DEFAULT_NAME
        fail(f"--output {output} is a folder; give a file name such as {output / name}")
    blocked = next((p for p in output.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        fail(f"--output {output}: {blocked} is a file, not a folder; choose another --output")
    try:
        check_free([output], args.overwrite)
    except OutputExistsError:
        fail(f"{output} already exists; pass --overwrite to replace it, or --output FILE")
    from orgsim.analysis.report import ReportInputError, build_report  # heavy: after the checks

    try:  # links in the page lead from where it is saved to the result files
        with warnings.catch_warnings():  # hand-edited infinities: shown as inf, not warned of
            warnings.simplefilter("ignore", RuntimeWarning)
            if args.brief:
                page = brief_page(args)
            else:
                page = build_report(args.path, page_dir=output.parent, language=args.lang)
    except ReportInputError as error:
        fail(str(error))
    except OSError as error:
        fail(
            f"{error.filename or args.path}: cannot be read ({error.strerror}); "
            "check its permissions"
        )
    try:
        atomic_write(output, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    except OSError as error:
        fail(f"cannot write {output} ({error.strerror or error}); choose another --output")
    with speaking(args.lang):
        done = _("brief in {path}") if args.brief else _("report in {path}")
        print(done.format(path=output))


if __name__ == "__main__":
    main()
