"""Shared figure plumbing: one theme, interval bars, and saving as PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.stats import t_interval
from orgsim.experiments.outputs import atomic_write, figure_paths


def theme() -> None:
    """The look of every orgsim figure."""
    sns.set_theme(style="whitegrid", context="notebook")


def t_errorbar(values: pd.Series) -> tuple[float, float]:
    """Seaborn ``errorbar`` callback: the 95% Student-t interval over replications."""
    interval = t_interval(values.to_numpy())
    return interval.ci_low, interval.ci_high


def palette(names: list[str]) -> dict[str, tuple[float, float, float]]:
    """The same colour for the same structure in every panel."""
    return dict(zip(names, sns.color_palette("colorblind", len(names)), strict=False))


def save(fig: plt.Figure, path: Path) -> list[Path]:
    """Write ``fig`` as PNG and SVG next to each other, each atomically, and close it."""
    targets = figure_paths(path)
    for target in targets:
        atomic_write(target, lambda tmp: fig.savefig(tmp, dpi=110, format=tmp.suffix[1:]))
    plt.close(fig)
    return targets
