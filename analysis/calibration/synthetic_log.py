"""A case log written by the engine: a known office's matters with calendar timestamps.

Used to check calibration end to end (the estimates must recover the office that made
the log) and to try the commands without real records. The engine runs in working hours;
each time is placed on the calendar with :meth:`WorkingCalendar.timestamps`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from orgsim.analysis.calibration.working_calendar import WorkingCalendar
from orgsim.sim import SimSpec, simulate


def simulated_log(
    spec: SimSpec,
    seed: int,
    calendar: WorkingCalendar,
    warmup: float = 0.0,
) -> pd.DataFrame:
    """One row per matter finished within the calendar's period, received after ``warmup``.

    The run lasts ``warmup`` plus the calendar's working hours; its one-step matter types
    give one row each (case_id, matter_type, received, started, finished, handler, section).
    """
    period = calendar.working_hours
    run = simulate(
        dataclasses.replace(spec, horizon=warmup + period, warmup=warmup), seed, trace=True
    )
    assert run.trace is not None
    trace = run.trace[run.trace.arrival >= warmup].sort_values("arrival").reset_index(drop=True)
    staff = spec.structure.staff
    types = [m.name for m in spec.matter_types]
    stamp = {
        c: calendar.timestamps(trace[c].to_numpy() - warmup) for c in ("arrival", "start", "end")
    }
    return pd.DataFrame(
        {
            "case_id": [f"C{i + 1:06d}" for i in range(len(trace))],
            "matter_type": [types[i] for i in trace.type_index],
            "received": stamp["arrival"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            "started": stamp["start"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            "finished": stamp["end"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            "handler": [staff[i].name for i in trace.staff_index],
            "section": [staff[i].section for i in trace.staff_index],
        }
    )


def weekday_calendar(
    first_day: dt.date, weeks: int, hours: tuple[tuple[float, float], ...] = ((9.0, 17.0),)
) -> WorkingCalendar:
    """Monday to Friday for ``weeks`` weeks from ``first_day`` (a Monday), with ``hours``."""
    last = first_day + dt.timedelta(days=7 * weeks - 3)
    return WorkingCalendar((0, 1, 2, 3, 4), hours, first_day, last)
