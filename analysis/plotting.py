"""Shared figure plumbing: one theme, labels, line styles, and saving as PNG and SVG.

Every figure goes through these helpers so that the same problems are solved once: names
with ``$`` or ``_`` are drawn as written, long structure names wrap instead of running into
each other, lines that coincide stay visible, and a panel with nothing to show says so.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.lines import Line2D

from orgsim.analysis.i18n import N_, _
from orgsim.analysis.report.metrics import COUNT_METRICS, TIME_METRICS, base_metric, is_share, label
from orgsim.analysis.results_folder import atomic_write, figure_paths
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, t_interval
from orgsim.analysis.units import unit_word, units_word

#: Line styles and markers given to the structures in turn (see :func:`line_style`).
DASHES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


#: Fonts with Chinese glyphs, in order of preference: Linux (Noto, Source Han, WenQuanYi,
#: Droid), Windows (Microsoft YaHei, SimHei) and macOS (PingFang, Heiti).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)


def chinese_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, or None.

    matplotlib keeps its list of fonts in a cache: a font removed since is skipped.
    """
    installed = {
        entry.name for entry in font_manager.fontManager.ttflist if Path(entry.fname).exists()
    }
    return next((name for name in CJK_FONTS if name in installed), None)


def theme() -> None:
    """The look of every orgsim figure; text is never parsed as mathematics.

    Structure, section and staff names come from users' files: a ``$`` in one would
    otherwise start TeX-like math and can stop the figure from being drawn at all. They
    are often Chinese: an installed Chinese font follows the default one, and matplotlib
    takes each glyph the default font lacks from it (no font is downloaded).
    """
    sns.set_theme(style="whitegrid", context="notebook", rc={"text.parse_math": False})
    chinese = chinese_font()
    if chinese is not None:
        plt.rcParams["font.family"] = ["DejaVu Sans", chinese]  # a list: per-glyph fallback


def interval_errorbar(
    confidence: float = DEFAULT_CONFIDENCE,
) -> Callable[[pd.Series], tuple[float, float]]:
    """Seaborn ``errorbar`` callback: the Student-t interval over replications at ``confidence``."""

    def errorbar(values: pd.Series) -> tuple[float, float]:
        interval = t_interval(values.to_numpy(), confidence)
        return interval.ci_low, interval.ci_high

    return errorbar


#: The callback at the default level (95%).
t_errorbar = interval_errorbar()


def palette(names: list[str]) -> dict[str, tuple[float, float, float]]:
    """The same colour for the same structure in every panel."""
    return dict(zip(names, sns.color_palette("colorblind", len(names)), strict=False))


def axis_label(metric: str, time_unit: str = "time unit") -> str:
    """A metric's plain name with its unit, e.g. ``mean wait (working hours)``.

    Figures never show column names such as ``wait_mean``; the names are the report's.
    """
    base = base_metric(metric)
    name = _(label(base))
    if "." in metric:
        name = _("{metric}, {group}").format(metric=name, group=metric.partition(".")[2])
    if base in TIME_METRICS:
        unit = units_word(time_unit)
    elif base == "throughput":
        unit = _("matters per {unit}").format(unit=unit_word(time_unit))
    elif base in COUNT_METRICS:
        unit = _("matters")
    elif is_share(metric):
        unit = _("share, 0 to 1")
    else:
        return name
    return _("{name} ({unit})").format(name=name, unit=unit)


def wrap(name: str, width: int = 16) -> str:
    """``name`` broken into lines of about ``width`` characters, after ``_``, ``-`` or spaces.

    A word longer than ``width`` stays whole: a label is better long than cut.
    """
    pieces = [p for p in re.split(r"(?<=[_\-\s])", str(name)) if p]
    lines = [""]
    for piece in pieces:
        if lines[-1] and len(lines[-1]) + len(piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(line.rstrip() for line in lines)


def line_style(position: int, points: int = 0) -> dict[str, Any]:
    """Keyword arguments for the ``position``-th line of a panel.

    Earlier lines are wider and drawn underneath, later ones narrower, dashed and marked on
    top: when two structures give exactly the same curve (a reform that changes nothing),
    the one underneath still shows round the one above. ``points`` is the number of points
    on the line; long series get a marker every so often, offset from line to line.
    """
    style: dict[str, Any] = {
        "linewidth": max(3.6 - 0.9 * position, 1.2),
        "linestyle": DASHES[position % len(DASHES)],
        "marker": MARKERS[position % len(MARKERS)],
        "markersize": max(8.0 - 1.2 * position, 4.0),
        "zorder": 2 + position,
    }
    if points > 30:
        every = max(points // 12, 1)
        style["markevery"] = ((position * every) // 5 % every, every)
    return style


def legend_handles(colours: dict[str, Any], points: int = 0) -> list[Line2D]:
    """Legend entries matching :func:`line_style`, one per structure."""
    return [
        Line2D([], [], color=colours[name], label=name, **_legend_style(position, points))
        for position, name in enumerate(colours)
    ]


def _legend_style(position: int, points: int) -> dict[str, Any]:
    style = line_style(position, points)
    style.pop("markevery", None)
    style.pop("zorder")
    return style


def structure_lines(
    ax: plt.Axes,
    data: pd.DataFrame,
    x: str,
    y: str,
    colours: dict[str, Any],
    dashes: tuple[str, dict[Any, Any]] | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> None:
    """One line per structure with its band (95% by default), in the styles of :func:`line_style`.

    Args:
        ax: the panel.
        data: tidy rows with a ``structure`` column, ``x`` and ``y``.
        x: column on the x axis.
        y: column on the y axis (the mean over replications is drawn).
        colours: structure -> colour, in drawing order.
        dashes: a second setting drawn as line styles instead: (column, value -> dash
            pattern); the structures then differ in colour, width and marker only.
        confidence: the level of the band.
    """
    for position, name in enumerate(colours):
        rows = data[data["structure"] == name]
        if rows.empty:
            continue
        style = line_style(position, rows[x].nunique())
        if dashes is not None:
            style.pop("linestyle")
        sns.lineplot(
            data=rows,
            x=x,
            y=y,
            color=colours[name],
            errorbar=interval_errorbar(confidence),
            style=dashes[0] if dashes else None,
            dashes=dashes[1] if dashes else True,
            err_kws={"alpha": 0.12},
            legend=False,
            ax=ax,
            **style,
        )


def keep_in_range(ax: plt.Axes, metric: str) -> None:
    """Cut the value axis at what the metric can be: 0 and up, and at most 1 for a share.

    Student-t bands of a few replications can reach past those limits; the axis then
    stretches to show values no replication could have.
    """
    low, high = ax.get_ylim()
    if is_share(metric):
        ax.set_ylim(max(low, -0.02), min(high, 1.02))
    else:
        ax.set_ylim(max(low, 0.0), high)


def nothing_to_draw(values: pd.Series) -> str | None:
    """Why a panel of ``values`` would show nothing (all missing, all zero), or None."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    if present.empty:
        return _("not applicable: no values in any structure")
    if np.allclose(present.to_numpy(dtype=float), 0.0):
        return _("zero in every structure")
    return None


def say_instead(ax: plt.Axes, message: str, clear: str = "both") -> None:
    """Write ``message`` across a panel instead of a plot, so it is not read as data.

    ``clear`` names the axes whose ticks go (``x``, ``y`` or ``both``): keep the axis of
    names when the panel shares it with others.
    """
    if clear in ("x", "both"):
        ax.set_xticks([])
    if clear in ("y", "both"):
        ax.set_yticks([])
    ax.grid(False)
    ax.text(0.5, 0.5, message, ha="center", va="center", color="0.3", transform=ax.transAxes)


#: Said once, instead of matplotlib's warning for every character it cannot draw.
NO_CHINESE_FONT = N_(
    "no Chinese font installed: Chinese names in figures show as boxes; install "
    "fonts-noto-cjk or fonts-wqy-microhei (make fonts) and run again"
)
_said_no_chinese_font = False

#: True while figures are drawn for a page alone (:func:`png_only`).
_png_only: ContextVar[bool] = ContextVar("orgsim_png_only", default=False)


@contextmanager
def png_only() -> Iterator[None]:
    """Save the figures drawn inside the block as PNG alone: a page embeds nothing else.

    Writing the SVG beside each takes a third of the time of drawing a figure again.
    """
    token = _png_only.set(True)
    try:
        yield
    finally:
        _png_only.reset(token)


def save(fig: plt.Figure, path: Path) -> list[Path]:
    """Write ``fig`` as PNG and SVG next to each other, each atomically, and close it.

    Inside :func:`png_only`, the PNG alone.

    Glyphs missing from every font (Chinese names with no Chinese font installed) are
    reported by one warning per run rather than one per character and file.
    """
    global _said_no_chinese_font
    targets = [t for t in figure_paths(path) if t.suffix == ".png" or not _png_only.get()]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for target in targets:
            atomic_write(target, lambda tmp: fig.savefig(tmp, dpi=110, format=tmp.suffix[1:]))
    plt.close(fig)
    missing = False
    for warning in caught:
        if "missing from font" in str(warning.message):
            missing = True
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    if missing and not _said_no_chinese_font:
        _said_no_chinese_font = True
        print(f"orgsim: warning: {_(NO_CHINESE_FONT)}", file=sys.stderr)
    return targets
