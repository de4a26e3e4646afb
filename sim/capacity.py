"""Offered load of a structure: can its staff carry the demand at all?

The *required utilisation* is the smallest possible maximum utilisation of any staff
member, over every way of sharing the work that the posts and skills allow (a linear
programme). Below 1 the office can be stable; at or above 1 queues grow without bound
whatever the dispatching. For c identical servers and one queue it equals λ/(cμ).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
from scipy.optimize import linprog

from orgsim.sim.routing import eligible_types
from orgsim.sim.spec import SimSpec


class UnstableLoadWarning(UserWarning):
    """The demand is at or above what the structure's staff can carry."""


@functools.lru_cache(maxsize=256)
def required_utilisation(spec: SimSpec) -> float:
    """Smallest achievable maximum staff utilisation for the spec's demand."""
    skills: list[str] = []
    work: list[float] = []
    for matter_type in spec.matter_types:
        for step in spec.active_steps(matter_type):
            if step.skill not in skills:
                skills.append(step.skill)
                work.append(0.0)
            work[skills.index(step.skill)] += spec.demand(matter_type) * step.service.mean
    index = {skill: i for i, skill in enumerate(skills)}
    pairs: list[tuple[int, int, float]] = []
    for s, member in enumerate(spec.structure.staff):
        for tier in eligible_types(spec, member):
            for name in tier:
                if name in index:  # skills of skipped steps carry no work
                    pairs.append((s, index[name], member.speed(name)))
    n_vars = len(pairs) + 1  # the x's, then u
    cost = np.zeros(n_vars)
    cost[-1] = 1.0
    a_eq = np.zeros((len(skills), n_vars))
    for k, (_, t, speed) in enumerate(pairs):
        a_eq[t, k] = speed
    n_staff = len(spec.structure.staff)
    a_ub = np.zeros((n_staff, n_vars))
    for k, (s, _, _) in enumerate(pairs):
        a_ub[s, k] = 1.0
    a_ub[:, -1] = -1.0
    solution = linprog(
        cost, A_ub=a_ub, b_ub=np.zeros(n_staff), A_eq=a_eq, b_eq=np.array(work), method="highs"
    )
    if not solution.success:
        return float("inf")
    return float(solution.x[-1])


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
