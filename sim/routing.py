"""Who may serve what, and in which order: the boundary policies as eligibility tiers.

A staff member's eligibility is an ordered tuple of tiers, each a tuple of matter
types. A freed staff member takes the longest-waiting matter of its first non-empty
tier; an arriving matter goes to an idle staff member of the first tier that has one.

The sections are indexed once per call of :func:`staff_tiers` / :func:`staff_walls`, so
laying out a whole office costs time in proportion to its people and their skills, not
people times sections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.sim.spec import Section, SimSpec, StaffMember

#: A person's eligibility: A-post tier, B-post tier, rest of own section (or pool).
Tiers = tuple[tuple[str, ...], ...]


class SectionIndex:
    """What each section handles, alone and with the sections pooled with it."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.handles: dict[str, tuple[str, ...]] = {}
        self.pool_of: dict[str, str | None] = {}
        pooled: dict[str, list[str]] = {}
        for section in sections:
            self.handles.setdefault(section.name, section.handles)  # the first of a name
            self.pool_of.setdefault(section.name, section.pool)
            if section.pool is not None:
                pooled.setdefault(section.pool, []).extend(section.handles)
        self.pooled = {pool: tuple(work) for pool, work in pooled.items()}
        self.handled = frozenset(t for section in sections for t in section.handles)

    def of(self, section_name: str | None) -> tuple[str, ...]:
        """What the section handles (nothing for no section or an unknown one)."""
        if section_name is None:
            return ()
        return self.handles.get(section_name, ())

    def pool_work(self, section_name: str) -> tuple[str, ...]:
        """What a section and every section pooled with it handle."""
        pool = self.pool_of.get(section_name)
        return self.of(section_name) if pool is None else self.pooled[pool]

    def tiers(self, policy: str, member: StaffMember) -> Tiers:
        """See :func:`eligible_types`."""
        posts: list[str | None] = [member.primary_post]
        if policy in ("ab", "pooled"):
            posts.append(member.b_post)
        skills = {name for name, _ in member.skills}
        seen: set[str] = set()
        tiers: list[tuple[str, ...]] = []
        work = [self.of(post) for post in posts]
        if policy == "pooled":
            work.append(self.pool_work(member.section))
        for handled in work:
            tier = tuple(t for t in handled if t in skills and t not in seen)
            seen.update(tier)
            tiers.append(tier)
        tiers += [()] * (3 - len(tiers))
        return tuple(tiers)

    def walls(self, member: StaffMember, tiers: Tiers) -> tuple[str, ...]:
        """See :func:`walled_types`; ``tiers`` are the member's own."""
        allowed = {t for tier in tiers for t in tier}
        return tuple(
            name for name, _ in member.skills if name not in allowed and name in self.handled
        )


def eligible_types(spec: SimSpec, member: StaffMember) -> Tiers:
    """Skills ``member`` may serve, as three tiers: A post, B post, rest of own section.

    Only skills the member has appear; a skill appears in its earliest tier only; a tier
    the policy does not allow is empty. For everyone at once use :func:`staff_tiers`.
    """
    return SectionIndex(spec.structure.sections).tiers(spec.structure.policy, member)


def walled_types(spec: SimSpec, member: StaffMember) -> tuple[str, ...]:
    """Types the member has the skill for but may not serve: work behind a wall."""
    index = SectionIndex(spec.structure.sections)
    return index.walls(member, index.tiers(spec.structure.policy, member))


def staff_tiers(spec: SimSpec) -> tuple[Tiers, ...]:
    """:func:`eligible_types` of every staff member, in staff order."""
    index = SectionIndex(spec.structure.sections)
    policy = spec.structure.policy
    return tuple(index.tiers(policy, member) for member in spec.structure.staff)


def staff_walls(spec: SimSpec, tiers: tuple[Tiers, ...]) -> tuple[tuple[str, ...], ...]:
    """:func:`walled_types` of every staff member, given their :func:`staff_tiers`."""
    index = SectionIndex(spec.structure.sections)
    return tuple(
        index.walls(member, own) for member, own in zip(spec.structure.staff, tiers, strict=True)
    )
