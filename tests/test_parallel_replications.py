"""Replications spread over processes give exactly the numbers of a serial run."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from orgsim.experiments.build import ConfigError, check_run_settings, typed
from orgsim.experiments.compose import compose_config
from orgsim.experiments.runner import PARALLEL_FROM_MATTERS, run_replications, workers
from tests.helpers import separate_sections


def test_parallel_replications_are_bit_identical_to_serial():
    specs = {
        "walled": separate_sections(3, 0.7, horizon=400, warmup=40),
        "pooled": separate_sections(3, 0.7, horizon=400, warmup=40, policy="pooled"),
    }
    serial = run_replications(specs, 11, 4, n_jobs=1)
    parallel = run_replications(specs, 11, 4, n_jobs=2)
    pd.testing.assert_frame_equal(serial[0], parallel[0], check_exact=True)
    pd.testing.assert_frame_equal(serial[1], parallel[1], check_exact=True)
    assert list(parallel[0]["replication"]) == [0, 0, 1, 1, 2, 2, 3, 3]


def test_time_series_survive_the_trip_through_a_worker():
    specs = {"walled": separate_sections(2, 0.5, horizon=60, warmup=0)}
    serial = run_replications(specs, 5, 2, timeseries=True, n_jobs=1)
    parallel = run_replications(specs, 5, 2, timeseries=True, n_jobs=2)
    pd.testing.assert_frame_equal(serial[2], parallel[2], check_exact=True)


def test_short_runs_stay_in_this_process_and_long_ones_use_every_core():
    short = {"s": separate_sections(2, 0.5, horizon=100, warmup=0)}
    assert workers(None, short, 10) == 1
    horizon = PARALLEL_FROM_MATTERS  # two types at rate 0.5: 1 matter per time unit
    long = {"s": separate_sections(2, 0.5, horizon=horizon, warmup=0)}
    assert workers(None, long, 10) == min(os.cpu_count() or 1, 10)
    assert workers(-1, short, 3) <= 3
    assert workers(5, short, 2) == 2  # never more processes than replications
    assert workers(1, long, 10) == 1


@pytest.mark.parametrize("value", [0, -2])
def test_a_process_count_that_makes_no_sense_is_refused(value):
    with pytest.raises(ConfigError, match=r"^n_jobs: .* give -1"):
        check_run_settings(typed(compose_config([f"n_jobs={value}"])))
