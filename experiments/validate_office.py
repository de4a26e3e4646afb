"""``orgsim-office validate office.yaml LOG``: does the model reproduce the recorded office?

The office is simulated over the log's period (its working hours, after a warm-up from an
empty office) with the calibrated arrival rates, in several replications; each
replication is one simulated period, compared with the recorded one by
:mod:`orgsim.analysis.calibration.validation`. The table (CSV and Markdown) and the Q-Q
figure are written atomically into the output folder, never over earlier files without
``--force``; the verdict is printed. Exit status 0 whatever the verdict (it is a
finding, not an error); 2 for bad input.

The demand is the calibrated Poisson rates, not the recorded arrival times: replaying the
recorded arrivals would need the engine to accept a fixed list of arrival times per
matter type.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from orgsim.analysis.calibration.case_log import CaseLog
from orgsim.analysis.calibration.errors import CalibrationError
from orgsim.analysis.calibration.estimate import log_calendar, work_table
from orgsim.analysis.calibration.validation import Period, compare_periods, passed, verdict_text
from orgsim.analysis.calibration.validation_figure import draw_validation
from orgsim.analysis.calibration.working_calendar import WorkingCalendar
from orgsim.analysis.formatting import frame_text
from orgsim.analysis.results_folder import atomic_write, figure_paths, write_text
from orgsim.analysis.summary import render_markdown
from orgsim.experiments.calibrate import calendar_options, log_options, read_log
from orgsim.sim import SimSpec, simulate
from orgsim.sim.streams import replication_seeds

TABLE_CSV = "validation.csv"
TABLE_MD = "validation.md"
FIGURE = "validation.png"


def recorded_period(log: CaseLog, calendar: WorkingCalendar) -> Period:
    """The log as one period: per finished matter its wait and lead time; per person their load.

    In a step log a matter's wait is the sum over its steps of the time from the previous
    step's finish (its receipt, for the first) to the step's start; only cases whose
    every row is sound and finished count.
    """
    done = work_table(log, calendar)
    hours = calendar.working_hours
    utilisation = (done.groupby("handler").duration.sum() / hours).to_dict()
    if not log.per_step:
        matters = pd.DataFrame(
            {
                "matter_type": done.matter_type,
                "wait": done.started_h - done.received_h,
                "lead": done.finished_h - done.received_h,
            }
        )
        return Period(matters.reset_index(drop=True), utilisation, hours)
    unsound = set(log.rows[log.rows.problem != ""].case_id)
    unfinished = set(log.sound[log.sound.finished.isna() | log.sound.started.isna()].case_id)
    rows = []
    for case, steps in done.groupby("case_id"):
        if case in unsound or case in unfinished:
            continue
        steps = steps.sort_values("started_h")
        received = steps.received_h.min()
        before = np.concatenate([[received], steps.finished_h.to_numpy()[:-1]])
        wait = float(np.clip(steps.started_h.to_numpy() - before, 0, None).sum())
        rows.append((steps.matter_type.iloc[0], wait, steps.finished_h.max() - received))
    matters = pd.DataFrame(rows, columns=["matter_type", "wait", "lead"])
    return Period(matters, utilisation, hours)


def simulated_period(spec: SimSpec, seed: int, hours: float) -> Period:
    """One replication over the period, after the spec's warm-up: matters that arrived after it."""
    run = simulate(spec, seed, trace=True)
    trace = run.trace
    if trace is None:
        raise RuntimeError("the engine returned no trace")  # a traced run always has one
    trace = trace[trace.arrival >= spec.warmup]
    names = [m.name for m in spec.matter_types]
    matters = pd.DataFrame(
        {
            "matter_type": [names[i] for i in trace.type_index],
            "wait": trace.waited.to_numpy(),
            "lead": (trace.end - trace.arrival).to_numpy(),
        }
    )
    return Period(matters, dict(run.staff_utilisation), hours)


def load_spec(office: Path, hours: float, warmup: float) -> SimSpec:
    """The office's current structure, run for the warm-up plus the log's working hours."""
    from orgsim.experiments.api import load_office  # Hydra is slow to import
    from orgsim.experiments.build import ConfigError

    if not office.is_file():
        raise CalibrationError(f"office {office}", "no such file", "give the calibrated org file")
    try:
        loaded = load_office(
            office, [f"workload.horizon={warmup + hours}", f"workload.warmup={warmup}"]
        )
    except ConfigError as error:
        raise CalibrationError(f"office {office}", str(error), "fix the org file") from None
    return loaded.specs[loaded.baseline]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orgsim-office validate",
        description="Simulate the office over the log's period and compare it with the records.",
    )
    parser.add_argument("office", type=Path, help="the org file (e.g. from calibrate)")
    parser.add_argument("log", help="the case log the office is checked against")
    parser.add_argument("-o", "--output", type=Path, default=Path("validation"), help="folder")
    parser.add_argument("--force", action="store_true", help="replace earlier validation files")
    parser.add_argument("--replications", type=int, default=20, help="simulated periods (>= 5)")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument(
        "--warmup", type=float, help="working hours simulated before the period (default: 10%%)"
    )
    log_options(parser)
    return parser


def _outputs(folder: Path) -> list[Path]:
    return [folder / TABLE_CSV, folder / TABLE_MD, *figure_paths(folder / FIGURE)]


def run(argv: Sequence[str]) -> tuple[pd.DataFrame, bool]:
    """Validate; returns the table and whether the office is reproduced."""
    args = _parser().parse_args(list(argv))
    if args.replications < 5:
        raise CalibrationError(
            "--replications",
            f"{args.replications} is too few",
            "give 5 or more (20 is the default)",
        )
    taken = [p for p in _outputs(args.output) if p.exists()]
    if taken and not args.force:
        raise CalibrationError(
            f"-o {args.output}",
            f"already holds {taken[0].name}",
            "choose another folder or add --force",
        )
    log = read_log(args)
    calendar = log_calendar(log, **calendar_options(args))  # type: ignore[arg-type]
    recorded = recorded_period(log, calendar)
    hours = calendar.working_hours
    warmup = 0.1 * hours if args.warmup is None else args.warmup
    if warmup < 0:
        raise CalibrationError("--warmup", f"{warmup} is negative", "give 0 or more working hours")
    spec = load_spec(args.office, hours, warmup)
    known = {m.name for m in spec.matter_types}
    strangers = sorted(set(recorded.matters.matter_type) - known)
    simulated = [
        simulated_period(spec, s, hours) for s in replication_seeds(args.seed, args.replications)
    ]
    table = compare_periods(recorded, simulated)
    for name in strangers:
        table.loc[table.matter_type == name, "verdict"] = "not in the office"
    ok = passed(table)
    lines = verdict_text(table, args.replications)
    markdown = (
        f"# Validation of {args.office.name} against {Path(args.log).name}\n\n"
        f"{len(recorded.matters)} recorded matters over {hours:g} working hours "
        f"({calendar.describe()}); {args.replications} simulated periods of the same length "
        f"after a warm-up of {warmup:g} working hours.\n\n"
        + render_markdown(table.set_index("matter_type").round(4))
        + "\n\n"
        + "\n".join(lines)
        + "\n"
    )
    atomic_write(args.output / TABLE_CSV, lambda tmp: table.to_csv(tmp, index=False))
    write_text(args.output / TABLE_MD, markdown)
    draw_validation(recorded, simulated, args.output / FIGURE)
    shown = table[
        [
            "matter_type",
            "measure",
            "recorded",
            "sim_mean",
            "sim_low",
            "sim_high",
            "p_holm",
            "verdict",
        ]
    ]
    print(frame_text(shown, index=False, float_format=lambda v: f"{v:.3g}"))
    print()
    print("\n".join(lines))
    print(f"wrote {args.output / TABLE_CSV}, {TABLE_MD} and {FIGURE}")
    return table, ok


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``orgsim-office validate``."""
    try:
        run(sys.argv[1:] if argv is None else argv)
    except CalibrationError as error:
        print(f"orgsim-office: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
