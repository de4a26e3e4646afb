"""Restructuring operations: derive an alternative structure from the current one.

A reform is applied to the *current* structure in a fixed order: move sections between
units; co-locate sections (合署办公); merge sections into big sections (大科室);
de-section whole units (大部制); split sections; move work (a skill's queue) to another
section; cut staff (编制精简); re-seat people by fit (双向选择); arrange and set B posts
(AB岗); add skills (cross-training), then remove skills (specialisation); change the
boundary policy, the B-post rule and the transfer delays. Splits, moved work and removed
skills let the tandem (assembly-line) and the case-worker designs of one office sit in one
file. The demand stays the same, so the old and new
structures can be compared under common random numbers.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from orgsim.sim.consolidation import Consolidation
from orgsim.sim.reshape import SectionPart, move_handles, split_section
from orgsim.sim.spec import (
    ALL_TYPES,
    Section,
    ServiceTime,
    SpecError,
    StaffMember,
    Structure,
    one_of,
)


@dataclass(frozen=True)
class Reform:
    """A named alternative structure, described as changes to the current one.

    Attributes:
        name: the alternative's name.
        description: one line for tables and reports.
        merge: big-section name -> the sections merged into it.
        units: section -> unit it moves to (e.g. two departments becoming one).
        co_locate: pool name -> sections that keep their names and A posts but share
            their work under the ``pooled`` policy (合署办公).
        merge_units: merge all sections of every unit into one section per unit.
        split: section -> {new section: :class:`SectionPart`}: the section is replaced by
            the new ones (in its place, same unit and pool), its people and its work shared
            out among them. A post (A or B) on the split section that no person's new seat
            replaces goes to its first part.
        move_handles: skill (a matter type or step skill) -> the section that owns its
            queue afterwards.
        b_post_arrangement: give every person a B post by a pattern, within each unit and
            in the order sections are listed: ``none`` (remove all B posts), ``pairs``
            (sections back each other up two by two), ``chain`` (each section's people back
            up the next section, the last the first) or ``full`` (a chain, and everyone is
            trained in all of the unit's work). People get the skills of their B post at
            ``b_post_speed`` where they lack them.
        b_post_speed: speed multiplier of skills learned for a B post.
        b_posts: staff name -> section whose work is their backup (B post); applied after
            the arrangement, so it can make exceptions.
        add_skills: staff name -> {matter type: speed} learned in the reform.
        remove_skills: staff name -> skills they no longer do (specialists cut out of a
            case-worker office), applied after ``add_skills`` and the B-post arrangement.
        remove_staff: people who leave (编制精简), by name.
        cut_share: share of the staff to cut, taken from the largest sections first and,
            within a section, the last listed first; no section is left empty.
        two_way_selection: re-seat people (双向选择) so that each section keeps its number
            of seats and the total speed of people on their own section's work is highest
            (an assignment problem).
        policy: the boundary policy afterwards; unchanged when None.
        skip_steps: workflow steps (by skill) no longer performed (流程再造), added to
            any the current structure already skips.
        learning_start: if set, skills people gain in this reform (``add_skills`` and the
            B-post arrangement) start at this share of their speed and improve with
            practice ("chemical fusion" takes time); if None they are at full speed at once.
        learning_matters: matters of a skill that halve the remaining learning gap.
        drop_matter_types: matter types that no longer arise (common work done once by a
            lead unit instead of by every unit, 1+N).
        consolidate: the members' common matter types done once by a lead unit's type, at
            a share of their work (:class:`Consolidation`).
        borrow_delay: the paperwork of borrowing someone from another unit.
        borrow_rule: ``per_matter`` (the paperwork on every matter served for another unit)
            or ``period`` (secondments, the paperwork once each); unchanged when None.
        borrow_threshold: under ``period``, the backlog at which a unit borrows someone.
        borrow_period: under ``period``, how long a secondment lasts.
        coordination_cost: share of speed each person loses per extra colleague in their
            section afterwards (span of coordination); unchanged when None.
        handoff_delay: transfer delay between sections afterwards; unchanged when None.
        consultation_delay: transfer delay between units afterwards; unchanged when None.
        ownership: ``keep`` (case handlers carry matters through their steps) or ``pass``
            (each step to the next step's queue) for every matter type, or a mapping of
            matter type -> mode; unchanged when None.
        rework_probability: chance that a matter crossing between sections is sent back
            to redo the step before (推诿扯皮) afterwards; unchanged when None.
        rework_share: share of a step's work that doing it again costs; unchanged when None.
        rework_sign_offs: whether crossings into or out of a sign-off may be sent back
            too (false: only those between peer sections); unchanged when None.
    """

    name: str
    description: str = ""
    merge: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    co_locate: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    merge_units: bool = False
    split: Mapping[str, Mapping[str, SectionPart]] = field(default_factory=dict)
    move_handles: Mapping[str, str] = field(default_factory=dict)
    b_post_arrangement: str | None = None
    b_post_speed: float = 0.8
    b_posts: Mapping[str, str] = field(default_factory=dict)
    add_skills: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    remove_skills: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    remove_staff: tuple[str, ...] = ()
    cut_share: float = 0.0
    two_way_selection: bool = False
    policy: str | None = None
    handoff_delay: ServiceTime | None = None
    consultation_delay: ServiceTime | None = None
    b_rule: str | None = None
    b_threshold: int | None = None
    skip_steps: tuple[str, ...] = ()
    learning_start: float | None = None
    learning_matters: float = 20.0
    drop_matter_types: tuple[str, ...] = ()
    borrow_delay: ServiceTime | None = None
    borrow_rule: str | None = None
    borrow_threshold: int | None = None
    borrow_period: float | None = None
    consolidate: Consolidation | None = None
    coordination_cost: float | None = None
    ownership: str | Mapping[str, str] | None = None
    rework_probability: float | None = None
    rework_share: float | None = None
    rework_sign_offs: bool | None = None


ARRANGEMENTS = ("none", "pairs", "chain", "full")


def _cut(structure: Structure, remove: tuple[str, ...], share: float, path: str) -> Structure:
    names = [m.name for m in structure.staff]
    for who in remove:
        if who not in names:
            raise SpecError(
                f"{path}.remove_staff",
                f"staff member {who!r} does not exist",
                one_of(names, "staff"),
            )
    if not (isinstance(share, int | float) and 0 <= share < 1):
        raise SpecError(
            f"{path}.cut_share", f"{share!r} is not in [0, 1)", "give a share such as 0.268"
        )
    staff = [m for m in structure.staff if m.name not in remove]
    for _ in range(round(share * len(structure.staff))):
        sizes: dict[str, int] = {}
        for m in staff:
            sizes[m.section] = sizes.get(m.section, 0) + 1
        largest = max(sizes, key=lambda sec: (sizes[sec], -list(sizes).index(sec)))
        if sizes[largest] <= 1:
            break
        last = max(i for i, m in enumerate(staff) if m.section == largest)
        del staff[last]
    return dataclasses.replace(structure, staff=tuple(staff))


def _two_way_selection(structure: Structure) -> Structure:
    seats = [m.section for m in structure.staff]
    handles = {s.name: s.handles for s in structure.sections}

    def fit(member: StaffMember, section: str) -> float:
        kinds = handles[section]
        return sum(member.speed(k) for k in kinds) / len(kinds) if kinds else 0.0

    score = np.array([[fit(m, seat) for seat in seats] for m in structure.staff])
    people, chosen = linear_sum_assignment(score, maximize=True)
    staff = list(structure.staff)
    for person, seat in zip(people, chosen, strict=True):
        member = structure.staff[person]
        moved = seats[seat] != member.section
        staff[person] = dataclasses.replace(
            member,
            section=seats[seat],
            a_post=None if moved else member.a_post,
            b_post=None if member.b_post == seats[seat] else member.b_post,
        )
    return dataclasses.replace(structure, staff=tuple(staff))


def _arrange_b_posts(structure: Structure, arrangement: str, speed: float, path: str) -> Structure:
    if arrangement not in ARRANGEMENTS:
        raise SpecError(
            path, f"unknown arrangement {arrangement!r}", f"use one of {', '.join(ARRANGEMENTS)}"
        )
    by_unit: dict[str, list[Section]] = {}
    for section in structure.sections:
        by_unit.setdefault(section.unit, []).append(section)
    partner: dict[str, str] = {}
    unit_work: dict[str, tuple[str, ...]] = {}
    for unit, sections in by_unit.items():
        names = [s.name for s in sections]
        unit_work[unit] = tuple(k for s in sections for k in s.handles)
        if arrangement == "pairs":
            for i in range(0, len(names) - 1, 2):
                partner[names[i]], partner[names[i + 1]] = names[i + 1], names[i]
        elif arrangement in ("chain", "full") and len(names) > 1:
            partner.update({n: names[(i + 1) % len(names)] for i, n in enumerate(names)})
    handles = {s.name: s.handles for s in structure.sections}
    unit_of = {s.name: s.unit for s in structure.sections}
    staff = []
    for member in structure.staff:
        b_post = partner.get(member.section)
        skills = dict(member.skills)
        learned = unit_work[unit_of[member.section]] if arrangement == "full" else ()
        learned += handles.get(b_post, ()) if b_post else ()
        for kind in learned:
            skills.setdefault(kind, speed)
        staff.append(dataclasses.replace(member, b_post=b_post, skills=tuple(skills.items())))
    return dataclasses.replace(structure, staff=tuple(staff))


def _merge_touches(member: StaffMember, parts: tuple[str, ...]) -> bool:
    """Whether merging ``parts`` changes ``member``.

    It does when their seat or a post is merged, or when their B post is their own A post
    (every merge clears that).
    """
    posts = (member.section, member.a_post, member.b_post)
    own_b = member.b_post is not None and member.b_post == (member.a_post or member.section)
    return own_b or any(post in parts for post in posts)


def _merge(structure: Structure, big: str, parts: tuple[str, ...], path: str) -> Structure:
    names = [s.name for s in structure.sections]
    if not parts:
        raise SpecError(path, "no sections listed", "list the sections to merge")
    for part in parts:
        if part not in names:
            raise SpecError(path, f"section {part!r} does not exist", one_of(names, "sections"))
    if big in names and big not in parts:
        raise SpecError(
            path,
            f"big section name {big!r} is already an existing section",
            "choose a new name or include that section in the merge",
        )
    merged = [s for s in structure.sections if s.name in parts]
    handles = tuple(t for s in merged for t in s.handles)
    big_section = Section(big, handles, merged[0].unit, merged[0].pool)
    sections: list[Section] = []
    for section in structure.sections:
        if section.name == parts[0]:
            sections.append(big_section)
        elif section.name not in parts:
            sections.append(section)

    def renamed(post: str | None) -> str | None:
        return big if post in parts else post

    staff = []
    for member in structure.staff:
        if not _merge_touches(member, parts):  # most people: a city merges 150 times
            staff.append(member)
            continue
        a_post = renamed(member.a_post)
        seat = big if member.section in parts else member.section
        b_post = renamed(member.b_post)
        if b_post is not None and b_post == (a_post or seat):
            b_post = None
        staff.append(dataclasses.replace(member, section=seat, a_post=a_post, b_post=b_post))
    return dataclasses.replace(structure, sections=tuple(sections), staff=tuple(staff))


def _merge_units(structure: Structure) -> Structure:
    units: dict[str, list[str]] = {}
    for section in structure.sections:
        units.setdefault(section.unit, []).append(section.name)
    for unit, parts in units.items():
        if len(parts) > 1 or parts[0] != unit:
            structure = _merge(structure, unit, tuple(parts), "merge_units")
    return structure


def _require_sections(wanted: Iterable[str], names: list[str], path: str) -> None:
    for name in wanted:
        if name not in names:
            raise SpecError(path, f"section {name!r} does not exist", one_of(names, "sections"))


def _is_speed(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _move_units(structure: Structure, reform: Reform, base: str) -> Structure:
    """Sections moved between units, then co-located into pools (合署办公)."""
    names = [s.name for s in structure.sections]
    _require_sections(reform.units, names, f"{base}.units")
    structure = dataclasses.replace(
        structure,
        sections=tuple(
            dataclasses.replace(s, unit=reform.units.get(s.name, s.unit))
            for s in structure.sections
        ),
    )
    for pool, parts in reform.co_locate.items():
        _require_sections(parts, names, f"{base}.co_locate.{pool}")
        structure = dataclasses.replace(
            structure,
            sections=tuple(
                dataclasses.replace(s, pool=pool) if s.name in parts else s
                for s in structure.sections
            ),
        )
    return structure


def _merge_sections(structure: Structure, reform: Reform, base: str) -> Structure:
    """Big sections (大科室), then whole units de-sectioned (大部制)."""
    for big, parts in reform.merge.items():
        structure = _merge(structure, big, tuple(parts), f"{base}.merge.{big}")
    if reform.merge_units:
        structure = _merge_units(structure)
    return structure


def _reshape_sections(structure: Structure, reform: Reform, base: str) -> Structure:
    """Sections split, then work (a skill's queue) moved to another section."""
    for section, parts in reform.split.items():
        structure = split_section(structure, section, parts, f"{base}.split.{section}")
    if reform.move_handles:
        structure = move_handles(structure, reform.move_handles, f"{base}.move_handles")
    return structure


def _reseat(structure: Structure, reform: Reform, base: str) -> Structure:
    """Staff cut (编制精简), people re-seated (双向选择) and B posts arranged."""
    if reform.remove_staff or reform.cut_share:
        structure = _cut(structure, tuple(reform.remove_staff), reform.cut_share, base)
    if reform.two_way_selection:
        structure = _two_way_selection(structure)
    if not _is_speed(reform.b_post_speed):
        raise SpecError(
            f"{base}.b_post_speed",
            f"speed {reform.b_post_speed!r} is not a positive finite number",
            "give the speed of skills learned for a B post, e.g. 0.8",
        )
    if reform.b_post_arrangement is not None:
        structure = _arrange_b_posts(
            structure, reform.b_post_arrangement, reform.b_post_speed, f"{base}.b_post_arrangement"
        )
    return structure


def _check_add_skills(add_skills: Mapping[str, object], base: str) -> None:
    """Every learned skill is a mapping of skill -> positive speed."""
    for who, skills in add_skills.items():
        path = f"{base}.add_skills.{who}"
        if not isinstance(skills, Mapping):
            raise SpecError(path, f"{skills!r} is not skill: speed pairs", "write {filing: 1.0}")
        for skill, speed in skills.items():
            if not _is_speed(speed):
                raise SpecError(
                    f"{path}.{skill}",
                    f"speed {speed!r} is not a positive finite number",
                    "give a speed multiplier such as 1.0",
                )


def _set_posts_and_skills(structure: Structure, reform: Reform, base: str) -> Structure:
    """Individual B posts (AB岗) and skills learned (cross-training)."""
    staff_names = [m.name for m in structure.staff]
    for who in list(reform.b_posts) + list(reform.add_skills):
        if who not in staff_names:
            raise SpecError(
                f"{base}.b_posts" if who in reform.b_posts else f"{base}.add_skills",
                f"staff member {who!r} does not exist",
                one_of(staff_names, "staff"),
            )
    _check_add_skills(reform.add_skills, base)
    staff: list[StaffMember] = []
    for member in structure.staff:
        if member.name in reform.b_posts:
            member = dataclasses.replace(member, b_post=reform.b_posts[member.name])
        if member.name in reform.add_skills:
            skills = dict(member.skills)
            skills.update({k: float(v) for k, v in reform.add_skills[member.name].items()})
            member = dataclasses.replace(member, skills=tuple(skills.items()))
        staff.append(member)
    return dataclasses.replace(structure, staff=tuple(staff))


def _remove_skills(structure: Structure, reform: Reform, base: str) -> Structure:
    """Skills people no longer do (specialisation), after those added in the reform."""
    path = f"{base}.remove_skills"
    staff_names = [m.name for m in structure.staff]
    removed: dict[str, set[str]] = {}
    for who, skills in reform.remove_skills.items():
        if who not in staff_names:
            raise SpecError(
                path, f"staff member {who!r} does not exist", one_of(staff_names, "staff")
            )
        if isinstance(skills, str) or not isinstance(skills, list | tuple):
            raise SpecError(
                f"{path}.{who}", f"{skills!r} is not a list of skills", "write [review, sign]"
            )
        held = [k for k, _ in structure.staff[staff_names.index(who)].skills]
        for skill in skills:
            if skill not in held:
                raise SpecError(
                    f"{path}.{who}",
                    f"{skill!r} is not one of {who}'s skills at this point of the reform",
                    f"name one of {', '.join(held) or 'none: they have no skills'}",
                )
            if skill in reform.add_skills.get(who, {}):
                raise SpecError(
                    f"{path}.{who}",
                    f"{skill!r} is both added (add_skills) and removed",
                    "keep it in one of add_skills and remove_skills",
                )
        removed[who] = set(skills)
    staff = tuple(
        dataclasses.replace(
            m, skills=tuple((k, v) for k, v in m.skills if k not in removed[m.name])
        )
        if m.name in removed
        else m
        for m in structure.staff
    )
    return dataclasses.replace(structure, staff=staff)


def _set_learning(structure: Structure, reform: Reform, current: Structure, base: str) -> Structure:
    """Skills gained in the reform start slow and improve with practice."""
    if not _is_speed(reform.learning_matters):
        raise SpecError(
            f"{base}.learning_matters",
            f"{reform.learning_matters!r} is not a positive finite number",
            "give the matters of practice that halve the learning gap, e.g. 20",
        )
    if reform.learning_start is None:
        return structure
    before = {m.name: {k for k, _ in m.skills} for m in current.staff}
    return dataclasses.replace(
        structure,
        learning_start=reform.learning_start,
        learning_matters=reform.learning_matters,
        staff=tuple(
            dataclasses.replace(
                m,
                learning=tuple(k for k, _ in m.skills if k not in before.get(m.name, set())),
            )
            for m in structure.staff
        ),
    )


#: Structure settings a reform replaces when it gives them (None: unchanged).
REPLACED_SETTINGS = (
    "policy",
    "b_rule",
    "b_threshold",
    "borrow_delay",
    "borrow_rule",
    "borrow_threshold",
    "borrow_period",
    "coordination_cost",
    "handoff_delay",
    "consultation_delay",
    "rework_probability",
    "rework_share",
    "rework_sign_offs",
)


def _set_rules(structure: Structure, reform: Reform) -> Structure:
    """Policy, B-post rule, delays and coordination cost; steps skipped and types dropped."""
    changes = {
        name: getattr(reform, name)
        for name in REPLACED_SETTINGS
        if getattr(reform, name) is not None
    }
    if reform.skip_steps:
        skipped = (*structure.skipped_steps, *reform.skip_steps)
        changes["skipped_steps"] = tuple(dict.fromkeys(skipped))
    if reform.drop_matter_types:
        dropped = (*structure.dropped_types, *reform.drop_matter_types)
        changes["dropped_types"] = tuple(dict.fromkeys(dropped))
    if reform.consolidate is not None:
        changes["consolidation"] = reform.consolidate
    if reform.ownership is not None:
        given = (
            {ALL_TYPES: reform.ownership}
            if isinstance(reform.ownership, str)
            else dict(reform.ownership)
        )
        changes["ownership"] = tuple({**dict(structure.ownership), **given}.items())
    return dataclasses.replace(structure, **changes)


def apply_reform(current: Structure, reform: Reform) -> Structure:
    """The structure ``reform`` makes of ``current``; raises :class:`SpecError`.

    The steps run in the order the module docstring gives; each names its errors after
    the reform's field (``structures.<name>.<field>``).
    """
    base = f"structures.{reform.name}"
    structure = dataclasses.replace(current, name=reform.name)
    structure = _move_units(structure, reform, base)
    structure = _merge_sections(structure, reform, base)
    structure = _reshape_sections(structure, reform, base)
    structure = _reseat(structure, reform, base)
    structure = _set_posts_and_skills(structure, reform, base)
    structure = _remove_skills(structure, reform, base)
    structure = _set_learning(structure, reform, current, base)
    return _set_rules(structure, reform)
