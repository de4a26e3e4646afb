"""Working calendars: nothing is served while the office is closed."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from orgsim.sim import Organization, simulate
from orgsim.sim.spec import Absence, Calendar
from tests.helpers import mmc_spec

WEEK = Calendar(day_length=24.0, open_hours=8.0, week_days=7, open_days=5)


def _with(spec, **structure):
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, **structure))


def test_calendar_arithmetic():
    assert WEEK.open_time(0.0, 24.0 * 7) == pytest.approx(40.0)
    assert WEEK.open_time(6.0, 30.0) == pytest.approx(2.0 + 6.0)
    assert WEEK.is_open(3.0) and not WEEK.is_open(9.0) and not WEEK.is_open(24 * 5 + 3.0)


def test_nothing_is_served_while_closed_and_utilisation_counts_opening_time():
    # 2 staff, matters arriving around the clock at 0.2 per hour (busy 0.5 of open time)
    spec = _with(mmc_spec(2, 0.1, 24.0 * 7 * 30, 24.0 * 7 * 2), calendar=WEEK)
    model = Organization(spec, 1, trace=True)
    metrics = model.run().metrics
    trace = model.results().trace
    starts = trace.start.to_numpy()
    assert all(WEEK.is_open(t) for t in starts)
    ends = trace.end.to_numpy()
    assert np.all(ends % 24.0 <= 8.0 + 1e-9)
    offered = 0.2 * 1.0 * (24 * 7) / 40 / 2  # arrivals per open hour per person
    assert metrics["utilisation_mean"] == pytest.approx(offered, rel=0.08)
    assert metrics["wait_mean"] > 10.0  # nights and weekends
    assert metrics["blocked_by_absence_mean"] == 0.0  # closing hours are not absences


def test_absences_during_opening_hours_still_block():
    spec = _with(
        mmc_spec(1, 0.1, 24.0 * 7 * 30, 24.0 * 7 * 2), calendar=WEEK, absence=Absence(rate=0.01)
    )
    metrics = simulate(spec, 2).metrics
    assert metrics["blocked_by_absence_mean"] > 0.0
    assert metrics["utilisation_mean"] < 1.0


def test_an_always_open_calendar_changes_nothing():
    spec = mmc_spec(3, 0.7, 3000.0, 300.0)
    always = _with(spec, calendar=Calendar(day_length=24.0, open_hours=24.0, open_days=7))
    assert simulate(always, 5).metrics == pytest.approx(simulate(spec, 5).metrics, nan_ok=True)
