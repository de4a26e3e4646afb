"""Student-t intervals over independent replications, and paired differences.

Replication ``i`` of every structure uses the same seed, so structures face identical
demand (common random numbers); the difference ``alternative - baseline`` is then taken
replication by replication, which gives a much tighter interval than comparing two
independent means.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats


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


def t_interval(values: np.ndarray | pd.Series, confidence: float = 0.95) -> Interval:
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


def summarise(
    replications: pd.DataFrame, metrics: list[str], confidence: float = 0.95
) -> pd.DataFrame:
    """One row per (structure, metric): mean, interval and number of replications."""
    rows = []
    for structure, group in replications.groupby("structure", sort=False):
        for metric in metrics:
            interval = t_interval(group[metric].to_numpy(), confidence)
            rows.append({"structure": structure, "metric": metric, **interval.as_dict()})
    return pd.DataFrame(rows)


def paired_differences(
    replications: pd.DataFrame, baseline: str, metrics: list[str], confidence: float = 0.95
) -> pd.DataFrame:
    """One row per (alternative, metric): mean of ``alternative - baseline`` and interval."""
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
                }
            )
    return pd.DataFrame(rows)
