"""Physical merger against chemical fusion, and learning curves for new skills."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import Organization, simulate
from orgsim.sim.reform import Reform, apply_reform
from tests.helpers import separate_sections


def _specialists(horizon: float = 3000.0):
    spec = separate_sections(4, 0.8, horizon, 0.0)
    staff = tuple(
        dataclasses.replace(m, skills=((f"t{i}", 1.0),)) for i, m in enumerate(spec.structure.staff)
    )
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=staff))


def _reformed(spec, **reform):
    merge = {"big": ("S0", "S1", "S2", "S3")}
    structure = apply_reform(spec.structure, Reform("r", merge=merge, policy="pooled", **reform))
    return dataclasses.replace(spec, structure=structure)


EVERYTHING = {f"p{i}": {f"t{k}": 1.0 for k in range(4)} for i in range(4)}


def test_physical_merger_changes_nothing_and_chemical_fusion_does():
    spec = _specialists()
    physical = simulate(_reformed(spec), 1).metrics
    chemical = simulate(_reformed(spec, add_skills=EVERYTHING), 1).metrics
    separate = simulate(spec, 1).metrics
    # identical service; only float summation order differs (one section against four)
    assert physical == pytest.approx(separate, rel=1e-9, nan_ok=True)
    assert chemical["wait_mean"] < 0.3 * physical["wait_mean"]


def test_new_skills_start_slow_and_improve_with_practice():
    spec = _specialists()
    learning = _reformed(spec, add_skills=EVERYTHING, learning_start=0.3, learning_matters=30)
    instant = simulate(_reformed(spec, add_skills=EVERYTHING), 2).metrics
    model = Organization(learning, 2)
    slow = model.run().metrics
    assert instant["wait_mean"] < slow["wait_mean"]
    member = model.staff[0]
    learned = [q for q in member.learning]
    assert len(learned) == 3  # everything but their own work
    for q in learned:
        full, done = member.learning[q]
        assert done > 0 and 0.3 * full < member.speed[q] <= full
        expected = full * (1 - 0.7 * 0.5 ** (done / 30))
        assert member.speed[q] == pytest.approx(expected)


def test_the_running_in_dip_shows_in_the_time_series_and_recovers():
    spec = _specialists(2000.0)
    learning = _reformed(spec, add_skills=EVERYTHING, learning_start=0.2, learning_matters=40)
    model = Organization(learning, 3)
    while model.running:
        model.step()
    series = model.results().timeseries
    early = series.loc[series.time <= 200, "waiting"].mean()
    late = series.loc[series.time > 1000, "waiting"].mean()
    assert early > 1.5 * late


def test_a_wide_span_of_coordination_can_cancel_the_gain_of_a_merger():
    spec = _specialists()
    fused = _reformed(spec, add_skills=EVERYTHING)
    costly = _reformed(spec, add_skills=EVERYTHING, coordination_cost=0.05)
    waits = [simulate(s, 5).metrics["wait_mean"] for s in (spec, fused, costly)]
    assert waits[1] < waits[2]  # 15% of speed lost in a section of four
    assert simulate(_reformed(spec, add_skills=EVERYTHING, coordination_cost=0.0), 5).metrics[
        "wait_mean"
    ] == pytest.approx(waits[1])
    ruinous = _reformed(spec, add_skills=EVERYTHING, coordination_cost=0.06)
    assert simulate(ruinous, 5).metrics["wait_mean"] > waits[0]  # worse than the old office
    # one-person sections pay nothing: the cost applies per extra colleague
    alone = dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, coordination_cost=0.3)
    )
    assert simulate(alone, 5).metrics == pytest.approx(simulate(spec, 5).metrics, nan_ok=True)
