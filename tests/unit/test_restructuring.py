"""Restructuring operations: co-located offices, staff cuts, two-way selection."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import SpecError, required_utilisation, simulate
from orgsim.sim.reform import Reform, apply_reform
from tests.helpers import separate_sections


def _with(spec, reform):
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))


def test_co_located_sections_keep_their_names_and_share_their_work():
    spec = separate_sections(4, 0.8, 5000.0, 500.0)
    names = ("S0", "S1", "S2", "S3")
    joint = _with(spec, Reform("joint", co_locate={"joint": names}, policy="pooled"))
    merged = _with(spec, Reform("merged", merge={"big": names}, policy="pooled"))
    assert [s.name for s in joint.structure.sections] == list(names)
    waits = {
        name: simulate(s, 1).metrics["wait_mean"]
        for name, s in (("separate", spec), ("joint", joint), ("merged", merged))
    }
    assert waits["joint"] < 0.4 * waits["separate"]
    assert waits["joint"] == pytest.approx(waits["merged"], rel=0.2)
    without_pool = _with(spec, Reform("pooled_only", policy="pooled"))
    assert simulate(without_pool, 1).metrics["wait_mean"] == pytest.approx(waits["separate"])


def test_staff_cuts_take_from_the_largest_sections_and_raise_the_load():
    spec = separate_sections(2, 0.5, 3000.0, 300.0)
    staff = spec.structure.staff
    extra = tuple(dataclasses.replace(m, name=f"{m.name}_{k}") for m in staff for k in range(3))
    spec = dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=extra))
    cut = _with(spec, Reform("cut", cut_share=0.34))
    assert len(cut.structure.staff) == 4
    assert sorted(m.section for m in cut.structure.staff) == ["S0", "S0", "S1", "S1"]
    assert required_utilisation(cut) > required_utilisation(spec)
    assert simulate(cut, 2).metrics["wait_mean"] > simulate(spec, 2).metrics["wait_mean"]
    named = _with(spec, Reform("named", remove_staff=("p0_0",)))
    assert "p0_0" not in [m.name for m in named.structure.staff]
    with pytest.raises(SpecError, match=r"structures\.bad\.remove_staff"):
        apply_reform(spec.structure, Reform("bad", remove_staff=("nobody",)))


def test_two_way_selection_seats_people_where_they_are_fastest():
    spec = separate_sections(2, 0.5, 4000.0, 400.0)
    staff = (
        dataclasses.replace(spec.structure.staff[0], skills=(("t0", 0.6), ("t1", 1.5))),
        dataclasses.replace(spec.structure.staff[1], skills=(("t0", 1.5), ("t1", 0.6))),
    )
    mismatched = dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, staff=staff)
    )
    selected = _with(mismatched, Reform("selected", two_way_selection=True))
    assert [m.section for m in selected.structure.staff] == ["S1", "S0"]
    before = simulate(mismatched, 3).metrics["wait_mean"]
    after = simulate(selected, 3).metrics["wait_mean"]
    assert after < 0.5 * before
