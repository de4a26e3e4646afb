"""From a checked case log to every estimate an org file needs, in working hours.

This module only puts the estimators together: the calendar first (so every time can be
converted to working hours), then per matter type the arrival rate, per type and step the
handling time, and who handles what. A step log's workflow is the steps in the order they
are usually done: by the median of each step's position among its case's steps (by start).
A step's skill (the work a section owns) is its name; a step name that several matter
types use becomes one skill per type, ``<type>_<step>``, as the same name (审核, say) is
often different work in different sections. When one person does at least 80% of a
type's consecutive steps, the type gets ``ownership: keep`` (a case handler, 承办人);
otherwise each finished step goes back to a queue (``pass``).
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
        skills: (matter type, step) -> the step's skill, for every step of a step log.
        kept: matter type -> share of its consecutive steps done by the same person.
        staffing: sections, people and posts.
    """

    log: CaseLog
    calendar: WorkingCalendar
    arrivals: dict[str, ArrivalEstimate]
    workflows: dict[str, list[str]]
    services: dict[tuple[str, str], ServiceFit]
    staffing: Staffing
    skills: dict[tuple[str, str], str]
    kept: dict[str, float]


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
    types_per_step = done[done.step != ""].groupby("step").matter_type.nunique()
    shared = done.step.map(types_per_step).fillna(0) > 1
    done["work"] = np.where(
        done.step == "",
        done.matter_type,
        np.where(shared, done.matter_type + "_" + done.step, done.step),
    )
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
    skills = {
        (str(t), str(s)): str(w)
        for (t, s), w in done[done.step != ""].groupby(["matter_type", "step"]).work.first().items()
    }
    return Calibration(
        log, calendar, arrivals, workflows, services, staffing, skills, same_handler(done)
    )


#: Share of consecutive steps done by the same person above which cases are kept.
KEEP_SHARE = 0.8


def same_handler(done: pd.DataFrame) -> dict[str, float]:
    """Matter type -> share of consecutive steps of a case done by the same person."""
    steps = done[done.step != ""].sort_values(["case_id", "started"])
    if steps.empty:
        return {}
    following = steps.case_id.eq(steps.case_id.shift())
    same = steps.handler.eq(steps.handler.shift())
    pairs = steps.assign(same=same)[following]
    return {str(t): float(s) for t, s in pairs.groupby("matter_type").same.mean().items()}
