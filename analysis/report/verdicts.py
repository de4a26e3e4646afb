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
from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.metric_registry import info
from orgsim.analysis.per_type import is_type_metric
from orgsim.analysis.report.display import (
    display_of_summary,
    engine_word,
    shown_summary,
    time_words,
)
from orgsim.analysis.report.formatting import (
    confidence_of,
    fmt,
    fmt_interval,
    p_is,
    present,
    significance_level,
)
from orgsim.analysis.report.metrics import (
    amount,
    higher_is_better,
    is_neutral,
    is_share,
    label,
    number,
    run_types,
)
from orgsim.analysis.stats import DEFAULT_CONFIDENCE

#: Significance level of the verdicts, applied to Holm-adjusted p-values, at the default
#: confidence (a run's own is 1 - its ``confidence``).
ALPHA = significance_level(DEFAULT_CONFIDENCE)

#: Every verdict kind, in the order the page lists them, with its tag on the page (English
#: source text: shown with ``_()``).
TAGS = {
    "better": N_("better"),
    "worse": N_("worse"),
    "change": N_("change"),
    "same": N_("no difference"),
}
#: A verdict's kind as the first word of its plain-text line.
LINE_KINDS = {
    "better": N_("Better"),
    "worse": N_("Worse"),
    "change": N_("Change"),
    "same": N_("No difference"),
}


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
        return _("{kind}: {text}").format(kind=_(LINE_KINDS[self.kind]), text=self.text)

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
        one = points == "1"
        return (
            _("±{points} percentage point") if one else _("±{points} percentage points")
        ).format(points=points)
    return f"±{amount(metric, fmt(band), time_unit, rate_unit)}"


def _pair(
    metric: str, before: Any, after: Any, time_unit: str, rate_unit: str | None = None
) -> tuple[str, str]:
    """``4.07``, ``0.754 hours``: two values with their units, the unit said once if shared.

    In Chinese both keep their unit (``4.07 小时``, ``0.754 小时``).
    """
    a, b = number(metric, before), number(metric, after)
    with_a, with_b = (
        amount(metric, a, time_unit, rate_unit),
        amount(metric, b, time_unit, rate_unit),
    )
    unit_a, unit_b = with_a.removeprefix(a), with_b.removeprefix(b)
    shared = unit_a.rstrip("s") == unit_b.rstrip("s") and not in_chinese()
    return (a if shared else with_a), with_b


def _before_verb(value: str) -> str:
    """``value`` as it stands before a verb: in Chinese a number (not a unit) takes a space."""
    return value + " " if in_chinese() and value[-1:].isascii() else value


def _difference(metric: str, diff: dict[str, Any], confidence: float) -> str:
    """``difference −3.32, 95% interval [−3.5, −3.14]`` (percentage points for shares)."""
    scale = 100.0 if is_share(metric) else 1

    def scaled(key: str) -> Any:
        value = present(diff.get(key))
        return None if value is None else scale * value

    value = fmt(scaled("mean"), signed=True)
    if is_share(metric):
        text = _("difference {value} percentage points").format(value=value)
    else:
        text = _("difference {value}").format(value=value)
    interval = fmt_interval(scaled("ci_low"), scaled("ci_high"))
    if interval == "n/a":
        return text
    return _("{difference}, {level} interval {interval}").format(
        difference=text, level=level_text(confidence), interval=interval
    )


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
    difference in a neutral metric is a "change". ``rate_unit`` names the period
    throughput is counted per (``working day``) when it is not ``time_unit``. ``band`` is
    the smallest difference that matters, in the same units as ``diff``: an interval
    within it is "no practical difference" whatever the p-value. The sentence is in the
    language shown.
    """
    alpha = significance_level(confidence)
    time_unit = engine_word(time_unit)
    rate_unit = engine_word(rate_unit) if rate_unit else rate_unit
    name = label(metric)
    p = present(diff.get("p_holm", diff.get("p_value")))
    mean = present(diff.get("mean"))
    before, after = _pair(metric, base_mean, alt_mean, time_unit, rate_unit)
    names = {"name": name, "baseline": baseline, "structure": structure}
    if p is None or mean is None:
        text = _(
            "Cannot tell for {name}: {before} against {after} ({baseline} against "
            "{structure}; too few replications for an interval)."
        )
        return Verdict(metric, "same", text.format(before=before, after=after, **names))
    if mean == 0 and diff.get("ci_low") == 0 and diff.get("ci_high") == 0:
        both = amount(metric, number(metric, alt_mean), time_unit, rate_unit)
        text = _("No difference in {name}: {value} in both {baseline} and {structure}.")
        return Verdict(metric, "same", text.format(value=both, **names))
    difference = _difference(metric, diff, confidence)
    if band is not None and within_band(diff, band):
        text = _(
            "No practical difference in {name} between {baseline} and {structure}: "
            "{before} against {after} ({difference}; within the {band} that matter)."
        )
        shown_band = _band_text(metric, band, time_unit, rate_unit)
        return Verdict(
            metric,
            "same",
            text.format(
                before=before, after=after, difference=difference, band=shown_band, **names
            ),
            negligible=True,
        )
    if p >= alpha:
        low, high = present(diff.get("ci_low")), present(diff.get("ci_high"))
        excludes = low is not None and high is not None and (low > 0 or high < 0)
        why = (
            _("Holm-adjusted {p}, not below {alpha}").format(p=p_is(p), alpha=f"{alpha:g}")
            if excludes
            else _("the interval includes 0")
        )
        text = _(
            "No significant difference in {name} between {baseline} and {structure}: "
            "{before} against {after} ({difference}; {why})."
        )
        return Verdict(
            metric,
            "same",
            text.format(before=before, after=after, difference=difference, why=why, **names),
        )
    up = mean > 0
    evidence = _("({difference}; Holm-adjusted {p})").format(difference=difference, p=p_is(p))
    moved = {"before": _before_verb(before), "after": after, "evidence": evidence, **names}
    if is_neutral(metric):
        if up:
            text = _(
                "{name} rises from {before} to {after} in the {structure} structure {evidence}."
            )
        else:
            text = _(
                "{name} falls from {before} to {after} in the {structure} structure {evidence}."
            )
        sentence = text.format(**moved)
        return Verdict(metric, "change", sentence[0].upper() + sentence[1:])
    if up:
        text = _("The {structure} structure raises {name} from {before} to {after} {evidence}.")
    elif higher_is_better(metric):
        text = _("The {structure} structure lowers {name} from {before} to {after} {evidence}.")
    else:
        text = _("The {structure} structure cuts {name} from {before} to {after} {evidence}.")
    return Verdict(
        metric, "better" if up == higher_is_better(metric) else "worse", text.format(**moved)
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
