"""Verdicts on the page: a tally per alternative, the tagged sentences, and how to read them.

Shared by the run page and the sweep page's per-job sections, so a verdict looks and
reads the same wherever it appears.
"""

from __future__ import annotations

from html import escape
from typing import Any

from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.report.formatting import and_list, significance_level
from orgsim.analysis.report.html import tag
from orgsim.analysis.report.metrics import direction_groups, label
from orgsim.analysis.report.verdicts import TAGS, Verdict, family_verdicts, verdicts
from orgsim.analysis.stats import DEFAULT_CONFIDENCE


def significance_note(alternatives: int, confidence: float = DEFAULT_CONFIDENCE) -> str:
    """How significance is judged, for a run with this many alternatives (0: a sweep)."""
    values = {
        "alpha": f"{significance_level(confidence):g}",
        "level": level_text(confidence),
        "n": alternatives,
    }
    if alternatives == 0:
        text = _(
            "Where a job compares several alternatives with its baseline, a verdict "
            "uses the <strong>Holm-adjusted p-value</strong> (adjusted over the alternatives, "
            "metric by metric) and a difference counts when it is below {alpha}; with one "
            "alternative this is the same as its {level} interval excluding 0."
        )
    elif alternatives > 1:
        text = _(
            "{n} alternatives are compared with the same baseline, so each "
            "verdict uses the <strong>Holm-adjusted p-value</strong> (adjusted over the "
            "alternatives, metric by metric): a difference counts when it is below {alpha}. "
            "This guards against finding a difference by chance just because several "
            "structures were tried."
        )
    else:
        text = _(
            "A difference counts as significant when its p-value is below {alpha}; with "
            "one alternative this is the same as its {level} interval excluding 0 (the "
            "Holm adjustment changes nothing)."
        )
    return f"<p>{text.format(**values)}</p>"


def direction_note() -> str:
    """Which metrics are better higher, which lower, and which are neither."""
    higher, neutral = direction_groups()
    if not neutral:
        text = _(
            "Higher is better for {higher}; lower is better for every other metric (waits, "
            "lead times, imbalance, idle time, backlog)."
        )
        return f"<p>{text.format(higher=escape(and_list(higher)))}</p>"
    text = _(
        "Higher is better for {higher}; lower is better for every other metric (waits, "
        "lead times, imbalance, idle time, backlog), except {neutral}, where neither "
        "direction is better: for the same demand, higher utilisation means the same work "
        "takes more staff time (for example lost specialisation), not that more is done. A "
        "significant change there is tagged {tag} rather than better or worse."
    )
    shown = text.format(
        higher=escape(and_list(higher)), neutral=escape(and_list(neutral)), tag=tag("change")
    )
    return f"<p>{shown}</p>"


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
    numbers = {
        "better": counts["better"],
        "worse": counts["worse"],
        "change": counts["change"],
        "negligible": negligible,
        "unclear": counts["same"] - negligible,
    }
    if counts["change"]:
        text = _(
            "<strong>Better in {better}</strong> metric(s), <strong>worse in {worse}</strong>, "
            "a change (neither better nor worse) in {change}, no practical difference in "
            "{negligible}, no significant difference in {unclear} (a family, such as the mean "
            "wait and its percentiles, counts once)."
        )
    else:
        text = _(
            "<strong>Better in {better}</strong> metric(s), <strong>worse in {worse}</strong>, "
            "no practical difference in {negligible}, no significant difference in {unclear} "
            "(a family, such as the mean wait and its percentiles, counts once)."
        )
    return f"<p>{text.format(**numbers)}</p>"


def verdict_section(summary: dict[str, Any], compact: bool = False) -> list[str]:
    """Per alternative: a one-line tally, then the verdicts (significant ones only if compact)."""
    found = verdicts(summary)
    level = "h4" if compact else "h3"
    if not found:
        return ["<p>" + _("Only one structure was run, so there is nothing to compare.") + "</p>"]
    order = list(TAGS)
    baseline = str(summary.get("baseline") or _("the baseline"))
    out = []
    for name, items in found.items():
        heading = _("{structure} against {baseline}").format(structure=name, baseline=baseline)
        out.append(f"<{level}>{escape(heading)}</{level}>{_tally(items)}")
        significant = [v for v in items if v.kind != "same"]
        significant.sort(key=lambda v: order.index(v.kind))
        same = [v for v in items if v.kind == "same"]
        out.append(_items(significant))
        if compact:
            if same:
                listed = ("、" if in_chinese() else ", ").join(label(v.metric) for v in same)
                text = _("No significant difference in: {metrics}.").format(metrics=listed)
                out.append(f"<p>{escape(text)}</p>")
        else:
            out.append(_items(same))
    return out
