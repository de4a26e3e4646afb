"""``orgsim-class --handout``: the four lesson steps' mean wait over time on one A4 page.

Each panel is one preset, run with one seed: the office as it is against the reformed office,
fed the same matters, their mean wait (of the matters served so far) hour by hour. Students
write their prediction, then compare it with the curves.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from orgsim.analysis.results_folder import atomic_write
from orgsim.experiments.classroom.drawing import OFFICE_COLOURS, fonts
from orgsim.experiments.classroom.labels import preset_name, structure_name, text
from orgsim.experiments.classroom.lesson import SIDES, Lesson
from orgsim.experiments.classroom.settings import PRESETS

A4_INCHES = (8.27, 11.69)
DPI = 200


def mean_waits(name: str, hours: int, seed: int) -> dict[str, list[float]]:
    """Hour and both offices' mean wait, hour 1 to ``hours``, for the preset ``name``."""
    lesson = Lesson(PRESETS[name].replace(seed=seed))
    series: dict[str, list[float]] = {"hour": [], **{side: [] for side in SIDES}}
    for _ in range(hours):
        for side, office in zip(SIDES, lesson.advance(1), strict=True):
            series[side].append(office.counters.mean_wait)
        series["hour"].append(lesson.clock)
    return series


def handout_series(hours: int, seed: int) -> dict[str, dict[str, list[float]]]:
    """:func:`mean_waits` of every preset, by preset name."""
    return {name: mean_waits(name, hours, seed) for name in PRESETS}


def handout_figure(
    hours: int,
    lang: str = "zh",
    seed: int = 1,
    series: dict[str, dict[str, list[float]]] | None = None,
) -> Figure:
    """The handout: one panel per preset, both offices' mean wait over ``hours``.

    ``series`` (from :func:`handout_series` with the same hours and seed) saves running the
    lessons again.
    """
    runs = handout_series(hours, seed) if series is None else series
    with matplotlib.rc_context(fonts()):  # type: ignore[arg-type]
        figure = Figure(figsize=A4_INCHES, layout="constrained")
        axes = figure.subplots(len(PRESETS), 1)
        for ax, (name, settings) in zip(axes, PRESETS.items(), strict=True):
            curves = runs[name]
            labels = (text("current", lang), structure_name(settings.structure, lang))
            for side, label, colour in zip(SIDES, labels, OFFICE_COLOURS, strict=True):
                ax.plot(curves["hour"], curves[side], label=label, color=colour, linewidth=1.6)
            if 0 < settings.reform_at < hours:
                ax.axvline(settings.reform_at, color="#555555", linestyle=":", linewidth=1)
                ax.text(
                    settings.reform_at,
                    0.97,
                    " " + text("reformed_at", lang, hour=settings.reform_at),
                    transform=ax.get_xaxis_transform(),
                    fontsize=8,
                    va="top",
                )
            ax.set_title(preset_name(name, lang), fontsize=11, loc="left")
            ax.set_xlim(0, hours)
            ax.set_ylim(bottom=0)
            ax.set_ylabel(text("handout_y", lang), fontsize=9)
            ax.grid(alpha=0.3)
            ax.legend(loc="upper right", fontsize=8)
        axes[-1].set_xlabel(text("plot_x", lang))
        figure.suptitle(text("handout_title", lang), fontsize=13)
        figure.supxlabel(text("handout_note", lang, seed=seed), fontsize=8, color="#555555")
    return figure


def write_handout(
    path: Path, hours: int, lang: str, seed: int
) -> dict[str, dict[str, list[float]]]:
    """Draw the handout, write it to ``path`` atomically and return the curves drawn.

    The checks on ``path`` (ending, folder, no overwrite) are the caller's.
    """
    series = handout_series(hours, seed)
    figure = handout_figure(hours, lang, seed, series)
    kind = path.suffix[1:].lower()
    with matplotlib.rc_context(fonts()):  # type: ignore[arg-type]
        atomic_write(path, lambda tmp: figure.savefig(tmp, dpi=DPI, format=kind))
    return series
