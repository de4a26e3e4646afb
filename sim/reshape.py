"""Reshaping sections in a reform: split a section, move a piece of work to another section.

With these (and ``remove_skills``), the tandem design of an office (a section per step,
specialists passing the matter on) and its case-worker design (one section, everyone doing
every step) can both be derived from one description and compared under common random
numbers. Errors name the reform's field (``structures.<name>.split.<section>...``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from orgsim.sim.spec import Section, SpecError, StaffMember, Structure, one_of


@dataclass(frozen=True)
class SectionPart:
    """One of the sections a section is split into.

    Attributes:
        staff: the people of the split section who sit here (every one of them goes to
            exactly one part).
        handles: the work of the split section this part owns (every item to exactly one).
    """

    staff: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()


def _names(value: object, path: str, what: str) -> tuple[str, ...]:
    """A list of names (a single name or a mapping is refused with the fix)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SpecError(path, f"{value!r} is not a list of {what}", f"write [{what}, ...]")
    return tuple(value)


def _shares(
    given: Mapping[str, tuple[str, ...]], whole: list[str], path: str, field: str, owner: str
) -> dict[str, str]:
    """Item -> the part it goes to; every item of ``whole`` to exactly one part."""
    placed: dict[str, str] = {}
    for part, items in given.items():
        for item in items:
            where = f"{path}.{part}.{field}"
            if item not in whole:
                raise SpecError(
                    where,
                    f"{item!r} is not among the {field} of section {owner!r}",
                    f"name only these: {', '.join(whole) or 'there are none'}",
                )
            if item in placed:
                raise SpecError(
                    where,
                    f"{item!r} is given to both {placed[item]!r} and {part!r}",
                    f"give each of the section's {field} to one new section",
                )
            placed[item] = part
    for item in whole:
        if item not in placed:
            raise SpecError(
                path,
                f"{item!r} ({field} of section {owner!r}) is given to no new section",
                f"list every one of its {field} under one of the new sections",
            )
    return placed


def _part(spec: object, path: str) -> SectionPart:
    """A :class:`SectionPart`, or a mapping with its fields (as a config gives it)."""
    if isinstance(spec, SectionPart):
        return spec
    fields = {f.name for f in dataclasses.fields(SectionPart)}
    if not isinstance(spec, Mapping) or not set(spec) <= fields:
        raise SpecError(
            path, f"{spec!r} is not a new section", "give {staff: [...], handles: [...]}"
        )
    return SectionPart(**spec)


def _check_parts(parts: object, path: str) -> dict[str, SectionPart]:
    if not isinstance(parts, Mapping) or not parts:
        raise SpecError(
            path,
            "no new sections given",
            "map new section names to {staff: [...], handles: [...]}",
        )
    return {part: _part(spec, f"{path}.{part}") for part, spec in parts.items()}


def split_section(
    structure: Structure, section: str, given: Mapping[str, SectionPart], path: str
) -> Structure:
    """``section`` replaced by ``parts``, its people and its work shared out among them.

    The parts take the section's place in the list, its unit and its pool. A person who
    sat in it sits in their part, and an A post on it becomes their own part; any other A
    or B post on it (people elsewhere backing it up) goes to the first part.
    """
    parts = _check_parts(given, path)
    names = [s.name for s in structure.sections]
    if section not in names:
        raise SpecError(path, f"section {section!r} does not exist", one_of(names, "sections"))
    for part in parts:
        if part in names and part != section:
            raise SpecError(
                f"{path}.{part}",
                f"section {part!r} already exists",
                f"choose a new name (or reuse {section!r} itself)",
            )
    old = structure.sections[names.index(section)]
    staff_of = {p: _names(s.staff, f"{path}.{p}.staff", "people") for p, s in parts.items()}
    work_of = {p: _names(s.handles, f"{path}.{p}.handles", "work") for p, s in parts.items()}
    sitting = [m.name for m in structure.staff if m.section == section]
    seat = _shares(staff_of, sitting, path, "staff", section)
    _shares(work_of, list(old.handles), path, "handles", section)
    new_sections = [Section(p, work_of[p], old.unit, old.pool) for p in parts]
    sections = [*structure.sections]
    sections[names.index(section) : names.index(section) + 1] = new_sections
    first = next(iter(parts))
    staff = tuple(_reseated(m, section, seat.get(m.name), first) for m in structure.staff)
    return dataclasses.replace(structure, sections=tuple(sections), staff=staff)


def _reseated(member: StaffMember, section: str, part: str | None, first: str) -> StaffMember:
    """A person's seat and posts after ``section`` is split (``part``: their new seat)."""
    seat = part or member.section
    a_post = member.a_post
    if a_post == section:  # their own new section when they sat in it, else the first part
        a_post = None if part is not None else first
    b_post = first if member.b_post == section else member.b_post
    if b_post is not None and b_post == (a_post or seat):
        b_post = None
    return dataclasses.replace(member, section=seat, a_post=a_post, b_post=b_post)


def move_handles(structure: Structure, moves: Mapping[str, str], path: str) -> Structure:
    """Each skill's queue owned by the section named for it; others stay where they are."""
    names = [s.name for s in structure.sections]
    owner = {h: s.name for s in structure.sections for h in s.handles}
    for skill, target in moves.items():
        if skill not in owner:
            raise SpecError(
                f"{path}.{skill}",
                f"no section handles {skill!r}",
                f"name work a section handles: {', '.join(sorted(owner))}",
            )
        if target not in names:
            raise SpecError(
                f"{path}.{skill}", f"section {target!r} does not exist", one_of(names, "sections")
            )
    sections = tuple(
        dataclasses.replace(
            s,
            handles=(
                *(h for h in s.handles if moves.get(h, s.name) == s.name),
                *(h for h, target in moves.items() if target == s.name and owner[h] != s.name),
            ),
        )
        for s in structure.sections
    )
    return dataclasses.replace(structure, sections=sections)
