"""Multi-step workflows, handoffs, consultations, approvals and priority classes."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.analysis.stats import t_interval
from orgsim.sim import (
    MatterType,
    Section,
    ServiceTime,
    SimSpec,
    SpecError,
    StaffMember,
    Structure,
    simulate,
)
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import Step
from orgsim.sim.streams import replication_seeds
from tests.helpers import same_metrics, separate_sections

EXP1 = ServiceTime("exponential", 1.0)
HANDOFF = ServiceTime("exponential", 2.0)


def permit_office(
    handoff: ServiceTime | None = HANDOFF,
    consultation: ServiceTime | None = None,
    review_unit: str = "bureau",
    approval: bool = True,
) -> SimSpec:
    """Permits: intake -> review -> sign-off; intake and review in different sections."""
    steps = (
        Step("intake", ServiceTime("exponential", 0.5)),
        Step("review", EXP1),
        Step("sign_off", ServiceTime("deterministic", 0.2), approval=approval),
    )
    return SimSpec(
        matter_types=(MatterType("permit", 1.2, steps=steps, deadline=24.0),),
        structure=Structure(
            "current",
            (
                Section("front", ("intake", "sign_off"), "bureau"),
                Section("back", ("review",), review_unit),
            ),
            (
                StaffMember("a", "front", {"intake": 1.0, "review": 1.0}),
                StaffMember("b", "back", {"review": 1.0, "intake": 1.0}),
                StaffMember("c", "back", {"review": 1.0}),
                StaffMember("head", "front", {"sign_off": 1.0}),
            ),
            handoff_delay=handoff,
            consultation_delay=consultation,
        ),
        horizon=4000.0,
        warmup=400.0,
    )


def _merged(spec: SimSpec) -> SimSpec:
    reform = Reform("merged", merge={"one": ("front", "back")}, policy="pooled")
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))


def _runs(spec: SimSpec, metric: str, n: int = 6) -> list[float]:
    return [simulate(spec, seed).metrics[metric] for seed in replication_seeds(8, n)]


def test_handoffs_cost_transfer_time_and_merging_removes_them():
    spec = permit_office()
    metrics = simulate(spec, 1).metrics
    assert metrics["handoffs_mean"] == 2.0  # front -> back -> front
    transfer = t_interval(_runs(spec, "transfer_mean"))
    assert transfer.ci_low <= 4.0 <= transfer.ci_high  # two handoffs of mean 2
    assert metrics["lead_mean"] == pytest.approx(
        metrics["wait_mean"] + metrics["work_mean"] + metrics["transfer_mean"]
    )
    merged = simulate(_merged(spec), 1).metrics
    assert merged["handoffs_mean"] == 0.0 and merged["transfer_mean"] == 0.0
    assert merged["lead_mean"] < metrics["lead_mean"] - 3.0


def test_consultation_between_units_uses_its_own_longer_delay():
    spec = permit_office(consultation=ServiceTime("exponential", 8.0), review_unit="planning")
    transfer = t_interval(_runs(spec, "transfer_mean"))
    assert transfer.ci_low <= 16.0 <= transfer.ci_high
    assert t_interval(_runs(permit_office(), "lead_mean")).ci_high < transfer.ci_low


def test_no_delay_configured_means_handoffs_are_counted_but_take_no_time():
    metrics = simulate(permit_office(handoff=None), 2).metrics
    assert metrics["handoffs_mean"] == 2.0 and metrics["transfer_mean"] == 0.0


def test_approval_waits_are_reported_and_the_flag_changes_nothing_else():
    with_flag = simulate(permit_office(approval=True), 3).metrics
    without = simulate(permit_office(approval=False), 3).metrics
    assert with_flag["approval_wait_mean"] > 0.0 and without["approval_wait_mean"] == 0.0
    del with_flag["approval_wait_mean"], without["approval_wait_mean"]
    assert same_metrics(with_flag, without)


def test_workflow_off_leaves_core_results_unchanged():
    spec = separate_sections(3, 0.7, 1000.0, 100.0)
    explicit = dataclasses.replace(
        spec,
        matter_types=tuple(
            dataclasses.replace(m, steps=(Step(m.name, m.service),)) for m in spec.matter_types
        ),
        structure=dataclasses.replace(
            spec.structure, handoff_delay=ServiceTime("exponential", 5.0)
        ),
    )
    assert same_metrics(simulate(explicit, 4).metrics, simulate(spec, 4).metrics)


def test_high_priority_waits_less_and_equal_priorities_change_nothing():
    spec = separate_sections(1, 0.4, 3000.0, 300.0)
    base = spec.matter_types[0]
    types = (
        dataclasses.replace(base, name="red", priority=2, priority_class="red"),
        dataclasses.replace(base, name="yellow", priority=0, priority_class="yellow"),
    )
    section = Section("S0", ("red", "yellow"))
    staff = (StaffMember("p0", "S0", {"red": 1.0, "yellow": 1.0}),)
    prioritised = SimSpec(types, Structure("x", (section,), staff), 3000.0, 300.0)
    metrics = simulate(prioritised, 5).metrics
    assert metrics["wait_mean.red"] < 0.5 * metrics["wait_mean.yellow"]
    assert metrics["deadline_attainment.red"] > metrics["deadline_attainment.yellow"]
    flat = dataclasses.replace(
        prioritised,
        matter_types=tuple(dataclasses.replace(m, priority=0) for m in types),
    )
    unlabelled = dataclasses.replace(
        flat,
        matter_types=tuple(dataclasses.replace(m, priority_class="") for m in flat.matter_types),
    )
    flat_metrics = simulate(flat, 5).metrics
    plain = simulate(unlabelled, 5).metrics
    assert same_metrics({k: flat_metrics[k] for k in plain}, plain)


def test_moving_sections_into_one_unit_turns_consultations_into_handoffs():
    spec = permit_office(consultation=ServiceTime("exponential", 8.0), review_unit="planning")
    reform = Reform("one_department", units={"back": "bureau"})
    joined = dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))
    before, after = simulate(spec, 6).metrics, simulate(joined, 6).metrics
    assert after["handoffs_mean"] == before["handoffs_mean"] == 2.0
    assert after["transfer_mean"] < 0.5 * before["transfer_mean"]


def test_skipping_a_step_shortens_the_workflow():
    spec = permit_office()
    lean = dataclasses.replace(
        spec, structure=apply_reform(spec.structure, Reform("lean", skip_steps=("sign_off",)))
    )
    before, after = simulate(spec, 7).metrics, simulate(lean, 7).metrics
    assert after["approval_wait_mean"] == 0.0 < before["approval_wait_mean"]
    assert after["handoffs_mean"] == 1.0  # front -> back, and done there
    assert after["lead_mean"] < before["lead_mean"] - 2.0
    with pytest.raises(SpecError, match=r"structures\.x\.skip_steps: every step"):
        everything = ("intake", "review", "sign_off")
        dataclasses.replace(
            spec, structure=apply_reform(spec.structure, Reform("x", skip_steps=everything))
        )
