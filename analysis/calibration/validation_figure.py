"""Recorded against simulated quantiles (Q-Q), per matter type, for waits and lead times.

Each panel puts the simulated quantiles (all replications pooled) on the x axis and the
recorded ones on the y axis, at the 5%, 10%, ..., 95% points. The grey band is where
95% of simulated *periods* put that quantile (the 2.5% and 97.5% points over the
replications), so a recorded quantile outside the band is one the model does not
reproduce; the diagonal is perfect agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

from orgsim.analysis.calibration.validation import Period
from orgsim.analysis.plotting import save, say_instead, theme, wrap

PROBABILITIES = np.linspace(0.05, 0.95, 19)
MAX_TYPES = 12


def _panel(ax: plt.Axes, recorded: np.ndarray, replications: list[np.ndarray], title: str) -> None:
    usable = [r for r in replications if r.size]
    if recorded.size == 0 or not usable:
        say_instead(ax, "no matters to compare")
        ax.set_title(title, fontsize=9)
        return
    pooled = np.quantile(np.concatenate(usable), PROBABILITIES)
    per_period = np.array([np.quantile(r, PROBABILITIES) for r in usable])
    low, high = np.quantile(per_period, [0.025, 0.975], axis=0)
    ax.fill_between(pooled, low, high, color="0.85", label="95% of simulated periods")
    ours = np.quantile(recorded, PROBABILITIES)
    outside = (ours < low) | (ours > high)
    sns.scatterplot(
        x=pooled,
        y=ours,
        hue=np.where(outside, "outside the band", "inside the band"),
        palette={"inside the band": "tab:blue", "outside the band": "tab:red"},
        ax=ax,
        s=22,
        legend=False,
    )
    top = float(max(pooled.max(), ours.max(), high.max(), 1e-9))
    ax.plot([0, top], [0, top], color="0.4", lw=0.8, ls="--")
    ax.set_title(title, fontsize=9)


def draw_validation(
    recorded: Period, simulated: Sequence[Period], path: Path, unit: str = "working hours"
) -> list[Path]:
    """Save the Q-Q figure as PNG and SVG; returns the files written."""
    theme()
    counts = recorded.matters.matter_type.value_counts()
    types = [str(t) for t in counts.index[:MAX_TYPES]]
    fig, axes = plt.subplots(
        len(types) or 1, 2, figsize=(8, 2.6 * max(len(types), 1) + 0.6), squeeze=False
    )
    for i, matter_type in enumerate(types):
        for j, kind in enumerate(("wait", "lead")):
            mine = recorded.matters
            rec = mine[mine.matter_type == matter_type][kind].to_numpy(float)
            sims = [
                s.matters[s.matters.matter_type == matter_type][kind].to_numpy(float)
                for s in simulated
            ]
            label = "wait" if kind == "wait" else "lead time"
            _panel(axes[i, j], rec, sims, f"{wrap(matter_type, 24)}: {label} ({len(rec)} recorded)")
            axes[i, j].set_xlabel(f"simulated quantile ({unit})")
            axes[i, j].set_ylabel(f"recorded ({unit})")
    if not types:
        say_instead(axes[0, 0], "the log has no finished matters")
    more = f" (the {MAX_TYPES} most frequent types)" if len(counts) > MAX_TYPES else ""
    fig.suptitle(f"Recorded against simulated quantiles{more}", fontsize=11)
    fig.tight_layout()
    return save(fig, path)
