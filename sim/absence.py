"""Absences: staff called away for a while, and matters that wait because of it (人走门关).

Each staff member with a positive absence rate has a SimPy process that, after an
exponential time present, takes them away for a drawn duration. Their work process is
interrupted (``simpy.Interrupt``) whether idle or busy; see ``Staff`` for what happens to
the matter in hand. A matter is *blocked by absence* while it waits in a queue whose every
eligible server is away, or while it is held by a server who is away.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from sim.distributions import sampler
from sim.matter import Matter
from sim.streams import batched, stream

if TYPE_CHECKING:
    from sim.agents import Staff
    from sim.model import Organization


class AbsenceBook:
    """Who is away, which queues nobody present can serve, and blocked time per matter."""

    def __init__(self, model: Organization) -> None:
        self.model = model
        self.present = [sum(len(group) for group, _ in groups) for groups in model.candidates]
        self.queue_blocked = [False] * len(model.queues)
        self.marks: dict[Matter, float] = {}
        self.blocked: dict[Matter, float] = {}

    def add(self, matter: Matter, duration: float) -> None:
        """Count ``duration`` of blocked time for ``matter``."""
        if duration > 0:
            self.blocked[matter] = self.blocked.get(matter, 0.0) + duration

    def queued(self, matter: Matter, now: float) -> None:
        """A matter joined a queue; start its clock if nobody present can serve it."""
        if self.queue_blocked[matter.queue]:
            self.marks[matter] = now

    def away(self, staff: Staff, now: float) -> None:
        """``staff`` left: queues that now have nobody present start blocking."""
        for q in _queues_of(staff):
            self.present[q] -= 1
            if self.present[q] == 0:
                self.queue_blocked[q] = True
                for matter in self.model.queues[q]:
                    self.marks[matter] = now

    def back(self, staff: Staff, now: float) -> None:
        """``staff`` returned: their queues stop blocking."""
        for q in _queues_of(staff):
            if self.present[q] == 0:
                self.queue_blocked[q] = False
                for matter in self.model.queues[q]:
                    self.add(matter, now - self.marks.pop(matter, now))
            self.present[q] += 1

    def pop(self, matter: Matter) -> float:
        """Blocked time of a finished matter (forgotten afterwards)."""
        return self.blocked.pop(matter, 0.0)


def _queues_of(staff: Staff) -> set[int]:
    return {q for tier in staff.tiers for q in tier}


def absences(model: Organization, staff: Staff, rate: float) -> Generator[simpy.Event, Any, None]:
    """The SimPy process that takes ``staff`` away now and then."""
    env = model.env
    name = staff.member.name
    gap_rng = stream(model.seed, "absences", name)
    next_gap = batched(lambda n: gap_rng.exponential(1.0 / rate, n)).__next__
    spec = model.spec.structure.absence
    next_spell = batched(sampler(spec.duration, stream(model.seed, "absences", name + "#spell")))
    book = model.absences
    assert book is not None
    while True:
        yield env.timeout(next_gap())
        spell = next(next_spell)
        staff.back = env.event()
        book.away(staff, env.now)
        assert staff.process is not None
        staff.process.interrupt("absence")
        yield env.timeout(spell)
        book.back(staff, env.now)
        back, staff.back = staff.back, None
        back.succeed()
