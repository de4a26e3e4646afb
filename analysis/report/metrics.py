"""What the report knows about each metric: its plain name, its unit and its good direction.

Names, kinds and directions come from ``analysis.metric_registry``, the one place that
describes the metrics, so tables, verdicts and the headline cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orgsim.analysis.metric_registry import REGISTRY, names
from orgsim.analysis.report.formatting import fmt, fmt_share, plural
from orgsim.sim.results import (
    CLASS_METRICS,
    LEVEL_METRICS,
    METRICS,
    OPTIONAL_METRICS,
    TYPE_METRICS,
)

#: Short names for the verdict sentences; unknown metrics keep their column name.
LABELS: dict[str, str] = {name: m.label for name, m in REGISTRY.items()}
SHARE_METRICS = names(kind="share")
TIME_METRICS = names(kind="time")
COUNT_METRICS = names(kind="count")
#: Metrics where a larger value is better, and those where neither direction is.
HIGHER_IS_BETTER = names(direction="higher")
NEUTRAL_METRICS = names(direction="neutral")


def base_metric(metric: str) -> str:
    """``wait_mean.red`` -> ``wait_mean``: per-class metrics follow their base metric."""
    return metric.split(".", 1)[0]


def higher_is_better(metric: str) -> bool:
    """Whether a larger value of ``metric`` is an improvement (the metric registry)."""
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
