"""What the capacity and staffing searches share: a deadline target judged over replications.

A target is "a share of matters done within the deadline", e.g. 90% within 8 hours.
Every candidate (an arrival rate, a number of staff) is run with the same replication
seeds, so neighbouring candidates differ only by the change searched over (common random
numbers), which keeps the attainment curve close to monotone and bisection honest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from orgsim.sim import Organization, SimSpec


@dataclass(frozen=True)
class Target:
    """At least ``share`` of matters done within ``deadline`` (None: each type's own)."""

    share: float
    deadline: float | None = None

    def describe(self, time_unit: str) -> str:
        """Plain words, e.g. "90% of matters done within 8 hours"."""
        within = (
            "their own deadlines"
            if self.deadline is None
            else f"{self.deadline:g} {time_unit}{'' if self.deadline == 1 else 's'}"
        )
        return f"{self.share:.0%} of matters done within {within}"


def attainment(spec: SimSpec, seed: int) -> float:
    """Deadline attainment of one run; 1.0 when no matter was judged (nothing missed)."""
    value = Organization(spec, seed).run().metrics["deadline_attainment"]
    return 1.0 if math.isnan(value) else float(value)


def attainments(spec: SimSpec, seeds: list[int]) -> np.ndarray:
    """Deadline attainment of every replication."""
    return np.array([attainment(spec, seed) for seed in seeds])


def largest_passing(
    passes: Callable[[float], bool], upper: float, tolerance: float
) -> tuple[float, str]:
    """The largest x in (0, upper] with ``passes(x)``, assuming passing is monotone.

    Returns the value and what limits it: ``target`` (bisection to within
    ``tolerance * upper``), ``stability`` (passes even at ``upper``) or ``unreachable``
    (fails even at ``tolerance * upper``, reported as 0).
    """
    if passes(upper):
        return upper, "stability"
    low = tolerance * upper
    if not passes(low):
        return 0.0, "unreachable"
    high = upper
    while high - low > tolerance * upper:
        middle = (low + high) / 2
        if passes(middle):
            low = middle
        else:
            high = middle
    return (low + high) / 2, "target"


def smallest_passing(
    passes: Callable[[int], bool], start: int, most: int
) -> tuple[int | None, str]:
    """The smallest n in [1, most] with ``passes(n)``, assuming passing is monotone.

    Starts at ``start``: if it passes, bisects downwards; if not, doubles until a
    count passes. Returns (None, 'unreachable') when even ``most`` fails.
    """
    low, high = 0, min(max(start, 1), most)
    while not passes(high):
        if high >= most:
            return None, "unreachable"
        low, high = high, min(2 * high, most)
    while high - low > 1:
        middle = (low + high) // 2
        if passes(middle):
            high = middle
        else:
            low = middle
    return high, "target"
