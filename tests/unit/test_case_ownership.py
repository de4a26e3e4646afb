"""Case ownership mechanics: who carries a matter, and no matter lost on the way.

Theory checks are in tests/validation/test_case_ownership.py; these check the bookkeeping
around absences (both interrupt rules) and a reform taking effect mid-run, where own cases
waiting for their handler must move to the new structure's queues.
"""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
)
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import Absence, Step


def permits(on_interrupt: str = "resume", ownership: str = "keep") -> SimSpec:
    """Accept, review (handlers), sign (the head), issue (handlers again): a case comes back."""
    steps = (
        Step("accept", ServiceTime("exponential", 0.3)),
        Step("review", ServiceTime("exponential", 1.0)),
        Step("sign", ServiceTime("exponential", 0.2), approval=True),
        Step("issue", ServiceTime("exponential", 0.2)),
    )
    skills = (("accept", 1.0), ("review", 1.0), ("issue", 1.0))
    return SimSpec(
        matter_types=(MatterType("permit", 2.2, steps=steps, ownership=ownership, deadline=12),),  # type: ignore[arg-type]
        structure=Structure(
            "desk",
            (Section("desk", ("accept", "review", "issue")), Section("head", ("sign",))),
            (
                *(StaffMember(f"h{i}", "desk", skills) for i in range(4)),
                StaffMember("chief", "head", (("sign", 1.0),)),
            ),
            absence=Absence(0.02, ServiceTime("exponential", 4.0), on_interrupt),  # type: ignore[arg-type]
        ),
        horizon=2000.0,
        warmup=100.0,
    )


@pytest.mark.parametrize("on_interrupt", ["resume", "handover"])
def test_no_matter_is_lost_with_absences(on_interrupt):
    model = Organization(permits(on_interrupt), 3)
    metrics = model.run().metrics
    assert metrics["completed"] > 3000
    assert metrics["arrived"] == metrics["completed"] + len(model.unfinished())
    assert metrics["handoffs_mean"] == pytest.approx(2.0)  # to the head and back only


def _who_finished_each_step(ownership: str) -> list[list[int]]:
    """Per permit done within the run, without absences: who finished each of its 4 steps."""
    base = permits(ownership=ownership)
    spec = dataclasses.replace(
        base, structure=dataclasses.replace(base.structure, absence=Absence())
    )
    model = Organization(spec, 5)
    finished_by: dict[object, list[int]] = {}
    original = model.next_step

    def recording(matter, now, by):
        finished_by.setdefault(matter, []).append(by)  # the matter itself: ids get reused
        return original(matter, now, by)

    model.next_step = recording  # type: ignore[method-assign]
    model.run()
    return [who for who in finished_by.values() if len(who) == 4]


def test_the_handler_who_accepts_a_permit_issues_it_when_nobody_is_away():
    complete = _who_finished_each_step("keep")
    assert len(complete) > 1000
    # accept, review and issue by one handler; the sign-off by the chief (index 4)
    assert all(who[0] == who[1] == who[3] != who[2] == 4 for who in complete)


def test_passing_spreads_the_steps_over_the_handlers():
    complete = _who_finished_each_step("pass")
    assert sum(who[0] != who[3] for who in complete) > len(complete) / 2


def test_own_cases_move_to_the_new_queues_when_a_reform_takes_effect():
    before = permits()
    reform = Reform("merged", merge={"office": ("desk", "head")}, policy="pooled", ownership="pass")
    after = dataclasses.replace(before, structure=apply_reform(before.structure, reform))
    model = Organization(before, 9, switch=(1000.0, after))
    metrics = model.run().metrics
    assert metrics["completed"] > 3000
    assert metrics["arrived"] == metrics["completed"] + len(model.unfinished())
    # after the reform nobody keeps cases: own cases left waiting would be lost work
    assert all(not staff.returns for staff in model.staff)
