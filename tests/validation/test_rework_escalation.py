"""Rework and escalation against queueing theory.

Rework: a matter done in section A (one clerk, service rate μ) and passed to section B (one
clerk, rate μ_B) is sent back with probability p and done again, with a new exponential
work draw, at the back of A's queue. That is a Jackson network with Bernoulli feedback at A:
A sees the effective arrival rate λ / (1 − p), and a matter's total time there is
1 / (μ(1 − p) − λ); B is an M/M/1 queue fed at λ. So the mean lead time is
1 / (μ(1 − p) − λ) + 1 / (μ_B − λ), and a matter is sent back p / (1 − p) times on average.

Escalation: one clerk, two matter types with the same exponential service time, the
routine one escalating past thresholds. Escalation uses only how long a matter has been
open, never its work, so by Kleinrock's conservation law the mean wait over all matters is
that of M/M/1 under first come, first served: ρ / (μ − λ).
"""

from __future__ import annotations

from orgsim.analysis.stats import t_interval
from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure, simulate
from orgsim.sim.spec import Escalation, Step
from orgsim.sim.streams import replication_seeds
from tests.validation.conftest import CONFIDENCE


def test_rework_at_a_boundary_is_a_jackson_network_with_feedback(run_size):
    horizon, replications = run_size
    rate, mu, mu_b, p = 0.5, 1.0, 2.0, 0.25
    permit = MatterType(
        "permit",
        rate,
        steps=(
            Step("draft", ServiceTime("exponential", 1 / mu)),
            Step("check", ServiceTime("exponential", 1 / mu_b)),
        ),
    )
    structure = Structure(
        "two sections",
        (Section("A", ("draft",)), Section("B", ("check",))),
        (StaffMember("a", "A", {"draft": 1.0}), StaffMember("b", "B", {"check": 1.0})),
        rework_probability=p,
    )
    spec = SimSpec((permit,), structure, horizon, horizon / 10)
    runs = [simulate(spec, seed).metrics for seed in replication_seeds(41, replications)]
    expected = {
        "lead_mean": 1 / (mu * (1 - p) - rate) + 1 / (mu_b - rate),
        "reworks_mean": p / (1 - p),
        "handoffs_mean": 1 + 2 * p / (1 - p),
    }
    for metric, theory in expected.items():
        interval = t_interval([m[metric] for m in runs], CONFIDENCE)
        assert interval.ci_low <= theory <= interval.ci_high, (metric, theory, interval)
        assert interval.half_width < 0.1 * theory


def test_escalation_keeps_the_mean_wait_of_first_come_first_served(run_size):
    horizon, replications = run_size
    load = 0.8
    levels = (Escalation(3.0, 1, "orange"), Escalation(8.0, 2, "red"))
    types = (
        MatterType("routine", load / 2, ServiceTime("exponential", 1.0), escalation=levels),
        MatterType("urgent", load / 2, ServiceTime("exponential", 1.0), priority=1),
    )
    structure = Structure(
        "one clerk",
        (Section("S", ("routine", "urgent")),),
        (StaffMember("clerk", "S", {"routine": 1.0, "urgent": 1.0}),),
    )
    spec = SimSpec(types, structure, horizon, horizon / 10)
    runs = [simulate(spec, seed).metrics for seed in replication_seeds(43, replications)]
    theory = load / (1.0 - load)
    interval = t_interval([m["wait_mean"] for m in runs], CONFIDENCE)
    assert interval.ci_low <= theory <= interval.ci_high, (theory, interval)
    assert interval.half_width < 0.15 * theory
    assert min(m["escalated_share.red"] for m in runs) > 0  # the levels were reached
