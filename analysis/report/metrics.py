"""What the report knows about each metric: its plain name, its unit and its good direction.

The direction (higher better, lower better, or neutral) comes from ``sim.results``, the one
place that defines the metrics, so the verdicts cannot drift from the simulator.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orgsim.analysis.report.formatting import fmt, fmt_share, plural
from orgsim.analysis.units import TIME_METRICS
from orgsim.sim.results import (
    CLASS_METRICS,
    HIGHER_IS_BETTER,
    LEVEL_METRICS,
    METRICS,
    NEUTRAL_METRICS,
    OPTIONAL_METRICS,
    TYPE_METRICS,
)

#: Short names for the verdict sentences; unknown metrics keep their column name.
LABELS: dict[str, str] = {
    "throughput": "throughput",
    "wait_mean": "mean wait",
    "wait_p50": "median wait",
    "wait_p90": "90th-percentile wait",
    "wait_p95": "95th-percentile wait",
    "p_wait": "share of matters that wait",
    "lead_mean": "mean lead time",
    "lead_p50": "median lead time",
    "lead_p90": "90th-percentile lead time",
    "lead_p95": "95th-percentile lead time",
    "deadline_attainment": "deadline attainment",
    "work_mean": "mean working time per matter",
    "transfer_mean": "mean transfer time",
    "handoffs_mean": "mean number of handoffs",
    "approval_wait_mean": "mean wait for approvals",
    "blocked_by_absence_mean": "mean time blocked by absence",
    "utilisation_mean": "mean staff utilisation",
    "utilisation_cv": "busy/idle imbalance (coefficient of variation)",
    "utilisation_gini": "busy/idle imbalance (Gini)",
    "utilisation_range": "gap between busiest and idlest staff member",
    "idle_while_work_waits": "idle time while work waits behind a section wall",
    "backlog_mean": "mean backlog",
    "backlog_final": "backlog at the end",
    "reworks_mean": "mean number of times a matter is sent back",
    "escalated_share": "share of matters escalated",
}
SHARE_METRICS = frozenset(
    {"p_wait", "deadline_attainment", "utilisation_mean", "utilisation_range"}
    | {"idle_while_work_waits", "escalated_share"}
)
COUNT_METRICS = frozenset({"backlog_mean", "backlog_final"})


def base_metric(metric: str) -> str:
    """``wait_mean.red`` -> ``wait_mean``: per-class metrics follow their base metric."""
    return metric.split(".", 1)[0]


def higher_is_better(metric: str) -> bool:
    """Whether a larger value of ``metric`` is an improvement (``sim.results``)."""
    return base_metric(metric) in HIGHER_IS_BETTER


def is_neutral(metric: str) -> bool:
    """Whether neither direction of ``metric`` is better, so a change gets no verdict."""
    return base_metric(metric) in NEUTRAL_METRICS


def is_share(metric: str) -> bool:
    """Whether ``metric`` is a share between 0 and 1, shown as a percentage."""
    return base_metric(metric) in SHARE_METRICS


def label(metric: str) -> str:
    """Plain name of a metric, with its priority class or matter type in brackets."""
    base, _, cls = metric.partition(".")
    name = LABELS.get(base, base)
    return f"{name} ({cls})" if cls else name


def describe(
    metric: str, descriptions: dict[str, str] | None = None, types: Iterable[str] = ()
) -> str:
    """The one-line meaning of a metric, from summary.json or ``sim.results``.

    ``types`` are the run's matter types: ``wait_mean.x`` is per type when ``x`` is one,
    per priority class otherwise.
    """
    known = {
        **METRICS,
        **OPTIONAL_METRICS,
        **{f"{m}.<class>": d for m, d in CLASS_METRICS.items()},
        **{f"{m}.<type>": d for m, d in TYPE_METRICS.items()},
        **{f"{m}.<level>": d for m, d in LEVEL_METRICS.items()},
    }
    known.update(descriptions or {})
    base, _, group = metric.partition(".")
    if group and base in LEVEL_METRICS:
        return known.get(f"{base}.<level>", "").replace("the escalation level", repr(group))
    if group and group in set(types):
        text = known.get(f"{base}.<type>", "")
        return text.replace("the matter type's", f"matter type {group!r}")
    if group:
        return known.get(f"{base}.<class>", "").replace("the class's", f"class {group!r}")
    return known.get(metric, "")


def run_types(summary: dict[str, Any]) -> list[str]:
    """The matter types of a run's summary.json (none in files older than per-type metrics)."""
    return list(summary.get("matter_types") or [])


def number(metric: str, value: Any) -> str:
    """A value as the verdicts show it: shares as percentages."""
    return fmt_share(value) if is_share(metric) else fmt(value)


def unit(metric: str, shown: str, time_unit: str, rate_unit: str | None = None) -> str:
    """The unit after the number ``shown``: `` hours``, `` matters per hour``, `` matters``.

    ``rate_unit`` is throughput's unit when it is not per ``time_unit``
    (``matters per working day``).
    """
    base = base_metric(metric)
    if shown == "n/a":
        return ""
    if base in TIME_METRICS:
        return f" {time_unit if shown == '1' else plural(time_unit)}"
    if base == "throughput":
        return f" {rate_unit or f'matters per {time_unit}'}"
    if base in COUNT_METRICS:
        return " matter" if shown == "1" else " matters"
    return ""


def direction_groups() -> tuple[list[str], list[str]]:
    """Plain names of the higher-is-better metrics and of the neutral ones, sorted."""
    return sorted(map(label, HIGHER_IS_BETTER)), sorted(map(label, NEUTRAL_METRICS))
