"""M/M/1 and M/M/c: mean wait and probability of waiting against Erlang C."""

from __future__ import annotations

import pytest

from orgsim.analysis.queueing_theory import erlang_c, mmc_mean_wait
from orgsim.analysis.stats import t_interval
from orgsim.sim import Organization
from orgsim.sim.streams import replication_seeds
from tests.helpers import mmc_spec
from tests.validation.conftest import CONFIDENCE

GRID = [(c, load) for c in (1, 2, 4, 8) for load in (0.5, 0.8, 0.9)]


def test_erlang_c_formula_matches_known_values():
    # M/M/4 at offered load 3.2: the pooling example (conf/org/pooling_four.yaml)
    assert erlang_c(4, 3.2) == pytest.approx(0.59643, abs=1e-5)
    assert mmc_mean_wait(4, 3.2, 1.0) == pytest.approx(0.7455, abs=1e-4)
    # M/M/1: C = rho, Wq = rho / (mu - lambda)
    assert erlang_c(1, 0.8) == pytest.approx(0.8)
    assert mmc_mean_wait(1, 0.8, 1.0) == pytest.approx(4.0)


def _check(servers: int, load: float, horizon: float, replications: int) -> None:
    # Heavy load relaxes slowly (time scale ~ 1 / (c (1 - rho)^2)): run longer there.
    horizon *= max(1.0, 0.04 / (servers * (1 - load) ** 2))
    waits, waited = [], []
    for seed in replication_seeds(1000 * servers + int(load * 100), replications):
        metrics = Organization(mmc_spec(servers, load, horizon, horizon / 10), seed).run().metrics
        waits.append(metrics["wait_mean"])
        waited.append(metrics["p_wait"])
    wait_theory = mmc_mean_wait(servers, load * servers, 1.0)
    p_theory = erlang_c(servers, load * servers)
    wait_ci = t_interval(waits, CONFIDENCE)
    p_ci = t_interval(waited, CONFIDENCE)
    assert wait_ci.ci_low <= wait_theory <= wait_ci.ci_high, (wait_theory, wait_ci)
    assert p_ci.ci_low <= p_theory <= p_ci.ci_high, (p_theory, p_ci)
    assert wait_ci.half_width < 0.2 * wait_theory, "interval too wide to test anything"
    assert p_ci.half_width < 0.05 * p_theory, "interval too wide to test anything"


@pytest.mark.parametrize(("servers", "load"), GRID)
def test_mmc_wait_and_probability_of_waiting(servers, load, run_size):
    _check(servers, load, *run_size)


@pytest.mark.slow
@pytest.mark.parametrize(("servers", "load"), GRID)
def test_mmc_long_runs(servers, load, run_size):
    _check(servers, load, *run_size)
