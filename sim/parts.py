"""Split an office into its sections run on their own, and rescale demand or staff.

"1+1>2" compares a merged structure with the walled office (the current sections side
by side, each carrying its own matter types with its own people and nothing else) and,
as a second figure, with the sum of its parts (each such section alone). That is only
meaningful when no matter type needs two sections, which is checked.
"""

from __future__ import annotations

import dataclasses

from orgsim.sim.spec import Section, SimSpec, SpecError


def _owner(spec: SimSpec) -> dict[str, str]:
    """Matter type -> the one section that handles all of its active steps."""
    handled_by = {h: s.name for s in spec.structure.sections for h in s.handles}
    owner: dict[str, str] = {}
    for matter_type in spec.matter_types:
        if spec.demand(matter_type) == 0:
            continue
        sections = {handled_by[step.skill] for step in spec.active_steps(matter_type)}
        if len(sections) > 1:
            raise SpecError(
                f"matter_types.{matter_type.name}",
                f"its steps are handled by sections {', '.join(sorted(sections))}, so the "
                "sections cannot be run on their own",
                "compare structures whose sections each finish their own matters",
            )
        owner[matter_type.name] = sections.pop()
    return owner


def section_parts(spec: SimSpec) -> dict[str, SimSpec]:
    """Each section with demand, run alone: its matter types, its people, no B posts.

    People keep only the skills of their section's own matter types.

    Raises:
        SpecError: a matter type crosses sections, or a section has demand but nobody.
    """
    owner = _owner(spec)
    parts: dict[str, SimSpec] = {}
    for section in spec.structure.sections:
        types = tuple(m for m in spec.matter_types if owner.get(m.name) == section.name)
        if not types:
            continue
        skills = {step.skill for m in types for step in m.workflow}
        staff = tuple(
            dataclasses.replace(
                m,
                a_post=None,
                b_post=None,
                skills=tuple((k, v) for k, v in m.skills if k in skills),
                learning=tuple(k for k in m.learning if k in skills),
            )
            for m in spec.structure.staff
            if m.section == section.name
        )
        if not staff:
            raise SpecError(
                f"sections.{section.name}",
                "the section has matters but nobody sitting in it",
                "give it staff or merge it before comparing with its parts",
            )
        structure = dataclasses.replace(
            spec.structure,
            name=f"{spec.structure.name}:{section.name}",
            sections=(Section(section.name, section.handles, section.unit),),
            staff=staff,
            dropped_types=(),
        )
        parts[section.name] = dataclasses.replace(spec, matter_types=types, structure=structure)
    return parts


def walled_office(spec: SimSpec) -> SimSpec:
    """The office's sections side by side behind walls: the benchmark of "1+1>2".

    The same sections, people and matter mix as ``spec``, but nobody holds a B post or
    serves another section's skills, so each section carries only its own matters.
    Scaling its demand scales every section's load together, at the office's own mix,
    which makes it the fair yardstick for a structure facing that same mix: walled
    sections run side by side are exactly 1+1=2 whatever their loads. The result of
    walling a walled office is the office itself.

    Raises:
        SpecError: a matter type crosses sections, or a section has demand but nobody.
    """
    section_parts(spec)  # the same checks: every matter type inside one section, staffed
    own = {s.name: set(s.handles) for s in spec.structure.sections}
    staff = tuple(
        dataclasses.replace(
            m,
            b_post=None,
            skills=tuple((k, v) for k, v in m.skills if k in own[m.section]),
            learning=tuple(k for k in m.learning if k in own[m.section]),
        )
        for m in spec.structure.staff
    )
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=staff))


def scale_demand(spec: SimSpec, factor: float) -> SimSpec:
    """The same office with every Poisson arrival rate multiplied by ``factor``."""
    return dataclasses.replace(
        spec,
        matter_types=tuple(
            dataclasses.replace(m, arrival_rate=m.arrival_rate * factor) for m in spec.matter_types
        ),
    )


def total_rate(spec: SimSpec) -> float:
    """Long-run arrivals per time unit that the structure has to handle."""
    return sum(spec.demand(m) for m in spec.matter_types)


def with_deadline(spec: SimSpec, deadline: float | None) -> SimSpec:
    """Every matter type given the same time limit (None keeps their own)."""
    if deadline is None:
        return spec
    return dataclasses.replace(
        spec,
        matter_types=tuple(dataclasses.replace(m, deadline=deadline) for m in spec.matter_types),
    )
