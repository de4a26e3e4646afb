"""Verdicts on the page: a tally per alternative, the tagged sentences, and how to read them.

Shared by the run page and the sweep page's per-job sections, so a verdict looks and
reads the same wherever it appears.
"""

from __future__ import annotations

from html import escape
from typing import Any

from orgsim.analysis.formatting import level_text
from orgsim.analysis.report.formatting import and_list, significance_level
from orgsim.analysis.report.html import tag
from orgsim.analysis.report.metrics import direction_groups, label
from orgsim.analysis.report.verdicts import TAGS, Verdict, family_verdicts, verdicts
from orgsim.analysis.stats import DEFAULT_CONFIDENCE


def significance_note(alternatives: int, confidence: float = DEFAULT_CONFIDENCE) -> str:
    """How significance is judged, for a run with this many alternatives (0: a sweep)."""
    alpha, level = significance_level(confidence), level_text(confidence)
    if alternatives == 0:
        return (
            "<p>Where a job compares several alternatives with its baseline, a verdict "
            "uses the <strong>Holm-adjusted p-value</strong> (adjusted over the alternatives, "
            f"metric by metric) and a difference counts when it is below {alpha:g}; with one "
            f"alternative this is the same as its {level} interval excluding 0.</p>"
        )
    if alternatives > 1:
        return (
            f"<p>{alternatives} alternatives are compared with the same baseline, so each "
            "verdict uses the <strong>Holm-adjusted p-value</strong> (adjusted over the "
            f"alternatives, metric by metric): a difference counts when it is below {alpha:g}. "
            "This guards against finding a difference by chance just because several "
            "structures were tried.</p>"
        )
    return (
        f"<p>A difference counts as significant when its p-value is below {alpha:g}; with "
        f"one alternative this is the same as its {level} interval excluding 0 (the "
        "Holm adjustment changes nothing).</p>"
    )


def direction_note() -> str:
    """Which metrics are better higher, which lower, and which are neither."""
    higher, neutral = direction_groups()
    text = (
        f"<p>Higher is better for {escape(and_list(higher))}; lower is better for every "
        "other metric (waits, lead times, imbalance, idle time, backlog)"
    )
    if neutral:
        text += (
            f", except {escape(and_list(neutral))}, where neither direction is better: for "
            "the same demand, higher utilisation means the same work takes more staff time "
            "(for example lost specialisation), not that more is done. A significant change "
            f"there is tagged {tag('change')} rather than better or worse"
        )
    return text + ".</p>"


def _items(items: list[Verdict]) -> str:
    return (
        '<ul class="verdicts">'
        + "".join(f"<li>{tag(v.kind)}<span>{escape(v.text)}</span></li>" for v in items)
        + "</ul>"
    )


def _tally(items: list[Verdict]) -> str:
    families = family_verdicts(items)  # the mean wait and its percentiles count once
    counts = {k: sum(v.kind == k for v in families) for k in TAGS}
    negligible = sum(v.negligible for v in families)
    changed = (
        f"a change (neither better nor worse) in {counts['change']}, " if counts["change"] else ""
    )
    return (
        f"<p><strong>Better in {counts['better']}</strong> metric(s), "
        f"<strong>worse in {counts['worse']}</strong>, {changed}no practical difference in "
        f"{negligible}, no significant difference in {counts['same'] - negligible} (a family, "
        "such as the mean wait and its percentiles, counts once).</p>"
    )


def verdict_section(summary: dict[str, Any], compact: bool = False) -> list[str]:
    """Per alternative: a one-line tally, then the verdicts (significant ones only if compact)."""
    found = verdicts(summary)
    level = "h4" if compact else "h3"
    if not found:
        return ["<p>Only one structure was run, so there is nothing to compare.</p>"]
    order = list(TAGS)
    out = []
    for name, items in found.items():
        out.append(
            f"<{level}>{escape(name)} against "
            f"{escape(str(summary.get('baseline') or 'the baseline'))}</{level}>{_tally(items)}"
        )
        significant = [v for v in items if v.kind != "same"]
        significant.sort(key=lambda v: order.index(v.kind))
        same = [v for v in items if v.kind == "same"]
        out.append(_items(significant))
        if compact:
            if same:
                listed = ", ".join(label(v.metric) for v in same)
                out.append(f"<p>No significant difference in: {escape(listed)}.</p>")
        else:
            out.append(_items(same))
    return out
