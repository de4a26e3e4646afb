"""What one run measured: flat per-replication metrics plus per-staff and per-section detail."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from orgsim.sim.event_log import EventLogRecorder

if TYPE_CHECKING:
    from orgsim.sim.matter import Matter
    from orgsim.sim.model import Organization
    from orgsim.sim.recorder import Recorder

QUANTILES = (0.5, 0.9, 0.95)

#: Metric name -> one-line meaning; the order is the order of every table.
METRICS: dict[str, str] = {
    "throughput": "matters completed per time unit after the warm-up",
    "wait_mean": "mean time from arrival to start of service",
    "wait_p50": "median wait",
    "wait_p90": "90th percentile of wait",
    "wait_p95": "95th percentile of wait",
    "p_wait": "share of matters that had to wait at all",
    "lead_mean": "mean time from arrival to completion",
    "lead_p50": "median lead time",
    "lead_p90": "90th percentile of lead time",
    "lead_p95": "95th percentile of lead time",
    "deadline_attainment": "share of matters done within their deadline "
    "(unfinished matters already past it count as missed)",
    "work_mean": "mean time a matter is being worked on (lead time minus wait and transfer)",
    "transfer_mean": "mean time a matter spends in transfer between sections",
    "handoffs_mean": "mean number of section boundaries a matter crosses",
    "approval_wait_mean": "mean time a matter waits for approvals (sign-off steps)",
    "blocked_by_absence_mean": "mean time a matter is held up because everyone who could "
    "serve it (or the one serving it) is away",
    "utilisation_mean": "mean share of time staff are busy (of opening time, with a calendar)",
    "utilisation_cv": "coefficient of variation of staff utilisation (busy/idle imbalance)",
    "utilisation_gini": "Gini coefficient of staff utilisation (0 = all equally busy)",
    "utilisation_range": "busiest minus idlest staff member's utilisation",
    "idle_while_work_waits": "share of staff time idle while work they are skilled for "
    "waits behind a section wall",
    "backlog_mean": "time-average number of matters in the office (waiting or in service)",
    "backlog_final": "matters in the office at the horizon",
}

#: Reported only by runs that use the option they measure, so runs without it keep the
#: tables they always had; a run without the option has the value 0 (a table of several
#: structures or jobs gets it with :func:`fill_optional`).
OPTIONAL_METRICS: dict[str, str] = {
    "reworks_mean": "mean number of times a matter was sent back across a section boundary "
    "to do a step again (with rework_probability)",
    "escalated_share": "share of matters that reached an escalation level while open "
    "(with escalation)",
}

#: Per escalation level (its name), with escalation.
LEVEL_METRICS: dict[str, str] = {
    "escalated_share": "share of matters that reached the escalation level while open",
}

#: Per priority class (``priority_class`` of the matter types), when classes are given.
CLASS_METRICS: dict[str, str] = {
    "wait_mean": "mean wait of the class's matters",
    "deadline_attainment": "deadline attainment of the class's matters",
}

#: Per matter type, for every office: ``wait_mean.<type>`` for each type and
#: ``deadline_attainment.<type>`` for each type with a deadline, grouped by metric and in
#: the order the types are given (after the per-class ones).
TYPE_METRICS: dict[str, str] = {
    "wait_mean": "mean wait of the matter type's matters",
    "deadline_attainment": "deadline attainment of the matter type's matters "
    "(only types with a deadline)",
}

#: Metrics where a larger value is better (for verdicts and colouring).
HIGHER_IS_BETTER = frozenset({"throughput", "deadline_attainment"})

#: Metrics where neither direction is better: a change is reported, not judged. Mean
#: utilisation is one: for the same demand, a rise means the same work takes more staff
#: time (e.g. lost specialisation), not that the office does more.
NEUTRAL_METRICS = frozenset({"utilisation_mean"})


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 when all are equal)."""
    values = np.sort(np.asarray(values, dtype=float))
    n = values.size
    total = values.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * np.sum(ranks * values) / (n * total)) - (n + 1) / n)


@dataclass(frozen=True)
class Results:
    """Results of one replication of one structure.

    Attributes:
        metrics: metric name -> value (see :data:`METRICS`), plus the counts
            ``arrived``, ``completed`` and ``in_system`` over the whole run.
        staff_utilisation: staff name -> share of the window spent busy.
        sections: one row per section, and a last row ``(office)`` for the whole office,
            with the parts of Little's law: observed arrival (visit) rate, time-average
            number present ``L`` and mean sojourn per visit ``W``.
        trace: one row per completed matter, when the run was traced.
        timeseries: one row per step, when the run was stepped.
        event_log: one row per step of every matter, when the run kept an event log (see
            :data:`orgsim.sim.event_log.EVENT_LOG_COLUMNS`).
    """

    metrics: dict[str, float]
    staff_utilisation: dict[str, float]
    sections: pd.DataFrame
    trace: pd.DataFrame | None = None
    timeseries: pd.DataFrame | None = field(default=None, repr=False)
    event_log: pd.DataFrame | None = field(default=None, repr=False)


def _deadline_attainment(on_time: list[int], judged: list[int]) -> float:
    total = sum(judged)
    return sum(on_time) / total if total else math.nan


def _deadline_counts(recorder: Recorder, overdue: list[int]) -> tuple[list[int], list[int]]:
    """Per matter type: matters on time, and matters judged (done, or unfinished and late).

    Both are 0 for a type without a deadline, so sums over types count only the judged.
    """
    on_time, judged = [], []
    for done, in_time, late, deadline in zip(
        recorder.type_done, recorder.on_time, overdue, recorder.deadlines, strict=True
    ):
        finite = deadline != math.inf
        on_time.append(in_time if finite else 0)
        judged.append(done + late if finite else 0)
    return on_time, judged


def compute_results(model: Organization) -> Results:
    """Turn a finished model's accumulators into metrics.

    The parts follow :class:`Results`: the flat metrics (matters, staff time, backlog, then
    per priority class, per matter type and the whole-run counts), each person's
    utilisation, the section table, and the trace and time series when the run kept them.
    """
    now = model.env.now
    recorder = model.recorder
    recorder.close(now, model.in_sections())
    window = now - recorder.window_start
    calendar = model.spec.structure.calendar
    available = calendar.open_time(recorder.window_start, now) if calendar else window
    utilisation = _staff_utilisation(model, now, available)
    blocked = np.array(model.walls.close(now), dtype=float)
    unfinished = model.unfinished()
    overdue = recorder.overdue(unfinished, now)
    on_time, judged = _deadline_counts(recorder, overdue)
    metrics: dict[str, float] = {
        **_matter_metrics(recorder, window, on_time, judged),
        **_staff_metrics(utilisation, blocked, available),
        **_backlog_metrics(recorder, window, unfinished),
        **_optional_metrics(model),
        **_class_metrics(model, on_time, judged),
        **_type_metrics(model, on_time, judged),
        "arrived": float(recorder.arrived_total),
        "completed": float(recorder.completed_total),
        "in_system": float(recorder.in_office),
    }
    return Results(
        metrics=metrics,
        staff_utilisation={
            s.member.name: float(u) for s, u in zip(model.staff, utilisation, strict=True)
        },
        sections=_section_table(model, window, metrics),
        trace=_trace_table(recorder),
        timeseries=_timeseries_table(model),
        event_log=recorder.event_log() if isinstance(recorder, EventLogRecorder) else None,
    )


def _staff_utilisation(model: Organization, now: float, available: float) -> np.ndarray:
    """Each person's busy time over the window, as a share of the time the office was open."""
    busy = np.array(
        [s.busy_time + (now - s.busy_since if s.busy else 0.0) for s in model.staff], dtype=float
    )
    return busy / available if available > 0 else np.zeros_like(busy)


def _matter_metrics(
    recorder: Recorder, window: float, on_time: list[int], judged: list[int]
) -> dict[str, float]:
    """Throughput, waits, lead times, deadlines and the parts of the lead time."""
    n_done, n_waited, wait_mean, wait_q = recorder.waits.summary(QUANTILES)
    _, _, lead_mean, lead_q = recorder.leads.summary(QUANTILES)
    per_matter = (lambda total: total / n_done) if n_done else (lambda total: float("nan"))
    transfer_mean = per_matter(recorder.transferred)
    return {
        "throughput": recorder.completed_in_window / window,
        "wait_mean": wait_mean,
        "wait_p50": wait_q[0],
        "wait_p90": wait_q[1],
        "wait_p95": wait_q[2],
        "p_wait": n_waited / n_done if n_done else float("nan"),
        "lead_mean": lead_mean,
        "lead_p50": lead_q[0],
        "lead_p90": lead_q[1],
        "lead_p95": lead_q[2],
        "deadline_attainment": _deadline_attainment(on_time, judged),
        "work_mean": lead_mean - wait_mean - transfer_mean,
        "transfer_mean": transfer_mean,
        "handoffs_mean": per_matter(recorder.handoffs),
        "approval_wait_mean": per_matter(recorder.approval_waited),
        "blocked_by_absence_mean": per_matter(recorder.blocked),
    }


def _staff_metrics(
    utilisation: np.ndarray, blocked: np.ndarray, available: float
) -> dict[str, float]:
    """Mean utilisation, the busy/idle imbalance and idle time behind section walls."""
    mean_util = float(utilisation.mean())
    return {
        "utilisation_mean": mean_util,
        "utilisation_cv": float(utilisation.std() / mean_util) if mean_util > 0 else 0.0,
        "utilisation_gini": gini(utilisation),
        "utilisation_range": float(utilisation.max() - utilisation.min()),
        "idle_while_work_waits": (
            float(blocked.sum() / (available * len(utilisation))) if available > 0 else 0.0
        ),
    }


def _backlog_metrics(
    recorder: Recorder, window: float, unfinished: list[Matter]
) -> dict[str, float]:
    """Matters in the office: time average over the window and count at the end."""
    return {
        "backlog_mean": float(
            (sum(recorder.area) + recorder.area_before_reform + recorder.transit_area) / window
        ),
        "backlog_final": float(len(unfinished)),
    }


def _optional_metrics(model: Organization) -> dict[str, float]:
    """Rework and escalation counts, for runs where they can happen (:data:`OPTIONAL_METRICS`).

    Escalation is counted over the matters that arrived after the warm-up, finished or
    not: a matter still open at the horizon may well be one that escalated.
    """
    recorder = model.recorder
    metrics: dict[str, float] = {}
    if model.rework_seen:
        done = sum(recorder.type_done)
        metrics["reworks_mean"] = recorder.reworks / done if done else math.nan
    if any(model.escalates):
        arrived = recorder.arrived_in_window
        share = (lambda n: n / arrived) if arrived else (lambda n: math.nan)
        metrics["escalated_share"] = share(recorder.escalated)
        labels = {level.label for m in model.spec.matter_types for level in m.escalation}
        for label in sorted(labels - {""}):
            metrics[f"escalated_share.{label}"] = share(recorder.escalated_to.get(label, 0))
    return metrics


def fill_optional(table: pd.DataFrame) -> pd.DataFrame:
    """Give rows without an optional metric (their run did not use its option) the value 0."""
    columns = [c for c in table.columns if str(c).split(".", 1)[0] in OPTIONAL_METRICS]
    if columns:
        table[columns] = table[columns].fillna(0.0)
    return table


def _class_metrics(model: Organization, on_time: list[int], judged: list[int]) -> dict[str, float]:
    """Mean wait and deadline attainment per priority class, when classes are given."""
    recorder, matter_types = model.recorder, model.spec.matter_types
    metrics: dict[str, float] = {}
    for label in sorted({m.priority_class for m in matter_types if m.priority_class}):
        members = [i for i, m in enumerate(matter_types) if m.priority_class == label]
        done = sum(recorder.type_done[i] for i in members)
        waited = sum(recorder.type_waited[i] for i in members)
        metrics[f"wait_mean.{label}"] = waited / done if done else float("nan")
        metrics[f"deadline_attainment.{label}"] = _deadline_attainment(
            [on_time[i] for i in members], [judged[i] for i in members]
        )
    return metrics


def _type_metrics(model: Organization, on_time: list[int], judged: list[int]) -> dict[str, float]:
    """Mean wait of every matter type, and deadline attainment of those with a deadline."""
    recorder, matter_types = model.recorder, model.spec.matter_types
    waits = {
        f"wait_mean.{m.name}": waited / done if done else math.nan
        for m, waited, done in zip(
            matter_types, recorder.type_waited, recorder.type_done, strict=True
        )
    }
    attainment = {
        f"deadline_attainment.{m.name}": in_time / n if n else math.nan
        for m, in_time, n in zip(matter_types, on_time, judged, strict=True)
        if m.deadline is not None
    }
    return {**waits, **attainment}


def _section_table(model: Organization, window: float, metrics: dict[str, float]) -> pd.DataFrame:
    """Little's law per section and for the whole office: arrival rate, ``L`` and ``W``."""
    recorder = model.recorder
    names = [s.name for s in model.spec.structure.sections]
    return pd.DataFrame(
        {
            "section": [*names, "(office)"],
            "arrival_rate": [v / window for v in recorder.window_visits]
            + [recorder.arrived_in_window / window],
            "L": [a / window for a in recorder.area] + [metrics["backlog_mean"]],
            "W": [
                total / count if count else float("nan")
                for total, count in zip(recorder.sojourn_sum, recorder.sojourn_count, strict=True)
            ]
            + [metrics["lead_mean"]],
        }
    )


#: Columns of the per-matter trace, in the order the recorder keeps them.
TRACE_COLUMNS = (
    "type_index",
    "staff_index",
    "arrival",
    "work",
    "waited",
    "transferred",
    "start",
    "end",
)


def _trace_table(recorder: Recorder) -> pd.DataFrame | None:
    """One row per completed matter, when the run was traced."""
    if recorder.trace is None:
        return None
    return pd.DataFrame(recorder.trace, columns=list(TRACE_COLUMNS))


def _timeseries_table(model: Organization) -> pd.DataFrame | None:
    """One row per step, when the run was stepped."""
    if not model.datacollector.model_vars.get("time"):
        return None
    return model.datacollector.get_model_vars_dataframe()
