"""Who goes and who comes when a staffing search changes the head count.

The rule does not depend on the order of the staff list. To remove people, the search
removes one at a time the person whose absence leaves the office's *required
utilisation* lowest (``sim.capacity``: the busiest person's share of time under the best
sharing of work the posts and skills allow), so the people kept carry the demand best;
ties go by name, the last name leaving first. To add people, it copies one at a time the
person whose copy lowers the required utilisation most; ties go to the person copied
fewest times so far, then to the first name, so equal people are copied in turn. The
people in the resulting office are listed in name order, so the simulation sees the
same office whatever order the file gave. The required utilisation is exact and cheap
(a linear programme, no simulation), and people with the same section, posts and skills
are judged once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from orgsim.sim import SimSpec
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.spec import SpecError, StaffMember

#: Loads closer than this count as equal, so float noise never breaks a tie.
DIGITS = 9


def _with_staff(spec: SimSpec, staff: list[StaffMember]) -> SimSpec:
    ordered = tuple(sorted(staff, key=lambda m: m.name))
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=ordered))


def _load(spec: SimSpec, staff: list[StaffMember]) -> float:
    """Required utilisation, infinite when some matter would be left with nobody."""
    try:
        return round(required_utilisation(_with_staff(spec, staff)), DIGITS)
    except SpecError:
        return float("inf")


def _profile(member: StaffMember) -> StaffMember:
    return dataclasses.replace(member, name="")


def _removals(spec: SimSpec) -> Iterator[StaffMember]:
    staff = sorted(spec.structure.staff, key=lambda m: m.name)
    while len(staff) > 1:
        loads: dict[StaffMember, float] = {}
        for member in staff:
            if _profile(member) not in loads:
                loads[_profile(member)] = _load(spec, [m for m in staff if m is not member])
        # Least load after removal first, then the last name (reverse order of names).
        leaving = min(reversed(staff), key=lambda m: loads[_profile(m)])
        staff.remove(leaving)
        yield leaving


def _additions(spec: SimSpec) -> Iterator[StaffMember]:
    originals = sorted(spec.structure.staff, key=lambda m: m.name)
    staff = list(originals)
    copies = {m.name: 0 for m in originals}
    while True:
        loads: dict[StaffMember, float] = {}
        for member in originals:
            if _profile(member) not in loads:
                copy = dataclasses.replace(member, name=f"{member.name}#new")
                loads[_profile(member)] = _load(spec, [*staff, copy])
        model = min(originals, key=lambda m: (loads[_profile(m)], copies[m.name], m.name))
        copies[model.name] += 1
        added = dataclasses.replace(model, name=f"{model.name}#{copies[model.name]}")
        staff.append(added)
        yield added


@dataclass
class StaffChoice:
    """The office at any head count, and who was removed or added to get there."""

    spec: SimSpec
    _removed: list[StaffMember] = dataclasses.field(default_factory=list)
    _added: list[StaffMember] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        self._removing = _removals(self.spec)
        self._adding = _additions(self.spec)

    @property
    def current(self) -> int:
        """The head count of the office as given."""
        return len(self.spec.structure.staff)

    def removed(self, count: int) -> list[StaffMember]:
        """The people removed to reach ``count`` (fewer than now), in the order they go."""
        needed = max(self.current - count, 0)
        while len(self._removed) < needed:
            self._removed.append(next(self._removing))
        return self._removed[:needed]

    def added(self, count: int) -> list[StaffMember]:
        """The people added to reach ``count`` (more than now): copies named ``NAME#k``."""
        needed = max(count - self.current, 0)
        while len(self._added) < needed:
            self._added.append(next(self._adding))
        return self._added[:needed]

    def office(self, count: int) -> SimSpec:
        """The office with ``count`` people (at least 1), its staff in name order."""
        leaving = {m.name for m in self.removed(count)}
        kept = [m for m in self.spec.structure.staff if m.name not in leaving]
        return _with_staff(self.spec, kept + self.added(count))
