"""Handling-time distributions: exponential, lognormal and gamma compared by AIC.

Each candidate is fitted by maximum likelihood with scipy.stats (location fixed at 0);
the one with the smallest AIC (2k - 2 log L) is written. A point mass has no density to
compare by AIC, so ``deterministic`` is chosen instead when the coefficient of variation
is below 5%. The Kolmogorov-Smirnov distance of the chosen fit is reported as its
goodness of fit; its p-value is optimistic, as the parameters come from the same data.
When AIC values are within 2 of the smallest, the one with fewer parameters is taken (the
data cannot tell them apart). Handling times are in working hours; a time of zero (start
and finish at the same recorded instant) is set to half the smallest positive time before
fitting, and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

#: Below this coefficient of variation the handling time is taken as deterministic.
DETERMINISTIC_CV = 0.05
#: AIC differences below this do not count as evidence for the larger model.
AIC_TIE = 2.0
#: Fewer records than this: only the exponential is fitted (two-parameter fits are unstable).
MIN_FOR_SHAPE = 10


@dataclass(frozen=True)
class ServiceFit:
    """The fitted handling time of one matter type (or step)."""

    distribution: str
    mean: float
    cv: float | None
    count: int
    sample_mean: float
    ci_low: float
    ci_high: float
    aic: dict[str, float]
    ks_statistic: float
    ks_p_value: float
    zero_times: int

    def service(self) -> dict[str, object]:
        """The ``service`` entry of the org file."""
        out: dict[str, object] = {"distribution": self.distribution, "mean": round(self.mean, 6)}
        if self.distribution in ("lognormal", "gamma") and self.cv is not None:
            out["cv"] = round(self.cv, 4)
        return out

    def describe(self) -> str:
        """One line for the org file's comments."""
        aic = ", ".join(f"{k} {v:.1f}" for k, v in self.aic.items())
        zeros = (
            f"; {self.zero_times} zero times set to half the smallest" if self.zero_times else ""
        )
        return (
            f"{self.count} handled: mean {self.sample_mean:.4g} [{self.ci_low:.4g}, "
            f"{self.ci_high:.4g}] working hours (t 95%); {self.distribution}"
            + (f" (AIC {aic})" if aic else " (coefficient of variation under 5%)")
            + f"; KS D = {self.ks_statistic:.3f}, p = {self.ks_p_value:.2g}{zeros}"
        )


def _interval(x: np.ndarray) -> tuple[float, float]:
    if x.size < 2:
        return float("nan"), float("nan")
    half = stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size)
    return float(x.mean() - half), float(x.mean() + half)


def _candidates(x: np.ndarray) -> dict[str, stats.rv_continuous]:
    fitted = {"exponential": stats.expon(scale=x.mean())}
    if x.size >= MIN_FOR_SHAPE:
        logs = np.log(x)
        fitted["lognormal"] = stats.lognorm(s=logs.std(), scale=np.exp(logs.mean()))
        shape, _, scale = stats.gamma.fit(x, floc=0)
        fitted["gamma"] = stats.gamma(shape, scale=scale)
    return fitted


def fit_service(durations: np.ndarray) -> ServiceFit:
    """The best of the candidate distributions for handling times in working hours."""
    x = np.asarray(durations, dtype=float)
    zeros = int((x <= 0).sum())
    positive = x[x > 0]
    x = np.where(x > 0, x, positive.min() / 2 if positive.size else 1 / 3600)
    mean = float(x.mean())
    cv = float(x.std(ddof=1) / mean) if x.size > 1 else 0.0
    low, high = _interval(x)
    if cv < DETERMINISTIC_CV:
        d = float(np.abs(x - mean).max() > 0)
        return ServiceFit(
            "deterministic", mean, None, x.size, mean, low, high, {}, d, float("nan"), zeros
        )
    fitted = _candidates(x)
    size = {name: 1 if name == "exponential" else 2 for name in fitted}
    aic = {name: float(2 * size[name] - 2 * dist.logpdf(x).sum()) for name, dist in fitted.items()}
    lowest = min(aic.values())
    tied = [name for name in aic if aic[name] <= lowest + AIC_TIE]
    best = min(tied, key=lambda name: (size[name], aic[name]))
    dist = fitted[best]
    ks = stats.kstest(x, dist.cdf)
    fit_mean = float(dist.mean())
    fit_cv = float(dist.std() / fit_mean)
    return ServiceFit(
        best,
        fit_mean,
        None if best == "exponential" else fit_cv,
        x.size,
        mean,
        low,
        high,
        aic,
        float(ks.statistic),
        float(ks.pvalue),
        zeros,
    )
