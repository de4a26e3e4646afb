"""The verdict of a robustness run: where in the plausible range the plan wins, and why.

Each sampled point of the uncertain assumptions carries one paired comparison (plan against
baseline under common random numbers). Its *gain* is the relative change of the metric in the
plan's favour: positive when the plan is better, whatever the metric's direction. A gain
inside the band of no practical difference (:func:`practical_band`) is "no practical
difference"; the verdict is read on the mean paired difference of the point.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

#: The verdicts a point can have, in the order they are reported.
VERDICTS = ("better", "no practical difference", "worse")
#: The smallest relative change that matters when no other band is given (5%).
DEFAULT_BAND = 0.05
#: Metrics where more is better; every other metric (waits, backlogs) is better lower.
HIGHER_IS_BETTER = frozenset({"throughput", "deadline_attainment"})
#: Most harmonics RBD-FAST reads; it reads one per ten points, and needs two at least.
RBD_HARMONICS = 10


def practical_band(metric: str, band: float | None = None) -> float:
    """The relative change of ``metric`` below which a difference does not matter.

    One place to ask, so that a per-metric registry of bands can answer here later; today
    every metric has the same default, 5% of the baseline's value, unless ``band`` is given.
    """
    return DEFAULT_BAND if band is None else float(band)


def gain(metric: str, baseline: float, plan: float) -> float:
    """Relative change in the plan's favour (0.1: 10% better than the baseline)."""
    scale = abs(baseline) if baseline != 0 else max(abs(plan), 1e-12)
    change = (plan - baseline) / scale
    return change if metric.split(".")[0] in HIGHER_IS_BETTER else -change


def verdict(relative_gain: float, band: float) -> str:
    """Better, no practical difference or worse, for a gain and the band."""
    if relative_gain > band:
        return "better"
    if relative_gain < -band:
        return "worse"
    return "no practical difference"


def verdict_shares(verdicts: pd.Series) -> dict[str, float]:
    """The share of the sampled points with each verdict (every verdict listed)."""
    counts = verdicts.value_counts()
    total = max(len(verdicts), 1)
    return {name: float(counts.get(name, 0)) / total for name in VERDICTS}


def sensitivity(
    problem: dict[str, Any], sample: np.ndarray, gains: np.ndarray, method: str
) -> pd.DataFrame:
    """How much of the gain's variation each assumption explains, with intervals (SALib).

    ``sobol``: first-order and total Sobol indices (S1, ST) of a Sobol sample; ``morris``:
    Morris elementary effects (mu*, the mean absolute effect, and sigma) of Morris
    trajectories; ``latin``: RBD-FAST first-order indices of a Latin hypercube. The column
    ``influence`` orders the assumptions (ST, mu* or S1) and ``influence_conf`` is the
    half-width of its 95% interval. Empty when the sample is too small to tell (a Latin
    hypercube of fewer than 20 points).
    """
    from SALib.analyze import morris, rbd_fast, sobol  # seconds to import: only here

    names = problem["names"]
    harmonics = min(RBD_HARMONICS, len(sample) // 10)
    if method == "latin" and harmonics < 2:
        return pd.DataFrame(columns=["assumption", "influence", "influence_conf", "measure"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if method == "sobol":
                found = sobol.analyze(problem, gains, calc_second_order=False, seed=1)
                table = {
                    "S1": found["S1"],
                    "S1_conf": found["S1_conf"],
                    "influence": found["ST"],
                    "influence_conf": found["ST_conf"],
                }
                measure = "total Sobol index ST"
            elif method == "morris":
                found = morris.analyze(problem, sample, gains, seed=1)
                table = {
                    "influence": found["mu_star"],
                    "influence_conf": found["mu_star_conf"],
                    "sigma": found["sigma"],
                }
                measure = "Morris mu* (mean absolute effect on the gain)"
            else:
                found = rbd_fast.analyze(problem, sample, gains, M=harmonics, seed=1)
                table = {"influence": found["S1"], "influence_conf": found["S1_conf"]}
                measure = "first-order index S1 (RBD-FAST)"
        except (ValueError, ZeroDivisionError, IndexError):
            return pd.DataFrame(columns=["assumption", "influence", "influence_conf", "measure"])
    out = pd.DataFrame({"assumption": names, **{k: np.asarray(v, float) for k, v in table.items()}})
    out["measure"] = measure
    return out.sort_values("influence", ascending=False, ignore_index=True)


def robustness_markdown(
    shares: dict[str, float],
    influence: pd.DataFrame,
    heading: str,
    points: int,
) -> str:
    """The verdict shares and the assumptions that matter most, as Markdown."""
    lines = [f"## {heading}", "", f"{points} sampled points of the plausible range", ""]
    lines += ["| verdict | share of the range |", "|---|---|"]
    lines += [f"| {name} | {share:.0%} |" for name, share in shares.items()]
    lines += ["", "### Which assumptions the verdict depends on most", ""]
    if influence.empty:
        lines.append("Too few points to tell; sample more (robustness.points).")
        return "\n".join(lines)
    measure = str(influence["measure"].iloc[0])
    lines += [f"| assumption | {measure} | ± (95%) |", "|---|---|---|"]
    for row in influence.itertuples():
        lines.append(f"| {row.assumption} | {row.influence:.3g} | {row.influence_conf:.2g} |")
    return "\n".join(lines)
