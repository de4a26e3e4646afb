"""Demand patterns: rates varying over the day/week/season, and batches from above."""

from __future__ import annotations

import dataclasses

import numpy as np

from orgsim.sim import Organization, simulate
from orgsim.sim.spec import Batch, RateProfile
from tests.helpers import mmc_spec, same_metrics


def _with(spec, **changes):
    return dataclasses.replace(
        spec, matter_types=(dataclasses.replace(spec.matter_types[0], **changes),)
    )


def test_a_flat_profile_changes_nothing():
    spec = mmc_spec(3, 0.7, 2000.0, 200.0)
    flat = _with(spec, profiles=(RateProfile(8.0, (1.0, 1.0, 1.0, 1.0)),))
    assert same_metrics(simulate(flat, 1).metrics, simulate(spec, 1).metrics)


def test_arrivals_follow_the_profile_and_peaks_cost_waiting():
    spec = mmc_spec(3, 0.7, 8000.0, 800.0)
    # the same mean rate, but all of it in the first half of every 8-hour day
    peaky = _with(spec, profiles=(RateProfile(8.0, (2.0, 0.0)),))
    model = Organization(peaky, 2, trace=True)
    metrics = model.run().metrics
    phase = model.results().trace.arrival.to_numpy() % 8.0
    assert np.all(phase < 4.0 + 1e-9)
    steady = simulate(spec, 2).metrics
    assert abs(metrics["throughput"] - steady["throughput"]) < 0.05 * steady["throughput"]
    assert metrics["wait_mean"] > 1.5 * steady["wait_mean"]


def test_profiles_multiply():
    spec = mmc_spec(2, 0.5, 4000.0, 0.0)
    day = RateProfile(10.0, (1.5, 0.5))
    week = RateProfile(50.0, (1.0, 1.0, 1.0, 1.0, 0.0))
    model = Organization(_with(spec, profiles=(day, week)), 3, trace=True)
    model.run()
    arrivals = model.results().trace.arrival.to_numpy()
    assert not np.any((arrivals % 50.0) >= 40.0)  # the fifth "day" of the week is closed
    busy = np.sum((arrivals % 10.0) < 5.0)
    assert 2.6 < busy / (len(arrivals) - busy) < 3.4  # 1.5 : 0.5


def test_batches_arrive_at_once_and_queue():
    spec = mmc_spec(2, 0.5, 4000.0, 400.0)
    batch = Batch(every=100.0, size=20, start=50.0)
    batched = _with(spec, arrival_rate=0.8, batches=(batch,))
    model = Organization(batched, 4, trace=True)
    metrics = model.run().metrics
    trace = model.results().trace
    at_batch_times = trace[np.isclose(trace.arrival % 100.0, 50.0)]
    assert len(at_batch_times) >= 20 * 30
    steady = simulate(spec, 4).metrics  # the same mean rate (0.8 + 0.2), spread out
    assert metrics["wait_p95"] > 3 * steady["wait_p95"]
