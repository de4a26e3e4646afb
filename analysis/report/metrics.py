"""What the report knows about each metric: its plain name, its unit and its good direction.

Names, kinds and directions come from ``analysis.metric_registry``, the one place that
describes the metrics, so tables, verdicts and the headline cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orgsim.analysis.i18n import _, in_chinese
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
    """Plain name of a metric, with its priority class or matter type in brackets.

    In the language shown (the registry's labels are in the catalogue).
    """
    base, _dot, cls = metric.partition(".")
    name = _(LABELS.get(base, base))
    return _("{name} ({group})").format(name=name, group=cls) if cls else name


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
    base, _dot, group = metric.partition(".")
    if in_chinese():
        return _described_in_chinese(base, group, known, types)
    if group and base in LEVEL_METRICS:
        return known.get(f"{base}.<level>", "").replace("the escalation level", repr(group))
    if group and group in set(types):
        text = known.get(f"{base}.<type>", "")
        return text.replace("the matter type's", f"matter type {group!r}")
    if group:
        return known.get(f"{base}.<class>", "").replace("the class's", f"class {group!r}")
    return known.get(metric, "")


def _described_in_chinese(
    base: str, group: str, known: dict[str, str], types: Iterable[str]
) -> str:
    """:func:`describe` in the language shown: a class, type or level named in a template."""
    if not group:
        return _(known.get(base, ""))
    if base in LEVEL_METRICS:
        return _("share of matters that reached escalation level {group} while open").format(
            group=group
        )
    name = _(LABELS.get(base, base))
    if group in set(types):
        return _("{label} of the matters of type {group}").format(label=name, group=group)
    return _("{label} of the matters of priority class {group}").format(label=name, group=group)


def run_types(summary: dict[str, Any]) -> list[str]:
    """The matter types of a run's summary.json (none in files older than per-type metrics)."""
    return list(summary.get("matter_types") or [])


def number(metric: str, value: Any) -> str:
    """A value as the verdicts show it: shares as percentages."""
    return fmt_share(value) if is_share(metric) else fmt(value)


def unit(metric: str, shown: str, time_unit: str, rate_unit: str | None = None) -> str:
    """The unit after the number ``shown``: `` hours``, `` matters per hour``, `` matters``.

    ``rate_unit`` is the period throughput is counted per when it is not ``time_unit``
    (``working day``: ``matters per working day``).
    """
    return amount(metric, shown, time_unit, rate_unit).removeprefix(shown)


def amount(metric: str, shown: str, time_unit: str, rate_unit: str | None = None) -> str:
    """The number ``shown`` with its unit: ``4.07 hours``, ``12 matters per working day``.

    Units are those of :func:`unit`, in the language shown (``12 件/工作日``).
    """
    base = base_metric(metric)
    if shown == "n/a":
        return shown
    if base in TIME_METRICS:
        return f"{shown} {time_unit if shown == '1' else plural(time_unit)}"
    if base == "throughput":
        return _("{count} matters per {unit}").format(count=shown, unit=rate_unit or time_unit)
    if base in COUNT_METRICS:
        return (_("{count} matter") if shown == "1" else _("{count} matters")).format(count=shown)
    return shown


def direction_groups() -> tuple[list[str], list[str]]:
    """Plain names of the higher-is-better metrics and of the neutral ones, sorted."""
    return sorted(map(label, HIGHER_IS_BETTER)), sorted(map(label, NEUTRAL_METRICS))
