"""1+N cross-unit combinations: borrowing staff between units, common work done once."""

from __future__ import annotations

import dataclasses

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
from tests.helpers import same_metrics

EXP1 = ServiceTime("exponential", 1.0)


def two_units() -> SimSpec:
    """A busy unit (north, load 0.9) and a quiet one (south, 0.3); both keep a duty roster."""
    types = (
        MatterType("north_case", 1.6, EXP1),
        MatterType("south_case", 0.4, EXP1),
        MatterType("north_roster", 0.2, EXP1),
        MatterType("south_roster", 0.2, EXP1),
    )
    sections = (
        Section("north_office", ("north_case", "north_roster"), "north"),
        Section("south_office", ("south_case", "south_roster"), "south"),
    )
    everything = {m.name: 1.0 for m in types}
    staff = tuple(
        StaffMember(f"{unit}_{k}", f"{unit}_office", everything)
        for unit in ("north", "south")
        for k in (1, 2)
    )
    return SimSpec(types, Structure("current", sections, staff), 4000.0, 400.0)


def _with(spec, **reform):
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, Reform("r", **reform)))


LEND = {"co_locate": {"combo": ("north_office", "south_office")}, "policy": "pooled"}


def test_common_work_done_once_removes_that_demand_only():
    spec = two_units()
    once = _with(spec, drop_matter_types=("south_roster",))
    before, after = simulate(spec, 1).metrics, simulate(once, 1).metrics
    assert after["throughput"] < before["throughput"] - 0.15
    assert after["backlog_mean"] < before["backlog_mean"]
    # (the mean wait per matter may rise: the dropped matters were quick ones)
    a, b = Organization(spec, 1, trace=True), Organization(once, 1, trace=True)
    a.run()
    b.run()
    north_a = a.results().trace.query("type_index == 0").arrival.tolist()
    north_b = b.results().trace.query("type_index == 0").arrival.tolist()
    assert north_a[:200] == north_b[:200]  # the other matters are the same stream


def test_borrowing_between_units_helps_and_a_borrowing_delay_eats_into_it():
    spec = two_units()
    walled = simulate(spec, 2).metrics["wait_mean"]
    lent = simulate(_with(spec, **LEND), 2).metrics["wait_mean"]
    slow = simulate(_with(spec, **LEND, borrow_delay=ServiceTime("exponential", 0.5)), 2)
    assert lent < 0.5 * walled
    assert lent < slow.metrics["wait_mean"] < walled
    assert (
        slow.metrics["utilisation_mean"]
        > simulate(_with(spec, **LEND), 2).metrics["utilisation_mean"]
    )


def test_no_borrowing_delay_without_crossing_units():
    spec = two_units()
    lent = _with(spec, **LEND)
    same_unit = dataclasses.replace(
        lent,
        structure=dataclasses.replace(
            lent.structure,
            sections=tuple(dataclasses.replace(s, unit="one") for s in lent.structure.sections),
            borrow_delay=ServiceTime("exponential", 5.0),
        ),
    )
    lent_one_unit = dataclasses.replace(
        same_unit, structure=dataclasses.replace(same_unit.structure, borrow_delay=None)
    )
    assert same_metrics(simulate(same_unit, 3).metrics, simulate(lent_one_unit, 3).metrics)
