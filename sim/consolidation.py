"""Common work done once, costed: the members' common work moved to a lead unit's matter type.

In a 1+N combination the lead unit does the common work (duty rosters, finance, party
affairs) of every unit once. Doing it once saves some of that work but not, in general,
all of it: the lead's added demand is the members' common demand times a *factor*, where
demand is work per time unit (mean arrival rate x mean work content of the steps the
structure performs). A factor of 0 means the members' common work disappears, 1 that
nothing is saved (the lead does all of it), above 1 that doing it centrally costs more.

The members' common matter types no longer arise (as if dropped); the lead's type gets
the added demand as more arrivals of its own kind: its steady (Poisson) arrival rate is
multiplied by ``1 + factor x members' demand / lead's steady demand``. Its batches are
unchanged. Arrivals of the lead's type are drawn from the same random stream at the higher
rate (each gap scaled down by the multiplier), so comparisons keep common random numbers;
every other matter type's stream is untouched.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.sim.spec import MatterType, SimSpec


@dataclass(frozen=True, slots=True)
class Consolidation:
    """Members' common matter types done once by a lead unit, at ``factor`` of their work.

    Attributes:
        factor: share of the members' common demand the lead still has to do (>= 0).
        into: lead's matter type -> the members' matter types it takes over, as pairs
            (a mapping is accepted and kept in its order).
    """

    factor: float
    into: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        pairs = self.into.items() if isinstance(self.into, Mapping) else self.into
        normal = []
        for lead, members in pairs:
            listed = (members,) if isinstance(members, str) else tuple(members)
            normal.append((lead, listed))
        object.__setattr__(self, "into", tuple(normal))

    @property
    def members(self) -> tuple[str, ...]:
        """Every member type taken over, in the order given."""
        return tuple(m for _, members in self.into for m in members)


def mean_work(spec: SimSpec, matter_type: MatterType) -> float:
    """Mean work content of one matter: the steps the structure performs, at nominal speed."""
    return sum(step.service.mean for step in spec.active_steps(matter_type))


def steady_rate(matter_type: MatterType) -> float:
    """Long-run rate of the type's Poisson arrivals (its profiles averaged, no batches)."""
    rate = matter_type.arrival_rate
    for profile in matter_type.profiles:
        rate *= profile.mean
    return rate


def added_demand(spec: SimSpec, lead: str) -> float:
    """Work per time unit the lead's type ``lead`` takes over: factor x members' demand."""
    consolidation = spec.structure.consolidation
    if consolidation is None:
        return 0.0
    members = dict(consolidation.into).get(lead, ())
    if not members or consolidation.factor == 0:
        return 0.0
    by_name = {m.name: m for m in spec.matter_types}
    work = sum(by_name[m].mean_rate * mean_work(spec, by_name[m]) for m in members)
    return float(consolidation.factor * work)


def arrival_multiplier(spec: SimSpec, matter_type: MatterType) -> float:
    """What the structure multiplies ``matter_type``'s steady arrival rate by (1 if nothing)."""
    added = added_demand(spec, matter_type.name)
    if added == 0:
        return 1.0
    return 1.0 + added / (steady_rate(matter_type) * mean_work(spec, matter_type))


def demand(spec: SimSpec, matter_type: MatterType) -> float:
    """Long-run arrival rate of ``matter_type``: 0 for a member type taken over, more for a lead."""
    consolidation = spec.structure.consolidation
    if consolidation is not None and matter_type.name in consolidation.members:
        return 0.0
    multiplier = arrival_multiplier(spec, matter_type)
    if multiplier == 1:
        return matter_type.mean_rate
    return matter_type.mean_rate + (multiplier - 1) * steady_rate(matter_type)


def check(spec: SimSpec, path: str) -> None:
    """The consolidation names existing types, each once, and a lead whose rate can grow.

    Raises:
        SpecError: naming ``path`` (``structures.<name>.consolidate``) and the fix.
    """
    from orgsim.sim.spec import SpecError, one_of

    consolidation = spec.structure.consolidation
    if consolidation is None:
        return
    factor = consolidation.factor
    if isinstance(factor, bool) or not (
        isinstance(factor, int | float) and math.isfinite(factor) and factor >= 0
    ):
        raise SpecError(
            f"{path}.factor",
            f"{factor!r} is not a finite number >= 0",
            "give the share of the members' common work the lead still does: "
            "0 (it disappears) to 1 (nothing saved)",
        )
    if not consolidation.into:
        raise SpecError(
            f"{path}.into",
            "no common work named",
            "map the lead's matter type to the members' types it takes over",
        )
    by_name = {m.name: m for m in spec.matter_types}
    placed: dict[str, str] = {}
    leads = [lead for lead, _ in consolidation.into]
    for lead, members in consolidation.into:
        where = f"{path}.into.{lead}"
        if lead not in by_name:
            raise SpecError(where, f"no matter type {lead!r}", one_of(set(by_name), "matter types"))
        if lead in spec.structure.dropped_types:
            raise SpecError(
                where, f"{lead!r} is dropped, so it cannot take work over", "keep the lead's type"
            )
        if not members:
            raise SpecError(where, "no member types listed", "list the types it takes over")
        for member in members:
            if member not in by_name:
                raise SpecError(
                    where, f"no matter type {member!r}", one_of(set(by_name), "matter types")
                )
            if member in leads:
                raise SpecError(
                    where,
                    f"{member!r} is itself a lead type taking work over",
                    "move work into one lead type only",
                )
            if member in spec.structure.dropped_types:
                raise SpecError(
                    where,
                    f"{member!r} is also dropped (drop_matter_types)",
                    "either drop it or have the lead take it over, not both",
                )
            if member in placed:
                raise SpecError(
                    where,
                    f"{member!r} is taken over twice (also by {placed[member]!r})",
                    "give each member type to one lead type",
                )
            placed[member] = lead
        if added_demand(spec, lead) > 0 and steady_rate(by_name[lead]) <= 0:
            raise SpecError(
                where,
                f"{lead!r} has no steady arrivals whose rate could grow",
                "give the lead's type an arrival_rate > 0",
            )
