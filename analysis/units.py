"""People's units and the engine's: counts per period and durations, in working hours.

The engine measures time in working hours (``time_unit: working hour``). An office counts
its matters per year, month, week or day and times its work in minutes, hours or working
days; the working calendar (hours a working day, working days a week and a year) converts
one into the other, once, at the edge: on the way in (the office workbook, whose every
conversion also says what it did, in words, for the comments of the org file it writes)
and on the way out (:class:`Display`, the org file's ``display_unit``: the tables, reports
and figures people read). The engine and the tidy result files never change unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.metric_registry import info as metric_info

#: Periods a count may be given per, and duration units, by their canonical names.
PERIODS = ("year", "month", "week", "day", "hour")
DURATION_UNITS = ("minute", "hour", "day")

#: The working calendar assumed when a workbook or an org file gives none.
DEFAULT_HOURS_PER_DAY = 8.0
DEFAULT_DAYS_PER_WEEK = 5.0
DEFAULT_DAYS_PER_YEAR = 250.0


def tidy(value: float) -> float:
    """``value`` rounded to 12 significant digits: 1190.0000000000002 becomes 1190.

    Conversions multiply and divide by the calendar; rounding once afterwards keeps
    the numbers people see (and a round trip through a workbook) exact.
    """
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.12g}")


def number_text(value: float) -> str:
    """A number as people write it: ``1,200``, ``0.6``, ``2.5``."""
    value = tidy(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


@dataclass(frozen=True)
class WorkCalendar:
    """How long an office works: hours a working day, working days a week and a year."""

    hours_per_day: float = DEFAULT_HOURS_PER_DAY
    days_per_week: float = DEFAULT_DAYS_PER_WEEK
    days_per_year: float = DEFAULT_DAYS_PER_YEAR

    def working_hours(self, period: str) -> float:
        """Working hours in one ``period`` (a month is a twelfth of the working year)."""
        days = {
            "year": self.days_per_year,
            "month": self.days_per_year / 12,
            "week": self.days_per_week,
            "day": 1.0,
        }
        if period == "hour":
            return 1.0
        return days[period] * self.hours_per_day

    def hours_explained(self, period: str) -> str:
        """How many working hours a ``period`` has, in words."""
        h = number_text(self.hours_per_day)
        if period == "year":
            return f"{number_text(self.days_per_year)} working days × {h} h"
        if period == "month":
            return f"{number_text(self.days_per_year)} working days / 12 months × {h} h"
        if period == "week":
            return f"{number_text(self.days_per_week)} working days × {h} h"
        if period == "day":
            return f"{h} h"
        return "1 working hour"


def rate_per_hour(count: float, period: str, calendar: WorkCalendar) -> float:
    """Matters per working hour from ``count`` matters per ``period``."""
    return tidy(count / calendar.working_hours(period))


def rate_explained(count: float, period: str, calendar: WorkCalendar) -> str:
    """``1,200 a year / (250 working days × 8 h) = 0.6 per working hour``."""
    rate = rate_per_hour(count, period, calendar)
    if period == "hour":
        return f"{number_text(count)} per working hour"
    return (
        f"{number_text(count)} a {period} / ({calendar.hours_explained(period)}) "
        f"= {number_text(rate)} per working hour"
    )


def count_per(rate: float, period: str, calendar: WorkCalendar) -> float:
    """Matters per ``period`` from a rate per working hour (the inverse of rate_per_hour)."""
    return tidy(rate * calendar.working_hours(period))


def unit_hours(unit: str, calendar: WorkCalendar) -> float:
    """Working hours in one ``unit`` of duration: a minute, an hour or a working day."""
    return {"minute": 1 / 60, "hour": 1.0, "day": calendar.hours_per_day}[unit]


def hours(value: float, unit: str, calendar: WorkCalendar) -> float:
    """A duration in working hours from ``value`` minutes, hours or working days."""
    if unit == "minute":
        return tidy(value / 60)
    return tidy(value * unit_hours(unit, calendar))


def hours_explained(value: float, unit: str, calendar: WorkCalendar) -> str:
    """``30 minutes = 0.5 h``, ``5 working days × 8 h = 40 h``."""
    result = number_text(hours(value, unit, calendar))
    if unit == "minute":
        return f"{number_text(value)} minutes = {result} h"
    if unit == "day":
        per_day = number_text(calendar.hours_per_day)
        days = "working day" if value == 1 else "working days"
        return f"{number_text(value)} {days} × {per_day} h = {result} h"
    return f"{number_text(value)} h"


def in_unit(value_hours: float, unit: str, calendar: WorkCalendar) -> float:
    """A duration given in working hours, expressed in ``unit`` (the inverse of hours)."""
    if unit == "minute":
        return tidy(value_hours * 60)
    return tidy(value_hours / unit_hours(unit, calendar))


def readable_unit(value_hours: float, calendar: WorkCalendar) -> str:
    """The unit people would write a duration in.

    Minutes below an hour, working days for a whole number of them, hours otherwise.
    """
    if 0 < value_hours < 1:
        return "minute"
    days = in_unit(value_hours, "day", calendar)
    if value_hours >= calendar.hours_per_day and days == int(days):
        return "day"
    return "hour"


#: Units an office may read its results in (``display_unit``) -> the calendar's duration unit.
DISPLAY_UNITS = {"minute": "minute", "hour": "hour", "working_day": "day"}
#: Periods throughput may be shown per (``throughput_per``); a day is a working day.
THROUGHPUT_PERIODS = ("day", "week", "month", "year")
#: A display unit in a sentence or on an axis (``plural`` adds the s), and in a table label
#: (English source text; shown with ``_()`` in the language chosen).
UNIT_WORDS = {"minute": N_("minute"), "hour": N_("hour"), "working_day": N_("working day")}
UNIT_ABBREVIATIONS = {"minute": N_("min"), "hour": N_("h"), "working_day": N_("working days")}
#: A throughput period in words: ``matters per working day``.
PERIOD_WORDS = {
    "day": N_("working day"),
    "week": N_("week"),
    "month": N_("month"),
    "year": N_("year"),
}

#: Base names of the metrics measured in time units (per class and per type follow them).
TIME_METRICS = frozenset(
    {
        "wait_mean",
        "wait_p50",
        "wait_p90",
        "wait_p95",
        "lead_mean",
        "lead_p50",
        "lead_p90",
        "lead_p95",
        "work_mean",
        "transfer_mean",
        "approval_wait_mean",
        "blocked_by_absence_mean",
    }
)
#: Base names of the metrics counted per time unit.
RATE_METRICS = frozenset({"throughput"})
#: The columns of a summary or differences table that carry a metric's value.
VALUE_COLUMNS = ("mean", "ci_low", "ci_high", "half_width")


def engine_unit_hours(time_unit: str, calendar: WorkCalendar) -> float | None:
    """Working hours in one engine time unit named ``time_unit``; None if it is not a time.

    ``hour`` and ``working hour`` are one hour, ``minute`` a sixtieth, ``day`` and
    ``working day`` a working day of the calendar; plurals are taken too.
    """
    word = time_unit.strip().lower().removeprefix("working ").strip().removesuffix("s")
    hours_of = {"minute": 1 / 60, "hour": 1.0, "h": 1.0, "day": calendar.hours_per_day}
    return hours_of.get(word)


def metric_name(metric: str) -> str:
    """A metric as a table row names it: its column name, in Chinese the registry's label.

    The class, level or type after a dot is kept as written: ``平均等待时间.red``.
    """
    if not in_chinese():
        return metric
    base, dot, rest = metric.partition(".")
    registered = metric_info(base)
    return (registered.shown_label if registered else base) + dot + rest


@dataclass(frozen=True)
class Display:
    """The units people read an office's results in: times in ``unit``, throughput per period.

    Only what is shown changes: the tidy result files keep the engine's unit. Times are
    multiplied by :meth:`time_factor`, throughput by :meth:`rate_factor`, everything else
    (shares, counts of matters, handoffs) is left as it is.

    Attributes:
        unit: ``minute``, ``hour`` or ``working_day``.
        throughput_per: ``day`` (a working day), ``week``, ``month`` or ``year``.
        calendar: hours a working day, working days a week and a year.
        engine_hours: working hours in one engine time unit (1 for ``working hour``).
    """

    unit: str
    throughput_per: str = "day"
    calendar: WorkCalendar = WorkCalendar()
    engine_hours: float = 1.0

    def time_factor(self) -> float:
        """A time in engine units times this is the time in :attr:`unit`."""
        return self.engine_hours / unit_hours(DISPLAY_UNITS[self.unit], self.calendar)

    def rate_factor(self) -> float:
        """A count per engine unit times this is the count per :attr:`throughput_per`."""
        return self.calendar.working_hours(self.throughput_per) / self.engine_hours

    def factor(self, metric: str) -> float:
        """What a value of ``metric`` (``wait_mean.permit`` too) is multiplied by when shown."""
        base = metric.split(".", 1)[0]
        if base in TIME_METRICS:
            return self.time_factor()
        if base in RATE_METRICS:
            return self.rate_factor()
        return 1.0

    @property
    def time_word(self) -> str:
        """The unit in words, singular: ``minute``, ``hour``, ``working day`` (``分钟``)."""
        return _(UNIT_WORDS[self.unit])

    @property
    def rate_words(self) -> str:
        """Throughput's unit in words: ``matters per working day`` (``每工作日办件数``)."""
        return _("matters per {unit}").format(unit=_(PERIOD_WORDS[self.throughput_per]))

    def suffix(self, metric: str) -> str:
        """The unit a table labels ``metric`` with: `` (min)``, `` (per week)``, or nothing.

        In Chinese the brackets are full-width and need no space: ``（分钟）``.
        """
        base = metric.split(".", 1)[0]
        if base in TIME_METRICS:
            unit = _(UNIT_ABBREVIATIONS[self.unit])
        elif base in RATE_METRICS:
            unit = _("per {period}").format(period=_(PERIOD_WORDS[self.throughput_per]))
        else:
            return ""
        return _("{name} ({unit})").format(name="", unit=unit)

    def label(self, metric: str) -> str:
        """``wait_mean`` -> ``wait_mean (min)``: the metric's name with its unit.

        In Chinese the name is the registry's label, the class, level or type after a dot
        kept as written: ``wait_mean.red`` -> ``平均等待时间.red（分钟）``.
        """
        return metric_name(metric) + self.suffix(metric)

    def shown_rows(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy of a summary or differences table (a ``metric`` column) in these units."""
        if table.empty or "metric" not in table:
            return table.copy()
        factors = table["metric"].map(self.factor).astype(float)
        out = table.copy()
        for column in VALUE_COLUMNS:
            if column in out:
                out[column] = out[column].astype(float) * factors
        return out

    def shown_columns(self, wide: pd.DataFrame) -> pd.DataFrame:
        """A copy of a table with one column per metric (the replications) in these units."""
        out = wide.copy()
        for column in wide.columns:
            factor = self.factor(str(column))
            if factor != 1.0 and pd.api.types.is_numeric_dtype(wide[column]):
                out[column] = wide[column] * factor
        return out

    def shown_times(self, series: pd.DataFrame, column: str = "time") -> pd.DataFrame:
        """A copy of a time series whose ``column`` of engine times is in :attr:`unit`."""
        return series.assign(**{column: series[column] * self.time_factor()})

    def record(self) -> dict[str, Any]:
        """What ``summary.json`` records (``display``), so a report shows the same units."""
        return {
            "unit": self.unit,
            "throughput_per": self.throughput_per,
            "hours_per_working_day": self.calendar.hours_per_day,
            "working_days_per_week": self.calendar.days_per_week,
            "working_days_per_year": self.calendar.days_per_year,
            "engine_hours": self.engine_hours,
        }

    @classmethod
    def from_record(cls, record: Any) -> Display | None:
        """The display a ``summary.json`` records; None without one or with a damaged one."""
        if not isinstance(record, dict):
            return None
        try:
            display = cls(
                unit=str(record["unit"]),
                throughput_per=str(record.get("throughput_per", "day")),
                calendar=WorkCalendar(
                    float(record["hours_per_working_day"]),
                    float(record["working_days_per_week"]),
                    float(record["working_days_per_year"]),
                ),
                engine_hours=float(record["engine_hours"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return display if _usable(display) else None


def _usable(display: Display) -> bool:
    """Whether every setting of ``display`` is known and every number positive and finite."""
    numbers = (
        display.engine_hours,
        display.calendar.hours_per_day,
        display.calendar.days_per_week,
        display.calendar.days_per_year,
    )
    return (
        display.unit in DISPLAY_UNITS
        and display.throughput_per in THROUGHPUT_PERIODS
        and all(math.isfinite(n) and n > 0 for n in numbers)
    )


def _setting(org: Any, key: str, default: Any = None) -> Any:
    """``org.key`` of a typed org, an OmegaConf node or a plain mapping."""
    if isinstance(org, Mapping):
        return org.get(key, default)
    return getattr(org, key, default)


def display_problem(org: Any) -> str | None:
    """Why the org's display settings cannot be used (a one-line error text), or None."""
    unit = _setting(org, "display_unit")
    per = _setting(org, "throughput_per", "day")
    if per not in THROUGHPUT_PERIODS:
        return (
            f"org.throughput_per: {per!r} is not a period; use one of "
            f"{', '.join(THROUGHPUT_PERIODS)} (a day is a working day)"
        )
    for key, most in (
        ("hours_per_working_day", 24),
        ("working_days_per_week", 7),
        ("working_days_per_year", 366),
    ):
        value = _setting(org, key)
        if value is not None and not (
            isinstance(value, int | float) and math.isfinite(value) and 0 < value <= most
        ):
            return f"org.{key}: {value!r} is out of range; give a number above 0, at most {most}"
    if unit is None:
        return None
    if unit not in DISPLAY_UNITS:
        return (
            f"org.display_unit: {unit!r} is not a unit results can be shown in; use one of "
            f"{', '.join(DISPLAY_UNITS)}"
        )
    if _setting(org, "calendar") is not None:
        return (
            "org.display_unit: this office has opening hours (calendar), so its time runs "
            "in clock hours, not working hours; remove display_unit or the calendar"
        )
    time_unit = str(_setting(org, "time_unit", "hour"))
    if engine_unit_hours(time_unit, WorkCalendar()) is None:
        return (
            f"org.display_unit: the org's time_unit {time_unit!r} is not a time results can "
            "be converted from; set time_unit to minute, hour, working hour or working day"
        )
    return None


def display_of(org: Any) -> Display | None:
    """The display units an org asks for (``display_unit``), or None to show engine units.

    ``org`` is a typed org, an OmegaConf node or a mapping, checked by
    :func:`display_problem` first.
    """
    unit = _setting(org, "display_unit")
    if unit is None:
        return None
    calendar = WorkCalendar(
        float(_setting(org, "hours_per_working_day", DEFAULT_HOURS_PER_DAY)),
        float(_setting(org, "working_days_per_week", DEFAULT_DAYS_PER_WEEK)),
        float(_setting(org, "working_days_per_year", DEFAULT_DAYS_PER_YEAR)),
    )
    hours = engine_unit_hours(str(_setting(org, "time_unit", "hour")), calendar)
    if hours is None:
        raise ValueError(f"org.time_unit is not a time: {_setting(org, 'time_unit')!r}")
    return Display(str(unit), str(_setting(org, "throughput_per", "day")), calendar, hours)


#: Time units as org files name them, marked for the catalogue (see :func:`unit_word`).
TIME_UNITS = (
    N_("minute"),
    N_("hour"),
    N_("working hour"),
    N_("day"),
    N_("working day"),
    N_("time unit"),
)


def unit_word(time_unit: str) -> str:
    """A time unit as one says "per hour", in the language shown: ``working hour``, ``工作小时``.

    A unit no catalogue has (an org's own word) is shown as written.
    """
    shown = _(time_unit)
    if shown == time_unit and in_chinese() and time_unit.endswith("s"):
        return _(time_unit[:-1])
    return shown


def units_word(time_unit: str) -> str:
    """A time unit as one counts it: ``working hours`` in English, ``工作小时`` in Chinese."""
    if in_chinese():
        return unit_word(time_unit)
    return time_unit if time_unit.endswith("s") else f"{time_unit}s"
