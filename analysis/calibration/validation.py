"""Does the model reproduce today's office? Recorded against simulated, period against period.

The recorded log is *one* period of the office. Each simulated replication is one period
of the same length under the model. Matters within a period are not independent (a busy
morning makes everyone behind it wait), so pooling thousands of simulated matters into a
two-sample test would declare any small misfit "significant". Every comparison here is
therefore made at the level of periods:

- a summary (throughput, mean and quantiles of waits and lead times per matter type,
  utilisation per person) is computed once for the recorded period and once per
  replication; the recorded value is compared with the 95% *prediction interval* of one
  more replication, mean ± t(R-1) · sd · sqrt(1 + 1/R), and its two-sided p-value is the
  t-test of the recorded value as one more draw;
- a distribution (of waits, of lead times) is compared by the Kolmogorov-Smirnov distance
  between the recorded matters and all simulated ones, set against the same distance
  between each replication and the other replications: the p-value is one-sided (is
  the recorded distance larger than a simulated period's?), with the same t approximation.

The p-values are Holm-adjusted over the whole table; a row is *not reproduced* when its
adjusted p-value is below 5%. Passing means this log cannot tell the model from the
office, not that they are the same: a short log has little power.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from orgsim.analysis.stats import holm

#: Fewer recorded matters than this: a type's row is not tested.
MIN_RECORDED = 10
LEVEL = 0.05
QUANTILE_MEASURES = {"p50": 0.5, "p90": 0.9}
COLUMNS = (
    "matter_type",
    "measure",
    "recorded",
    "sim_mean",
    "sim_low",
    "sim_high",
    "n_recorded",
    "p_value",
    "p_holm",
    "verdict",
)
ALL = "(all)"


@dataclass(frozen=True)
class Period:
    """One period of the office, recorded or simulated.

    Attributes:
        matters: one row per matter received and finished in the period, with columns
            ``matter_type``, ``wait`` and ``lead`` (working hours).
        utilisation: person -> share of the period's working hours spent handling.
        hours: the period's length in working hours.
    """

    matters: pd.DataFrame
    utilisation: dict[str, float]
    hours: float


def _summaries(matters: pd.DataFrame, hours: float) -> dict[str, float]:
    out = {"throughput": len(matters) / hours}
    for kind in ("wait", "lead"):
        values = matters[kind].to_numpy(dtype=float)
        out[f"{kind}_mean"] = float(values.mean()) if values.size else np.nan
        for label, q in QUANTILE_MEASURES.items():
            out[f"{kind}_{label}"] = float(np.quantile(values, q)) if values.size else np.nan
    return out


def _prediction(recorded: float, simulated: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, 95% prediction interval of one more replication, and the two-sided p-value."""
    x = simulated[~np.isnan(simulated)]
    if x.size < 2 or np.isnan(recorded):
        return float(np.nanmean(x)) if x.size else np.nan, np.nan, np.nan, np.nan
    mean, sd, r = float(x.mean()), float(x.std(ddof=1)), x.size
    scale = sd * np.sqrt(1 + 1 / r)
    half = float(stats.t.ppf(0.975, r - 1) * scale)
    if scale == 0:
        p = 1.0 if np.isclose(recorded, mean) else 0.0
    else:
        p = float(2 * stats.t.sf(abs(recorded - mean) / scale, r - 1))
    return mean, mean - half, mean + half, p


def _distribution(recorded: np.ndarray, replications: list[np.ndarray]) -> tuple[float, ...]:
    """KS distance recorded-vs-simulated against replication-vs-rest, and its p-value."""
    usable = [r for r in replications if r.size]
    if recorded.size == 0 or len(usable) < 3:
        return np.nan, np.nan, np.nan, np.nan, np.nan
    pooled = np.concatenate(usable)
    observed = float(stats.ks_2samp(recorded, pooled).statistic)
    reference = np.array(
        [
            stats.ks_2samp(rep, np.concatenate(usable[:i] + usable[i + 1 :])).statistic
            for i, rep in enumerate(usable)
        ]
    )
    mean, sd, r = float(reference.mean()), float(reference.std(ddof=1)), reference.size
    scale = sd * np.sqrt(1 + 1 / r)
    high = mean + float(stats.t.ppf(0.95, r - 1)) * scale
    p = (
        float(stats.t.sf((observed - mean) / scale, r - 1))
        if scale > 0
        else float(observed <= mean)
    )
    return observed, mean, 0.0, high, p


def _of_type(matters: pd.DataFrame, matter_type: str) -> pd.DataFrame:
    return matters if matter_type == ALL else matters[matters.matter_type == matter_type]


def compare_periods(recorded: Period, simulated: Sequence[Period]) -> pd.DataFrame:
    """The validation table: one row per matter type and measure, and per person."""
    rows: list[dict[str, object]] = []
    types = sorted(set(recorded.matters.matter_type), key=str)
    for matter_type in [ALL, *types]:
        mine = _of_type(recorded.matters, matter_type)
        theirs = [_of_type(s.matters, matter_type) for s in simulated]
        n = len(mine)
        ours = _summaries(mine, recorded.hours)
        sims = [_summaries(t, s.hours) for t, s in zip(theirs, simulated, strict=True)]
        for measure, value in ours.items():
            mean, low, high, p = _prediction(value, np.array([s[measure] for s in sims]))
            rows.append(_row(matter_type, measure, value, mean, low, high, n, p))
        for kind in ("wait", "lead"):
            observed, mean, low, high, p = _distribution(
                mine[kind].to_numpy(float), [t[kind].to_numpy(float) for t in theirs]
            )
            rows.append(
                _row(
                    matter_type,
                    f"{kind}_distribution (KS distance)",
                    observed,
                    mean,
                    low,
                    high,
                    n,
                    p,
                )
            )
    for person, value in sorted(recorded.utilisation.items()):
        sims_u = np.array([s.utilisation.get(person, np.nan) for s in simulated])
        if np.isnan(sims_u).all():
            rows.append(
                _row(
                    f"person {person}",
                    "utilisation",
                    value,
                    np.nan,
                    np.nan,
                    np.nan,
                    0,
                    np.nan,
                    "not in the office",
                )
            )
            continue
        mean, low, high, p = _prediction(value, sims_u)
        rows.append(
            _row(f"person {person}", "utilisation", value, mean, low, high, MIN_RECORDED, p)
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    testable = table.p_value.notna()
    table.loc[testable, "p_holm"] = holm(table.loc[testable, "p_value"].to_numpy())
    table.loc[testable, "verdict"] = np.where(
        table.loc[testable, "p_holm"] < LEVEL, "not reproduced", "reproduced"
    )
    return table


def _row(
    matter_type: str,
    measure: str,
    recorded: float,
    mean: float,
    low: float,
    high: float,
    n: int,
    p: float,
    verdict: str | None = None,
) -> dict[str, object]:
    if verdict is None and n < MIN_RECORDED:
        p, verdict = np.nan, f"not tested: {n} recorded matters"
    return {
        "matter_type": matter_type,
        "measure": measure,
        "recorded": recorded,
        "sim_mean": mean,
        "sim_low": low,
        "sim_high": high,
        "n_recorded": n,
        "p_value": p,
        "p_holm": np.nan,
        "verdict": verdict or "not tested: too few replications",
    }


def passed(table: pd.DataFrame) -> bool:
    """Whether every tested row is reproduced."""
    return not (table.verdict == "not reproduced").any()


def _direction(row: pd.Series) -> str:
    more = row.recorded > row.sim_mean
    what = row.measure.split(" ")[0].replace("_", " ")
    if "distribution" in row.measure:
        return (
            f"the {what} differs in shape (KS distance {row.recorded:.3f}, "
            f"a simulated period gives {row.sim_mean:.3f})"
        )
    return (
        f"{what}: recorded {row.recorded:.3g}, the model gives {row.sim_mean:.3g} "
        f"[{row.sim_low:.3g}, {row.sim_high:.3g}] for a period like this "
        f"({'the office is higher' if more else 'the model is higher'})"
    )


def _likely_cause(failed: pd.DataFrame) -> str:
    """Which part of the org file the pattern of misfits points at."""
    measures = set(failed.measure)
    if "throughput" in measures:
        return (
            "throughput differs, so the demand does: check the arrival rates, gaps in the "
            "log and matters still open at its end."
        )
    if "utilisation" in measures:
        return (
            "the same work keeps people busier (or less busy) than the model: check the "
            "handling times, the speeds and time not spent on matters (absences, meetings)."
        )
    if not any(m.startswith("wait") for m in measures):
        return (
            "waits match but lead times do not, so the handling times' shape differs: check "
            "the fitted distributions (a workflow's steps are drawn independently, while in "
            "the office a long first step may go with a long second one)."
        )
    return (
        "demand and workload match but waits do not: check who may serve what (sections, "
        "A/B posts, policy), priorities, absences and the opening hours."
    )


def verdict_text(table: pd.DataFrame, replications: int) -> list[str]:
    """Plain sentences: where the model does not reproduce the office, and what that means."""
    failed = table[table.verdict == "not reproduced"]
    tested = int(table.p_value.notna().sum())
    untested = table[
        table.verdict.str.startswith("not tested") | (table.verdict == "not in the office")
    ]
    lines = []
    if failed.empty:
        lines.append(
            f"The model reproduces the recorded office: none of {tested} comparisons differs "
            f"beyond what one period varies between {replications} simulated periods "
            "(Holm-adjusted, 5%)."
        )
        lines.append(
            "A plan's verdict can be trusted as far as the plan changes what the model "
            "represents (sections, posts, skills, demand); it cannot vouch for effects this log "
            "cannot show, and a short log has little power to reveal a misfit."
        )
    else:
        lines.append(
            f"The model does NOT reproduce the recorded office in {len(failed)} of {tested} "
            "comparisons:"
        )
        for _, row in failed.iterrows():
            lines.append(f"- {row.matter_type}: {_direction(row)}")
        lines.append(f"Likely cause: {_likely_cause(failed)}")
        lines.append(
            "What it means: a plan's predicted waits, lead times and deadline attainment for "
            "these matter types start from a baseline the office does not show. Do not quote "
            "their absolute levels; trust a comparison between plans only if the cause of the "
            "misfit (a wrong rate, handling time, post or calendar) is not what the plan changes. "
            "Recalibrate from a longer or cleaner log, or correct the org file, and validate again."
        )
    if not untested.empty:
        lines.append(
            f"Not tested ({len(untested)} rows): "
            + "; ".join(sorted({f"{r.matter_type} ({r.verdict})" for _, r in untested.iterrows()}))
        )
    return lines
