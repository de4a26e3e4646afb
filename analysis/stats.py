"""Student-t intervals over independent replications, and paired differences.

Replication ``i`` of every structure uses the same seed, so structures face identical
demand (common random numbers); the difference ``alternative - baseline`` is then taken
replication by replication, which gives a much tighter interval than comparing two
independent means.

A metric with bounds (a share in [0, 1], a time or count never below 0) gets an interval
inside them (:func:`bounded_interval`): the Student-t interval when it already lies within
the bounds, else the same interval built on the logit scale (shares) or the log scale
(non-negative values) by the delta method and transformed back. Paired differences have
no bounds and keep their Student-t intervals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

#: The confidence level of every interval unless the run sets ``confidence``.
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    """A mean with its two-sided Student-t confidence interval."""

    mean: float
    ci_low: float
    ci_high: float
    half_width: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        """Plain dict for JSON."""
        return asdict(self)

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly on one side of zero."""
        return self.ci_low > 0 or self.ci_high < 0


def t_interval(values: np.ndarray | pd.Series, confidence: float = DEFAULT_CONFIDENCE) -> Interval:
    """Mean and Student-t interval of independent replications (NaNs dropped)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        nan = float("nan")
        return Interval(nan, nan, nan, nan, 0)
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, float("nan"), float("nan"), float("nan"), 1)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return Interval(mean, mean - half, mean + half, half, n)


def bounded_interval(
    values: np.ndarray | pd.Series,
    confidence: float = DEFAULT_CONFIDENCE,
    lower: float = -math.inf,
    upper: float = math.inf,
) -> Interval:
    """A Student-t interval that stays within ``[lower, upper]`` (see the module docstring).

    With both bounds finite (a share) the interval is built for ``logit((m - lower) /
    (upper - lower))``, with only ``lower`` for ``log(m - lower)``; the standard error is
    carried over by the delta method. A mean on a bound means every value is on it, and the
    interval is that point.
    """
    plain = t_interval(values, confidence)
    low, high = plain.ci_low, plain.ci_high
    if plain.n < 2 or not (low < lower or high > upper):
        return plain
    mean, half = plain.mean, plain.half_width
    if math.isfinite(lower) and math.isfinite(upper):
        width = upper - lower
        p = (mean - lower) / width
        if not 0 < p < 1:
            return Interval(mean, mean, mean, 0.0, plain.n)
        centre, spread = math.log(p / (1 - p)), half / (width * p * (1 - p))
        low, high = (lower + width * float(special.expit(centre + s * spread)) for s in (-1, 1))
    elif math.isfinite(lower):
        above = mean - lower
        if above <= 0:
            return Interval(mean, mean, mean, 0.0, plain.n)
        low, high = (lower + above * float(np.exp(s * half / above)) for s in (-1, 1))
    else:
        above = upper - mean
        if above <= 0:
            return Interval(mean, mean, mean, 0.0, plain.n)
        low, high = (upper - above * float(np.exp(s * half / above)) for s in (1, -1))
    return Interval(mean, low, high, (high - low) / 2, plain.n)


def summarise(
    replications: pd.DataFrame,
    metrics: list[str],
    confidence: float = DEFAULT_CONFIDENCE,
    bounds: Callable[[str], tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """One row per (structure, metric): mean, interval and number of replications.

    With ``bounds`` (metric -> its lowest and highest possible value) each interval stays
    within them (:func:`bounded_interval`).
    """
    rows = []
    for structure, group in replications.groupby("structure", sort=False):
        for metric in metrics:
            values = group[metric].to_numpy()
            if bounds is None:
                interval = t_interval(values, confidence)
            else:
                interval = bounded_interval(values, confidence, *bounds(metric))
            rows.append({"structure": structure, "metric": metric, **interval.as_dict()})
    return pd.DataFrame(rows)


def holm(p_values: list[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of p-values for comparing one baseline with many."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    m = p.size
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def paired_p_value(differences: np.ndarray) -> float:
    """Two-sided paired t-test p-value of mean difference 0 (NaN if undefined)."""
    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d)]
    if d.size < 2:
        return float("nan")
    sd = d.std(ddof=1)
    if sd == 0:
        return 1.0 if d.mean() == 0 else 0.0
    t = d.mean() / (sd / np.sqrt(d.size))
    return float(2 * stats.t.sf(abs(t), d.size - 1))


def replications_needed(
    pilot: np.ndarray | pd.Series, half_width: float, confidence: float = DEFAULT_CONFIDENCE
) -> int:
    """Replications for a Student-t interval of at most ``half_width``, from a pilot run.

    The smallest ``n`` with ``t(n-1) * s / sqrt(n) <= half_width``, ``s`` the pilot's
    standard deviation (never fewer than the pilot already has).
    """
    x = np.asarray(pilot, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 2:
        raise ValueError("a pilot of at least 2 replications is needed")
    if half_width <= 0:
        raise ValueError("the half-width must be positive")
    s = x.std(ddof=1)
    n = x.size
    while stats.t.ppf(0.5 + confidence / 2, n - 1) * s / np.sqrt(n) > half_width:
        n += 1
    return int(n)


def welch_average(series: np.ndarray, window: int) -> np.ndarray:
    """Welch's procedure for choosing a warm-up.

    ``series`` is replications x time points; the mean over replications is smoothed with
    a centred moving average of half-width ``window`` (shrinking near the start, as Welch
    prescribes). Plot it and take the warm-up where the curve flattens.
    """
    mean = np.asarray(series, dtype=float).mean(axis=0)
    out = np.empty_like(mean)
    for i in range(mean.size):
        w = min(window, i, mean.size - 1 - i)
        out[i] = mean[i - w : i + w + 1].mean()
    return out


def paired_differences(
    replications: pd.DataFrame,
    baseline: str,
    metrics: list[str],
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """One row per (alternative, metric): the paired comparison with the baseline.

    Columns: mean of ``alternative - baseline`` with its interval, the paired t-test
    p-value, and the Holm-adjusted p-value over all alternatives for that metric.
    """
    wide = replications.set_index(["structure", "replication"])
    base = wide.loc[baseline]
    rows = []
    for structure in replications["structure"].unique():
        if structure == baseline:
            continue
        alt = wide.loc[structure]
        common = alt.index.intersection(base.index)
        for metric in metrics:
            diff = alt.loc[common, metric] - base.loc[common, metric]
            interval = t_interval(diff.to_numpy(), confidence)
            rows.append(
                {
                    "structure": structure,
                    "baseline": baseline,
                    "metric": metric,
                    **interval.as_dict(),
                    "significant": bool(interval.excludes_zero),
                    "p_value": paired_p_value(diff.to_numpy()),
                }
            )
    table = pd.DataFrame(rows)
    if len(table):
        table["p_holm"] = table.groupby("metric")["p_value"].transform(
            lambda p: holm(p.fillna(1.0).to_numpy())
        )
    return table
