"""Figures of the capacity search ("1+1>2") and of the staffing search."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from orgsim.analysis.formatting import interval_text, level_text, missing
from orgsim.analysis.i18n import N_, _
from orgsim.analysis.plotting import (
    interval_errorbar,
    legend_handles,
    palette,
    save,
    structure_lines,
    theme,
    wrap,
)
from orgsim.analysis.search_tables import SUM_OF_PARTS, WALLED, WHOLE
from orgsim.analysis.stats import DEFAULT_CONFIDENCE
from orgsim.analysis.units import PERIOD_WORDS, Display, unit_word

#: The capacity figure's bars that are not structures, in words (the result files' names).
BENCHMARKS = {SUM_OF_PARTS: N_("sum of parts"), WALLED: N_("walled office")}


def index_headline(structure: str, index: Mapping[str, Any]) -> str:
    """One structure's capacity index and its "1+1" sign, short enough for a title.

    ``index`` has the ``mean``, ``ci_low`` and ``ci_high`` of the structure's capacity over
    the walled office's; the sign is read from the interval as the verdicts read it.
    """
    low, high = index.get("ci_low"), index.get("ci_high")
    if low is None or high is None or missing(low) or missing(high):
        sign = "1+1=?"
    else:
        sign = "1+1>2" if low > 1 else "1+1<2" if high < 1 else "1+1=2"
    shown = interval_text(index.get("mean"), low, high)
    return _("{structure}: capacity index {index}, {sign}").format(
        structure=structure, index=shown, sign=sign
    )


def capacity_title(
    office: str, target: str, indexes: Mapping[str, Mapping[str, Any]], verdicts: list[str]
) -> str:
    """The capacity figure's title: the office and target, then the first alternative's index.

    Args:
        office: the org's name (empty: the word "office").
        target: the target in words (:func:`target_words`).
        indexes: each structure's capacity index (``capacity.json``), baseline first.
        verdicts: the verdicts as the search wrote them, for a result without indexes.
    """
    said = [index_headline(structure, index) for structure, index in indexes.items()]
    headline = " ".join((said or verdicts)[1:2] or (said or verdicts)[:1])
    heading = _("{office}: {target}").format(office=office or _("office"), target=target)
    return f"{heading}\n{headline}" if headline else heading


def staffing_title(office: str, target: str, confidence: float) -> str:
    """The staffing figure's title: the office, the target and the level of the intervals."""
    return _("{office}: {target} (mean, {level} CI)").format(
        office=office or _("office"), target=target, level=level_text(confidence)
    )


def capacity_figure(
    capacities: pd.DataFrame,
    summary: pd.DataFrame,
    curve: pd.DataFrame,
    share: float,
    title: str,
    path: Path,
    time_unit: str,
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[Path]:
    """Left: the parts' capacities stacked against each structure's; right: attainment curves.

    Capacities and arrival rates are drawn per the office's period when it reads its
    results in other units (``display``), per engine time unit otherwise.

    Args:
        capacities: per-replication capacities (``experiments.capacity_search.capacities``).
        summary: per-entity means and intervals, including the sum of parts.
        curve: attainment per structure, arrival rate and replication.
        share: the target share, drawn as a line on the curves.
        title: figure title (carries the ratio).
        path: where to save, without suffix.
        time_unit: the office's time unit.
        confidence: the level of the intervals in ``summary`` and of the bands.
        display: the office's units (the org's ``display_unit`` and ``throughput_per``).
    """
    level = level_text(confidence)
    summary, curve, period = _per_period(summary, curve, time_unit, display)
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
            name = part.removeprefix("part:")
            bars.text(-0.26, bottom + height / 2, name, ha="left", va="center")
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
    shown = [_(BENCHMARKS[label]) if label in BENCHMARKS else label for label in labels]
    bars.set_xticks(range(len(labels)), [wrap(label, 12) for label in shown])
    bars.set(
        title=_("Largest arrival rate meeting the target ({level} CI)").format(level=level),
        ylabel=_("matters per {unit}").format(unit=period),
    )
    structure_lines(lines, curve, "arrival_rate", "attainment", colours, confidence=confidence)
    lines.legend(handles=legend_handles(colours), title=_("structure"), loc="lower left")
    lines.axhline(share, color="0.3", linestyle="--", linewidth=1)
    target = " " + _("target {share}").format(share=f"{share:.0%}")
    lines.text(lines.get_xlim()[0], share, target, va="bottom", color="0.3")
    for entity in structures:
        lines.axvline(float(indexed.at[entity, "mean"]), color=colours[entity], linestyle=":")
    lines.set(
        title=_("Deadline attainment as demand grows ({level} band)").format(level=level),
        xlabel=_("total arrivals per {unit}").format(unit=period),
        ylabel=_("share done within the deadline (0 to 1)"),
        ylim=(0, 1.03),
    )
    fig.suptitle(title)
    return save(fig, path)


def capacities_per_period(summary: pd.DataFrame, display: Display | None) -> pd.DataFrame:
    """Capacities (``mean``, ``ci_low``, ``ci_high`` per engine time unit) per the office's period.

    Without a ``display`` the table as it is; with one, a copy counted per its
    ``throughput_per``.
    """
    if display is None:
        return summary
    factor = display.rate_factor()
    columns = [c for c in ("mean", "ci_low", "ci_high") if c in summary]
    return summary.assign(**{c: summary[c].astype(float) * factor for c in columns})


def _per_period(
    summary: pd.DataFrame, curve: pd.DataFrame, time_unit: str, display: Display | None
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The capacities and the curve's arrival rates per the period they are drawn in.

    Returns copies counted per the office's period (``throughput_per``) and the period in
    words, or the tables as they are and the engine's unit without a ``display``.
    """
    if display is None:
        return summary, curve, unit_word(time_unit)
    rates = curve.assign(arrival_rate=curve["arrival_rate"].astype(float) * display.rate_factor())
    return capacities_per_period(summary, display), rates, _(PERIOD_WORDS[display.throughput_per])


def staffing_figure(
    tried: pd.DataFrame,
    share: float,
    title: str,
    path: Path,
    confidence: float = DEFAULT_CONFIDENCE,
) -> list[Path]:
    """Attainment against the number of staff tried, one panel per structure (and section)."""
    theme()
    where = _("{structure}: {section}")
    shown = tried.assign(
        where=[
            structure if section == WHOLE else where.format(structure=structure, section=section)
            for structure, section in zip(tried["structure"], tried["section"], strict=True)
        ]
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
            ax.scatter(overloaded, zeros, marker="x", color="C3", label=_("overloaded"))
            ax.legend(loc="lower right")
        ax.axhline(share, color="0.3", linestyle="--", linewidth=1)
        ax.set(
            title=wrap(where, 40),
            xlabel=_("staff (people)"),
            ylabel=_("share in time (0 to 1)"),
            ylim=(-0.03, 1.03),
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    return save(fig, path)
