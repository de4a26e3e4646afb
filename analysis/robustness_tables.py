"""The verdict of a robustness run: where in the plausible range the plan wins, and why.

Each sampled point of the uncertain assumptions carries one paired comparison (plan against
baseline under common random numbers). Its *gain* is the relative change of the metric in the
plan's favour: positive when the plan is better, whatever the metric's direction. A change
smaller than the metric's smallest difference that matters (the metric registry's practical
band, with the run's ``practical.*`` overrides: :func:`practical_of`) is "no practical
difference"; the verdict is read on the mean paired difference of the point.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from orgsim.analysis.i18n import N_, _
from orgsim.analysis.metric_registry import Practical, base_metric, practical_settings
from orgsim.analysis.metric_registry import info as metric_info

#: The verdicts a point can have, in the order they are reported.
VERDICTS = (N_("better"), N_("no practical difference"), N_("worse"))
#: The smallest relative change that matters for a metric the registry does not know (5%).
DEFAULT_BAND = 0.05
#: Most harmonics RBD-FAST reads; it reads one per ten points, and needs two at least.
RBD_HARMONICS = 10


def practical_of(
    metric: str, overrides: Mapping[str, Any] | None = None, band: float | None = None
) -> Practical:
    """The smallest difference of ``metric`` that matters in this run.

    The metric registry's band (for a wait: 5% of the baseline or 1 minute, whichever is
    larger), with the run's ``practical.<metric or family>`` ``overrides``, as every other
    verdict of orgsim reads it. ``band`` (the older ``robustness.band``), when given,
    replaces it by that share of the baseline's value.
    """
    if band is not None:
        return Practical(relative=float(band))
    found = practical_settings(overrides).get(base_metric(metric))
    return Practical(relative=DEFAULT_BAND) if found is None else found


def relative_band(practical: Practical, baseline: float, engine_hours: float | None) -> float:
    """The band at one point as a share of the baseline's value there (as :func:`gain` is)."""
    amount = practical.band(baseline, engine_hours)
    scale = abs(baseline) if baseline != 0 and math.isfinite(baseline) else 1e-12
    return amount / scale


def practical_record(practical: Practical) -> dict[str, Any]:
    """The band as robustness.json keeps it (to say it on the page in any language)."""
    return {
        "relative": practical.relative,
        "absolute": practical.absolute,
        "in_minutes": practical.in_minutes,
    }


def band_words(record: Mapping[str, Any], metric: str) -> str:
    """``5% of the baseline's value or 1 minute, whichever is larger``, in the language shown."""
    relative = float(record.get("relative") or 0.0)
    absolute = float(record.get("absolute") or 0.0)
    found = metric_info(metric)
    parts = []
    if relative:
        parts.append(_("{share} of the baseline's value").format(share=f"{100 * relative:g}%"))
    if absolute and record.get("in_minutes"):
        amount = f"{absolute:g}"
        parts.append(_("1 minute") if amount == "1" else _("{n} minutes").format(n=amount))
    elif absolute and found is not None and found.kind == "share":
        points = f"{100 * absolute:g}"
        one = _("1 percentage point")
        parts.append(one if points == "1" else _("{n} percentage points").format(n=points))
    elif absolute:
        parts.append(_("{n} in the metric's own unit").format(n=f"{absolute:g}"))
    if not parts:
        return _("any difference")
    if len(parts) == 1:
        return parts[0]
    return _("{first} or {second}, whichever is larger").format(first=parts[0], second=parts[1])


def higher_is_better(metric: str) -> bool:
    """Whether more of ``metric`` is better (the registry's direction)."""
    found = metric_info(metric)
    return found is not None and found.direction == "higher"


def gain(metric: str, baseline: float, plan: float) -> float:
    """Relative change in the plan's favour (0.1: 10% better than the baseline)."""
    scale = abs(baseline) if baseline != 0 else max(abs(plan), 1e-12)
    change = (plan - baseline) / scale
    return change if higher_is_better(metric) else -change


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
                measure = N_("total Sobol index ST")
            elif method == "morris":
                found = morris.analyze(problem, sample, gains, seed=1)
                table = {
                    "influence": found["mu_star"],
                    "influence_conf": found["mu_star_conf"],
                    "sigma": found["sigma"],
                }
                measure = N_("Morris mu* (mean absolute effect on the gain)")
            else:
                found = rbd_fast.analyze(problem, sample, gains, M=harmonics, seed=1)
                table = {"influence": found["S1"], "influence_conf": found["S1_conf"]}
                measure = N_("first-order index S1 (RBD-FAST)")
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
    lines = [f"## {heading}", "", _("{n} sampled points of the plausible range").format(n=points)]
    lines += ["", f"| {_('verdict')} | {_('share of the range')} |", "|---|---|"]
    lines += [f"| {_(name)} | {share:.0%} |" for name, share in shares.items()]
    lines += ["", "### " + _("Which assumptions the verdict depends on most"), ""]
    if influence.empty:
        lines.append(_("Too few points to tell; sample more (robustness.points)."))
        return "\n".join(lines)
    measure = _(str(influence["measure"].iloc[0]))
    lines += [f"| {_('assumption')} | {measure} | ± (95%) |", "|---|---|---|"]
    for row in influence.itertuples():
        lines.append(f"| {row.assumption} | {row.influence:.3g} | {row.influence_conf:.2g} |")
    return "\n".join(lines)
