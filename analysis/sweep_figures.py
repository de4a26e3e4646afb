"""Figures of a sweep: each metric against the swept load, one line per structure.

The x axis is the swept setting that looks like a load (``workload.target_load``, then
``workload.arrival_scale``, then any other numeric setting with several values); the
line is the mean over all replications at that value with its 95% t-interval band.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.plotting import palette, save, t_errorbar, theme

PREFERRED = ("workload.target_load", "workload.arrival_scale")
PANELS = (
    ("wait_mean", "Mean wait"),
    ("deadline_attainment", "Deadline attainment"),
    ("utilisation_mean", "Mean staff utilisation"),
)


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


def load_figure(
    tidy: pd.DataFrame, x: str, title: str, path: Path, style: str | None = None
) -> list[Path]:
    """Mean wait, deadline attainment and utilisation against ``x`` with 95% bands.

    ``style`` names a second swept setting drawn as line styles, so that its values are
    not pooled into one line.
    """
    theme()
    data = tidy.assign(**{x: pd.to_numeric(tidy[x])})
    panels = [(m, label) for m, label in PANELS if m in data and data[m].notna().any()]
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5 * len(panels), 4.4), squeeze=False, constrained_layout=True
    )
    order = list(dict.fromkeys(data["structure"]))
    for ax, (metric, label) in zip(axes.flat, panels, strict=True):
        sns.lineplot(
            data=data,
            x=x,
            y=metric,
            hue="structure",
            hue_order=order,
            palette=palette(order),
            style=style,
            errorbar=t_errorbar,
            marker="o",
            ax=ax,
        )
        ax.set(
            title=f"{label} (95% band)", xlabel=x.split(".")[-1].replace("_", " "), ylabel=metric
        )
    fig.suptitle(title)
    return save(fig, path)
