"""From a checked case log to every estimate an org file needs, in working hours.

This module only puts the estimators together: the calendar first (so every time can be
converted to working hours), then per matter type the arrival rate, per type and step the
handling time, and who handles what. A step log's workflow is the steps in the order they
are usually done: by the median of each step's position among its case's steps (by start).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orgsim.analysis.calibration.arrivals import ArrivalEstimate, estimate_arrivals
from orgsim.analysis.calibration.case_log import CaseLog
from orgsim.analysis.calibration.errors import CalibrationError
from orgsim.analysis.calibration.service_fits import ServiceFit, fit_service
from orgsim.analysis.calibration.staffing import Staffing, estimate_staffing
from orgsim.analysis.calibration.working_calendar import WorkingCalendar, infer_calendar


@dataclass(frozen=True)
class Calibration:
    """Everything estimated from one log.

    Attributes:
        log: the checked log.
        calendar: the working calendar used to convert times.
        arrivals: matter type -> arrival estimate.
        workflows: matter type -> its steps in order (empty for a one-step type).
        services: (matter type, step) -> handling-time fit; step "" for a one-step type.
        staffing: sections, people and posts.
    """

    log: CaseLog
    calendar: WorkingCalendar
    arrivals: dict[str, ArrivalEstimate]
    workflows: dict[str, list[str]]
    services: dict[tuple[str, str], ServiceFit]
    staffing: Staffing


def log_calendar(
    log: CaseLog,
    days: Sequence[int] | None = None,
    hours: Sequence[tuple[float, float]] | None = None,
) -> WorkingCalendar:
    """The working calendar of a log: from its sound received, started and finished times."""
    sound = log.rows[log.rows.problem.isin(("",))]
    work = pd.concat([sound.started, sound.finished])
    return infer_calendar(log.arrivals.received, work, days, hours)


def work_table(log: CaseLog, calendar: WorkingCalendar) -> pd.DataFrame:
    """Sound finished work in working hours: one row per record with its work and times."""
    done = log.finished_work.copy()
    for field in ("received", "started", "finished"):
        done[f"{field}_h"] = calendar.working_time(done[field])
    done["duration"] = done.finished_h - done.started_h
    done["work"] = np.where(done.step != "", done.step, done.matter_type)
    return done


def step_order(done: pd.DataFrame) -> dict[str, list[str]]:
    """Matter type -> its steps in their usual order ([] when the log has no steps)."""
    steps = done[done.step != ""]
    if steps.empty:
        return {}
    ranked = steps.assign(rank=steps.groupby("case_id").started.rank(method="first"))
    order = ranked.groupby(["matter_type", "step"])["rank"].median().reset_index()
    return {
        str(t): [str(s) for s in group.sort_values("rank").step]
        for t, group in order.groupby("matter_type")
    }


def calibrate(
    log: CaseLog,
    days: Sequence[int] | None = None,
    hours: Sequence[tuple[float, float]] | None = None,
) -> Calibration:
    """Calendar, arrivals, handling times and staffing of ``log``."""
    calendar = log_calendar(log, days, hours)
    arrivals_frame = log.arrivals
    arrival_h = calendar.working_time(arrivals_frame.received)
    arrivals = {
        str(t): estimate_arrivals(
            str(t), arrival_h[(arrivals_frame.matter_type == t).to_numpy()], calendar
        )
        for t in sorted(arrivals_frame.matter_type.unique(), key=str)
    }
    done = work_table(log, calendar)
    if done.empty:
        raise CalibrationError(
            f"log {log.source}",
            "has no sound record with both a start and a finish",
            "handling times need started and finished times",
        )
    workflows = step_order(done)
    services: dict[tuple[str, str], ServiceFit] = {}
    for (matter_type, step), group in done.groupby(["matter_type", "step"]):
        services[(str(matter_type), str(step))] = fit_service(group.duration.to_numpy())
    missing = [t for t in arrivals if not any(k[0] == t for k in services)]
    if missing:
        raise CalibrationError(
            f"matter type {missing[0]}",
            "was received but never handled in the log",
            "give a longer log, or remove its rows",
        )
    staffing = estimate_staffing(done[["handler", "section", "work", "duration"]])
    return Calibration(log, calendar, arrivals, workflows, services, staffing)
