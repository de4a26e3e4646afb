"""Huaisi and Binzhou: each structure the field reports describe exists and does what it says.

Short runs and structural checks only; the shipped numbers are pinned by the seeded
regression records (tests/regression) and documented in docs/scenarios.md.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

import orgsim
from orgsim.sim import SimSpec, simulate
from orgsim.sim.streams import replication_seeds

SHORT = ["workload.horizon=400", "workload.warmup=40"]
HUAISI_UNITS = (
    "office",
    "economy",
    "construction",
    "agriculture",
    "enforcement",
    "social",
    "environment",
    "safety",
    "service",
)
HUAISI_JOINT = {f"{unit}_joint" for unit in HUAISI_UNITS}
#: The escalation variant of docs/scenarios.md (not in the report): colours rise while waiting.
HUAISI_ESCALATION = [
    "++org.matter_types.complaint_yellow.escalation="
    "{orange:{after:40,priority:1},red:{after:64,priority:2}}",
    "++org.matter_types.complaint_orange.escalation={red:{after:24,priority:2}}",
]
BINZHOU_CROSSING = (
    "food_business_opening",
    "production_licence",
    "quality_complaint",
    "food_complaint",
)


@pytest.fixture(scope="module")
def huaisi() -> dict[str, SimSpec]:
    return dict(orgsim.load_office("huaisi", overrides=SHORT).specs)


@pytest.fixture(scope="module")
def binzhou() -> dict[str, SimSpec]:
    return dict(orgsim.load_office("binzhou", overrides=SHORT).specs)


def _seats(spec: SimSpec) -> dict[str, str]:
    return {m.name: m.section for m in spec.structure.staff}


def _unit_of_step(spec: SimSpec, skill: str) -> str:
    for section in spec.structure.sections:
        if skill in section.handles:
            return section.unit
    raise AssertionError(f"no section handles {skill}")


def _section_of_step(spec: SimSpec, skill: str) -> str:
    return next(s.name for s in spec.structure.sections if skill in s.handles)


def _only(spec: SimSpec, keep: set[str]) -> SimSpec:
    """The same office with only the matter types named in ``keep`` arriving."""
    types = tuple(
        m if m.name in keep else dataclasses.replace(m, arrival_rate=0.0, batches=())
        for m in spec.matter_types
    )
    return dataclasses.replace(spec, matter_types=types)


def _transferred(spec: SimSpec, seed: int = 3) -> dict[str, float]:
    """Mean time in transfer per matter type over a short traced run."""
    trace = simulate(spec, seed, trace=True).trace
    assert trace is not None
    names = [m.name for m in spec.matter_types]
    means = trace.groupby("type_index")["transferred"].mean()
    return {names[int(i)]: float(v) for i, v in means.items()}


# Huaisi ---------------------------------------------------------------------------------


def test_huaisi_two_way_selection_keeps_every_section_size(huaisi):
    before = Counter(_seats(huaisi["desectioned_no_selection"]).values())
    after = Counter(_seats(huaisi["desectioned"]).values())
    assert after == before


def test_huaisi_two_way_selection_moves_each_misplaced_person_to_the_bureau_they_know(huaisi):
    before = _seats(huaisi["desectioned_no_selection"])
    after = _seats(huaisi["desectioned"])
    moved = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    ring = dict(zip(HUAISI_UNITS, HUAISI_UNITS[1:] + HUAISI_UNITS[:1], strict=True))
    assert moved == {f"{unit}_a_3": (unit, ring[unit]) for unit in HUAISI_UNITS}
    three_levels = _seats(huaisi["desectioned_three_levels"])
    assert three_levels == after  # the variant keeps the selection, only the level differs


def test_huaisi_selection_puts_people_to_work_at_full_speed(huaisi):
    with_selection = simulate(huaisi["desectioned"], 1).metrics["work_mean"]
    without = simulate(huaisi["desectioned_no_selection"], 1).metrics["work_mean"]
    assert with_selection < without


def test_huaisi_matters_crossing_both_sections_lose_their_handoff_once_desectioned(huaisi):
    current, desectioned = huaisi["current"], huaisi["desectioned"]
    for unit in HUAISI_UNITS:
        joint = next(m for m in current.matter_types if m.name == f"{unit}_joint")
        a_part, b_part = joint.workflow[0].skill, joint.workflow[1].skill
        assert _section_of_step(current, a_part) != _section_of_step(current, b_part)
        assert _section_of_step(desectioned, a_part) == _section_of_step(desectioned, b_part)
    before, after = _transferred(current), _transferred(desectioned)
    for unit in HUAISI_UNITS:  # a -> b and b -> unit head, then only b -> unit head
        assert after[f"{unit}_joint"] < before[f"{unit}_joint"]


def test_huaisi_levels_two_in_the_reform_three_in_its_variant(huaisi):
    section_signs = {f"{unit}_{part}_section_sign" for unit in HUAISI_UNITS for part in "ab"}
    assert set(huaisi["desectioned"].structure.skipped_steps) == section_signs
    assert set(huaisi["desectioned_no_selection"].structure.skipped_steps) == section_signs
    assert huaisi["desectioned_three_levels"].structure.skipped_steps == ()
    assert huaisi["current"].structure.policy == "strict"
    assert {spec.structure.policy for name, spec in huaisi.items() if name != "current"} == {
        "pooled"
    }


def test_huaisi_buck_passing_is_the_same_chance_between_peer_sections_in_every_structure(huaisi):
    assert {spec.structure.rework_probability for spec in huaisi.values()} == {0.15}
    assert {spec.structure.rework_share for spec in huaisi.values()} == {0.5}
    # the report's 推诿扯皮 is between sections with overlapping duties, not at a sign-off
    assert {spec.structure.rework_sign_offs for spec in huaisi.values()} == {False}


def test_huaisi_desectioning_removes_the_send_backs_between_sections_none_at_the_sign_off(huaisi):
    """A joint matter may be sent back at one crossing before (a -> b; not on to the unit
    head's sign-off) and at none once the two sections are one."""
    before = simulate(_only(huaisi["current"], HUAISI_JOINT), 2).metrics["reworks_mean"]
    for structure in ("desectioned", "desectioned_three_levels"):
        after = simulate(_only(huaisi[structure], HUAISI_JOINT), 2).metrics["reworks_mean"]
        assert after == 0
    expected = 0.15 / 0.85  # send-backs per crossing
    assert before == pytest.approx(expected, rel=0.35)


def test_huaisi_sign_offs_send_nothing_back_in_any_structure(huaisi):
    """Hard matters cross only into sign-offs (section head, unit head): never sent back."""
    hard = {m.name for m in huaisi["current"].matter_types if m.name.endswith("_hard")}
    assert len(hard) == 2 * len(HUAISI_UNITS)
    for name, spec in huaisi.items():
        metrics = simulate(_only(spec, hard), 2).metrics
        assert metrics["handoffs_mean"] > 0.9, name  # they do cross, to the unit head
        assert metrics["reworks_mean"] == 0, name


def test_huaisi_colours_are_fixed_at_intake_unless_the_variant_is_asked_for(huaisi):
    assert all(not m.escalation for m in huaisi["current"].matter_types)
    assert "escalated_share" not in simulate(huaisi["current"], 1).metrics


def test_huaisi_escalation_variant_steps_up_when_the_time_left_is_the_next_limit():
    office = orgsim.load_office("huaisi", overrides=HUAISI_ESCALATION)
    types = {m.name: m for m in office.specs["current"].matter_types}
    limits = {m.priority_class: m.deadline for m in types.values() if m.priority_class}
    for name in ("complaint_yellow", "complaint_orange"):
        levels = types[name].escalation
        assert [level.label for level in levels] == ["orange", "red"][-len(levels) :]
        for level in levels:
            assert types[name].deadline - level.after == limits[level.label]
            assert level.priority == types[f"complaint_{level.label}"].priority


def test_huaisi_escalation_variant_escalates_where_the_queue_runs_long():
    """Seeded regression: the first replication of the documented variant (full horizon)."""
    office = orgsim.load_office("huaisi", overrides=HUAISI_ESCALATION)
    seed = replication_seeds(office.config.seed, office.config.replications)[0]
    assert simulate(office.specs["current"], seed).metrics["escalated_share.orange"] > 0
    assert simulate(office.specs["desectioned"], seed).metrics["escalated_share"] == 0


# Binzhou --------------------------------------------------------------------------------


def test_binzhou_crossing_matters_cross_bodies_before_and_not_after_merging(binzhou):
    for name in BINZHOU_CROSSING:
        matter = next(m for m in binzhou["current"].matter_types if m.name == name)
        skills = [step.skill for step in matter.workflow]
        assert len({_unit_of_step(binzhou["current"], s) for s in skills}) == 2
        for structure in ("merged", "merged_fused", "merged_fused_cut_by_work"):
            assert {_unit_of_step(binzhou[structure], s) for s in skills} == {"market_regulation"}


def test_binzhou_merging_turns_transfers_between_bodies_into_handoffs(binzhou):
    before, after = _transferred(binzhou["current"]), _transferred(binzhou["merged"])
    for name in BINZHOU_CROSSING:
        assert before[name] > 4.0  # a transfer between bodies: 8 working hours on average
        assert 0 < after[name] < 2.0  # a handoff between sections of one body: 1 hour
    assert before["registration"] == after["registration"] == 0.0  # single-body work


def test_binzhou_fusion_does_the_common_link_once(binzhou):
    rechecks = {
        "food_licence_recheck",
        "certification_recheck",
        "inspection_recheck",
        "drug_inspection_recheck",
    }
    assert binzhou["merged"].structure.skipped_steps == ()
    for structure in ("merged_fused", "merged_fused_cut", "merged_fused_cut_by_work"):
        assert set(binzhou[structure].structure.skipped_steps) == rechecks


def test_binzhou_section_loads_before_the_cut_are_as_stated(binzhou):
    spec = binzhou["current"]
    work: Counter[str] = Counter()
    for matter in spec.matter_types:
        for step in spec.active_steps(matter):
            work[_section_of_step(spec, step.skill)] += spec.demand(matter) * step.service.mean
    staff = Counter(m.section for m in spec.structure.staff)
    loads = {section: work[section] / staff[section] for section in staff}
    assert min(loads.values()) > 0.44 and max(loads.values()) < 0.74


def test_binzhou_the_cut_is_absorbed_only_where_it_follows_the_work():
    office = orgsim.load_office("binzhou", overrides=SHORT)
    required = office.required_utilisation()
    assert len(office.specs["merged_fused_cut"].structure.staff) == 30
    assert len(office.specs["merged_fused_cut_by_work"].structure.staff) == 30
    assert required["merged_fused_cut"] > 1.0
    assert required["merged_fused_cut_by_work"] <= 0.9


def test_binzhou_buck_passing_reduced_not_removed_by_merging(binzhou):
    assert binzhou["current"].structure.rework_probability == 0.15
    merged = [name for name in binzhou if name != "current"]
    assert {binzhou[name].structure.rework_probability for name in merged} == {0.05}
    before = simulate(_only(binzhou["current"], set(BINZHOU_CROSSING)), 2).metrics["reworks_mean"]
    after = simulate(_only(binzhou["merged"], set(BINZHOU_CROSSING)), 2).metrics["reworks_mean"]
    assert 0 < after < 0.6 * before
