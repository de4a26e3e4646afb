"""Absences and closing hours: staff away for a while, and matters held up by it (人走门关).

Each staff member with a positive absence rate has a SimPy process that, after an
exponential time present, takes them away for a drawn duration. Their work process is
interrupted (``simpy.Interrupt``) whether idle or busy; see ``Staff`` for what happens to
the matter in hand. A matter is *blocked by absence* while it waits in a queue whose every
eligible server is away, or while it is held by a server who is away, counting only time
the office is open (closing hours are not an absence).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from orgsim.sim.distributions import sampler
from orgsim.sim.matter import Matter
from orgsim.sim.streams import batched, stream

if TYPE_CHECKING:
    from orgsim.sim.agents import Staff
    from orgsim.sim.model import Organization


class AbsenceBook:
    """Who is away, which queues nobody present can serve, and blocked time per matter."""

    def __init__(self, model: Organization) -> None:
        self.model = model
        calendar = model.spec.structure.calendar
        self.open_time = calendar.open_time if calendar is not None else (lambda a, b: b - a)
        self.marks: dict[Matter, float] = {}
        self.blocked: dict[Matter, float] = {}
        self.present: list[int] = []
        self.queue_blocked: list[bool] = []
        self.reset(model.env.now)

    def reset(self, now: float) -> None:
        """Count who is present for each queue (again, after a reform took effect)."""
        model = self.model
        self.present = [
            sum(1 for group, *_ in groups for s in group if model.staff[s].back is None)
            for groups in model.candidates
        ]
        self.queue_blocked = [n == 0 for n in self.present]
        for q, blocked in enumerate(self.queue_blocked):
            if blocked:
                for matter in model.queues[q]:
                    self.marks[matter] = now

    def settle(self, now: float) -> None:
        """Count blocked time up to ``now`` for every matter being clocked."""
        for matter, mark in self.marks.items():
            self.add(matter, mark, now)
        self.marks.clear()

    def add(self, matter: Matter, start: float, end: float) -> None:
        """Count the open time in ``[start, end]`` as blocked time for ``matter``."""
        duration = self.open_time(start, end)
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
                    self.add(matter, self.marks.pop(matter, now), now)
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
    while True:
        yield env.timeout(next_gap())
        spell = next(next_spell)
        send_away(model, staff)
        yield env.timeout(spell)
        bring_back(model, staff)


def send_away(model: Organization, staff: Staff) -> None:
    """One more reason for ``staff`` to be away; the first one interrupts their work."""
    staff.away += 1
    if staff.away == 1:
        staff.back = model.env.event()
        assert model.absences is not None and staff.process is not None
        model.absences.away(staff, model.env.now)
        staff.process.interrupt("away")


def bring_back(model: Organization, staff: Staff) -> None:
    """One reason fewer; when none is left, ``staff`` is back at work."""
    staff.away -= 1
    if staff.away == 0:
        assert model.absences is not None and staff.back is not None
        model.absences.back(staff, model.env.now)
        back, staff.back = staff.back, None
        back.succeed()


def opening_hours(model: Organization) -> Generator[simpy.Event, Any, None]:
    """The SimPy process that closes the office for everyone and opens it again.

    Day ``d`` is open from ``d * day_length`` for ``open_hours`` if ``d % week_days <
    open_days``. The schedule is computed from day numbers, never by testing the clock
    against a boundary, so rounding cannot shift a closing time.
    """
    env = model.env
    calendar = model.spec.structure.calendar
    assert calendar is not None
    yield env.timeout(0)  # let every staff process start first
    closed = False
    day = 0
    while True:
        if day % calendar.week_days < calendar.open_days:
            opening = day * calendar.day_length
            if opening > env.now:
                yield env.timeout(opening - env.now)
            if closed:
                for staff in model.staff:
                    bring_back(model, staff)
                closed = False
            yield env.timeout(opening + calendar.open_hours - env.now)
            next_day_open = (day + 1) % calendar.week_days < calendar.open_days
            if calendar.open_hours < calendar.day_length or not next_day_open:
                for staff in model.staff:
                    send_away(model, staff)
                closed = True
        day += 1
