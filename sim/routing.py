"""Who may serve what, and in which order: the boundary policies as eligibility tiers.

A staff member's eligibility is an ordered tuple of tiers, each a tuple of matter
types. A freed staff member takes the longest-waiting matter of its first non-empty
tier; an arriving matter goes to an idle staff member of the first tier that has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orgsim.sim.spec import SimSpec, StaffMember


def _handled(spec: SimSpec, section_name: str | None) -> tuple[str, ...]:
    if section_name is None:
        return ()
    for section in spec.structure.sections:
        if section.name == section_name:
            return section.handles
    return ()


def _pool_handled(spec: SimSpec, section_name: str) -> tuple[str, ...]:
    """What a section and every section pooled with it handle."""
    sections = spec.structure.sections
    pool = next((s.pool for s in sections if s.name == section_name), None)
    if pool is None:
        return _handled(spec, section_name)
    return tuple(k for s in sections if s.pool == pool for k in s.handles)


def eligible_types(spec: SimSpec, member: StaffMember) -> tuple[tuple[str, ...], ...]:
    """Skills ``member`` may serve, as three tiers: A post, B post, rest of own section.

    Only skills the member has appear; a skill appears in its earliest tier only; a tier
    the policy does not allow is empty.
    """
    policy = spec.structure.policy
    posts: list[str | None] = [member.primary_post]
    if policy in ("ab", "pooled"):
        posts.append(member.b_post)
    skills = {name for name, _ in member.skills}
    seen: set[str] = set()
    tiers: list[tuple[str, ...]] = []
    work = [_handled(spec, post) for post in posts]
    if policy == "pooled":
        work.append(_pool_handled(spec, member.section))
    for handled in work:
        tier = tuple(t for t in handled if t in skills and t not in seen)
        seen.update(tier)
        tiers.append(tier)
    tiers += [()] * (3 - len(tiers))
    return tuple(tiers)


def walled_types(spec: SimSpec, member: StaffMember) -> tuple[str, ...]:
    """Types the member has the skill for but may not serve: work behind a wall."""
    allowed = {t for tier in eligible_types(spec, member) for t in tier}
    handled = {t for section in spec.structure.sections for t in section.handles}
    return tuple(name for name, _ in member.skills if name not in allowed and name in handled)
