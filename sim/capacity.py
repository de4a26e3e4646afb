"""Offered load of a structure: can its staff carry the demand at all?

The *required utilisation* is the smallest possible maximum utilisation of any staff
member, over every way of sharing the work that the posts and skills allow (a linear
programme). Below 1 the office can be stable; at or above 1 queues grow without bound
whatever the dispatching. For c identical servers and one queue it equals λ/(cμ).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from itertools import pairwise

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array

from orgsim.sim.routing import staff_tiers
from orgsim.sim.spec import SimSpec, Step


class UnstableLoadWarning(UserWarning):
    """The demand is at or above what the structure's staff can carry."""


@functools.lru_cache(maxsize=256)
def required_utilisation(spec: SimSpec) -> float:
    """Smallest achievable maximum staff utilisation for the spec's demand.

    The constraint matrices are sparse: a city has thousands of people and hundreds of
    skills, but each person only a few skills (dense, they took gigabytes and seconds).
    """
    work: dict[str, float] = {}  # skill -> work per time unit, in order of first use
    redone = _rework_factors(spec)
    for matter_type in spec.matter_types:
        steps = spec.active_steps(matter_type)
        factors = redone(steps) if redone is not None else (1.0,) * len(steps)
        for step, factor in zip(steps, factors, strict=True):
            work[step.skill] = work.get(step.skill, 0.0) + (
                spec.demand(matter_type) * step.service.mean * factor
            )
    index = {skill: i for i, skill in enumerate(work)}
    staff: list[int] = []  # one entry per (person, skill) they may serve: the x's
    skill: list[int] = []
    speed: list[float] = []
    for s, (member, tiers) in enumerate(zip(spec.structure.staff, staff_tiers(spec), strict=True)):
        speeds = dict(reversed(member.skills))  # the first entry of a skill counts
        for tier in tiers:
            for name in tier:
                if name in index:  # skills of skipped steps carry no work
                    staff.append(s)
                    skill.append(index[name])
                    speed.append(speeds[name])
    n_pairs, n_staff = len(staff), len(spec.structure.staff)
    n_vars = n_pairs + 1  # the x's, then u
    cost = np.zeros(n_vars)
    cost[-1] = 1.0
    pairs = np.arange(n_pairs)
    a_eq = coo_array(
        (np.array(speed, dtype=float), (np.array(skill, dtype=np.int64), pairs)),
        shape=(len(work), n_vars),
    ).tocsr()
    a_ub = coo_array(
        (
            np.concatenate([np.ones(n_pairs), -np.ones(n_staff)]),
            (
                np.concatenate([np.array(staff, dtype=np.int64), np.arange(n_staff)]),
                np.concatenate([pairs, np.full(n_staff, n_vars - 1)]),
            ),
        ),
        shape=(n_staff, n_vars),
    ).tocsr()
    solution = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(n_staff),
        A_eq=a_eq,
        b_eq=np.array(list(work.values())),
        method="highs",
    )
    if not solution.success:
        return float("inf")
    return float(solution.x[-1])


def _rework_factors(spec: SimSpec) -> Callable[[tuple[Step, ...]], tuple[float, ...]] | None:
    """Per workflow: each step's work multiplied by its expected rework, or None without rework.

    A step followed by one in another section is sent back ``p / (1 - p)`` times on average,
    each time costing ``rework_share`` of its work. Case handlers who carry a matter across
    a section line are not sent back, so for them this is an upper bound. Without
    ``rework_sign_offs`` a crossing into or out of a sign-off is never sent back.
    """
    structure = spec.structure
    p = structure.rework_probability
    if p <= 0:
        return None
    section_of = {skill: s.name for s in structure.sections for skill in s.handles}
    extra = structure.rework_share * p / (1 - p)

    def factors(steps: tuple[Step, ...]) -> tuple[float, ...]:
        crossing = [
            section_of.get(a.skill) != section_of.get(b.skill)
            and (structure.rework_sign_offs or not (a.approval or b.approval))
            for a, b in pairwise(steps)
        ]
        return (*(1.0 + extra if c else 1.0 for c in crossing), 1.0)

    return factors


def warn_if_unstable(spec: SimSpec) -> float:
    """Return the required utilisation, warning when it is 1 or more."""
    load = required_utilisation(spec)
    if load >= 1.0:
        warnings.warn(
            UnstableLoadWarning(
                f"structure {spec.structure.name!r} is overloaded: its staff would need to be "
                f"busy {load:.0%} of the time, so queues grow without bound and results "
                "depend on the horizon; lower the arrival rates or add staff"
            ),
            stacklevel=2,
        )
    return load
