"""Non-preemptive priorities in M/M/1: per-class mean waits against Cobham's formula."""

from __future__ import annotations

from orgsim.analysis.stats import t_interval
from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure, simulate
from orgsim.sim.streams import replication_seeds
from tests.validation.conftest import CONFIDENCE


def test_two_priority_classes_match_cobham(run_size):
    horizon, replications = run_size
    rate = 0.4  # per class; service rate 1, total load 0.8
    types = (
        MatterType(
            "urgent", rate, ServiceTime("exponential", 1.0), priority=1, priority_class="red"
        ),
        MatterType("routine", rate, ServiceTime("exponential", 1.0), priority_class="yellow"),
    )
    structure = Structure(
        "one",
        (Section("S", ("urgent", "routine")),),
        (StaffMember("p", "S", {"urgent": 1.0, "routine": 1.0}),),
    )
    spec = SimSpec(types, structure, 2 * horizon, horizon / 5)
    residual = 2 * rate * 2.0 / 2  # W0 = sum(lambda_i E[S_i^2]) / 2
    expected = {"red": residual / (1 - rate), "yellow": residual / ((1 - rate) * (1 - 2 * rate))}
    runs = [simulate(spec, seed).metrics for seed in replication_seeds(17, replications)]
    for label, theory in expected.items():
        interval = t_interval([m[f"wait_mean.{label}"] for m in runs], CONFIDENCE)
        assert interval.ci_low <= theory <= interval.ci_high, (label, theory, interval)
        assert interval.half_width < 0.15 * theory
