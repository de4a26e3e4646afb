"""People's units and the engine's: counts per period and durations, in working hours.

The engine measures time in working hours (``time_unit: working hour``). An office counts
its matters per year, month, week or day and times its work in minutes, hours or working
days; the working calendar (hours a working day, working days a week and a year) converts
one into the other, once, here. Every conversion also says what it did, in words, for the
comments of the org file it writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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

    def summary(self) -> str:
        """The calendar in one line, for the comments of an org file."""
        return (
            f"hours_per_day={number_text(self.hours_per_day)}, "
            f"days_per_week={number_text(self.days_per_week)}, "
            f"days_per_year={number_text(self.days_per_year)}"
        )


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
