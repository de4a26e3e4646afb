"""The office's working calendar, inferred from its records, and a working-time clock.

The engine's time unit is one *working hour*: the office is open all the time it
simulates. A log is in calendar time, so every timestamp is converted once: the working
time of a timestamp is the number of opening hours since the log's first day began. A
timestamp outside opening hours (a receipt at night, say) counts from the next opening,
which is when the office could first act on it.

Inference (each part can be given instead, and then is not inferred):

- **working days**: a weekday is a working day when work is started or finished on it at
  least 10% as often (per such day in the period) as on the busiest weekday;
- **opening hours**: on working days, starts and finishes are counted per quarter hour of
  the day; quarters with at least 2% of the median busy quarter's count are open, gaps
  of up to three quarters inside a stretch (a tea break) are bridged, so a lunch break of
  an hour or more stays closed. Every working day gets the same hours;
- **closed days** (holidays): a working day of the period with no receipt, start or
  finish at all, when at least 7 events a day are expected (a day without any would then
  happen by chance less than once in a thousand days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from orgsim.analysis.calibration.errors import CalibrationError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
QUARTER = 0.25
#: Below this many start and finish events the hours are not inferred (the default is used).
MIN_EVENTS = 50
DEFAULT_HOURS = ((9.0, 17.0),)
DEFAULT_DAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class WorkingCalendar:
    """When the office is open: the same hours on every working day, minus closed days.

    Attributes:
        days: working weekdays (0 = Monday).
        hours: opening intervals of a working day, in hours after midnight.
        first_day, last_day: the period the log covers.
        closed: working days of the period the office was closed (holidays).
        notes: how each part was found, for the org file's comments.
    """

    days: tuple[int, ...]
    hours: tuple[tuple[float, float], ...]
    first_day: dt.date
    last_day: dt.date
    closed: tuple[dt.date, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def hours_per_day(self) -> float:
        """Opening hours of one working day."""
        return float(sum(end - start for start, end in self.hours))

    def open_dates(self) -> list[dt.date]:
        """Every day of the period the office was open."""
        closed = set(self.closed)
        span = pd.date_range(self.first_day, self.last_day, freq="D").date
        return [d for d in span if d.weekday() in self.days and d not in closed]

    @property
    def working_hours(self) -> float:
        """Opening hours in the whole period: the length of the log in the engine's unit."""
        return len(self.open_dates()) * self.hours_per_day

    def describe(self) -> str:
        """One line: days, hours, closed days."""
        days = ", ".join(WEEKDAYS[d] for d in self.days)
        hours = ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in self.hours)
        closed = f"; {len(self.closed)} closed working days" if self.closed else ""
        return f"{days}, {hours} ({self.hours_per_day:g} working hours a day){closed}"

    def working_time(self, times: pd.Series) -> np.ndarray:
        """Working hours from the start of the first day to each timestamp (NaN for NaT)."""
        stamps = pd.Series(pd.to_datetime(times)).reset_index(drop=True)
        span = pd.date_range(self.first_day, self.last_day, freq="D")
        open_days = set(self.open_dates())
        is_open = np.array([d in open_days for d in span.date])
        ends = np.cumsum(is_open * self.hours_per_day)
        base = np.concatenate([[0.0], ends[:-1]])
        out = np.full(len(stamps), np.nan)
        valid = stamps.notna().to_numpy()
        s = stamps[valid]
        midnight = s.dt.normalize()
        day = ((midnight - span[0]) / pd.Timedelta(days=1)).to_numpy().astype(int)
        clock = ((s - midnight) / pd.Timedelta(hours=1)).to_numpy()
        within = sum((np.clip(clock, a, b) - a for a, b in self.hours), np.zeros(len(s)))
        idx = np.clip(day, 0, len(span) - 1)
        value = base[idx] + np.where(is_open[idx], within, 0.0)
        value = np.where(day < 0, 0.0, np.where(day >= len(span), ends[-1], value))
        out[valid] = value
        return out

    def timestamps(self, working: np.ndarray) -> pd.Series:
        """The inverse of :meth:`working_time`: the calendar time of each working time.

        A working time at the end of an opening interval maps to the next opening.
        """
        x = np.asarray(working, dtype=float)
        dates = self.open_dates()
        day = np.minimum((x // self.hours_per_day).astype(int), len(dates) - 1)
        left = x - day * self.hours_per_day
        clock = np.full_like(x, np.nan)
        for i, (start, end) in enumerate(self.hours):
            length = end - start
            here = np.isnan(clock) & ((left < length) | (i == len(self.hours) - 1))
            clock[here] = start + np.minimum(left[here], length)
            left = left - length
        midnight = pd.to_datetime(pd.Series([dates[d] for d in day]))
        return (midnight + pd.to_timedelta(clock, unit="h")).dt.round("s")


def _clock(hours: float) -> str:
    return f"{int(hours):02d}:{round((hours % 1) * 60):02d}"


def parse_hours(text: str) -> tuple[tuple[float, float], ...]:
    """``08:30-12:00,14:30-17:30`` -> ((8.5, 12.0), (14.5, 17.5))."""
    intervals = []
    for part in text.split(","):
        try:
            a, b = (_hour(x) for x in part.split("-"))
        except ValueError:
            raise CalibrationError(
                "--hours", f"{part!r} is not an interval", "write e.g. 08:30-12:00,14:30-17:30"
            ) from None
        if not 0 <= a < b <= 24:
            raise CalibrationError(
                "--hours", f"{part!r} is empty or past midnight", "give start<end"
            )
        intervals.append((a, b))
    intervals.sort()
    if any(b1 > a2 for (_, b1), (a2, _) in pairwise(intervals)):
        raise CalibrationError("--hours", f"{text!r} has overlapping intervals", "separate them")
    return tuple(intervals)


def _hour(text: str) -> float:
    hh, _, mm = text.strip().partition(":")
    return int(hh) + (int(mm) / 60 if mm else 0.0)


def parse_days(text: str) -> tuple[int, ...]:
    """``Mon-Fri`` or ``Mon,Tue,Sat`` -> weekday numbers."""
    names = [w.lower() for w in WEEKDAYS]
    days: set[int] = set()
    for part in text.split(","):
        ends = [p.strip().lower()[:3] for p in part.split("-")]
        if not all(e in names for e in ends) or len(ends) > 2:
            raise CalibrationError("--days", f"{part!r} is not a weekday", "write e.g. Mon-Fri")
        first, last = names.index(ends[0]), names.index(ends[-1])
        days.update(
            range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        )
    return tuple(sorted(days))


def infer_calendar(
    received: pd.Series,
    work_events: pd.Series,
    days: Sequence[int] | None = None,
    hours: Sequence[tuple[float, float]] | None = None,
) -> WorkingCalendar:
    """The working calendar of a log (see the module docstring for the rules).

    Args:
        received: every sound received time.
        work_events: every sound started and finished time (work is done in opening hours).
        days: working weekdays (0 = Monday) given instead of inferred.
        hours: opening intervals given instead of inferred.
    """
    events = pd.to_datetime(work_events.dropna())
    everything = pd.concat([pd.to_datetime(received.dropna()), events])
    first, last = everything.min().date(), everything.max().date()
    notes = []
    if days is None:
        days, note = _infer_days(events, first, last)
        notes.append(note)
    else:
        notes.append("working days given")
    if hours is None:
        hours, note = _infer_hours(events[events.dt.day_of_week.isin(days)])
        notes.append(note)
    else:
        notes.append("opening hours given")
    calendar = WorkingCalendar(tuple(days), tuple(hours), first, last, (), ())
    closed, note = _closed_days(calendar, everything)
    notes.append(note)
    return WorkingCalendar(tuple(days), tuple(hours), first, last, closed, tuple(notes))


def _infer_days(events: pd.Series, first: dt.date, last: dt.date) -> tuple[tuple[int, ...], str]:
    if len(events) < MIN_EVENTS:
        return DEFAULT_DAYS, f"working days Mon-Fri assumed: only {len(events)} work events"
    span = pd.Series(pd.date_range(first, last, freq="D"))
    occurrences = span.dt.day_of_week.value_counts().reindex(range(7), fill_value=0)
    counts = events.dt.day_of_week.value_counts().reindex(range(7), fill_value=0)
    per_day = (counts / occurrences.replace(0, np.nan)).fillna(0.0)
    chosen = tuple(int(d) for d in range(7) if per_day[d] >= 0.1 * per_day.max())
    return chosen, (
        "working days: weekdays with at least 10% of the busiest weekday's work events per day"
    )


def _infer_hours(events: pd.Series) -> tuple[tuple[tuple[float, float], ...], str]:
    if len(events) < MIN_EVENTS:
        return DEFAULT_HOURS, f"opening hours 09:00-17:00 assumed: only {len(events)} work events"
    clock = events.dt.hour + events.dt.minute / 60 + events.dt.second / 3600
    counts = np.bincount(np.minimum((clock / QUARTER).astype(int), 95), minlength=96)
    busy = counts[counts > 0]
    open_quarter = counts >= max(1.0, 0.02 * float(np.median(busy)))
    idx = np.flatnonzero(open_quarter)
    runs: list[list[int]] = []
    for q in map(int, idx):
        if runs and q - runs[-1][1] <= 4:  # a gap of up to three quarters is bridged
            runs[-1][1] = q
        else:
            runs.append([q, q])
    hours = tuple((a * QUARTER, (b + 1) * QUARTER) for a, b in runs)
    return hours, (
        "opening hours: quarter hours of working days with at least 2% of the median busy "
        "quarter's starts and finishes; gaps under an hour bridged"
    )


def _closed_days(calendar: WorkingCalendar, events: pd.Series) -> tuple[tuple[dt.date, ...], str]:
    open_dates = calendar.open_dates()
    active = set(events.dt.date)
    per_day = len(events) / max(len(open_dates), 1)
    if per_day < 7:
        return (), (
            f"closed days not inferred: {per_day:.1f} events a working day are too few to tell "
            "a holiday from a quiet day"
        )
    closed = tuple(d for d in open_dates if d not in active)
    return closed, (
        f"closed days: working days without any event ({len(closed)}), at {per_day:.0f} "
        "events a working day"
    )
