"""The two offices of a lesson as engine specs: the office as it is, and after the reform.

Both share the matter types, so with one seed they are fed the very same matters (common
random numbers: each matter type draws its arrivals and work from its own stream). The
reform is derived from the office as it is with the engine's own reform operations.
"""

from __future__ import annotations

import dataclasses

from orgsim.experiments.classroom.settings import LessonSettings
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import (
    Absence,
    MatterType,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
)

#: Simulated hours the offices run at most (a lesson never gets near it).
HORIZON = 100_000.0
#: Mean length of an absence, in hours.
ABSENCE_HOURS = 4.0
#: A matter's time limit, in multiples of its mean work.
DEADLINE_FACTOR = 8.0
#: Name of the big section and of the shared office.
BIG = "big"


def section_name(i: int) -> str:
    """Name of the ``i``-th section (0-based) of the office as it is."""
    return f"s{i + 1}"


def kind_name(i: int) -> str:
    """Name of the kind of matter section ``i`` handles."""
    return f"k{i + 1}"


def is_long(settings: LessonSettings, i: int) -> bool:
    """Whether section ``i`` handles the long matters (the later half of the sections)."""
    return settings.long_factor > 1 and i >= settings.sections // 2


def _service(settings: LessonSettings, mean: float) -> ServiceTime:
    cv = settings.service_cv
    if cv == 0:
        return ServiceTime("deterministic", mean)
    if cv == 1:
        return ServiceTime("exponential", mean)
    return ServiceTime("lognormal", mean, cv)


def matter_types(settings: LessonSettings) -> tuple[MatterType, ...]:
    """One kind per section, each needing ``load`` of the section's working time."""
    kinds = []
    for i in range(settings.sections):
        mean = settings.long_factor if is_long(settings, i) else 1.0
        kinds.append(
            MatterType(
                kind_name(i),
                arrival_rate=settings.load * settings.people_per_section / mean,
                service=_service(settings, mean),
                deadline=DEADLINE_FACTOR * mean,
            )
        )
    return tuple(kinds)


def _absence(settings: LessonSettings) -> Absence:
    share = settings.away_share
    if share == 0:
        return Absence()
    rate = share / (ABSENCE_HOURS * (1 - share))  # away `share` of the time on average
    return Absence(rate, ServiceTime("exponential", ABSENCE_HOURS))


def current_structure(settings: LessonSettings) -> Structure:
    """The office as it is: walled sections, each person fastest at their own kind of work."""
    n = settings.sections
    sections = tuple(Section(section_name(i), (kind_name(i),)) for i in range(n))
    staff = []
    for i in range(n):
        skills = tuple(
            (kind_name(k), 1.0 if k == i else settings.unfamiliar_speed) for k in range(n)
        )
        for j in range(settings.people_per_section):
            staff.append(StaffMember(f"p{i + 1}.{j + 1}", section_name(i), skills))
    return Structure("current", sections, tuple(staff), policy="strict", absence=_absence(settings))


def reform_of(settings: LessonSettings) -> Reform:
    """The engine reform that turns the office as it is into the structure on the right."""
    everyone = tuple(section_name(i) for i in range(settings.sections))
    speed = settings.unfamiliar_speed
    match settings.structure:
        case "merged":
            return Reform("merged", merge={BIG: everyone}, policy="pooled")
        case "ab_pairs":
            return Reform("ab_pairs", b_post_arrangement="pairs", b_post_speed=speed, policy="ab")
        case "ab_chain":
            return Reform("ab_chain", b_post_arrangement="chain", b_post_speed=speed, policy="ab")
        case "ab_full":
            return Reform(
                "ab_full",
                b_post_arrangement="full",
                b_post_speed=speed,
                co_locate={BIG: everyone},
                policy="pooled",
            )
        case _:
            return Reform("desectioned", co_locate={BIG: everyone}, policy="pooled")


def reformed_structure(settings: LessonSettings) -> Structure:
    """The office after the reform; unfamiliar work is learned when ``learning_start`` < 1."""
    current = current_structure(settings)
    after = apply_reform(current, reform_of(settings))
    if settings.learning_start >= 1:
        return after
    own = {m.name: m.section for m in current.staff}
    kind_of = {section_name(i): kind_name(i) for i in range(settings.sections)}
    staff = tuple(
        dataclasses.replace(m, learning=tuple(k for k, _ in m.skills if k != kind_of[own[m.name]]))
        for m in after.staff
    )
    return dataclasses.replace(
        after,
        staff=staff,
        learning_start=settings.learning_start,
        learning_matters=settings.learning_matters,
    )


@dataclasses.dataclass(frozen=True)
class OfficePair:
    """The two offices' specs and when the right one is reformed (None: from the start)."""

    current: SimSpec
    reformed: SimSpec
    reform_at: float | None


def office_pair(settings: LessonSettings) -> OfficePair:
    """Both offices' specs for ``settings``, sharing their matter types."""
    kinds = matter_types(settings)
    current = SimSpec(kinds, current_structure(settings), HORIZON)
    reformed = SimSpec(kinds, reformed_structure(settings), HORIZON)
    at = settings.reform_at if settings.reform_at > 0 else None
    return OfficePair(current, reformed, at)
