"""Numbers as a reader expects them: three significant digits, true minus signs, ``n/a``.

Every table and sentence of the report goes through these few functions, so a value looks
the same wherever it appears. They are the plain-text numbers of ``analysis.formatting``
(the Markdown tables') with a page's typography: a true minus sign, and 0 never signed.
"""

from __future__ import annotations

from typing import Any

from orgsim.analysis.formatting import level_text, missing, number_text
from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.stats import DEFAULT_CONFIDENCE


def present(value: Any) -> float | None:
    """``value`` as a float, or None when it is missing (None, NaN or not a number)."""
    if missing(value) or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def confidence_of(info: dict[str, Any]) -> float:
    """The confidence level a result records (95% for files from before it was a setting)."""
    level = present(info.get("confidence"))
    return level if level is not None and 0 < level < 1 else DEFAULT_CONFIDENCE


def level_of(info: dict[str, Any]) -> str:
    """The confidence level a result records, as people write it: ``95%``."""
    return level_text(confidence_of(info))


def significance_level(confidence: float) -> float:
    """The p-value below which a difference counts: 1 - confidence (0.05 at 95%)."""
    return round(1 - confidence, 12)


def fmt(value: Any, signed: bool = False) -> str:
    """Three significant digits with a true minus sign, or ``n/a``."""
    number = present(value)
    if number is None:
        return "n/a"
    if number == 0:
        return "0"
    return number_text(number, signed).replace("-", "\u2212")


def fmt_interval(low: Any, high: Any) -> str:
    """``[low, high]``, or ``n/a`` when the interval is undefined (fewer than 2 values)."""
    if missing(low) or missing(high):
        return "n/a"
    return f"[{fmt(low)}, {fmt(high)}]"


def fmt_share(value: Any) -> str:
    """A share between 0 and 1 as a percentage: ``0.97`` -> ``97%``."""
    share = present(value)
    return "n/a" if share is None else f"{fmt(100 * share)}%"


def fmt_percent(value: Any) -> str:
    """A share as a percentage with one decimal, for columns: ``0.97`` -> ``97.0%``."""
    share = present(value)
    return "n/a" if share is None else f"{100 * share:.1f}%"


def fmt_percent_interval(low: Any, high: Any) -> str:
    """``[93.4%, 98.6%]``, or ``n/a`` when the interval is undefined."""
    if missing(low) or missing(high):
        return "n/a"
    return f"[{fmt_percent(low)}, {fmt_percent(high)}]"


def fmt_p(p: Any) -> str:
    """A p-value as people read it: ``< 0.001`` rather than ``3.1e-07``."""
    p = present(p)
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def p_is(p: Any) -> str:
    """``p = 0.003`` or ``p < 0.001``."""
    text = fmt_p(p)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def and_list(items: list[str], empty: str = "") -> str:
    """``a, b and c`` (``a、b和c`` in Chinese); ``empty`` when there is nothing to list."""
    if len(items) < 2:
        return "".join(items) or empty
    separator = "、" if in_chinese() else ", "
    return _("{first} and {last}").format(first=separator.join(items[:-1]), last=items[-1])


def plural(unit: str) -> str:
    """``working hour`` -> ``working hours``; Chinese words have no plural."""
    return unit if unit.endswith("s") or in_chinese() else f"{unit}s"


def plain(value: Any) -> str:
    """A setting as written: ``2,000`` rather than ``2e+03``."""
    if missing(value):
        return "n/a"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)
