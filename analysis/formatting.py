"""Numbers and names in the plain-text and Markdown tables: one interval format everywhere.

The comparison table (``comparison.md`` and the terminal), the capacity table and the
staffing table all show ``mean [low, high]`` through :func:`interval_text`, so a value
reads the same in each; the HTML report builds its typography on the same functions.
"""

from __future__ import annotations

import math
from typing import Any


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
