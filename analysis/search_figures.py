"""Figures of the capacity search ("1+1>2") and of the staffing search."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from orgsim.analysis.formatting import level_text
from orgsim.analysis.plotting import (
    interval_errorbar,
    legend_handles,
    palette,
    save,
    structure_lines,
    theme,
    wrap,
)
from orgsim.analysis.stats import DEFAULT_CONFIDENCE


def capacity_figure(
    capacities: pd.DataFrame,
    summary: pd.DataFrame,
    curve: pd.DataFrame,
    share: float,
    title: str,
    path: Path,
    time_unit: str,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[Path]:
    """Left: the parts' capacities stacked against each structure's; right: attainment curves.

    Args:
        capacities: per-replication capacities (``experiments.capacity_search.capacities``).
        summary: per-entity means and intervals, including the sum of parts.
        curve: attainment per structure, arrival rate and replication.
        share: the target share, drawn as a line on the curves.
        title: figure title (carries the ratio).
        path: where to save, without suffix.
        time_unit: the office's time unit.
        confidence: the level of the intervals in ``summary`` and of the bands.
    """
    level = level_text(confidence)
    theme()
    fig, (bars, lines) = plt.subplots(1, 2, figsize=(14, 4.8), constrained_layout=True)
    structures = list(dict.fromkeys(capacities.loc[capacities["kind"] == "structure", "entity"]))
    colours = palette(structures)
    indexed = summary.set_index("entity")
    parts = [e for e in indexed.index if str(e).startswith("part:")]
    bottom = 0.0
    part_colours = sns.color_palette("pastel", max(len(parts), 1))
    for colour, part in zip(part_colours, parts, strict=False):
        height = float(indexed.at[part, "mean"])
        bars.bar(0, height, bottom=bottom, color=colour, edgecolor="white", width=0.6)
        if height > 0.04 * float(indexed["mean"].max()):
            label = part.removeprefix("part:")
            bars.text(-0.26, bottom + height / 2, label, ha="left", va="center")
        bottom += height
    walled = [e for e in indexed.index if e == "walled office"]
    labels = ["sum of parts", *walled, *structures]
    for x, entity in enumerate(labels):
        mean = float(indexed.at[entity, "mean"])
        if entity in colours:
            bars.bar(x, mean, color=colours[entity], width=0.6)
        elif x > 0:  # the walled office: the benchmark of the capacity index
            bars.bar(x, mean, color="0.75", hatch="//", edgecolor="white", width=0.6)
        low, high = indexed.at[entity, "ci_low"], indexed.at[entity, "ci_high"]
        if pd.notna(low):
            bars.errorbar(x, mean, yerr=[[mean - low], [high - mean]], color="0.2", capsize=6)
    bars.set_xticks(range(len(labels)), [wrap(label, 12) for label in labels])
    bars.set(
        title=f"Largest arrival rate meeting the target ({level} CI)",
        ylabel=f"matters per {time_unit}",
    )
    structure_lines(lines, curve, "arrival_rate", "attainment", colours, confidence=confidence)
    lines.legend(handles=legend_handles(colours), title="structure", loc="lower left")
    lines.axhline(share, color="0.3", linestyle="--", linewidth=1)
    lines.text(lines.get_xlim()[0], share, f" target {share:.0%}", va="bottom", color="0.3")
    for entity in structures:
        lines.axvline(float(indexed.at[entity, "mean"]), color=colours[entity], linestyle=":")
    lines.set(
        title=f"Deadline attainment as demand grows ({level} band)",
        xlabel=f"total arrivals per {time_unit}",
        ylabel="share done within the deadline (0 to 1)",
        ylim=(0, 1.03),
    )
    fig.suptitle(title)
    return save(fig, path)


def staffing_figure(
    tried: pd.DataFrame,
    share: float,
    title: str,
    path: Path,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[Path]:
    """Attainment against the number of staff tried, one panel per structure (and section)."""
    theme()
    shown = tried.assign(
        where=tried["structure"]
        + tried["section"].map(lambda s: "" if s == "(whole)" else f": {s}")
    )
    panels = list(dict.fromkeys(shown["where"]))
    columns = min(len(panels), 4)
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(4.2 * columns, 3.6 * rows), squeeze=False, constrained_layout=True
    )
    for ax, where in zip(axes.flat, panels, strict=False):
        data = shown[shown["where"] == where]
        simulated = data[~data["overloaded"]]
        if len(simulated):
            sns.pointplot(
                data=simulated,
                x="staff",
                y="attainment",
                errorbar=interval_errorbar(confidence),
                native_scale=True,
                color="C0",
                ax=ax,
            )
        overloaded = sorted(set(data.loc[data["overloaded"], "staff"]))
        if overloaded:
            zeros = [0] * len(overloaded)
            ax.scatter(overloaded, zeros, marker="x", color="C3", label="overloaded")
            ax.legend(loc="lower right")
        ax.axhline(share, color="0.3", linestyle="--", linewidth=1)
        ax.set(
            title=wrap(where, 40),
            xlabel="staff (people)",
            ylabel="share in time (0 to 1)",
            ylim=(-0.03, 1.03),
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    return save(fig, path)
