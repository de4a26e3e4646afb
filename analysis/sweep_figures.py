"""Figures of a sweep: each metric against the swept load, one line per structure.

The x axis is the swept setting that looks like a load (``workload.target_load``, then
``workload.arrival_scale``, then any other numeric setting with several values); the
line is the mean over all replications at that value with its t-interval band (at the run's
``confidence``, 95% by default). When the office reads its results in its own unit
(``display_unit``), times and time settings are drawn in that unit and the axes say which.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import N_, _
from orgsim.analysis.plotting import (
    axis_label,
    keep_in_range,
    legend_handles,
    nothing_to_draw,
    palette,
    save,
    say_instead,
    structure_lines,
    theme,
)
from orgsim.analysis.stats import DEFAULT_CONFIDENCE
from orgsim.analysis.units import Display, display_of, display_problem, units_word

PREFERRED = ("workload.target_load", "workload.arrival_scale")
PANELS = {
    "wait_mean": N_("Mean wait"),
    "deadline_attainment": N_("Deadline attainment"),
    "utilisation_mean": N_("Mean staff utilisation"),
}
#: Plain names of the settings a sweep usually runs over.
SETTING_LABELS = {
    "workload.target_load": N_("target load (required utilisation, 0 to 1)"),
    "workload.arrival_scale": N_("arrival scale (times the office's demand)"),
    "workload.reform_at": N_("reform takes effect at ({time_units})"),
    "workload.horizon": N_("horizon ({time_units})"),
    "workload.warmup": N_("warm-up ({time_units})"),
}
#: Swept settings that are times in the engine's unit (drawn in the office's display unit).
TIME_SETTINGS = frozenset({"workload.reform_at", "workload.horizon", "workload.warmup"})
#: Dash patterns for the values of a second swept setting (solid first).
DASH_PATTERNS = ["", (4, 1.5), (1, 1), (3, 1.25, 1.5, 1.25), (5, 1, 1, 1)]


def swept_axis(tidy: pd.DataFrame, overrides: list[str]) -> str | None:
    """The swept numeric setting to put on the x axis, or None if there is none."""
    numeric = []
    for column in overrides:
        values = pd.to_numeric(tidy[column], errors="coerce")
        if values.notna().all() and values.nunique() > 1:
            numeric.append(column)
    for column in PREFERRED:
        if column in numeric:
            return column
    return numeric[0] if numeric else None


def setting_label(setting: str, time_unit: str = "time unit") -> str:
    """The swept setting as an axis label: ``workload.target_load`` -> ``target load (...)``."""
    if setting in SETTING_LABELS:
        return _(SETTING_LABELS[setting]).format(time_units=units_word(time_unit))
    return setting.split(".")[-1].replace("_", " ")


def in_display(
    data: pd.DataFrame, x: str, time_unit: str, display: Display | None
) -> tuple[pd.DataFrame, str]:
    """The sweep's rows, times (and a swept time setting ``x``) in ``display``'s unit."""
    if display is None:
        return data, time_unit
    shown = display.shown_columns(data)
    if x in TIME_SETTINGS:
        shown[x] = shown[x] * display.time_factor()
    return shown, display.time_word


def load_figure(
    tidy: pd.DataFrame,
    x: str,
    title: str,
    path: Path,
    style: str | None = None,
    time_unit: str = "time unit",
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[Path]:
    """Mean wait, deadline attainment and utilisation against ``x`` with bands.

    ``style`` names a second swept setting drawn as line styles, so that its values are
    not pooled into one line; the structures then differ by colour, width and marker.
    A metric that is zero (or missing) everywhere gets a sentence instead of a flat line.
    Given a ``display``, times are drawn in the office's unit (the tidy table stays in
    the engine's).
    """
    theme()
    data, time_unit = in_display(tidy.assign(**{x: pd.to_numeric(tidy[x])}), x, time_unit, display)
    panels = [m for m in PANELS if m in data]
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5 * len(panels), 4.4), squeeze=False, constrained_layout=True
    )
    colours = palette(list(dict.fromkeys(data["structure"])))
    dashes = None
    if style is not None:
        levels = list(dict.fromkeys(data[style]))
        dashes = (style, dict(zip(levels, DASH_PATTERNS * len(levels), strict=False)))
    for ax, metric in zip(axes.flat, panels, strict=True):
        ax.set(
            title=_("{panel} ({level} band)").format(
                panel=_(PANELS[metric]), level=level_text(confidence)
            ),
            xlabel=setting_label(x, time_unit),
        )
        empty = nothing_to_draw(data[metric])
        if empty:
            say_instead(ax, empty, clear="y")
            continue
        structure_lines(ax, data, x, metric, colours, dashes, confidence)
        keep_in_range(ax, metric)
        ax.set_ylabel(axis_label(metric, time_unit))
    handles = legend_handles(colours)
    if dashes is not None:
        for handle in handles:
            handle.set_linestyle("-")
        handles += [
            Line2D(
                [], [], color="0.3", linestyle=(0, pattern) if pattern else "-", label=str(level)
            )
            for level, pattern in dashes[1].items()
        ]
    legend = _("structure") if style is None else _("structure; {setting}").format(setting=style)
    axes.flat[-1].legend(handles=handles, title=legend)
    fig.suptitle(title)
    return save(fig, path)


def sweep_title(x: str) -> str:
    """The sweep figure's title, in the language shown."""
    return _("Sweep over {setting}: mean of the replications").format(setting=x)


def draw_sweep(
    tidy: pd.DataFrame, swept: list[str], run: Mapping[str, Any], path: Path
) -> list[Path] | None:
    """The sweep figure from the sweep's tidy table, as aggregating a sweep draws it.

    Args:
        tidy: every job's replications (``aggregate.parquet``).
        swept: the swept settings (columns of the job list that ``tidy`` has).
        run: a job's ``config.yaml`` as read (its ``run`` and ``org``), for the time unit,
            the confidence level and the office's display unit; empty when there is none.
        path: where to save, without suffix.

    Returns:
        The files written, or None when no swept setting is numeric (nothing to draw).
    """
    numeric = [c for c in swept if not pd.api.types.is_bool_dtype(tidy[c])]
    x = swept_axis(tidy, numeric)
    if x is None:
        return None
    others = [c for c in swept if c not in (x, "structure") and tidy[c].nunique() > 1]
    info = run.get("run") or {}
    org = run.get("org") or {}
    time_unit = info.get("time_unit") or "time unit"  # for axis labels: "mean wait (hours)"
    confidence = info.get("confidence") or DEFAULT_CONFIDENCE  # the jobs' level of bands
    display = None
    if isinstance(org, Mapping) and display_problem(org) is None:
        display = display_of(org)
    style = others[0] if others else None
    return load_figure(tidy, x, sweep_title(x), path, style, time_unit, confidence, display)
