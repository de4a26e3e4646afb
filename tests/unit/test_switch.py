"""A reform taking effect in the middle of a run."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import Organization, SpecError
from orgsim.sim.reform import Reform, apply_reform
from tests.helpers import separate_sections


def _specialists(horizon: float = 3000.0):
    spec = separate_sections(4, 0.8, horizon, 0.0)
    staff = tuple(
        dataclasses.replace(m, skills=((f"t{i}", 1.0),)) for i, m in enumerate(spec.structure.staff)
    )
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=staff))


EVERYTHING = {f"p{i}": {f"t{k}": 1.0 for k in range(4)} for i in range(4)}


def _merged(spec, **more):
    reform = Reform("merged", merge={"big": ("S0", "S1", "S2", "S3")}, policy="pooled", **more)
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))


def _waiting_series(model):
    while model.running:
        model.step()
    return model.results().timeseries


def test_before_the_reform_the_run_is_the_old_office_and_after_it_improves():
    before = _specialists()
    after = _merged(before, add_skills=EVERYTHING)
    old = _waiting_series(Organization(before, 1))
    switched = _waiting_series(Organization(before, 1, switch=(1500.0, after)))
    early = switched.time <= 1500
    assert (old.loc[early, "waiting"] == switched.loc[early, "waiting"]).all()
    late = switched.time > 1700
    assert switched.loc[late, "waiting"].mean() < 0.4 * old.loc[late, "waiting"].mean()


def test_matters_are_conserved_across_the_switch():
    before = _specialists(2000.0)
    after = _merged(before, add_skills=EVERYTHING, learning_start=0.4, learning_matters=10)
    model = Organization(before, 2, trace=True, switch=(700.0, after))
    metrics = model.run().metrics
    assert metrics["arrived"] == metrics["completed"] + len(model.unfinished())
    assert [s.name for s in model.spec.structure.sections] == ["big"]


def test_a_running_in_dip_after_the_switch_then_recovery():
    before = _specialists(3000.0)
    after = _merged(before, add_skills=EVERYTHING, learning_start=0.25, learning_matters=40)
    series = _waiting_series(Organization(before, 3, switch=(1000.0, after)))
    just_after = series.loc[(series.time > 1000) & (series.time <= 1200), "waiting"].mean()
    settled = series.loc[series.time > 2200, "waiting"].mean()
    assert just_after > 2 * settled


def test_what_cannot_change_mid_run_is_refused():
    before = _specialists()
    others = {who: skills for who, skills in EVERYTHING.items() if who != "p0"}
    cut = _merged(before, add_skills=others, remove_staff=("p0",))
    with pytest.raises(SpecError, match="the people differ"):
        Organization(before, 1, switch=(100.0, cut))
    with pytest.raises(SpecError, match=r"workload\.reform_at"):
        Organization(before, 1, switch=(5000.0, _merged(before)))


def test_a_physical_merger_mid_run_gives_the_old_office_results():
    before = _specialists(2000.0)
    old = Organization(before, 4).run().metrics
    switched = Organization(before, 4, switch=(800.0, _merged(before))).run().metrics
    assert switched == pytest.approx(old, rel=1e-9, nan_ok=True)
