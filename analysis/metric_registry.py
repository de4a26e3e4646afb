"""Every metric in one place: meaning, unit, good direction, bounds, family, what matters.

The engine (``sim.results``) computes the metrics and says in one line what each means;
this registry describes them for people: which way is better, which values are possible
(a share lies in [0, 1], times and counts are never negative), which metrics tell the same
story (a family: the mean wait and its percentiles), and the smallest difference an office
would act on. Tables, verdicts, the headline card and the figures read it from here.

The smallest difference that matters (the *practical band*) is the larger of a share of
the baseline's value (``relative``) and a fixed amount (``absolute``, in the metric's own
unit; for times in minutes, converted to the engine's time unit). A run overrides it with
``practical.<metric>=<amount>`` (an amount in the engine's unit, a share as a fraction) or
``practical.<metric>=5%`` (relative to the baseline); a family's name sets every member.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from orgsim.analysis.i18n import N_, _
from orgsim.sim.results import CLASS_METRICS, METRICS, OPTIONAL_METRICS

#: What a metric's values are: a time, a rate, a share in [0, 1], a count, or a ratio.
KINDS = ("time", "rate", "share", "count", "ratio")
#: Which way is an improvement.
DIRECTIONS = ("higher", "lower", "neutral")


@dataclass(frozen=True)
class Practical:
    """The smallest difference that matters: ``max(relative * |baseline|, absolute)``.

    ``absolute`` is in the metric's unit; for times it is in minutes (``in_minutes``) and
    converted to the engine's unit when a band is worked out.
    """

    relative: float = 0.0
    absolute: float = 0.0
    in_minutes: bool = False

    def band(self, baseline: float, engine_hours: float | None = 1.0) -> float:
        """The band around 0 for a difference from a baseline value ``baseline``.

        ``engine_hours`` is the number of working hours in one engine time unit (None when
        the engine's unit is not a time, then minutes cannot be converted and only the
        relative part counts).
        """
        absolute = self.absolute
        if self.in_minutes:
            absolute = 0.0 if not engine_hours else self.absolute / 60.0 / engine_hours
        relative = self.relative * abs(baseline) if math.isfinite(baseline) else 0.0
        return max(relative, absolute)

    def text(self) -> str:
        """``5% or 1 minute, whichever is larger``, for docs and pages."""
        parts = []
        if self.relative:
            parts.append(f"{100 * self.relative:g}%")
        if self.absolute:
            amount = f"{self.absolute:g}"
            parts.append(
                f"{amount} minute{'' if amount == '1' else 's'}" if self.in_minutes else amount
            )
        if not parts:
            return "any difference"
        return parts[0] if len(parts) == 1 else f"{' or '.join(parts)}, whichever is larger"


@dataclass(frozen=True)
class MetricInfo:
    """What people need to know about one metric."""

    name: str
    label: str
    kind: str
    direction: str
    family: str
    practical: Practical
    lower: float = 0.0
    upper: float = math.inf

    @property
    def shown_label(self) -> str:
        """The label in the language being shown."""
        return _(self.label)

    @property
    def meaning(self) -> str:
        """The engine's one-line meaning of the metric."""
        return {**METRICS, **OPTIONAL_METRICS}.get(self.name, "")

    @property
    def shown_meaning(self) -> str:
        """The meaning in the language being shown (the engine's text is the key)."""
        return _(self.meaning) if self.meaning else ""

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the metric can take."""
        return self.lower, self.upper


_WAIT = Practical(relative=0.05, absolute=1.0, in_minutes=True)
_POINT = Practical(absolute=0.01)
_BACKLOG = Practical(relative=0.05, absolute=1.0)


def _time(name: str, label: str, family: str) -> MetricInfo:
    return MetricInfo(name, label, "time", "lower", family, _WAIT)


def _share(name: str, label: str, family: str, direction: str = "lower") -> MetricInfo:
    return MetricInfo(name, label, "share", direction, family, _POINT, 0.0, 1.0)


_ENTRIES = [
    MetricInfo("throughput", N_("throughput"), "rate", "higher", "throughput", Practical(0.02)),
    _time("wait_mean", N_("mean wait"), "wait"),
    _time("wait_p50", N_("median wait"), "wait"),
    _time("wait_p90", N_("90th-percentile wait"), "wait"),
    _time("wait_p95", N_("95th-percentile wait"), "wait"),
    _share("p_wait", N_("share of matters that wait"), "wait"),
    _time("lead_mean", N_("mean lead time"), "lead"),
    _time("lead_p50", N_("median lead time"), "lead"),
    _time("lead_p90", N_("90th-percentile lead time"), "lead"),
    _time("lead_p95", N_("95th-percentile lead time"), "lead"),
    _share("deadline_attainment", N_("deadline attainment"), "deadline", "higher"),
    _time("work_mean", N_("mean working time per matter"), "work"),
    _time("transfer_mean", N_("mean transfer time"), "handoffs"),
    MetricInfo(
        "handoffs_mean",
        N_("mean number of handoffs"),
        "ratio",
        "lower",
        "handoffs",
        Practical(absolute=0.05),
    ),
    _time("approval_wait_mean", N_("mean wait for approvals"), "approvals"),
    _time("blocked_by_absence_mean", N_("mean time blocked by absence"), "absence"),
    _share("utilisation_mean", N_("mean staff utilisation"), "utilisation", "neutral"),
    MetricInfo(
        "utilisation_cv",
        N_("busy/idle imbalance (coefficient of variation)"),
        "ratio",
        "lower",
        "imbalance",
        Practical(absolute=0.02),
    ),
    MetricInfo(
        "utilisation_gini",
        N_("busy/idle imbalance (Gini)"),
        "ratio",
        "lower",
        "imbalance",
        Practical(absolute=0.01),
        0.0,
        1.0,
    ),
    _share("utilisation_range", N_("gap between busiest and idlest staff member"), "imbalance"),
    _share(
        "idle_while_work_waits",
        N_("idle time while work waits behind a section wall"),
        "idle_while_waiting",
    ),
    MetricInfo("backlog_mean", N_("mean backlog"), "count", "lower", "backlog", _BACKLOG),
    MetricInfo("backlog_final", N_("backlog at the end"), "count", "lower", "backlog", _BACKLOG),
    MetricInfo(
        "reworks_mean",
        N_("mean number of times a matter is sent back"),
        "ratio",
        "lower",
        "rework",
        Practical(absolute=0.01),
    ),
    _share("escalated_share", N_("share of matters escalated"), "escalation"),
]

#: Base metric name -> its description, in the order of every table.
REGISTRY: dict[str, MetricInfo] = {info.name: info for info in _ENTRIES}
#: Family name -> its members, in table order.
FAMILIES: dict[str, list[str]] = {}
for _info in _ENTRIES:
    FAMILIES.setdefault(_info.family, []).append(_info.name)

_missing = (set(METRICS) | set(OPTIONAL_METRICS) | set(CLASS_METRICS)) - set(REGISTRY)
assert not _missing, f"metrics without a registry entry: {sorted(_missing)}"


def base_metric(metric: str) -> str:
    """``wait_mean.red`` -> ``wait_mean``: per-class and per-type metrics follow their base."""
    return metric.split(".", 1)[0]


def info(metric: str) -> MetricInfo | None:
    """The registry entry of ``metric`` (its base metric's), or None if unknown."""
    return REGISTRY.get(base_metric(metric))


def names(kind: str | None = None, direction: str | None = None) -> frozenset[str]:
    """Base names of the metrics of a ``kind`` and/or ``direction``."""
    return frozenset(
        m.name
        for m in _ENTRIES
        if (kind is None or m.kind == kind) and (direction is None or m.direction == direction)
    )


def bounds(metric: str) -> tuple[float, float]:
    """The values ``metric`` can take; unknown metrics are unbounded."""
    found = info(metric)
    return (-math.inf, math.inf) if found is None else found.bounds


class PracticalError(ValueError):
    """A ``practical`` run setting that cannot be read; the message says how to fix it."""


def _parsed(key: str, value: Any) -> Practical:
    """One ``practical.<key>`` setting: an amount (absolute) or ``N%`` (relative)."""
    where = f"practical.{key}"
    amount, relative = value, False
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            amount, relative = float(value.strip()[:-1]) / 100, True
        except ValueError:
            amount = None
    number = isinstance(amount, int | float) and not isinstance(amount, bool)
    if number and math.isfinite(amount) and amount >= 0:
        return Practical(relative=amount) if relative else Practical(absolute=float(amount))
    raise PracticalError(
        f"{where}: {value!r} is not a smallest difference that matters; give an amount >= 0 "
        f"in the metric's unit (engine time unit for times, 0.01 for 1 point of a share) "
        f"or a percentage of the baseline such as 5%"
    )


def practical_settings(overrides: Mapping[str, Any] | None) -> dict[str, Practical]:
    """Every base metric's :class:`Practical`: the defaults, with a run's overrides.

    ``overrides`` maps a metric or family name to an amount or ``N%`` (None: the default);
    a metric's own setting wins over its family's. Raises :class:`PracticalError` on an
    unknown name or a value that is not an amount.
    """
    out = {name: m.practical for name, m in REGISTRY.items()}
    given = {k: v for k, v in dict(overrides or {}).items() if v is not None}
    for key in given:
        if key not in REGISTRY and key not in FAMILIES:
            raise PracticalError(
                f"practical.{key}: not a metric or family; use one of "
                f"{', '.join([*REGISTRY, *FAMILIES])}"
            )
    for family, members in FAMILIES.items():
        if family in given and family not in REGISTRY:
            for member in members:
                out[member] = _parsed(family, given[family])
    for key, value in given.items():
        if key in REGISTRY:
            out[key] = _parsed(key, value)
    return out


def practical_keys() -> dict[str, None]:
    """Every metric and family name with no setting: the run setting ``practical``'s keys."""
    return dict.fromkeys([*REGISTRY, *FAMILIES])


def with_practical(overrides: Mapping[str, Any] | None) -> dict[str, MetricInfo]:
    """The registry with a run's practical bands in place of the defaults."""
    settings = practical_settings(overrides)
    return {name: replace(m, practical=settings[name]) for name, m in REGISTRY.items()}
