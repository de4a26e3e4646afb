"""Figures of a sweep: each metric against the swept load, one line per structure.

The x axis is the swept setting that looks like a load (``workload.target_load``, then
``workload.arrival_scale``, then any other numeric setting with several values); the
line is the mean over all replications at that value with its t-interval band (at the run's
``confidence``, 95% by default).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from orgsim.analysis.formatting import level_text
from orgsim.analysis.plotting import (
    axis_label,
    keep_in_range,
    legend_handles,
    nothing_to_draw,
    palette,
    save,
    say_instead,
    structure_lines,
    theme,
)
from orgsim.analysis.report.formatting import plural
from orgsim.analysis.stats import DEFAULT_CONFIDENCE

PREFERRED = ("workload.target_load", "workload.arrival_scale")
PANELS = {
    "wait_mean": "Mean wait",
    "deadline_attainment": "Deadline attainment",
    "utilisation_mean": "Mean staff utilisation",
}
#: Plain names of the settings a sweep usually runs over.
SETTING_LABELS = {
    "workload.target_load": "target load (required utilisation, 0 to 1)",
    "workload.arrival_scale": "arrival scale (times the office's demand)",
    "workload.reform_at": "reform takes effect at ({time_units})",
    "workload.horizon": "horizon ({time_units})",
    "workload.warmup": "warm-up ({time_units})",
}
#: Dash patterns for the values of a second swept setting (solid first).
DASH_PATTERNS = ["", (4, 1.5), (1, 1), (3, 1.25, 1.5, 1.25), (5, 1, 1, 1)]


def swept_axis(tidy: pd.DataFrame, overrides: list[str]) -> str | None:
    """The swept numeric setting to put on the x axis, or None if there is none."""
    numeric = []
    for column in overrides:
        values = pd.to_numeric(tidy[column], errors="coerce")
        if values.notna().all() and values.nunique() > 1:
            numeric.append(column)
    for column in PREFERRED:
        if column in numeric:
            return column
    return numeric[0] if numeric else None


def setting_label(setting: str, time_unit: str = "time unit") -> str:
    """The swept setting as an axis label: ``workload.target_load`` -> ``target load (...)``."""
    plain = SETTING_LABELS.get(setting, setting.split(".")[-1].replace("_", " "))
    return plain.format(time_units=plural(time_unit))


def load_figure(
    tidy: pd.DataFrame,
    x: str,
    title: str,
    path: Path,
    style: str | None = None,
    time_unit: str = "time unit",
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[Path]:
    """Mean wait, deadline attainment and utilisation against ``x`` with bands.

    ``style`` names a second swept setting drawn as line styles, so that its values are
    not pooled into one line; the structures then differ by colour, width and marker.
    A metric that is zero (or missing) everywhere gets a sentence instead of a flat line.
    """
    theme()
    data = tidy.assign(**{x: pd.to_numeric(tidy[x])})
    panels = [m for m in PANELS if m in data]
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5 * len(panels), 4.4), squeeze=False, constrained_layout=True
    )
    colours = palette(list(dict.fromkeys(data["structure"])))
    dashes = None
    if style is not None:
        levels = list(dict.fromkeys(data[style]))
        dashes = (style, dict(zip(levels, DASH_PATTERNS * len(levels), strict=False)))
    for ax, metric in zip(axes.flat, panels, strict=True):
        ax.set(
            title=f"{PANELS[metric]} ({level_text(confidence)} band)",
            xlabel=setting_label(x, time_unit),
        )
        empty = nothing_to_draw(data[metric])
        if empty:
            say_instead(ax, empty, clear="y")
            continue
        structure_lines(ax, data, x, metric, colours, dashes, confidence)
        keep_in_range(ax, metric)
        ax.set_ylabel(axis_label(metric, time_unit))
    handles = legend_handles(colours)
    if dashes is not None:
        for handle in handles:
            handle.set_linestyle("-")
        handles += [
            Line2D(
                [], [], color="0.3", linestyle=(0, pattern) if pattern else "-", label=str(level)
            )
            for level, pattern in dashes[1].items()
        ]
    axes.flat[-1].legend(
        handles=handles, title="structure" if style is None else f"structure; {style}"
    )
    fig.suptitle(title)
    return save(fig, path)
