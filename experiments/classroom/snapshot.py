"""What one office looks like at one moment: desks, queues, walls and the running counters.

A snapshot is plain data read off a running :class:`~orgsim.sim.model.Organization`, so
the page, a test or an exported animation can draw it without the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from orgsim.sim.model import Organization

DeskState = Literal["busy", "idle", "away"]


@dataclass(frozen=True)
class Desk:
    """One person: where they sit, their B post (if any) and what they are doing."""

    name: str
    section: str
    b_post: str | None
    state: DeskState


@dataclass(frozen=True)
class SectionView:
    """One section: its desks and its waiting matters (each as its kind's index), oldest first.

    ``pool`` names the shared office of sections whose walls were opened (co-located).
    """

    name: str
    pool: str | None
    desks: tuple[Desk, ...]
    waiting: tuple[int, ...]


@dataclass(frozen=True)
class Counters:
    """Running totals since the start.

    Attributes:
        mean_wait: mean wait in a queue of the matters completed (hours; NaN before any).
        waiting: matters waiting in queues now.
        idle_while_work_waits: share of the staff's time spent idle while work they could
            do waited behind a section wall.
        deadline_attainment: share of completed matters done within their time limit.
        completed: matters completed.
        arrived: matters arrived.
    """

    mean_wait: float
    waiting: int
    idle_while_work_waits: float
    deadline_attainment: float
    completed: int
    arrived: int


@dataclass(frozen=True)
class OfficeSnapshot:
    """One office at hour ``clock``: its structure's name, sections and counters."""

    clock: float
    structure: str
    sections: tuple[SectionView, ...]
    counters: Counters


def _state(organization: Organization, index: int) -> DeskState:
    staff = organization.staff[index]
    if staff.back is not None:
        return "away"
    return "busy" if staff.current is not None else "idle"


def counters(organization: Organization) -> Counters:
    """The running counters of ``organization`` now."""
    recorder = organization.recorder
    waits = recorder.waits
    done = waits.count + len(waits.buffer)
    wait_total = waits.total + math.fsum(waits.buffer)
    now = organization.env.now
    staff_time = now * len(organization.staff)
    blocked = math.fsum(organization.walls.close(now))
    finished = sum(recorder.type_done)
    return Counters(
        mean_wait=wait_total / done if done else math.nan,
        waiting=sum(len(q) for q in organization.queues),
        idle_while_work_waits=blocked / staff_time if staff_time > 0 else 0.0,
        deadline_attainment=sum(recorder.on_time) / finished if finished else math.nan,
        completed=recorder.completed_total,
        arrived=recorder.arrived_total,
    )


def snapshot(organization: Organization) -> OfficeSnapshot:
    """Read ``organization`` now into an :class:`OfficeSnapshot`."""
    structure = organization.spec.structure
    waiting: dict[int, list[tuple[float, int]]] = {}
    for q, queue in enumerate(organization.queues):
        section = organization.layout.section[q]
        waiting.setdefault(section, []).extend((m.ready, m.type_index) for m in queue)
    desks: dict[str, list[Desk]] = {s.name: [] for s in structure.sections}
    for i, staff in enumerate(organization.staff):
        member = staff.member
        desks[member.section].append(
            Desk(member.name, member.section, member.b_post, _state(organization, i))
        )
    sections = tuple(
        SectionView(
            section.name,
            section.pool,
            tuple(desks[section.name]),
            tuple(kind for _, kind in sorted(waiting.get(i, []))),
        )
        for i, section in enumerate(structure.sections)
    )
    return OfficeSnapshot(organization.env.now, structure.name, sections, counters(organization))
