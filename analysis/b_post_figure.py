"""The B-post figure: what each set of B posts gains over the current posts, with its interval.

A reform office deciding who should back up whom needs to see whether the recommendation
beats the posts it has by more than the smallest difference that matters, and how it
stands against the simple patterns (a chain, pairs, dedicated posts) at the skills each
needs. One row per set of posts: the paired gain and its interval on fresh replications,
the band of no practical difference shaded, the colour its verdict. The numbers are in the
office's units when b_posts.json records a display (its ``display_unit``), labelled so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from orgsim.analysis.b_post_tables import axis_unit, shown_units
from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.plotting import axis_label, save, theme, wrap
from orgsim.analysis.results_folder import B_POSTS
from orgsim.analysis.robustness_figure import VERDICT_COLOURS
from orgsim.analysis.robustness_tables import VERDICTS
from orgsim.analysis.units import Display


def _label(metric: str) -> str:
    found = metric_info(metric)
    return found.shown_label if found is not None else metric


def _row_name(comparison: Mapping[str, Any], mean: float, unit: str) -> str:
    """``recommended`` over ``3 new skills, mean 2.1 hours``, in the language shown."""
    return "{name}\n{detail}".format(
        name=_(str(comparison["name"])),
        detail=_("{skills} new skills, mean {mean}{unit}").format(
            skills=comparison["new_skills"],
            mean=f"{mean:.3g}",
            unit=unit,
        ),
    )


def b_posts_figure(result: Mapping[str, Any], office: str, path: Path) -> list[Path]:
    """Each set of posts' paired gain over the current posts, with its interval.

    Args:
        result: the recommendation as b_posts.json holds it (in the units of its
            ``display`` when it records one).
        office: the office's name, for the title.
        path: where to save, without suffix.
    """
    theme()
    comparisons = list(result["comparisons"])
    metric = str(result["metric"])
    shown = shown_units(result)
    band = float(shown.number(result.get("band") or 0.0))
    spaced = shown.unit
    fig, ax = plt.subplots(figsize=(8.4, 1.9 + 0.85 * len(comparisons)), constrained_layout=True)
    if band > 0:
        ax.axvspan(-band, band, color="0.9", zorder=0)
    ax.axvline(0, color="0.3", linewidth=1, zorder=1)
    for row, comparison in enumerate(comparisons):
        gain = comparison["gain"]
        mean, low, high = (float(shown.number(gain[k])) for k in ("mean", "ci_low", "ci_high"))
        colour = VERDICT_COLOURS.get(str(comparison.get("verdict")), "0.4")
        ax.errorbar(
            mean,
            row,
            xerr=[[max(mean - low, 0.0)], [max(high - mean, 0.0)]],
            fmt="o",
            color=colour,
            capsize=5,
            markersize=8,
            zorder=2,
        )
    names = [_row_name(c, float(shown.number(c["mean"])), spaced) for c in comparisons]
    ax.set_yticks(range(len(comparisons)), names)
    ax.invert_yaxis()
    label = _label(metric)
    unit = axis_unit(result)
    shown_metric = axis_label(metric, unit) if unit else label
    ax.set_xlabel(
        _("gain over the current posts in {metric} (> 0 is better)").format(metric=shown_metric)
    )
    handles: list[Artist] = [
        Line2D([], [], marker="o", linestyle="", color=VERDICT_COLOURS[v], label=_(v))
        for v in VERDICTS
    ]
    handles.append(
        Patch(
            color="0.9",
            label=_("band of no practical difference (±{band})").format(band=f"{band:.3g}"),
        )
    )
    ax.legend(
        handles=handles,
        title=_("verdict"),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        frameon=False,
    )
    title = _("{office}: B posts against the current posts ({level} CI)").format(
        office=office or _("office"), level=result.get("interval_level", "95%")
    )
    current = _("current posts: {metric} {mean}{unit}").format(
        metric=label,
        mean=f"{float(shown.number(result['current_mean'])):.3g}",
        unit=spaced,
    )
    fig.suptitle(f"{wrap(title, 80)}\n{wrap(current, 80)}")
    return save(fig, path)


def b_posts_figure_of(
    folder: Path, office: str, path: Path, display: Display | None = None
) -> list[Path]:
    """A B-post folder's figure drawn again, in the language shown, from its b_posts.json.

    In the units of ``display`` when given (the office's, found beside the folder's result),
    else in those b_posts.json records.
    """
    result = json.loads((folder / B_POSTS).read_text(encoding="utf-8"))
    if display is not None:
        result = {**result, "display": display.record()}
    return b_posts_figure(result, office or str(result.get("org") or ""), path)
