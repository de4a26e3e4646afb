"""Borrowing for a period (borrow_rule: period) against borrowing per matter."""

from __future__ import annotations

import dataclasses

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
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.secondment import Secondments
from orgsim.sim.spec import check_switch
from tests.helpers import same_metrics

EXP1 = ServiceTime("exponential", 1.0)
UNITS = ("north", "south", "east")


def three_units() -> SimSpec:
    """A busy unit (north, load 0.9) and two quiet ones (0.3), two people each.

    Everyone can do everyone's casework, another unit's at 0.8 speed.
    """
    rates = {"north": 1.8, "south": 0.6, "east": 0.6}
    types = tuple(MatterType(f"{unit}_case", rates[unit], EXP1) for unit in UNITS)
    sections = tuple(Section(f"{unit}_office", (f"{unit}_case",), unit) for unit in UNITS)
    staff = tuple(
        StaffMember(
            f"{unit}_{k}",
            f"{unit}_office",
            {f"{other}_case": 1.0 if other == unit else 0.8 for other in UNITS},
        )
        for unit in UNITS
        for k in (1, 2)
    )
    return SimSpec(types, Structure("current", sections, staff), 4000.0, 400.0)


LEND = {
    "co_locate": {"combo": tuple(f"{unit}_office" for unit in UNITS)},
    "policy": "pooled",
}


def lent(spec: SimSpec, **reform) -> SimSpec:
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, Reform("r", **reform)))


def seconded(spec: SimSpec, threshold: int, period: float, paperwork: float | None) -> SimSpec:
    delay = None if paperwork is None else ServiceTime("exponential", paperwork)
    return lent(
        spec,
        **LEND,
        borrow_rule="period",
        borrow_threshold=threshold,
        borrow_period=period,
        borrow_delay=delay,
    )


def mean_wait(spec: SimSpec, seeds=(1, 2, 3)) -> float:
    return sum(simulate(spec, s).metrics["wait_mean"] for s in seeds) / len(seeds)


def test_a_threshold_never_reached_is_no_borrowing():
    spec = three_units()
    never = seconded(spec, 10_000, 8.0, 4.0)
    model = Organization(never, 7)
    results = model.run()
    assert model.secondments is not None and model.secondments.count == 0
    assert same_metrics(results.metrics, simulate(spec, 7).metrics)


def test_with_heavy_paperwork_secondments_beat_borrowing_per_matter():
    spec = three_units()
    per_matter = mean_wait(lent(spec, **LEND, borrow_delay=ServiceTime("exponential", 4.0)))
    period = mean_wait(seconded(spec, 3, 16.0, 4.0))
    assert period < 0.7 * per_matter


def test_without_paperwork_and_a_low_threshold_secondments_approach_pooling():
    spec = three_units()
    walled, pooled = mean_wait(spec), mean_wait(lent(spec, **LEND))
    period = mean_wait(seconded(spec, 1, 8.0, None))
    assert pooled < period < walled
    assert (walled - period) > 0.6 * (walled - pooled)  # most of the gain of pooling
    assert mean_wait(seconded(spec, 20, 8.0, None)) > 2 * period  # a high threshold gains less


def test_outside_secondments_nobody_crosses_units_and_secondees_serve_only_the_borrower():
    spec = seconded(three_units(), 2, 8.0, 1.0)
    model = Organization(spec, 3)
    secondments = model.secondments
    assert secondments is not None
    unit_of_queue = [spec.structure.sections[s].unit for s in model.layout.section]
    seen = 0
    while model.running:
        model.step()
        for staff in model.staff:
            units = {unit_of_queue[q] for q in staff.allowed}
            home = staff.member.section.removesuffix("_office")
            if staff.index in secondments.seconded:
                seen += 1
                assert units == {secondments.seconded[staff.index][0][1]} != {home}
            else:
                assert units == {home}
    assert seen > 0


def test_the_paperwork_is_paid_once_per_secondment(monkeypatch):
    drawn = []
    original = Secondments._paperwork

    def counting(self, index, draw):
        def counted():
            value = draw()
            drawn.append(value)
            return value

        return original(self, index, counted)

    monkeypatch.setattr(Secondments, "_paperwork", counting)
    model = Organization(seconded(three_units(), 2, 8.0, 2.0), 5)
    model.run()
    assert model.secondments is not None and model.secondments.count > 10
    assert len(drawn) == model.secondments.count


def test_a_unit_keeps_someone_at_home_and_lends_nobody_while_it_borrows(monkeypatch):
    original = Secondments._second

    def second(self, index, where):
        home = self.home_place[index]
        assert self.inbound[home] == 0 and self.at_home[home] >= 2 and where != home
        original(self, index, where)

    monkeypatch.setattr(Secondments, "_second", second)
    model = Organization(seconded(three_units(), 1, 8.0, None), 9)
    secondments = model.secondments
    assert secondments is not None
    while model.running:
        model.step()
        lent_out = dict.fromkeys(UNITS, 0)
        for index in secondments.seconded:
            lent_out[model.staff[index].member.section.removesuffix("_office")] += 1
        assert max(lent_out.values()) <= 1  # two people each: one stays at home
    assert secondments.count > 0


@pytest.mark.parametrize(
    ("reform", "field", "fix"),
    [
        ({**LEND, "borrow_rule": "sometimes"}, "structures.r.borrow_rule", "per_matter"),
        ({**LEND, "borrow_rule": "period"}, "structures.r.borrow_period", "borrow_period: 40"),
        ({**LEND, "borrow_period": 8.0}, "structures.r.borrow_period", "borrow_rule: period"),
        ({**LEND, "borrow_threshold": 3}, "structures.r.borrow_threshold", "borrow_rule: period"),
        (
            {**LEND, "borrow_rule": "period", "borrow_period": 8.0, "borrow_threshold": 0},
            "structures.r.borrow_threshold",
            "1 or more",
        ),
        (
            {**LEND, "borrow_rule": "period", "borrow_period": -8.0},
            "structures.r.borrow_period",
            "positive finite",
        ),
        (
            {"borrow_rule": "period", "borrow_period": 8.0},
            "structures.r.borrow_rule",
            "co_locate",
        ),
    ],
)
def test_bad_borrowing_rules_name_the_field_and_the_fix(reform, field, fix):
    with pytest.raises(SpecError) as caught:
        lent(three_units(), **reform)
    assert str(caught.value).startswith(field + ":"), caught.value
    assert fix in str(caught.value)


def test_secondments_cannot_start_in_the_middle_of_a_run():
    spec = three_units()
    with pytest.raises(SpecError, match="borrow_rule"):
        check_switch(lent(spec, **LEND), seconded(spec, 2, 8.0, None), 1000.0)


def test_a_bad_borrowing_rule_in_a_config_is_one_line():
    with pytest.raises(ConfigError) as caught:
        build_specs(
            compose_config(
                ["experiment=licheng", "org.structures.seconded_paperwork.borrow_period=0"]
            )
        )
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("org.structures.seconded_paperwork.borrow_period:"), message
