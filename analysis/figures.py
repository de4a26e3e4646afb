"""Figures of one comparison run: waits, each person's utilisation, deadlines, backlog.

Every figure is saved as PNG and SVG (``analysis.plotting.save``); the functions take
the tidy tables a run writes, so they can be redrawn from the files alone.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.plotting import palette, save, t_errorbar, theme
from orgsim.analysis.stats import welch_average

#: Above this many people, utilisation is drawn as a ranked curve instead of one row each.
MOST_STAFF_DRAWN = 60


def _order(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table["structure"]))


def _interval_bars(
    replications: pd.DataFrame, metric: str, order: list[str], colours: dict, ax: plt.Axes
) -> None:
    """One bar per structure: mean over replications with its 95% t-interval."""
    sns.barplot(
        data=replications,
        x="structure",
        y=metric,
        hue="structure",
        order=order,
        palette=colours,
        errorbar=t_errorbar,
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
) -> list[Path]:
    """Mean wait, each person's utilisation and idle time behind walls, per structure."""
    theme()
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    order = _order(replications)
    colours = palette(order)
    _interval_bars(replications, "wait_mean", order, colours, axes[0])
    axes[0].set(title="Mean wait (95% CI)", xlabel="", ylabel=f"{time_unit}s")
    per_staff = staff.groupby(["structure", "staff"], sort=False)["utilisation"].mean()
    per_staff = per_staff.reset_index()
    sns.stripplot(
        data=per_staff,
        x="structure",
        y="utilisation",
        hue="structure",
        order=order,
        palette=colours,
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
    _interval_bars(replications, "idle_while_work_waits", order, colours, axes[2])
    axes[2].set(
        title="Idle while work waits behind a wall", xlabel="", ylabel="share of staff time"
    )
    fig.suptitle(title)
    return save(fig, path)


def utilisation_figure(staff: pd.DataFrame, title: str, path: Path) -> list[Path]:
    """Every person's utilisation in every structure: the busy/idle imbalance, before/after.

    Up to :data:`MOST_STAFF_DRAWN` people, one row per person (grouped by their section
    in the first structure) with the 95% interval over replications; beyond that, each
    structure's utilisations sorted from busiest to idlest.
    """
    theme()
    order = _order(staff)
    colours = palette(order)
    people = list(dict.fromkeys(staff["staff"]))
    if len(people) <= MOST_STAFF_DRAWN:
        first = staff[staff["structure"] == order[0]].drop_duplicates("staff")
        section = dict(zip(first["staff"], first["section"], strict=True))
        people.sort(key=lambda who: (str(section.get(who, "~")), who))
        labels = {who: f"{who} ({section[who]})" if who in section else who for who in people}
        shown = staff.assign(person=staff["staff"].map(labels))
        fig, ax = plt.subplots(
            figsize=(8, 1.6 + 0.28 * len(people) * max(1, len(order) / 2)),
            constrained_layout=True,
        )
        sns.pointplot(
            data=shown,
            y="person",
            x="utilisation",
            hue="structure",
            hue_order=order,
            order=[labels[p] for p in people],
            palette=colours,
            errorbar=t_errorbar,
            dodge=0.4 if len(order) > 1 else False,
            linestyle="none",
            markersize=5,
            ax=ax,
        )
        ax.set(xlabel="share of time busy (95% CI)", ylabel="staff (section)")
    else:
        means = staff.groupby(["structure", "staff"], sort=False)["utilisation"].mean()
        fig, ax = plt.subplots(figsize=(8, 4.6), constrained_layout=True)
        for name in order:
            ranked = means[name].sort_values(ascending=False).to_numpy()
            share = (pd.RangeIndex(len(ranked)) + 0.5) / len(ranked)
            ax.plot(share, ranked, label=name, color=colours[name])
        ax.set(xlabel="staff, busiest to idlest (share of staff)", ylabel="share of time busy")
        ax.legend(title="structure")
    ax.set_xlim(0, 1.02)
    fig.suptitle(title)
    return save(fig, path)


def deadline_columns(replications: pd.DataFrame) -> list[str]:
    """Deadline-attainment columns that have values: overall, then per priority class."""
    columns = [c for c in replications.columns if c.split(".")[0] == "deadline_attainment"]
    return [c for c in columns if replications[c].notna().any()]


def deadline_figure(replications: pd.DataFrame, title: str, path: Path) -> list[Path] | None:
    """Share of matters done within their deadline per structure (and class); None if none."""
    columns = deadline_columns(replications)
    if not columns:
        return None
    theme()
    long = replications.melt(
        id_vars=["structure", "replication"], value_vars=columns, var_name="which"
    )
    long["which"] = long["which"].map(
        lambda c: "all matters" if c == "deadline_attainment" else c.split(".", 1)[1]
    )
    fig, ax = plt.subplots(figsize=(max(7, 3 + 1.8 * len(columns)), 4.6), constrained_layout=True)
    sns.barplot(
        data=long,
        x="which",
        y="value",
        hue="structure",
        hue_order=_order(replications),
        palette=palette(_order(replications)),
        errorbar=t_errorbar,
        capsize=0.1,
        ax=ax,
    )
    ax.set(title=title, xlabel="", ylabel="share done within the deadline (95% CI)")
    ax.set_ylim(0, 1.05)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title="structure")
    return save(fig, path)


def backlog_figure(series: pd.DataFrame, title: str, path: Path, time_unit: str) -> list[Path]:
    """Backlog over time: matters in the office and waiting, mean and 95% band."""
    theme()
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.4), constrained_layout=True)
    for ax, column, label in (
        (axes[0], "in_system", "matters in the office"),
        (axes[1], "waiting", "matters waiting in queues"),
    ):
        sns.lineplot(data=series, x="time", y=column, hue="structure", errorbar=t_errorbar, ax=ax)
        ax.set(title=label.capitalize(), xlabel=f"time ({time_unit}s)", ylabel=label)
    fig.suptitle(title)
    return save(fig, path)


def welch_figure(
    series: pd.DataFrame, path: Path, time_unit: str, column: str = "in_system", window: int = 20
) -> list[Path]:
    """Welch's plot per structure: where the smoothed curve flattens, the warm-up can end."""
    theme()
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
    return save(fig, path)
