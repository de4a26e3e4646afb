"""Numbers and names in the plain-text and Markdown tables: one interval format everywhere.

The comparison table (``comparison.md`` and the terminal), the capacity table and the
staffing table all show ``mean [low, high]`` through :func:`interval_text`, so a value
reads the same in each; the HTML report builds its typography on the same functions.
Terminal tables are laid out by :func:`frame_text`, which counts a Chinese (East Asian wide)
character as two columns, as a terminal draws it, so names like 综合科 keep the columns lined up.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

#: Spaces between two columns of a terminal table.
COLUMN_GAP = "  "


def missing(value: Any) -> bool:
    """Whether ``value`` is absent: None or NaN (an interval of fewer than 2 values)."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def number_text(value: Any, signed: bool = False, digits: int = 3) -> str:
    """``digits`` significant digits, a ``+`` in front of positives when ``signed``; ``n/a``."""
    if missing(value):
        return "n/a"
    return f"{float(value):{'+' if signed else ''}.{digits}g}"


def interval_text(
    mean: Any, low: Any = None, high: Any = None, signed: bool = False, digits: int = 3
) -> str:
    """``mean [low, high]``; only the mean when the interval is undefined; ``n/a`` without a mean.

    Args:
        mean: the estimate.
        low: lower end of its interval (None or NaN with fewer than 2 values).
        high: upper end of its interval.
        signed: mark positive means with ``+`` (differences).
        digits: significant digits of every number.
    """
    if missing(mean):
        return "n/a"
    shown = number_text(mean, signed, digits)
    if missing(low) or missing(high):
        return shown
    return f"{shown} [{number_text(low, digits=digits)}, {number_text(high, digits=digits)}]"


def level_text(confidence: float) -> str:
    """A confidence level as people write it: ``0.95`` -> ``95%``, ``0.995`` -> ``99.5%``."""
    return f"{100 * confidence:.10g}%"


def markdown_cell(text: object) -> str:
    """``text`` safe in a Markdown table cell: HTML special characters and pipes escaped.

    A name with ``<``, ``&`` or ``|`` (a structure, a section, a priority class) then shows
    as written instead of becoming markup or splitting the row; line breaks become spaces.
    """
    shown = " ".join(str(text).splitlines())
    shown = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return shown.replace("|", "\\|")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters (汉字, ，) count 2.

    Combining marks and invisible format characters take none; East Asian "ambiguous"
    characters (·, °) take one, as in terminals outside CJK locales.
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` terminal columns, on the left when ``right``."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def text_table(
    header: Sequence[object], rows: Sequence[Sequence[object]], right: Sequence[bool]
) -> str:
    """Rows under a header in columns that line up on a terminal, whatever the script.

    Args:
        header: one title per column.
        rows: the cells, one sequence per row, as many as ``header``.
        right: per column, whether it is right-aligned (numbers) or left-aligned (text).
    """
    lines = [[" ".join(str(c).splitlines()) for c in row] for row in [header, *rows]]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        COLUMN_GAP.join(
            pad(cell, width, flush) for cell, width, flush in zip(line, widths, right, strict=True)
        ).rstrip()
        for line in lines
    )


def frame_text(
    frame: pd.DataFrame,
    index: bool = True,
    float_format: Callable[[float], str] | None = None,
) -> str:
    """A data frame as a terminal table: :func:`text_table` with numbers right-aligned.

    Replaces ``DataFrame.to_string``, which counts a Chinese character as one column and
    so pushes every cell after a Chinese name out of line.

    Args:
        frame: the table; its index becomes the first column when ``index`` is true.
        index: show the index (under its name) as the first, left-aligned column.
        float_format: how a float cell is written; ``str`` when not given.
    """
    shown = float_format or str
    columns = [frame.iloc[:, i] for i in range(frame.shape[1])]
    header: list[object] = [str(c) for c in frame.columns]
    right = [
        pd.api.types.is_numeric_dtype(c) and not pd.api.types.is_bool_dtype(c) for c in columns
    ]
    cells = [[_cell(v, shown) for v in row] for row in frame.itertuples(index=False, name=None)]
    if index:
        header = [frame.index.name or "", *header]
        right = [False, *right]
        cells = [[str(label), *row] for label, row in zip(frame.index, cells, strict=True)]
    return text_table(header, cells, right)


def _cell(value: object, float_format: Callable[[float], str]) -> str:
    if isinstance(value, float) and not missing(value):
        return float_format(value)
    return "NaN" if missing(value) else str(value)
