"""Escalation while waiting (黄橙红督办): an open matter's priority rises past thresholds."""

from __future__ import annotations

import dataclasses

import numpy as np

from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
    simulate,
)
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import Escalation, Step
from orgsim.sim.streams import replication_seeds
from tests.helpers import same_metrics

EXP1 = ServiceTime("exponential", 1.0)
SEEDS = replication_seeds(23, 5)
TWO_LEVELS = (Escalation(6.0, 1, "orange"), Escalation(15.0, 2, "red"))


def busy_desk(escalation: tuple[Escalation, ...] = (), load: float = 0.9) -> SimSpec:
    """One clerk; routine matters (may escalate) and urgent ones (priority 1) share them."""
    rate = load / 2
    return SimSpec(
        matter_types=(
            MatterType("routine", rate, EXP1, priority_class="yellow", escalation=escalation),
            MatterType("urgent", rate, EXP1, priority=1, priority_class="rush"),
        ),
        structure=Structure(
            "desk",
            (Section("S", ("routine", "urgent")),),
            (StaffMember("clerk", "S", {"routine": 1.0, "urgent": 1.0}),),
        ),
        horizon=20_000.0,
        warmup=1_000.0,
    )


def two_step_office(escalation: tuple[Escalation, ...] = ()) -> SimSpec:
    """Routine matters pass intake and review; urgent reviews compete at the review step."""
    routine = MatterType(
        "routine",
        0.35,
        steps=(Step("intake", ServiceTime("exponential", 0.8)), Step("review", EXP1)),
        escalation=escalation,
    )
    urgent = MatterType("urgent", 0.5, steps=(Step("review", EXP1),), priority=1)
    return SimSpec(
        matter_types=(routine, urgent),
        structure=Structure(
            "current",
            (Section("front", ("intake",)), Section("back", ("review",))),
            (
                StaffMember("a", "front", {"intake": 1.0, "review": 1.0}),
                StaffMember("b", "back", {"review": 1.0, "intake": 1.0}),
            ),
            rework_probability=0.1,
        ),
        horizon=4_000.0,
        warmup=400.0,
    )


def routine_waits(spec: SimSpec, seed: int) -> np.ndarray:
    trace = Organization(spec, seed, trace=True).run().trace
    assert trace is not None
    return trace.loc[trace["type_index"] == 0, "waited"].to_numpy()


def test_no_escalation_reports_nothing():
    assert "escalated_share" not in simulate(busy_desk(), 1).metrics


def test_an_escalation_that_never_comes_changes_nothing():
    never = busy_desk((Escalation(1e9, 5, "red"),))
    for seed in SEEDS[:2]:
        metrics = simulate(never, seed).metrics
        assert metrics.pop("escalated_share") == 0.0 and metrics.pop("escalated_share.red") == 0.0
        assert same_metrics(metrics, simulate(busy_desk(), seed).metrics)


def test_escalation_shortens_the_escalated_types_tail_and_lengthens_the_others_wait():
    tails, maxima, urgent, overall = {}, {}, {}, {}
    for name, levels in (("off", ()), ("on", TWO_LEVELS)):
        spec = busy_desk(levels)
        waits = [routine_waits(spec, seed) for seed in SEEDS]
        tails[name] = np.mean([np.quantile(w, 0.99) for w in waits])
        maxima[name] = np.mean([w.max() for w in waits])
        runs = [simulate(spec, seed).metrics for seed in SEEDS]
        urgent[name] = np.mean([m["wait_mean.urgent"] for m in runs])
        overall[name] = np.mean([m["wait_mean"] for m in runs])
    assert tails["on"] < 0.7 * tails["off"], tails
    assert maxima["on"] < maxima["off"], maxima
    assert urgent["on"] > 1.5 * urgent["off"], urgent
    # one clerk, one service time for all: the mean over everyone hardly moves (conservation)
    assert abs(overall["on"] - overall["off"]) < 0.1 * overall["off"], overall


def test_a_matter_past_its_threshold_is_served_before_lower_priority_ones():
    """Whenever an urgent matter starts, no routine matter waits past the red threshold."""
    red = TWO_LEVELS[1].after
    trace = Organization(busy_desk(TWO_LEVELS), 4, trace=True).run().trace
    assert trace is not None
    routine = trace[trace["type_index"] == 0]
    late_from = routine["arrival"].to_numpy() + red
    started = routine["start"].to_numpy()
    urgent_starts = trace.loc[trace["type_index"] == 1, "start"].to_numpy()
    overtaken = [s for s in urgent_starts if np.any((late_from < s - 1e-9) & (started > s + 1e-9))]
    assert not overtaken, overtaken[:5]
    assert np.any(started - late_from + red > red)  # some did wait past it: the check bites


def test_shares_count_matters_reaching_each_level():
    metrics = simulate(busy_desk(TWO_LEVELS), 2).metrics
    assert 0 < metrics["escalated_share.red"] < metrics["escalated_share.orange"]
    assert metrics["escalated_share"] == metrics["escalated_share.orange"]  # first level
    # per-class metrics keep each matter in its type's class, escalated or not
    assert metrics["wait_mean.yellow"] == metrics["wait_mean.routine"]


def _levels_match_ages(model: Organization, levels: tuple[Escalation, ...]) -> int:
    """Check every waiting routine matter's queue priority against its age; count them."""
    now = model.env.now
    checked = 0
    for queue in model.queues:
        for matter in queue:
            if matter.type_index != 0:
                continue
            age = now - matter.arrival
            reached = [lv.priority for lv in levels if lv.after < age]
            expected = reached[-1] if reached else 0
            if any(abs(age - lv.after) < 1e-9 for lv in levels):
                continue  # escalating at this very instant
            assert model.layout.priority[matter.queue] == expected, (age, matter.queue)
            checked += 1
    return checked


def test_later_steps_and_rework_keep_the_level_reached():
    levels = (Escalation(3.0, 2, "orange"), Escalation(8.0, 3, "red"))
    spec = two_step_office(levels)
    model = Organization(spec, 5)
    checked = 0
    for t in range(10, 4000, 10):
        model.env.run(until=float(t))
        checked += _levels_match_ages(model, levels)
    assert checked > 200
    assert model.run().metrics["escalated_share.red"] > 0


def test_levels_survive_a_reform_in_the_middle_of_the_run():
    levels = (Escalation(3.0, 2, "orange"), Escalation(8.0, 3, "red"))
    spec = two_step_office(levels)
    merged = apply_reform(
        spec.structure, Reform("merged", merge={"one": ("front", "back")}, policy="pooled")
    )
    after = dataclasses.replace(spec, structure=merged)
    model = Organization(spec, 8, switch=(1000.0, after))
    checked = 0
    for t in range(900, 1700, 5):
        model.env.run(until=float(t) + 0.5)
        checked += _levels_match_ages(model, levels)
    assert checked > 50
    assert model.run().metrics["escalated_share"] > 0
