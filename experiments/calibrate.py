"""``orgsim-office calibrate LOG -o office.yaml``: an org file from the office's case log.

Reads the log, flags bad records, estimates the calendar, arrival rates, handling times
and who handles what (:mod:`orgsim.analysis.calibration`), writes the org file and checks
that it loads as an office before it is put in place. Bad input ends in one line, exit
status 2, and no file written; an existing file is replaced only with ``--force``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from orgsim.analysis.calibration.case_log import CaseLog, check_log, read_roster, read_table
from orgsim.analysis.calibration.columns import FIELDS, parse_pairs, read_mapping_file
from orgsim.analysis.calibration.errors import CalibrationError
from orgsim.analysis.calibration.estimate import Calibration, calibrate
from orgsim.analysis.calibration.office_file import render_office
from orgsim.analysis.calibration.working_calendar import parse_days, parse_hours
from orgsim.analysis.results_folder import atomic_write, write_text

#: Bad rows printed per problem on the terminal (the org file's header and --rejects list all).
PRINTED_PER_PROBLEM = 10


def log_options(parser: argparse.ArgumentParser) -> None:
    """The options that say how to read a log (shared with ``validate``)."""
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"the log's column for a field ({', '.join(FIELDS)}); repeat as needed",
    )
    parser.add_argument("--columns", type=Path, help="a YAML or CSV file of field -> column")
    parser.add_argument("--roster", type=Path, help="staff list (CSV name,section or YAML)")
    parser.add_argument(
        "--date-format", help="strftime format of the times, e.g. %%d/%%m/%%Y %%H:%%M"
    )
    parser.add_argument("--days", help="working days instead of inferring them, e.g. Mon-Fri")
    parser.add_argument(
        "--hours", help="opening hours instead of inferring them, e.g. 08:30-12:00,14:30-17:30"
    )


def read_log(args: argparse.Namespace) -> CaseLog:
    """Read and check the log named by ``args.log`` with the mapping options."""
    mapping = read_mapping_file(args.columns) if args.columns else {}
    mapping.update(parse_pairs(args.column))
    roster = read_roster(args.roster) if args.roster else None
    raw = read_table(Path(args.log))
    return check_log(raw, mapping, str(args.log), roster, args.date_format)


def calendar_options(args: argparse.Namespace) -> dict[str, object]:
    """``days`` and ``hours`` given on the command line, for :func:`calibrate`."""
    return {
        "days": parse_days(args.days) if args.days else None,
        "hours": parse_hours(args.hours) if args.hours else None,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orgsim-office calibrate",
        description="Estimate an org file (rates, handling times, skills, calendar) "
        "from a case log.",
    )
    parser.add_argument("log", help="case log: CSV, Excel, Parquet, or XES (needs pm4py)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="org file to write")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.add_argument("--name", help="the office's name (default: the log's file name)")
    parser.add_argument("--rejects", type=Path, help="write every bad record to this CSV")
    log_options(parser)
    return parser


def report_bad_records(log: CaseLog) -> None:
    """Every problem's count and its first rows, on stderr."""
    for problem, count in log.problem_counts().items():
        rows = log.rows[log.rows.problem == problem]
        print(f"orgsim: warning: {count} rows with {problem}:", file=sys.stderr)
        for row in rows.head(PRINTED_PER_PROBLEM).itertuples(index=False):
            print(f"  row {row.row}: {row.detail}", file=sys.stderr)
        if count > PRINTED_PER_PROBLEM:
            print(f"  ... {count - PRINTED_PER_PROBLEM} more (all in --rejects)", file=sys.stderr)


def summary_lines(cal: Calibration) -> list[str]:
    """What was estimated, one line per matter type and a line for the calendar."""
    lines = [f"calendar: {cal.calendar.describe()}; {cal.calendar.working_hours:g} working hours"]
    for name, arrival in cal.arrivals.items():
        fits = [(step, fit) for (t, step), fit in cal.services.items() if t == name]
        handling = "; ".join(
            f"{step + ': ' if step else ''}{fit.distribution} mean {fit.mean:.3g} h"
            for step, fit in fits
        )
        profile = [p.name for p in (arrival.day, arrival.week) if p.adopted]
        shape = f", {' and '.join(profile)} profile" if profile else ""
        lines.append(
            f"{name}: {arrival.rate:.4g} per working hour [{arrival.ci_low:.3g}, "
            f"{arrival.ci_high:.3g}]{shape}; {handling}"
        )
    lines.append(
        f"staff: {len(cal.staffing.people)} in {len(cal.staffing.sections)} sections, "
        f"policy {cal.staffing.policy}"
    )
    return lines


def check_loads(text: str, where: Path) -> None:
    """Load the org file as an office (the same checks as ``orgsim org=FILE``)."""
    from orgsim.experiments.api import load_office  # Hydra is slow to import
    from orgsim.experiments.build import ConfigError

    with tempfile.TemporaryDirectory(dir=where) as folder:
        trial = Path(folder) / "office.yaml"
        trial.write_text(text, encoding="utf-8")
        try:
            load_office(trial, ["workload.horizon=10", "workload.warmup=0"])
        except ConfigError as error:
            raise CalibrationError(
                "calibrated office", f"does not load ({error})", "report this log's problem"
            ) from None


def run(argv: Sequence[str]) -> Calibration:
    """Calibrate and write; raises :class:`CalibrationError` on bad input."""
    args = _parser().parse_args(list(argv))
    output: Path = args.output
    if output.exists() and not args.force:
        raise CalibrationError(
            f"-o {output}", "already exists", "choose another file or add --force to replace it"
        )
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise CalibrationError(f"-o {output}", "is not a .yaml file", "name the org file *.yaml")
    log = read_log(args)
    cal = calibrate(log, **calendar_options(args))  # type: ignore[arg-type]
    text = render_office(cal, args.name or Path(args.log).stem)
    output.parent.mkdir(parents=True, exist_ok=True)
    check_loads(text, output.parent)
    report_bad_records(log)
    if args.rejects is not None:
        bad = pd.DataFrame([vars(b) for b in log.bad], columns=["row", "problem", "detail"])
        atomic_write(args.rejects, lambda tmp: bad.to_csv(tmp, index=False))
    write_text(output, text)
    for line in summary_lines(cal):
        print(line)
    print(f"wrote {output}")
    return cal


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``orgsim-office calibrate``."""
    try:
        run(sys.argv[1:] if argv is None else argv)
    except CalibrationError as error:
        print(f"orgsim-office: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
