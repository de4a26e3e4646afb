"""Absences: interrupts, resume and handover, blocked time (人走门关), and rate 0 = off."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import ServiceTime, simulate
from orgsim.sim.spec import Absence
from tests.helpers import same_metrics, separate_sections


def _with_absence(spec, **absence):
    return dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, absence=Absence(**absence))
    )


def _alone(spec, policy="strict", b_posts=False):
    """Each person skilled only for their own section's matters (and B post's, if any)."""
    staff = []
    n = len(spec.structure.staff)
    for i, member in enumerate(spec.structure.staff):
        skills = {f"t{i}": 1.0}
        b_post = None
        if b_posts:
            skills[f"t{(i + 1) % n}"] = 1.0
            b_post = f"S{(i + 1) % n}"
        staff.append(dataclasses.replace(member, skills=tuple(skills.items()), b_post=b_post))
    structure = dataclasses.replace(spec.structure, staff=tuple(staff), policy=policy)
    return dataclasses.replace(spec, structure=structure)


AWAY = {"rate": 0.02, "duration": ServiceTime("exponential", 8.0)}


def test_rate_zero_leaves_results_unchanged():
    spec = separate_sections(3, 0.6, 2000.0, 200.0)
    off = _with_absence(spec, rate=0.0, on_interrupt="handover")
    assert same_metrics(simulate(off, 3).metrics, simulate(spec, 3).metrics)


@pytest.mark.parametrize("rule", ["resume", "handover"])
def test_absences_raise_waiting_and_block_matters(rule):
    spec = _alone(separate_sections(3, 0.5, 5000.0, 500.0))
    present = simulate(spec, 4).metrics
    away = simulate(_with_absence(spec, on_interrupt=rule, **AWAY), 4).metrics
    assert present["blocked_by_absence_mean"] == 0.0
    assert away["blocked_by_absence_mean"] > 0.5
    assert away["wait_mean"] > present["wait_mean"] + 0.5
    assert away["utilisation_mean"] == pytest.approx(present["utilisation_mean"], abs=0.03)


def test_a_b_post_keeps_the_door_open():
    """人走门关: a one-person section closes when its person is away; a B post reopens it."""
    alone = _with_absence(_alone(separate_sections(3, 0.4, 5000.0, 500.0)), **AWAY)
    backed = _with_absence(
        _alone(separate_sections(3, 0.4, 5000.0, 500.0), policy="ab", b_posts=True), **AWAY
    )
    closed, open_ = simulate(alone, 5).metrics, simulate(backed, 5).metrics
    assert open_["blocked_by_absence_mean"] < 0.2 * closed["blocked_by_absence_mean"]
    assert open_["wait_mean"] < closed["wait_mean"]


def test_per_person_rate_overrides_the_office_rate():
    spec = _with_absence(_alone(separate_sections(2, 0.5, 3000.0, 300.0)), **AWAY)
    staff = tuple(dataclasses.replace(m, absence_rate=0.0) for m in spec.structure.staff)
    nobody = dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=staff))
    assert simulate(nobody, 6).metrics["blocked_by_absence_mean"] == 0.0
