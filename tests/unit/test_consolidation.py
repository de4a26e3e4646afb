"""Common work done once by a lead unit, at a cost: the consolidation factor."""

from __future__ import annotations

import dataclasses
import math

import pytest

from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.compose import compose_config
from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    SpecError,
    StaffMember,
    Structure,
    simulate,
)
from orgsim.sim.consolidation import Consolidation, arrival_multiplier, mean_work
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import RateProfile
from tests.helpers import same_metrics

EXP = ServiceTime("exponential", 1.0)


def lead_and_members() -> SimSpec:
    """A lead unit and two members; each does casework and a roster (mean 1 or 2 hours)."""
    types = (
        MatterType("lead_case", 0.8, EXP),
        MatterType("lead_roster", 0.2, ServiceTime("exponential", 2.0)),
        MatterType("north_case", 0.5, EXP),
        MatterType("north_roster", 0.3, EXP),
        MatterType("south_case", 0.5, EXP),
        MatterType("south_roster", 0.1, ServiceTime("exponential", 3.0)),
    )
    sections = (
        Section("lead_office", ("lead_case", "lead_roster"), "lead"),
        Section("north_office", ("north_case", "north_roster"), "north"),
        Section("south_office", ("south_case", "south_roster"), "south"),
    )
    everything = {m.name: 1.0 for m in types}
    staff = tuple(
        StaffMember(f"{unit}_{k}", f"{unit}_office", everything)
        for unit, size in (("lead", 3), ("north", 2), ("south", 2))
        for k in range(1, size + 1)
    )
    return SimSpec(types, Structure("current", sections, staff), 3000.0, 300.0)


ROSTERS = {"lead_roster": ("north_roster", "south_roster")}


def consolidated(spec: SimSpec, factor: float, into=None) -> SimSpec:
    reform = Reform("once", consolidate=Consolidation(factor, ROSTERS if into is None else into))
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))


def work(spec: SimSpec) -> float:
    """Work per time unit the structure has to do: demand x mean work, every type."""
    return sum(spec.demand(m) * mean_work(spec, m) for m in spec.matter_types)


def by_name(spec: SimSpec, name: str) -> MatterType:
    return next(m for m in spec.matter_types if m.name == name)


def test_the_lead_gets_factor_times_the_members_demand():
    spec = lead_and_members()
    once = consolidated(spec, 0.5)
    lead = by_name(once, "lead_roster")
    # own 0.2 x 2 = 0.4; members 0.3 x 1 + 0.1 x 3 = 0.6; half of it added: 0.7 in all
    assert once.demand(lead) * 2.0 == pytest.approx(0.4 + 0.5 * 0.6)
    assert arrival_multiplier(once, lead) == pytest.approx(0.7 / 0.4)
    assert once.demand(by_name(once, "north_roster")) == 0.0
    assert once.demand(by_name(once, "south_roster")) == 0.0
    assert once.demand(by_name(once, "lead_case")) == 0.8  # untouched
    assert work(once) == pytest.approx(work(spec) - 0.5 * 0.6)


def test_factor_one_keeps_the_office_s_total_work():
    spec = lead_and_members()
    assert work(consolidated(spec, 1.0)) == pytest.approx(work(spec))


def test_factor_above_one_costs_more_than_doing_it_separately():
    spec = lead_and_members()
    assert work(consolidated(spec, 1.5)) == pytest.approx(work(spec) + 0.5 * 0.6)


def test_only_the_steady_arrivals_of_the_lead_grow():
    spec = lead_and_members()
    weekly = RateProfile(40.0, (1.5, 0.5))  # mean 1
    busy = RateProfile(8.0, (2.0, 1.0))  # mean 1.5
    types = tuple(
        dataclasses.replace(m, profiles=(weekly, busy)) if m.name == "lead_roster" else m
        for m in spec.matter_types
    )
    once = consolidated(dataclasses.replace(spec, matter_types=types), 1.0)
    lead = by_name(once, "lead_roster")
    # steady demand 0.2 x 1.5 x 2 = 0.6, plus the members' 0.6
    assert once.demand(lead) * 2.0 == pytest.approx(1.2)
    assert arrival_multiplier(once, lead) == pytest.approx(2.0)


def test_factor_zero_is_dropping_the_members_common_work():
    spec = lead_and_members()
    dropped = dataclasses.replace(
        spec,
        structure=apply_reform(
            spec.structure, Reform("once", drop_matter_types=("north_roster", "south_roster"))
        ),
    )
    assert same_metrics(simulate(consolidated(spec, 0.0), 4).metrics, simulate(dropped, 4).metrics)


def test_the_lead_s_arrivals_follow_the_multiplied_rate_and_the_rest_are_unchanged():
    spec = lead_and_members()
    once = consolidated(spec, 1.0)
    before, after = Organization(spec, 5, trace=True), Organization(once, 5, trace=True)
    before.run()
    after.run()
    old, new = before.results().trace, after.results().trace
    lead = new.query("type_index == 1 and arrival < 2900")  # all arrived by then are done
    lead_rate = len(lead) / 2900
    expected = 0.2 * arrival_multiplier(once, by_name(once, "lead_roster"))
    assert lead_rate == pytest.approx(expected, rel=0.08)
    # the casework is the same stream of matters (common random numbers)
    for k in (0, 2, 4):
        assert (
            sorted(old.query(f"type_index == {k}").arrival)[:200]
            == sorted(new.query(f"type_index == {k}").arrival)[:200]
        )


def test_more_consolidated_work_loads_the_lead_more():
    spec = lead_and_members()
    waits = [simulate(consolidated(spec, f), 6).metrics["wait_mean.lead_case"] for f in (0, 1)]
    assert waits[0] < waits[1]


@pytest.mark.parametrize(
    ("factor", "into", "field", "fix"),
    [
        (-0.5, None, "structures.once.consolidate.factor", "0 (it disappears)"),
        (math.nan, None, "structures.once.consolidate.factor", "1 (nothing saved)"),
        (0.5, {}, "structures.once.consolidate.into", "map the lead"),
        (
            0.5,
            {"lead_rota": ("north_roster",)},
            "structures.once.consolidate.into.lead_rota",
            "name one of",
        ),
        (
            0.5,
            {"lead_roster": ("north_rota",)},
            "structures.once.consolidate.into.lead_roster",
            "name one of",
        ),
        (
            0.5,
            {"lead_roster": ()},
            "structures.once.consolidate.into.lead_roster",
            "list the types",
        ),
        (
            0.5,
            {"lead_roster": ("north_roster",), "lead_case": ("north_roster",)},
            "structures.once.consolidate.into.lead_case",
            "one lead type",
        ),
        (
            0.5,
            {"lead_roster": ("north_roster",), "north_roster": ("south_roster",)},
            "structures.once.consolidate.into.lead_roster",
            "one lead type only",
        ),
    ],
)
def test_bad_consolidations_name_the_field_and_the_fix(factor, into, field, fix):
    spec = lead_and_members()
    with pytest.raises(SpecError) as caught:
        consolidated(spec, factor, ROSTERS if into is None else into)
    assert str(caught.value).startswith(field + ":"), caught.value
    assert fix in str(caught.value)


def test_a_lead_without_steady_arrivals_or_a_member_also_dropped_is_refused():
    spec = lead_and_members()
    types = tuple(
        dataclasses.replace(m, arrival_rate=0.0) if m.name == "lead_roster" else m
        for m in spec.matter_types
    )
    with pytest.raises(SpecError, match="arrival_rate > 0"):
        consolidated(dataclasses.replace(spec, matter_types=types), 0.5)
    both = Reform(
        "once", consolidate=Consolidation(0.5, ROSTERS), drop_matter_types=("north_roster",)
    )
    with pytest.raises(SpecError, match="not both"):
        dataclasses.replace(spec, structure=apply_reform(spec.structure, both))


LICHENG = "org.structures.common_once.consolidate"


@pytest.mark.parametrize(
    ("override", "start"),
    [
        (f"{LICHENG}.factor=-1", f"{LICHENG}.factor: -1"),
        (f"{LICHENG}.factor=.nan", f"{LICHENG}.factor:"),
        (f"{LICHENG}.into.lead_duty=[unit_x_duty]", f"{LICHENG}.into.lead_duty: no matter type"),
        (f"{LICHENG}.into.lead_duty=unit_b_duty", f"{LICHENG}.into.lead_duty:"),
    ],
)
def test_bad_consolidation_in_a_config_is_one_line(override, start):
    with pytest.raises(ConfigError) as caught:
        build_specs(compose_config(["experiment=licheng", override]))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(start), message
