"""Case ownership against theory: one case handler is M/E_k/1; c handlers are M/E_k/c.

A matter of k steps, each exponential with mean 1/k and each needing its own skill, is
served by people who have every skill. Under ``ownership: keep`` whoever takes a matter
does all k steps back to back, so its service time is Erlang-k (mean 1, cv 1/√k): one
handler is the M/E_k/1 queue of Pollaczek–Khinchine, and c pooled handlers must match the
same office written as one step with a gamma service time of cv 1/√k. Under ``pass``
(each step back to the queue) a tandem of one specialist per step is a Jackson network:
each station an M/M/1 queue.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from orgsim.analysis.queueing_theory import mmc_mean_wait, pollaczek_khinchine_wait
from orgsim.analysis.stats import t_interval
from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
)
from orgsim.sim.spec import Step
from orgsim.sim.streams import replication_seeds
from tests.validation.conftest import CONFIDENCE


def case_office(
    steps: int, handlers: int, load: float, horizon: float, ownership: str = "keep"
) -> SimSpec:
    """``handlers`` people with every step skill in one section; k exponential steps."""
    skills = [f"step{k}" for k in range(steps)]
    workflow = tuple(Step(s, ServiceTime("exponential", 1.0 / steps)) for s in skills)
    return SimSpec(
        matter_types=(
            MatterType("case", load * handlers, steps=workflow, ownership=ownership),  # type: ignore[arg-type]
        ),
        structure=Structure(
            "handlers",
            (Section("S", tuple(skills)),),
            tuple(
                StaffMember(f"p{i}", "S", tuple((s, 1.0) for s in skills)) for i in range(handlers)
            ),
        ),
        horizon=horizon,
        warmup=horizon / 10,
    )


def one_step_office(steps: int, handlers: int, load: float, horizon: float) -> SimSpec:
    """The same office with the whole case as one step of gamma service, cv 1/√k."""
    service = ServiceTime("gamma", 1.0, 1 / math.sqrt(steps))
    return SimSpec(
        matter_types=(MatterType("case", load * handlers, service),),
        structure=Structure(
            "one_step",
            (Section("S", ("case",)),),
            tuple(StaffMember(f"p{i}", "S", (("case", 1.0),)) for i in range(handlers)),
        ),
        horizon=horizon,
        warmup=horizon / 10,
    )


def tandem_office(steps: int, load: float, horizon: float) -> SimSpec:
    """One specialist per step, each in a section of their own, steps passed on."""
    skills = [f"step{k}" for k in range(steps)]
    workflow = tuple(Step(s, ServiceTime("exponential", 1.0 / steps)) for s in skills)
    return SimSpec(
        matter_types=(MatterType("case", load, steps=workflow),),
        structure=Structure(
            "tandem",
            tuple(Section(f"S{k}", (s,)) for k, s in enumerate(skills)),
            tuple(StaffMember(f"p{k}", f"S{k}", ((s, 1.0),)) for k, s in enumerate(skills)),
        ),
        horizon=horizon,
        warmup=horizon / 10,
    )


def _waits(spec: SimSpec, seed: int, replications: int) -> np.ndarray:
    return np.array(
        [
            Organization(spec, s).run().metrics["wait_mean"]
            for s in replication_seeds(seed, replications)
        ]
    )


@pytest.mark.parametrize(("steps", "load"), [(2, 0.7), (4, 0.8)])
def test_one_case_handler_is_m_ek_1(steps, load, run_size):
    horizon, replications = run_size
    horizon *= 2  # one server at high load relaxes slowly
    waits = _waits(case_office(steps, 1, load, horizon), 7100 + steps, replications)
    theory = pollaczek_khinchine_wait(load, 1.0, 1 / math.sqrt(steps))
    ci = t_interval(waits, CONFIDENCE)
    assert ci.ci_low <= theory <= ci.ci_high, (theory, ci)
    assert ci.half_width < 0.2 * theory, "interval too wide to test anything"


def test_passing_steps_would_not_be_m_ek_1():
    """The check above can fail: handing each step back to the queue gives another wait."""
    steps, load = 4, 0.8
    waits = _waits(case_office(steps, 1, load, 20_000.0, ownership="pass"), 7200, 5)
    theory = pollaczek_khinchine_wait(load, 1.0, 1 / math.sqrt(steps))
    ci = t_interval(waits, CONFIDENCE)
    assert not ci.ci_low <= theory <= ci.ci_high, (theory, ci)


@pytest.mark.parametrize(("steps", "handlers", "load"), [(3, 4, 0.85), (2, 8, 0.9)])
def test_pooled_case_handlers_match_one_erlang_step(steps, handlers, load, run_size):
    horizon, replications = run_size
    horizon /= 2  # many servers relax quickly
    # the same seeds give both offices the same arrivals (common random numbers)
    kept = _waits(case_office(steps, handlers, load, horizon), 7300 + steps, replications)
    whole = _waits(one_step_office(steps, handlers, load, horizon), 7300 + steps, replications)
    difference = t_interval(kept - whole, CONFIDENCE)
    assert difference.ci_low <= 0 <= difference.ci_high, difference
    assert difference.half_width < 0.25 * whole.mean(), "interval too wide to test anything"
    # and both sit between M/M/c (cv 1) and the deterministic floor: Erlang lowers waits
    assert kept.mean() < mmc_mean_wait(handlers, load * handlers, 1.0)


def test_tandem_of_specialists_is_a_jackson_network(run_size):
    horizon, replications = run_size
    steps, load = 3, 0.25  # each specialist works at rate 3: station load 0.75
    waits = _waits(tandem_office(steps, load, horizon), 7500, replications)
    theory = steps * mmc_mean_wait(1, load, float(steps))
    ci = t_interval(waits, CONFIDENCE)
    assert ci.ci_low <= theory <= ci.ci_high, (theory, ci)
    assert ci.half_width < 0.2 * theory, "interval too wide to test anything"
