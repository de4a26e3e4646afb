"""A run's summary.json as its office reads it: times and throughput in the office's units.

``summary.json`` keeps every value in the engine's time unit and records the display the
office asked for (``display``, see ``analysis.units.Display``). The page converts a copy
once, here, so its tables, verdict sentences and figures all speak the same unit.
"""

from __future__ import annotations

from typing import Any

from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.units import PERIOD_WORDS, VALUE_COLUMNS, Display, metric_name

#: Marks a summary already converted, so converting twice changes nothing.
SHOWN = "shown_in_display_units"


def display_of_summary(summary: dict[str, Any]) -> Display | None:
    """The display a summary records, or None (values in the engine's unit)."""
    return Display.from_record(summary.get("display"))


def _scaled(entry: Any, factor: float) -> Any:
    """A summary entry (mean, interval, half-width) multiplied by ``factor``."""
    if not isinstance(entry, dict) or factor == 1.0:
        return entry
    out = dict(entry)
    for key in VALUE_COLUMNS:
        value = out.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = value * factor
    return out


def shown_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``summary`` with its values in its display units; itself without a display."""
    display = display_of_summary(summary)
    if display is None or summary.get(SHOWN):
        return summary
    out = dict(summary, **{SHOWN: True})
    out["structures"] = {
        name: {
            **info,
            "metrics": {
                m: _scaled(v, display.factor(m)) for m, v in info.get("metrics", {}).items()
            },
        }
        if isinstance(info, dict)
        else info
        for name, info in summary.get("structures", {}).items()
    }
    out["paired_differences"] = {
        name: {m: _scaled(d, display.factor(m)) for m, d in diffs.items()}
        for name, diffs in summary.get("paired_differences", {}).items()
    }
    return out


def engine_word(time_unit: str) -> str:
    """The engine's time unit in the language shown: ``working hour``, ``工作小时``.

    An org's own word no catalogue has is shown as written (without an English plural
    ``s`` in Chinese, when the singular is known).
    """
    shown = _(time_unit)
    if shown == time_unit and in_chinese() and time_unit.endswith("s"):
        return _(time_unit[:-1])
    return shown


def time_words(summary: dict[str, Any]) -> tuple[str, str | None]:
    """The unit of times in a summary's sentences, and the period throughput is counted per.

    The period is None when throughput is per time unit (no display); with a display it
    is ``working day``, ``week``...: throughput is then ``matters per working day``. Both
    are in the language shown.
    """
    display = display_of_summary(summary)
    if display is None:
        return engine_word(summary.get("time_unit") or "time unit"), None
    return display.time_word, _(PERIOD_WORDS[display.throughput_per])


def metric_label(metric: str, summary: dict[str, Any]) -> str:
    """``wait_mean (min)`` when the summary has a display; the bare name otherwise.

    In Chinese the name is the metric's Chinese label (``平均等待时间（分钟）``).
    """
    display = display_of_summary(summary)
    return metric_name(metric) if display is None else display.label(metric)
