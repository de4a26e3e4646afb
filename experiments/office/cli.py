"""The ``orgsim-office`` command: a fill-in workbook, its import, and the export of an org file.

``orgsim-office template office.xlsx [--lang zh|en]``, ``orgsim-office import office.xlsx
-o office.yaml`` (or a folder of CSV files) and ``orgsim-office export office.yaml -o
office.xlsx``. Bad input ends in one line, ``orgsim-office: error: <where>: <problem>;
<fix>``, exit status 2, and no file written; an existing file is replaced only with
``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgsim.analysis.units import WorkCalendar
from orgsim.experiments.office.tables import OfficeError

PROG = "orgsim-office"


def fail(message: str) -> None:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of the three subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Describe an office in a spreadsheet: write a fill-in workbook, turn a "
        "filled one into an org file for orgsim, or an org file into a workbook. From a case "
        "log: `orgsim-office calibrate LOG -o office.yaml` and `orgsim-office validate "
        "office.yaml LOG` (each with its own --help).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    template = commands.add_parser("template", help="write a fill-in workbook with an example")
    template.add_argument("output", type=Path, help="the workbook to write (.xlsx)")
    template.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of sheet names, headers and example (default zh)",
    )
    take = commands.add_parser("import", help="turn a filled workbook into an org file")
    take.add_argument("source", type=Path, help="the workbook (.xlsx) or a folder of CSV files")
    take.add_argument("-o", "--output", type=Path, required=True, help="org file to write (.yaml)")
    give = commands.add_parser("export", help="write the workbook of an org file")
    give.add_argument("org", help="an org file, or the name of a shipped office")
    give.add_argument("-o", "--output", type=Path, required=True, help="workbook to write (.xlsx)")
    give.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of sheet names and headers (default zh)",
    )
    for name, default in (
        ("hours-per-day", None),
        ("days-per-week", None),
        ("days-per-year", None),
    ):
        give.add_argument(
            f"--{name}",
            type=float,
            default=default,
            help="working calendar for the counts and days (default: the one the "
            "org file records, else 8 h, 5 and 250 days)",
        )
    for sub in (template, take, give):
        sub.add_argument(
            "--force",
            "--overwrite",
            action="store_true",
            dest="force",
            help="replace the output file if it exists",
        )
    return parser.parse_args(argv)


def _check_output(output: Path, suffixes: tuple[str, ...], force: bool) -> None:
    if output.suffix.lower() not in suffixes:
        fail(f"{output}: the output must end in {' or '.join(suffixes)}; rename it")
    if output.is_dir():
        fail(f"{output} is a folder; give a file name such as {output / ('office' + suffixes[0])}")
    blocked = next((p for p in output.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        fail(f"{output}: {blocked} is a file, not a folder; choose another output")
    if output.exists() and not force:
        fail(f"{output} already exists; pass --force to replace it, or choose another name")


def _calendar(args: argparse.Namespace) -> WorkCalendar | None:
    given = {
        "hours_per_day": (args.hours_per_day, 24),
        "days_per_week": (args.days_per_week, 7),
        "days_per_year": (args.days_per_year, 366),
    }
    if all(value is None for value, _ in given.values()):
        return None
    for key, (value, most) in given.items():
        if value is not None and not 0 < value <= most:
            fail(
                f"--{key.replace('_', '-')}: {value:g} is out of range; give more than 0 and "
                f"at most {most}"
            )
    base = WorkCalendar()
    return WorkCalendar(**{k: getattr(base, k) if v is None else v for k, (v, _) in given.items()})


#: Subcommands that read an office's case log, each with its own command line.
RECORDS = {
    "calibrate": "orgsim.experiments.calibrate",
    "validate": "orgsim.experiments.validate_office",
}


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``orgsim-office``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in RECORDS:
        import importlib

        importlib.import_module(RECORDS[argv[0]]).main(argv[1:])
        return
    args = parse_args(argv)
    from orgsim.experiments.office import convert  # heavy: after the command line is read

    try:
        if args.command == "template":
            _check_output(args.output, (".xlsx",), args.force)
            convert.save_workbook(convert.template_book(args.lang), args.output)
            print(
                f"{args.output}: a workbook to fill in, with an example office; then "
                f"`{PROG} import {args.output} -o office.yaml`"
            )
        elif args.command == "import":
            _check_output(args.output, (".yaml", ".yml"), args.force)
            text, imported = convert.workbook_to_org(args.source)
            convert.save_text(text, args.output)
            org = imported.org
            print(
                f"{args.output}: {len(org['sections'])} sections, {len(org['staff'])} staff "
                f"entries, {len(org['matter_types'])} matter types, "
                f"{len(org.get('structures', {}))} alternatives; run it with "
                f"`orgsim org={args.output}`"
            )
        else:
            _check_output(args.output, (".xlsx",), args.force)
            calendar = _calendar(args)
            book = convert.org_to_book(convert.org_path(args.org), args.lang, calendar)
            convert.save_workbook(book, args.output)
            print(f"{args.output}: the workbook of {args.org}")
    except OfficeError as error:
        fail(str(error))
    except OSError as error:
        fail(
            f"{error.filename or args.output}: {error.strerror or error}; check the path "
            "and its permissions"
        )


if __name__ == "__main__":
    main()
