"""Verdicts in plain words: better, worse, a change, or no (practical) difference.

A reform office reads sentences, not p-values, so every paired difference of a run becomes
one sentence with its numbers, units, interval and Holm-adjusted p-value. A change in a
neutral metric (mean utilisation) is stated without calling it better or worse. A
difference whose whole interval lies within the smallest difference that matters
(``practical_band``, see ``analysis.metric_registry``) is "no practical difference", even
when it is statistically significant: a mean wait up by 12 seconds is not worse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orgsim.analysis.formatting import level_text
from orgsim.analysis.metric_registry import info
from orgsim.analysis.per_type import is_type_metric
from orgsim.analysis.report.display import display_of_summary, shown_summary, time_words
from orgsim.analysis.report.formatting import (
    confidence_of,
    fmt,
    fmt_interval,
    p_is,
    present,
    significance_level,
)
from orgsim.analysis.report.metrics import (
    higher_is_better,
    is_neutral,
    is_share,
    label,
    number,
    run_types,
    unit,
)
from orgsim.analysis.stats import DEFAULT_CONFIDENCE

#: Significance level of the verdicts, applied to Holm-adjusted p-values, at the default
#: confidence (a run's own is 1 - its ``confidence``).
ALPHA = significance_level(DEFAULT_CONFIDENCE)

#: Every verdict kind, in the order the page lists them, with its tag on the page.
TAGS = {"better": "better", "worse": "worse", "change": "change", "same": "no difference"}


@dataclass(frozen=True)
class Verdict:
    """A plain-language judgement of one metric for one alternative."""

    metric: str
    kind: str  # one of TAGS: "better", "worse", "change" (neutral metric) or "same"
    text: str
    #: "no practical difference": the interval lies within the smallest difference that
    #: matters (kind "same", even when statistically significant)
    negligible: bool = False

    @property
    def line(self) -> str:
        """The verdict as one line of plain text, its kind first."""
        kind = "No difference" if self.kind == "same" else self.kind.capitalize()
        return f"{kind}: {self.text}"

    @property
    def family(self) -> str:
        """The family the metric belongs to (``wait`` for the mean wait and percentiles)."""
        found = info(self.metric)
        return self.metric if found is None else found.family


def within_band(diff: dict[str, Any], band: Any) -> bool:
    """Whether the interval of ``diff`` lies wholly within ``[-band, band]``."""
    low, high, width = present(diff.get("ci_low")), present(diff.get("ci_high")), present(band)
    if low is None or high is None or width is None:
        return False
    return -width <= low and high <= width


def _band_text(metric: str, band: float, time_unit: str, rate_unit: str | None) -> str:
    """``±0.0167 hours`` (``±1 percentage point`` for shares): the band as people read it."""
    if is_share(metric):
        points = fmt(100 * band)
        return f"±{points} percentage point{'' if points == '1' else 's'}"
    shown = fmt(band)
    return f"±{shown}{unit(metric, shown, time_unit, rate_unit)}"


def _two(
    metric: str, before: Any, after: Any, time_unit: str, word: str, rate_unit: str | None = None
) -> str:
    """``4.07 to 0.754 hours``: two values joined by ``word``, the unit said once if shared."""
    a, b = number(metric, before), number(metric, after)
    unit_a = unit(metric, a, time_unit, rate_unit)
    unit_b = unit(metric, b, time_unit, rate_unit)
    first = a if unit_a.rstrip("s") == unit_b.rstrip("s") else a + unit_a
    return f"{first} {word} {b}{unit_b}"


def _difference(metric: str, diff: dict[str, Any], confidence: float) -> str:
    """``difference −3.32, 95% interval [−3.5, −3.14]`` (percentage points for shares)."""
    scale, points = (100.0, " percentage points") if is_share(metric) else (1, "")

    def scaled(key: str) -> Any:
        value = present(diff.get(key))
        return None if value is None else scale * value

    text = f"difference {fmt(scaled('mean'), signed=True)}{points}"
    interval = fmt_interval(scaled("ci_low"), scaled("ci_high"))
    level = level_text(confidence)
    return text + ("" if interval == "n/a" else f", {level} interval {interval}")


def verdict(
    metric: str,
    structure: str,
    baseline: str,
    base_mean: Any,
    alt_mean: Any,
    diff: dict[str, Any],
    time_unit: str = "hour",
    confidence: float = DEFAULT_CONFIDENCE,
    rate_unit: str | None = None,
    band: float | None = None,
) -> Verdict:
    """Better, worse, a change or no (practical) difference, on the Holm-adjusted p-value.

    ``diff`` is one entry of summary.json's ``paired_differences``: ``mean``, ``ci_low``,
    ``ci_high`` of ``structure - baseline`` and ``p_holm`` (``p_value`` if absent). With a
    single alternative Holm's adjustment changes nothing, and p < 0.05 is the same as the
    interval excluding 0 (both at ``confidence``: p below 1 - confidence). A significant
    difference in a neutral metric is a "change". ``rate_unit`` names throughput's unit
    (``matters per working day``) when it is not per ``time_unit``. ``band`` is the
    smallest difference that matters, in the same units as ``diff``: an interval within it
    is "no practical difference" whatever the p-value.
    """
    alpha = significance_level(confidence)
    name = label(metric)
    p = present(diff.get("p_holm", diff.get("p_value")))
    mean = present(diff.get("mean"))
    if p is None or mean is None:
        return Verdict(
            metric,
            "same",
            f"Cannot tell for {name}: "
            f"{_two(metric, base_mean, alt_mean, time_unit, 'against', rate_unit)}"
            f" ({baseline} against {structure}; too few replications for an interval).",
        )
    if mean == 0 and diff.get("ci_low") == 0 and diff.get("ci_high") == 0:
        both = number(metric, alt_mean)
        return Verdict(
            metric,
            "same",
            f"No difference in {name}: {both}{unit(metric, both, time_unit, rate_unit)} in both "
            f"{baseline} and {structure}.",
        )
    if band is not None and within_band(diff, band):
        return Verdict(
            metric,
            "same",
            f"No practical difference in {name} between {baseline} and {structure}: "
            f"{_two(metric, base_mean, alt_mean, time_unit, 'against', rate_unit)} "
            f"({_difference(metric, diff, confidence)}; within the "
            f"{_band_text(metric, band, time_unit, rate_unit)} that matter).",
            negligible=True,
        )
    if p >= alpha:
        low, high = present(diff.get("ci_low")), present(diff.get("ci_high"))
        excludes = low is not None and high is not None and (low > 0 or high < 0)
        why = (
            f"Holm-adjusted {p_is(p)}, not below {alpha:g}"
            if excludes
            else "the interval includes 0"
        )
        return Verdict(
            metric,
            "same",
            f"No significant difference in {name} between {baseline} and {structure}: "
            f"{_two(metric, base_mean, alt_mean, time_unit, 'against', rate_unit)} "
            f"({_difference(metric, diff, confidence)}; {why}).",
        )
    up = mean > 0
    evidence = f"({_difference(metric, diff, confidence)}; Holm-adjusted {p_is(p)})"
    if is_neutral(metric):
        return Verdict(
            metric,
            "change",
            f"{name[0].upper()}{name[1:]} {'rises' if up else 'falls'} from "
            f"{_two(metric, base_mean, alt_mean, time_unit, 'to', rate_unit)} in the {structure} "
            f"structure {evidence}.",
        )
    if higher_is_better(metric):
        verb = "raises" if up else "lowers"
    else:
        verb = "raises" if up else "cuts"
    return Verdict(
        metric,
        "better" if up == higher_is_better(metric) else "worse",
        f"The {structure} structure {verb} {name} from "
        f"{_two(metric, base_mean, alt_mean, time_unit, 'to', rate_unit)} {evidence}.",
    )


def _shown_band(diff: dict[str, Any], metric: str, display: Any) -> float | None:
    """A difference's practical band in the units of the page (None in older summaries)."""
    band = present(diff.get("practical_band"))
    if band is None:
        return None
    return band if display is None else band * display.factor(metric)


def verdicts(summary: dict[str, Any], per_type: bool = False) -> dict[str, list[Verdict]]:
    """Every alternative's verdicts, metric by metric, from a run's summary.json.

    Office-wide and per-class metrics by default; with ``per_type``, the per-matter-type
    ones instead (the page shows those in their own tables, as there may be hundreds).
    Values and units are those the office reads (its ``display``, if the run has one).
    """
    display = display_of_summary(summary)
    summary = shown_summary(summary)
    structures = summary.get("structures", {})
    baseline = summary.get("baseline") or next(iter(structures), "")
    time_unit, rate_unit = time_words(summary)
    confidence = confidence_of(summary)
    types = run_types(summary)
    base_metrics = structures.get(baseline, {}).get("metrics", {})
    out: dict[str, list[Verdict]] = {}
    for name, diffs in summary.get("paired_differences", {}).items():
        alt_metrics = structures.get(name, {}).get("metrics", {})
        out[name] = [
            verdict(
                metric,
                name,
                diff.get("baseline") or baseline,
                base_metrics.get(metric, {}).get("mean"),
                alt_metrics.get(metric, {}).get("mean"),
                diff,
                time_unit,
                confidence,
                rate_unit,
                _shown_band(diff, metric, display),
            )
            for metric, diff in diffs.items()
            if is_type_metric(metric, types) == per_type
        ]
    return out


def family_verdicts(items: list[Verdict]) -> list[Verdict]:
    """One verdict per family of metrics, so a tally counts the mean wait and its percentiles once.

    A family's verdict is that of its first member in table order (the mean wait for the wait
    family); per-class and per-type metrics form families of their own per class or type.
    """
    heads: dict[tuple[str, str], Verdict] = {}
    for item in items:
        heads.setdefault((item.family, item.metric.partition(".")[2]), item)
    return list(heads.values())
