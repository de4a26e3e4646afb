"""Figures of one comparison run: waits, each person's utilisation, deadlines, backlog.

Every figure is saved as PNG and SVG (``analysis.plotting.save``); the functions take
the tidy tables a run writes, so they can be redrawn from the files alone. Given a
:class:`~orgsim.analysis.units.Display`, times are drawn in the office's unit (the tidy
tables stay in the engine's) and the axes say which.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import N_, _
from orgsim.analysis.per_type import is_type_metric, type_columns
from orgsim.analysis.plotting import (
    axis_label,
    interval_errorbar,
    legend_handles,
    line_style,
    nothing_to_draw,
    palette,
    save,
    say_instead,
    structure_lines,
    theme,
    wrap,
)
from orgsim.analysis.results_folder import (
    BACKLOG_FIGURE,
    COMPARISON_FIGURE,
    DEADLINE_FIGURE,
    TYPES_FIGURE,
    UTILISATION_FIGURE,
)
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, welch_average
from orgsim.analysis.units import Display, units_word

#: Above this many people, utilisation is drawn as a ranked curve instead of one row each.
MOST_STAFF_DRAWN = 60
#: Most matter types in the per-type wait figure (the longest waits when there are more).
MOST_TYPES_DRAWN = 30

#: What the time-series columns count, for titles and axis labels.
SERIES_LABELS = {
    "in_system": N_("matters in the office"),
    "waiting": N_("matters waiting in queues"),
}


def run_titles(office: str, replications: int, confidence: float) -> dict[str, str]:
    """The title of each figure of a run (by figure name), in the language shown.

    ``office`` is the org's name (empty: the word "office").
    """
    office = office or _("office")
    return {
        BACKLOG_FIGURE: _("{office}, backlog over time: mean of {n} replications").format(
            office=office, n=replications
        ),
        COMPARISON_FIGURE: _("{office}: {n} replications, {level} intervals").format(
            office=office, n=replications, level=level_text(confidence)
        ),
        UTILISATION_FIGURE: _("{office}: utilisation of every staff member").format(office=office),
        DEADLINE_FIGURE: _("{office}: deadline attainment").format(office=office),
        TYPES_FIGURE: _("{office}: mean wait per matter type").format(office=office),
    }


def _in_display(
    table: pd.DataFrame, time_unit: str, display: Display | None
) -> tuple[pd.DataFrame, str]:
    """``table`` (one column per metric) and the time unit, as ``display`` shows them."""
    if display is None:
        return table, time_unit
    return display.shown_columns(table), display.time_word


def _series_in_display(
    series: pd.DataFrame, time_unit: str, display: Display | None
) -> tuple[pd.DataFrame, str]:
    """A time series and its time unit, its clock in the unit of ``display``."""
    if display is None:
        return series, time_unit
    return display.shown_times(series), display.time_word


def _order(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table["structure"]))


def _wrapped(table: pd.DataFrame, order: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """``table`` with its structure names wrapped for an axis, and the wrapped order."""
    names = {name: wrap(name) for name in order}
    return table.assign(structure=table["structure"].map(names)), [names[n] for n in order]


def _interval_bars(
    replications: pd.DataFrame,
    metric: str,
    order: list[str],
    colours: dict,
    ax: plt.Axes,
    confidence: float,
) -> None:
    """One horizontal bar per structure: mean over replications with its t-interval.

    A metric that is zero (or missing) in every structure gets a sentence instead of bars.
    """
    empty = nothing_to_draw(replications[metric])
    if empty:
        say_instead(ax, empty, clear="x")
        return
    sns.barplot(
        data=replications,
        y="structure",
        x=metric,
        hue="structure",
        order=order,
        palette=colours,
        errorbar=interval_errorbar(confidence),
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
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[Path]:
    """Mean wait, each person's utilisation and idle time behind walls, per structure.

    Structures run down the shared y axis, their names wrapped, so long names never
    overlap however many structures there are.
    """
    replications, time_unit = _in_display(replications, time_unit, display)
    theme()
    order = _order(replications)
    replications, shown = _wrapped(replications, order)
    staff = _wrapped(staff, order)[0]
    colours = palette(shown)
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(15, max(3.6, 1.6 + 0.6 * len(order))),
        sharey=True,
        constrained_layout=True,
    )
    _interval_bars(replications, "wait_mean", shown, colours, axes[0], confidence)
    axes[0].set(
        title=_("Mean wait ({level} CI)").format(level=level_text(confidence)),
        xlabel=axis_label("wait_mean", time_unit),
    )
    per_staff = staff.groupby(["structure", "staff"], sort=False)["utilisation"].mean()
    per_staff = per_staff.reset_index()
    sns.stripplot(
        data=per_staff,
        y="structure",
        x="utilisation",
        hue="structure",
        order=shown,
        palette=colours,
        size=7,
        jitter=0.2,
        legend=False,
        ax=axes[1],
    )
    sns.boxplot(
        data=per_staff,
        y="structure",
        x="utilisation",
        order=shown,
        fill=False,
        color="0.4",
        width=0.5,
        showfliers=False,
        ax=axes[1],
    )
    axes[1].set(
        title=_("Utilisation of each staff member"), xlabel=_("share of time busy (0 to 1)")
    )
    axes[1].set_xlim(0, 1.02)
    _interval_bars(replications, "idle_while_work_waits", shown, colours, axes[2], confidence)
    axes[2].set(
        title=_("Idle while work waits behind a wall"),
        xlabel=_("share of staff time idle (0 to 1)"),
    )
    for ax in axes:
        ax.set_ylabel("")
    fig.suptitle(title)
    return save(fig, path)


def utilisation_figure(
    staff: pd.DataFrame, title: str, path: Path, confidence: float = DEFAULT_CONFIDENCE
) -> list[Path]:
    """Every person's utilisation in every structure: the busy/idle imbalance, before/after.

    Up to :data:`MOST_STAFF_DRAWN` people, one row per person (grouped by their section
    in the first structure) with the interval over replications; beyond that, each
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
        labels = {
            who: _("{name} ({section})").format(name=who, section=section[who])
            if who in section
            else who
            for who in people
        }
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
            errorbar=interval_errorbar(confidence),
            dodge=0.4 if len(order) > 1 else False,
            linestyle="none",
            markersize=5,
            ax=ax,
        )
        legend = ax.get_legend()
        if legend is not None:  # seaborn titles it with the column's name
            legend.set_title(_("structure"))
        ax.set(
            xlabel=_("share of time busy, 0 to 1 ({level} CI)").format(
                level=level_text(confidence)
            ),
            ylabel=_("staff (section)"),
        )
    else:
        means = staff.groupby(["structure", "staff"], sort=False)["utilisation"].mean()
        fig, ax = plt.subplots(figsize=(8, 4.6), constrained_layout=True)
        for position, name in enumerate(order):
            ranked = means[name].sort_values(ascending=False).to_numpy()
            share = (pd.RangeIndex(len(ranked)) + 0.5) / len(ranked)
            ax.plot(share, ranked, color=colours[name], **line_style(position, len(ranked)))
        ax.set(
            xlabel=_("staff, busiest to idlest (share of staff, 0 to 1)"),
            ylabel=_("share of time busy (0 to 1)"),
        )
        ax.legend(handles=legend_handles(colours, len(people)), title=_("structure"))
    ax.set_xlim(0, 1.02)
    fig.suptitle(title)
    return save(fig, path)


def deadline_columns(replications: pd.DataFrame, types: Sequence[str] = ()) -> list[str]:
    """Deadline-attainment columns that have values: overall, then per priority class.

    Per-type columns of ``types`` are left out: there may be hundreds of them, and the
    report has them in a table.
    """
    columns = [
        c
        for c in replications.columns
        if c.split(".")[0] == "deadline_attainment" and not is_type_metric(c, types)
    ]
    return [c for c in columns if replications[c].notna().any()]


def deadline_figure(
    replications: pd.DataFrame,
    title: str,
    path: Path,
    types: Sequence[str] = (),
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[Path] | None:
    """Share of matters done within their deadline per structure (and class); None if none."""
    columns = deadline_columns(replications, types)
    if not columns:
        return None
    theme()
    long = replications.melt(
        id_vars=["structure", "replication"], value_vars=columns, var_name="which"
    )
    everything = _("all matters")
    long["which"] = long["which"].map(
        lambda c: everything if c == "deadline_attainment" else wrap(c.split(".", 1)[1], 12)
    )
    fig, ax = plt.subplots(figsize=(max(7, 3 + 1.8 * len(columns)), 4.6), constrained_layout=True)
    sns.barplot(
        data=long,
        x="which",
        y="value",
        hue="structure",
        hue_order=_order(replications),
        palette=palette(_order(replications)),
        errorbar=interval_errorbar(confidence),
        capsize=0.1,
        ax=ax,
    )
    ax.set(
        title=title,
        xlabel="",
        ylabel=_("share done within the deadline, 0 to 1 ({level} CI)").format(
            level=level_text(confidence)
        ),
    )
    ax.set_ylim(0, 1.05)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title=_("structure"))
    return save(fig, path)


def type_wait_figure(
    replications: pd.DataFrame,
    types: Sequence[str],
    title: str,
    path: Path,
    time_unit: str = "time unit",
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[Path] | None:
    """Mean wait per matter type and structure with intervals; None with one type.

    Up to :data:`MOST_TYPES_DRAWN` types are drawn in the order given; with more, those
    with the longest mean wait in the first structure (the baseline), and the title says
    how many of how many. The report's table has every type.
    """
    columns = [c for c in type_columns(replications.columns, types) if c.startswith("wait_mean.")]
    if len(columns) < 2:
        return None
    replications, time_unit = _in_display(replications, time_unit, display)
    shown = columns
    if len(columns) > MOST_TYPES_DRAWN:
        baseline = replications[replications["structure"] == _order(replications)[0]]
        shown = list(baseline[columns].mean().sort_values(ascending=False).index)
        shown = shown[:MOST_TYPES_DRAWN]
        title = _("{title} (the {shown} of {total} with the longest baseline wait)").format(
            title=title, shown=MOST_TYPES_DRAWN, total=len(columns)
        )
    theme()
    order = _order(replications)
    long = replications.melt(
        id_vars=["structure", "replication"], value_vars=shown, var_name="type"
    )
    long["type"] = long["type"].map(lambda c: wrap(c.split(".", 1)[1], 24))
    fig, ax = plt.subplots(
        figsize=(8.5, 1.6 + 0.3 * len(shown) * max(1, len(order) / 2)),
        constrained_layout=True,
    )
    sns.pointplot(
        data=long,
        y="type",
        x="value",
        hue="structure",
        hue_order=order,
        palette=palette(order),
        errorbar=interval_errorbar(confidence),
        dodge=0.4 if len(order) > 1 else False,
        linestyle="none",
        markersize=5,
        ax=ax,
    )
    xlabel = _("{label}, {level} CI").format(
        label=axis_label("wait_mean", time_unit), level=level_text(confidence)
    )
    ax.set(title=title, xlabel=xlabel, ylabel="")
    ax.set_xlim(left=0)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title=_("structure"))
    return save(fig, path)


def backlog_figure(
    series: pd.DataFrame,
    title: str,
    path: Path,
    time_unit: str,
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[Path]:
    """Backlog over time: matters in the office and waiting, mean and band."""
    series, time_unit = _series_in_display(series, time_unit, display)
    theme()
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.4), constrained_layout=True)
    colours = palette(_order(series))
    points = series["time"].nunique()
    for ax, column in zip(axes, ("in_system", "waiting"), strict=True):
        structure_lines(ax, series, "time", column, colours, confidence=confidence)
        what = _(SERIES_LABELS[column])
        ax.set(
            title=what[:1].upper() + what[1:],
            xlabel=_("time ({units})").format(units=units_word(time_unit)),
            ylabel=what,
        )
        ax.set_ylim(bottom=0)  # a count: the band's lower end may dip below it
    axes[-1].legend(handles=legend_handles(colours, points), title=_("structure"))
    fig.suptitle(title)
    return save(fig, path)


def welch_figure(
    series: pd.DataFrame,
    path: Path,
    time_unit: str,
    column: str = "in_system",
    window: int = 20,
    display: Display | None = None,
) -> list[Path]:
    """Welch's plot per structure: where the smoothed curve flattens, the warm-up can end."""
    series, time_unit = _series_in_display(series, time_unit, display)
    theme()
    fig, ax = plt.subplots(figsize=(8, 4.4), constrained_layout=True)
    colours = palette(_order(series))
    what = _(SERIES_LABELS.get(column, column))
    for position, (structure, rows) in enumerate(series.groupby("structure", sort=False)):
        wide = rows.pivot(index="replication", columns="time", values=column)
        ax.plot(
            wide.columns,
            welch_average(wide.to_numpy(), window),
            color=colours[str(structure)],
            **line_style(position, len(wide.columns)),
        )
    ax.set(
        title=_("Welch's plot: {what}, moving average of {points} points").format(
            what=what, points=2 * window + 1
        ),
        xlabel=_("time ({units})").format(units=units_word(time_unit)),
        ylabel=_("{what}, mean over replications").format(what=what),
    )
    ax.legend(handles=legend_handles(colours, series["time"].nunique()), title=_("structure"))
    return save(fig, path)
