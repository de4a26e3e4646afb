"""Per-matter-type metrics: ``wait_mean.<type>`` and ``deadline_attainment.<type>``.

Every run reports them for every matter type (``sim.results.TYPE_METRICS``). An office may
have hundreds of matter types, so they stay out of the tables with one row per metric and
get tables of their own, one row per matter type, one per metric. A name is per-type when
its part after the dot is one of the run's matter types; anything else after a dot is a
priority class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orgsim.analysis.i18n import N_
from orgsim.sim.results import TYPE_METRICS

#: The per-type metrics as the tables of one row per matter type are titled.
TITLES: dict[str, str] = {
    "wait_mean": N_("Mean wait per matter type"),
    "deadline_attainment": N_("Deadline attainment per matter type (types with a deadline)"),
}


def type_metric(metric: str, matter_type: str) -> str:
    """``wait_mean`` and ``permit`` -> ``wait_mean.permit``."""
    return f"{metric}.{matter_type}"


def is_type_metric(metric: str, types: Iterable[str]) -> bool:
    """Whether ``metric`` is one of :data:`TYPE_METRICS` for one of ``types``."""
    base, dot, suffix = metric.partition(".")
    return bool(dot) and base in TYPE_METRICS and suffix in set(types)


def type_columns(columns: Iterable[str], types: Sequence[str]) -> list[str]:
    """The per-type metrics among ``columns``: grouped by metric, types in their order."""
    present = set(columns)
    return [
        type_metric(metric, t)
        for metric in TYPE_METRICS
        for t in types
        if type_metric(metric, t) in present
    ]


def by_metric(columns: Iterable[str], types: Sequence[str]) -> dict[str, list[str]]:
    """Per-type metric -> the matter types it is given for, in order (none left out)."""
    present = set(columns)
    found = {m: [t for t in types if type_metric(m, t) in present] for m in TYPE_METRICS}
    return {m: kinds for m, kinds in found.items() if kinds}
