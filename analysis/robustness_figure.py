"""The robustness figure: each sampled point's verdict over the two assumptions that matter most."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.plotting import save, theme, wrap
from orgsim.analysis.robustness_tables import VERDICTS

#: Green better, grey no practical difference, red worse.
VERDICT_COLOURS = dict(zip(VERDICTS, ("#1b9e77", "#9e9e9e", "#d95f02"), strict=True))


def verdict_map(table: pd.DataFrame, axes_of: list[str], title: str, path: Path) -> list[Path]:
    """Scatter of the points' verdicts; with one assumption, the gain along it.

    Args:
        table: one row per point: the assumptions' values, ``gain`` and ``verdict``.
        axes_of: the (one or two) assumptions to draw, most influential first.
        title: the figure's title.
        path: where to save, without suffix.
    """
    theme()
    fig, ax = plt.subplots(figsize=(8.4, 5.0), constrained_layout=True)
    x = axes_of[0]
    y = axes_of[1] if len(axes_of) > 1 else "gain"
    sns.scatterplot(
        data=table,
        x=x,
        y=y,
        hue="verdict",
        hue_order=list(VERDICTS),
        palette=VERDICT_COLOURS,
        s=60,
        ax=ax,
    )
    if y == "gain":
        ax.axhline(0, color="0.3", linewidth=1)
        ax.set_ylabel("gain of the plan (relative; > 0 better)")
    ax.set_xlabel(wrap(x, 40))
    if y != "gain":
        ax.set_ylabel(wrap(y, 40))
    ax.legend(title="verdict", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(wrap(title, 70))
    return save(fig, path)
