"""Arrival rates per matter type, and whether the data support an hour or weekday profile.

The rate is the number of cases received in the period over the period's working hours,
with the exact (Garwood) Poisson interval. A profile is written only when a chi-square
goodness-of-fit test rejects a flat rate at the 1% level; every cell must expect at least
5 receipts for the test to be made at all (fewer: "too few records"). The test assumes
Poisson arrivals, so a bursty office rejects flatness more readily than its profile alone
would; the multipliers are the observed over the flat expected counts, scaled to mean 1
(the engine multiplies the rate by them: ``profiles`` in the org file).

A *gap* is a run of open days without a single receipt of a type where the flat rate
expects at least 7 (by chance less than once in a thousand): an export with missing days,
or a service that was suspended. It is reported; the rate counts the gap as open time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from orgsim.analysis.calibration.working_calendar import WEEKDAYS, WorkingCalendar

#: Significance level for adopting a profile.
PROFILE_LEVEL = 0.01
#: Smallest expected count per cell for a chi-square test.
MIN_EXPECTED = 5.0
#: Expected receipts in a run of empty open days that marks it as a gap.
GAP_EXPECTED = 7.0


@dataclass(frozen=True)
class ProfileTest:
    """A chi-square test of a flat rate against a profile (hour of day or weekday)."""

    name: str
    adopted: bool
    multipliers: tuple[float, ...] | None
    p_value: float
    note: str


@dataclass(frozen=True)
class ArrivalEstimate:
    """The arrival rate of one matter type, per working hour, with its evidence."""

    matter_type: str
    count: int
    hours: float
    rate: float
    ci_low: float
    ci_high: float
    day: ProfileTest
    week: ProfileTest
    gaps: tuple[str, ...]

    def describe(self) -> str:
        """One line for the org file's comments."""
        return (
            f"{self.count} received in {self.hours:g} working hours: rate {self.rate:.4g} "
            f"[{self.ci_low:.4g}, {self.ci_high:.4g}] per working hour (exact Poisson 95%)"
        )


def poisson_interval(count: int, exposure: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval of a Poisson rate from ``count`` events in ``exposure``."""
    alpha = 1 - confidence
    low = stats.chi2.ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low) / exposure, float(high) / exposure


def _chi_square(name: str, observed: np.ndarray, expected: np.ndarray, unit: str) -> ProfileTest:
    if expected.size < 2:
        return ProfileTest(
            name, False, None, float("nan"), f"{name}: one {unit} only, nothing to test"
        )
    if expected.min() < MIN_EXPECTED:
        return ProfileTest(
            name,
            False,
            None,
            float("nan"),
            f"{name}: not tested, too few records ({expected.min():.1f} expected in the "
            f"emptiest {unit}, {MIN_EXPECTED:g} needed); flat rate",
        )
    p = float(stats.chisquare(observed, expected).pvalue)
    if p >= PROFILE_LEVEL:
        return ProfileTest(
            name,
            False,
            None,
            p,
            f"{name}: flat rate kept (chi-square p = {p:.3g}, no evidence of a profile)",
        )
    ratio = observed / expected
    multipliers = tuple(round(float(m), 4) for m in ratio / ratio.mean())
    return ProfileTest(
        name,
        True,
        multipliers,
        p,
        f"{name}: profile adopted (chi-square p = {p:.2g} against a flat rate)",
    )


def estimate_arrivals(
    matter_type: str, times: np.ndarray, calendar: WorkingCalendar
) -> ArrivalEstimate:
    """Rate, interval, profile tests and gaps of one type from its receipts in working hours."""
    hours = calendar.working_hours
    per_day = calendar.hours_per_day
    count = int(times.size)
    rate = count / hours
    low, high = poisson_interval(count, hours)
    slices = max(1, round(per_day))
    position = np.mod(times, per_day)
    slot = np.minimum((position / (per_day / slices)).astype(int), slices - 1)
    day = _chi_square(
        "hour of day",
        np.bincount(slot, minlength=slices).astype(float),
        np.full(slices, count / slices),
        "hour",
    )
    open_dates = calendar.open_dates()
    day_index = np.minimum((times // per_day).astype(int), len(open_dates) - 1)
    weekday_of = np.array([d.weekday() for d in open_dates])
    occurrences = np.array([(weekday_of == w).sum() for w in calendar.days], dtype=float)
    observed = np.array([(weekday_of[day_index] == w).sum() for w in calendar.days], dtype=float)
    week = _chi_square("weekday", observed, count * occurrences / occurrences.sum(), "weekday")
    gaps = _gaps(matter_type, day_index, open_dates, rate * per_day)
    return ArrivalEstimate(matter_type, count, hours, rate, low, high, day, week, gaps)


def _gaps(
    matter_type: str, day_index: np.ndarray, open_dates: list, per_day: float
) -> tuple[str, ...]:
    """Runs of open days without a receipt that a flat rate makes improbable."""
    seen = np.zeros(len(open_dates), dtype=bool)
    seen[day_index] = True
    gaps, start = [], None
    for i, hit in enumerate([*seen, True]):
        if not hit and start is None:
            start = i
        elif hit and start is not None:
            length = i - start
            if length * per_day >= GAP_EXPECTED:
                gaps.append(
                    f"{matter_type}: no receipt from {open_dates[start]} to {open_dates[i - 1]} "
                    f"({length} open days, {length * per_day:.0f} expected): a gap in the log "
                    "or a suspended service"
                )
            start = None
    return tuple(gaps)


def week_profile_note(calendar: WorkingCalendar) -> str:
    """Where the simulated week starts, for the org file's comments."""
    days = ", ".join(WEEKDAYS[d] for d in calendar.days)
    return (
        f"weekday profiles: one multiplier per working day ({days}); simulated time 0 is the "
        "start of the first of them"
    )
