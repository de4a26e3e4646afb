"""The comparison figure: waiting, staff utilisation (busy/idle imbalance), walls."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from analysis.stats import t_interval, welch_average


def _t_errorbar(values: pd.Series) -> tuple[float, float]:
    interval = t_interval(values.to_numpy())
    return interval.ci_low, interval.ci_high


def _interval_bars(
    replications: pd.DataFrame, metric: str, order: list[str], palette: dict, ax: plt.Axes
) -> None:
    """One bar per structure: mean over replications with its 95% t-interval."""
    sns.barplot(
        data=replications,
        x="structure",
        y=metric,
        hue="structure",
        order=order,
        palette=palette,
        errorbar=_t_errorbar,
        capsize=0.15,
        legend=False,
        ax=ax,
    )


def comparison_figure(
    replications: pd.DataFrame,
    staff: pd.DataFrame,
    title: str,
    path: Path,
    time_unit: str = "time unit",
) -> None:
    """Save a three-panel figure comparing structures to ``path`` (format from suffix)."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    order = list(dict.fromkeys(replications["structure"]))
    palette = dict(zip(order, sns.color_palette("colorblind", len(order)), strict=False))
    _interval_bars(replications, "wait_mean", order, palette, axes[0])
    axes[0].set(title="Mean wait (95% CI)", xlabel="", ylabel=f"{time_unit}s")
    per_staff = staff.groupby(["structure", "staff"], sort=False)["utilisation"].mean()
    per_staff = per_staff.reset_index()
    sns.stripplot(
        data=per_staff,
        x="structure",
        y="utilisation",
        hue="structure",
        order=order,
        palette=palette,
        size=7,
        jitter=0.2,
        legend=False,
        ax=axes[1],
    )
    sns.boxplot(
        data=per_staff,
        x="structure",
        y="utilisation",
        order=order,
        fill=False,
        color="0.4",
        width=0.5,
        showfliers=False,
        ax=axes[1],
    )
    axes[1].set(title="Utilisation of each staff member", xlabel="", ylabel="share of time busy")
    axes[1].set_ylim(0, 1.02)
    _interval_bars(replications, "idle_while_work_waits", order, palette, axes[2])
    axes[2].set(
        title="Idle while work waits behind a wall", xlabel="", ylabel="share of staff time"
    )
    fig.suptitle(title)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def timeseries_figure(series: pd.DataFrame, title: str, path: Path, time_unit: str) -> None:
    """Matters in the office and waiting over time, mean over replications with 95% band."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.4), constrained_layout=True)
    for ax, column, label in (
        (axes[0], "in_system", "matters in the office"),
        (axes[1], "waiting", "matters waiting in queues"),
    ):
        sns.lineplot(data=series, x="time", y=column, hue="structure", errorbar=_t_errorbar, ax=ax)
        ax.set(title=label.capitalize(), xlabel=f"time ({time_unit}s)", ylabel=label)
    fig.suptitle(title)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def welch_figure(
    series: pd.DataFrame, path: Path, time_unit: str, column: str = "in_system", window: int = 20
) -> None:
    """Welch's plot per structure: where the smoothed curve flattens, the warm-up can end."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, ax = plt.subplots(figsize=(8, 4.4), constrained_layout=True)
    for structure, rows in series.groupby("structure", sort=False):
        wide = rows.pivot(index="replication", columns="time", values=column)
        ax.plot(wide.columns, welch_average(wide.to_numpy(), window), label=str(structure))
    ax.set(
        title=f"Welch's plot: {column}, moving average of {2 * window + 1} points",
        xlabel=f"time ({time_unit}s)",
        ylabel=f"mean {column} over replications",
    )
    ax.legend(title="structure")
    fig.savefig(path, dpi=110)
    plt.close(fig)
