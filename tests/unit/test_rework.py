"""Rework at section boundaries (推诿扯皮): a matter passed to another section may come back."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

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
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import SpecError, Step
from orgsim.sim.streams import replication_seeds
from tests.helpers import same_metrics

EXP1 = ServiceTime("exponential", 1.0)
SEEDS = replication_seeds(11, 6)


def two_sections(
    rework: float = 0.0, share: float = 1.0, ownership: str = "pass", sign_off: bool = False
) -> SimSpec:
    """Permits: intake in the front section, review in the back; optionally a leader signs."""
    steps = [Step("intake", ServiceTime("exponential", 0.6)), Step("review", EXP1)]
    sections = [Section("front", ("intake",)), Section("back", ("review",))]
    staff = [
        StaffMember("a", "front", {"intake": 1.0}),
        StaffMember("b", "front", {"intake": 1.0}),
        StaffMember("c", "back", {"review": 1.0}),
        StaffMember("d", "back", {"review": 1.0}),
    ]
    if sign_off:
        steps.append(Step("sign", ServiceTime("exponential", 0.3), approval=True))
        sections.append(Section("leaders", ("sign",)))
        staff.append(StaffMember("head", "leaders", {"sign": 1.0}))
    return SimSpec(
        matter_types=(
            MatterType("permit", 1.3, steps=tuple(steps), deadline=12.0, ownership=ownership),  # type: ignore[arg-type]
        ),
        structure=Structure(
            "current",
            tuple(sections),
            tuple(staff),
            handoff_delay=ServiceTime("exponential", 0.5),
            rework_probability=rework,
            rework_share=share,
        ),
        horizon=3000.0,
        warmup=300.0,
    )


def merged(spec: SimSpec) -> SimSpec:
    """The same office with its two sections merged into one, rework setting kept."""
    structure = apply_reform(
        spec.structure, Reform("merged", merge={"one": ("front", "back")}, policy="strict")
    )
    return dataclasses.replace(spec, structure=structure)


def mean_of(spec: SimSpec, metric: str) -> float:
    return float(np.mean([simulate(spec, seed).metrics[metric] for seed in SEEDS]))


def test_no_rework_setting_reports_nothing_and_zero_changes_nothing():
    absent = simulate(two_sections(), 3).metrics
    assert "reworks_mean" not in absent
    zero = two_sections(rework=0.0, share=0.4)  # a share without a probability does nothing
    assert same_metrics(simulate(zero, 3).metrics, absent)


def test_rework_raises_lead_time_handoffs_and_reworks_with_the_probability():
    leads, handoffs, reworks = [], [], []
    for p in (0.0, 0.1, 0.25, 0.4):
        spec = two_sections(rework=p)
        leads.append(mean_of(spec, "lead_mean"))
        handoffs.append(mean_of(spec, "handoffs_mean"))
        reworks.append(mean_of(spec, "reworks_mean") if p else 0.0)
    assert leads == sorted(leads) and leads[-1] > 1.3 * leads[0], leads
    assert handoffs == sorted(handoffs), handoffs
    assert reworks == sorted(reworks), reworks
    # each send-back is the boundary crossed twice more: handoffs = 1 + 2 x reworks
    assert np.allclose(handoffs, [1 + 2 * r for r in reworks])
    assert abs(reworks[-1] - 0.4 / 0.6) < 0.05  # geometric: p / (1 - p) per matter


def test_a_step_done_again_costs_its_share_of_the_work():
    full = mean_of(two_sections(rework=0.3), "utilisation_mean")
    part = mean_of(two_sections(rework=0.3, share=0.25), "utilisation_mean")
    none = mean_of(two_sections(), "utilisation_mean")
    assert none < part < full


def test_lead_time_counts_the_rework():
    for seed in SEEDS[:2]:
        metrics = simulate(two_sections(rework=0.3), seed).metrics
        parts = metrics["wait_mean"] + metrics["work_mean"] + metrics["transfer_mean"]
        assert abs(metrics["lead_mean"] - parts) < 1e-9
        plain = simulate(two_sections(), seed).metrics
        assert metrics["transfer_mean"] > plain["transfer_mean"]


def test_one_section_never_sends_back_and_merging_removes_rework():
    spec = two_sections(rework=0.3)
    one = merged(spec)
    assert one.structure.rework_probability == 0.3
    for seed in SEEDS[:3]:
        metrics = simulate(one, seed).metrics
        assert metrics["reworks_mean"] == 0.0 and metrics["handoffs_mean"] == 0.0
        # no crossing, so no rework draw: the same run as without the setting
        without = simulate(merged(two_sections()), seed).metrics
        assert same_metrics({**metrics, "reworks_mean": 0.0}, {**without, "reworks_mean": 0.0})
    assert mean_of(one, "lead_mean") < mean_of(spec, "lead_mean")


def test_a_reform_sets_its_own_probability():
    current = two_sections(rework=0.3).structure
    calmer = apply_reform(current, Reform("calmer", rework_probability=0.05, rework_share=0.5))
    assert (calmer.rework_probability, calmer.rework_share) == (0.05, 0.5)
    kept = apply_reform(current, Reform("kept"))
    assert (kept.rework_probability, kept.rework_share) == (0.3, 1.0)


def test_a_case_handler_who_may_serve_every_step_is_never_sent_back():
    """A handler who carries the matter across the section line hands nothing over."""
    spec = two_sections(rework=0.4, ownership="keep")
    staff = tuple(  # each section's people have the other's step as their B post
        dataclasses.replace(
            m,
            skills=(("intake", 1.0), ("review", 1.0)),
            b_post="back" if m.section == "front" else "front",
        )
        for m in spec.structure.staff
    )
    structure = dataclasses.replace(spec.structure, staff=staff, policy="ab")
    handlers = dataclasses.replace(spec, structure=structure)
    metrics = simulate(handlers, 5).metrics
    assert metrics["reworks_mean"] == 0.0 and metrics["handoffs_mean"] == 0.0
    line = dataclasses.replace(handlers, matter_types=two_sections().matter_types)
    assert simulate(line, 5).metrics["reworks_mean"] > 0.2  # an assembly line is sent back


def test_a_sign_off_sent_back_returns_to_the_case_handler():
    spec = two_sections(rework=0.3, ownership="keep", sign_off=True)
    staff = tuple(
        dataclasses.replace(m, skills=(("intake", 1.0), ("review", 1.0)), section="front")
        if m.name != "head"
        else m
        for m in spec.structure.staff
    )
    sections = (Section("front", ("intake", "review")), Section("leaders", ("sign",)))
    structure = dataclasses.replace(spec.structure, staff=staff, sections=sections)
    spec = dataclasses.replace(spec, structure=structure)
    model = Organization(spec, 7)
    returned_to: list[tuple[int, int]] = []
    hand_on = model._hand_on

    def watch(matter):  # a matter back at the review step after the leader sent it back
        if matter.progress.step == 1 and matter.progress.reworks:
            returned_to.append((matter.progress.owner, matter.queue))
        hand_on(matter)

    model._hand_on = watch  # type: ignore[method-assign]
    metrics = model.run().metrics
    assert metrics["reworks_mean"] > 0.3
    assert returned_to and all(owner >= 0 for owner, _ in returned_to)
    review = model.layout.steps[0][1]
    assert all(q == review for _, q in returned_to)


def test_rework_switched_off_mid_run_is_still_reported():
    before = two_sections(rework=0.3)
    after = dataclasses.replace(
        before, structure=dataclasses.replace(before.structure, name="calm", rework_probability=0)
    )
    metrics = Organization(before, 3, switch=(2000.0, after)).run().metrics
    assert metrics["reworks_mean"] > 0
    late = Organization(after, 3).run().metrics
    assert "reworks_mean" not in late


def test_other_streams_are_untouched_by_rework_draws():
    """Rework draws come from their own stream: arrivals and work stay the same matters."""
    plain = Organization(two_sections(), 9, trace=True).run().trace
    reworked = Organization(two_sections(rework=0.3), 9, trace=True).run().trace
    assert plain is not None and reworked is not None
    first = plain.sort_values("arrival").head(200)
    second = reworked.sort_values("arrival").head(200)
    assert np.array_equal(first["arrival"].to_numpy(), second["arrival"].to_numpy())
    assert np.allclose(first["work"].to_numpy(), second["work"].to_numpy())


def test_the_required_utilisation_counts_the_work_done_again():
    """Drafting is sent back p / (1 - p) times per permit: its load grows by that much."""
    permit = MatterType(
        "permit",
        0.5,
        steps=(Step("draft", EXP1), Step("check", ServiceTime("exponential", 0.5))),
    )

    def load(p: float, share: float = 1.0, sections: int = 2) -> float:
        checks = "B" if sections == 2 else "A"
        owned = (
            (Section("A", ("draft",)), Section("B", ("check",)))
            if sections == 2
            else (Section("A", ("draft", "check")),)
        )
        people = (StaffMember("a", "A", {"draft": 1.0}), StaffMember("b", checks, {"check": 1.0}))
        structure = Structure("s", owned, people, rework_probability=p, rework_share=share)
        return required_utilisation(SimSpec((permit,), structure, 100.0))

    assert load(0.0) == 0.5
    assert abs(load(0.25) - 0.5 * (1 + 0.25 / 0.75)) < 1e-9
    assert abs(load(0.25, share=0.5) - 0.5 * (1 + 0.5 * 0.25 / 0.75)) < 1e-9
    assert load(0.25, sections=1) == load(0.0, sections=1)  # no boundary, no rework


def test_the_required_utilisation_leaves_out_sign_offs_when_they_send_nothing_back():
    """Review, the busiest step, is done again only while the leader's sign-off sends back."""
    spec = two_sections(rework=0.25, sign_off=True)
    peers = dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, rework_sign_offs=False)
    )
    plain = required_utilisation(two_sections(sign_off=True))
    assert plain == required_utilisation(peers) < required_utilisation(spec)
    assert required_utilisation(sign_off_only(0.25, sign_offs=False)) == required_utilisation(
        sign_off_only(0.0, sign_offs=False)
    )


def sign_off_only(rework: float, sign_offs: bool) -> SimSpec:
    """One section does both casework steps; its only crossing is into the leader's sign-off."""
    spec = two_sections(rework=rework, sign_off=True)
    staff = tuple(
        m if m.name == "head" else dataclasses.replace(m, skills=(("intake", 1.0), ("review", 1.0)))
        for m in spec.structure.staff
    )
    structure = dataclasses.replace(
        spec.structure,
        sections=(Section("front", ("intake", "review")), Section("leaders", ("sign",))),
        staff=tuple(
            dataclasses.replace(m, section="front") if m.name != "head" else m for m in staff
        ),
        rework_sign_offs=sign_offs,
    )
    return dataclasses.replace(spec, structure=structure)


def test_without_sign_offs_a_crossing_into_a_sign_off_is_never_sent_back():
    for seed in SEEDS[:3]:
        metrics = simulate(sign_off_only(0.3, sign_offs=False), seed).metrics
        assert metrics["reworks_mean"] == 0.0
        assert abs(metrics["handoffs_mean"] - 1.0) < 1e-9  # into the sign-off, once
        # no draw is made: the same run as without rework
        plain = simulate(sign_off_only(0.0, sign_offs=False), seed).metrics
        assert same_metrics({**metrics, "reworks_mean": 0.0}, {**plain, "reworks_mean": 0.0})
    assert simulate(sign_off_only(0.3, sign_offs=True), 3).metrics["reworks_mean"] > 0.3


def test_without_sign_offs_a_casework_crossing_is_still_sent_back():
    """front -> back may be sent back; back -> the leader's sign-off may not."""
    spec = two_sections(rework=0.25, sign_off=True)
    peers = dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, rework_sign_offs=False)
    )
    reworks = mean_of(peers, "reworks_mean")
    assert abs(reworks - 0.25 / 0.75) < 0.04, reworks  # one crossing open, geometric
    assert mean_of(spec, "reworks_mean") > 1.5 * reworks  # both crossings open


def test_sign_offs_setting_defaults_to_true_and_a_reform_may_change_it():
    current = two_sections(rework=0.3).structure
    assert current.rework_sign_offs is True
    assert apply_reform(current, Reform("kept")).rework_sign_offs is True
    peers = apply_reform(current, Reform("peers", rework_sign_offs=False))
    assert peers.rework_sign_offs is False
    again = dataclasses.replace(peers, name="again")
    assert apply_reform(again, Reform("back", rework_sign_offs=True)).rework_sign_offs is True


def test_a_sign_offs_setting_that_is_not_true_or_false_is_one_line():
    spec = two_sections(rework=0.3)
    with pytest.raises(SpecError) as caught:
        dataclasses.replace(
            spec, structure=dataclasses.replace(spec.structure, rework_sign_offs="no")
        )
    message = str(caught.value)
    assert "\n" not in message and message.startswith("rework_sign_offs:"), message
