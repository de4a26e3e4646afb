"""Pictures of the lesson: both offices' floor plans side by side, and waiting over time.

Figures are built with matplotlib's object API (no pyplot state), so the page can draw
them for several browsers at once. Chinese labels use an installed Chinese font.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Patch, Rectangle

from orgsim.analysis.plotting import chinese_font
from orgsim.experiments.classroom.labels import section_label, structure_name, text
from orgsim.experiments.classroom.settings import LessonSettings
from orgsim.experiments.classroom.snapshot import OfficeSnapshot, SectionView

DESK_COLOURS = {"busy": "#2b8cbe", "idle": "#fdae61", "away": "#bdbdbd"}
MATTER_COLOURS = ("#1a9850", "#762a83")  # short, long
OFFICE_COLOURS = ("#d95f02", "#1b9e77")  # left, right (also the plot's lines)
#: The counters shown for both offices, in order.
SHOWN_COUNTERS = (
    "mean_wait",
    "waiting",
    "idle_while_work_waits",
    "deadline_attainment",
    "completed",
)
#: Waiting matters drawn per section before the rest are counted as "+n".
SHOWN_WAITING = 18
ROW = 1.4  # height of a section's row
DESK = 0.8
DOT = 0.42  # spacing of waiting matters


def fonts() -> dict[str, Any]:
    """Font settings for one figure: the default font, then a Chinese one if installed."""
    chinese = chinese_font()
    families = ["DejaVu Sans"] if chinese is None else ["DejaVu Sans", chinese]
    return {"font.family": families, "text.parse_math": False}


def _draw_section(
    ax: Axes, section: SectionView, y: float, lang: str, long_kinds: set[int]
) -> float:
    """One section's row at height ``y``: wall, desks on the left, its queue on the right."""
    n_desks = len(section.desks)
    width = 1.0 + n_desks * (DESK + 0.2) + SHOWN_WAITING * DOT + 1.2
    pooled = section.pool is not None
    ax.add_patch(
        Rectangle(
            (0, y),
            width,
            ROW - 0.2,
            fill=False,
            linewidth=1.2 if pooled else 2.6,
            linestyle=(0, (4, 3)) if pooled else "solid",
            edgecolor="#555555" if pooled else "#222222",
        )
    )
    ax.text(
        0.1, y + ROW - 0.28, section_label(section.name, section.pool, lang), fontsize=8, va="top"
    )
    x = 1.0
    for desk in section.desks:
        ax.add_patch(Rectangle((x, y + 0.15), DESK, DESK * 0.75, color=DESK_COLOURS[desk.state]))
        if desk.b_post is not None:  # the section they back up, written on the desk
            ax.text(
                x + DESK / 2,
                y + 0.15 + DESK * 0.375,
                text("b_post", lang, target=desk.b_post.removeprefix("s")),
                fontsize=7,
                color="white",
                ha="center",
                va="center",
            )
        x += DESK + 0.2
    x += 0.3
    for kind in section.waiting[:SHOWN_WAITING]:
        colour = MATTER_COLOURS[1 if kind in long_kinds else 0]
        ax.add_patch(Circle((x + DOT / 2, y + 0.45), DOT * 0.4, color=colour))
        x += DOT
    extra = len(section.waiting) - SHOWN_WAITING
    if extra > 0:
        ax.text(x + 0.1, y + 0.45, text("more", lang, n=extra), fontsize=8, va="center")
    return width


def _long_kinds(settings: LessonSettings) -> set[int]:
    if settings.long_factor <= 1:
        return set()
    return set(range(settings.sections // 2, settings.sections))


def offices_figure(
    left: OfficeSnapshot,
    right: OfficeSnapshot,
    settings: LessonSettings,
    lang: str,
    reform_at: float | None = None,
) -> Figure:
    """Both offices side by side: walls, desks coloured by state, queues as rows of matters."""
    rows = max(len(left.sections), len(right.sections))
    with matplotlib.rc_context(fonts()):  # type: ignore[arg-type]
        figure = Figure(figsize=(12, 1.3 + 0.75 * rows), layout="constrained")
        axes = figure.subplots(1, 2)
        long_kinds = _long_kinds(settings)
        titles = (
            text("current", lang),
            structure_name(settings.structure, lang),
        )
        widest = 0.0
        for ax, office, title, colour in zip(
            axes, (left, right), titles, OFFICE_COLOURS, strict=True
        ):
            for k, section in enumerate(office.sections):
                y = (rows - 1 - k) * ROW
                widest = max(widest, _draw_section(ax, section, y, lang, long_kinds))
            clock = text("hour", lang, hour=round(office.clock, 1))
            if office is right and reform_at is not None:
                clock += " · " + text("reformed_at", lang, hour=reform_at)
            ax.set_title(f"{title}\n{clock}", fontsize=11, color=colour)
            ax.set_ylim(-0.4, rows * ROW)
            ax.set_aspect("equal")
            ax.axis("off")
        for ax in axes:
            ax.set_xlim(-0.2, widest + 0.2)
        handles: list[Patch] = [Rectangle((0, 0), 1, 1, color=c) for c in DESK_COLOURS.values()]
        labels = [text(state, lang) for state in DESK_COLOURS]
        handles += [Circle((0, 0), 1, color=MATTER_COLOURS[0])]
        labels += [text("short_matter", lang)]
        if long_kinds:
            handles += [Circle((0, 0), 1, color=MATTER_COLOURS[1])]
            labels += [text("long_matter", lang)]
        figure.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=len(labels),
            fontsize=9,
            frameon=False,
        )
    return figure


def waiting_figure(history: pd.DataFrame, settings: LessonSettings, lang: str) -> Figure:
    """Matters waiting over time in both offices (``history``: the lesson's DataCollector)."""
    with matplotlib.rc_context(fonts()):  # type: ignore[arg-type]
        figure = Figure(figsize=(12, 3.2), layout="constrained")
        ax = figure.subplots()
        names = (text("current", lang), structure_name(settings.structure, lang))
        for side, name, colour in zip(("current", "reformed"), names, OFFICE_COLOURS, strict=True):
            ax.plot(
                history["hour"], history[f"waiting_{side}"], label=name, color=colour, linewidth=1.6
            )
        if settings.reform_at > 0:
            ax.axvline(settings.reform_at, color="#555555", linestyle=":", linewidth=1)
        ax.set_title(text("plot_title", lang), fontsize=11)
        ax.set_xlabel(text("plot_x", lang))
        ax.set_ylabel(text("plot_y", lang))
        ax.set_xlim(0, max(8.0, float(history["hour"].max()) if len(history) else 8.0))
        ax.set_ylim(
            0, max(5.0, float(history[["waiting_current", "waiting_reformed"]].max().max()) * 1.1)
        )
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=9)
    return figure


def format_counter(name: str, value: float) -> str:
    """A counter as the page shows it: hours to 2 decimals, shares as percentages."""
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if name in ("idle_while_work_waits", "deadline_attainment"):
        return f"{100 * value:.1f}%"
    if name == "mean_wait":
        return f"{value:.2f}"
    return f"{int(value)}"
