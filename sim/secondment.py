"""Borrowing for a period (借调): staff seconded between the units of a combination.

Under ``borrow_rule: period`` nobody serves another unit's work except on secondment.
The units are those of the sections of a co-located pool (``co_locate``, policy
``pooled``) that spans two or more units; within a unit the pool shares work as usual.

- A unit's *backlog* is the number of matters waiting in the queues of its sections in
  the pool (not those in service or in transfer).
- When a matter joins one of those queues and the backlog reaches ``borrow_threshold``
  times one more than the people already seconded to the unit (``t`` for the first,
  ``2t`` for a second one, ...), the unit asks for someone, unless it already has a
  request standing.
- The request goes to the person of another unit of the pool who has been idle longest;
  if nobody is idle, to the first such person who finishes a matter. Only someone is lent
  who is present and not on secondment, who has the skill for some of the work waiting,
  and whose own unit can spare them: its backlog is below ``borrow_threshold``, nobody is
  seconded to it, and someone else of it stays at home. A request lapses once the backlog
  is below what it asked at, before anyone was lent.
- The person is seconded for ``borrow_period`` from that moment: they serve only the
  borrowing unit's queues they have the skill for, at their speed there (after the unit's
  own people: they are the "rest of the pool" tier), and none of their own work. The
  paperwork, ``borrow_delay``, is paid once: it is added to the first matter they serve
  on the secondment (they are busy with it, as with the per-matter rule).
- When the period is over they go home: at once if idle, else when they finish the
  matter in hand (no pre-emption). They may be lent again straight away, with new
  paperwork, if a request is standing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from orgsim.sim.distributions import sampler
from orgsim.sim.streams import batched, stream

if TYPE_CHECKING:
    from orgsim.sim.agents import Staff
    from orgsim.sim.model import Organization

#: A unit of a lending pool: (pool, unit).
Place = tuple[str, str]
#: A person's posts: queues of the A-post, B-post and rest-of-pool tiers.
Posts = tuple[tuple[int, ...], ...]


class Secondments:
    """Who is lent where and until when; requests standing; the posts that follow.

    Attributes:
        posts: per staff member, the queues they may serve now, in three tiers.
        seconded: staff index -> (the unit they are lent to, when the period ends, the
            secondment's number).
        requests: units waiting for someone, oldest first.
        count: secondments so far (the warm-up included).
    """

    def __init__(self, model: Organization) -> None:
        self.model = model
        structure = model.spec.structure
        layout = model.layout
        self.threshold = structure.borrow_threshold
        self.period = float(structure.borrow_period or 0.0)
        sections = structure.sections
        units_of_pool: dict[str, set[str]] = {}
        for section in sections:
            if section.pool is not None:
                units_of_pool.setdefault(section.pool, set()).add(section.unit)

        def place(s: int) -> Place | None:
            section = sections[s]
            pool = section.pool
            return (pool, section.unit) if pool and len(units_of_pool[pool]) > 1 else None

        n_queues = len(layout.keys)
        queue_unit = [sections[layout.section[q]].unit for q in range(n_queues)]
        self.queue_place = [place(layout.section[q]) for q in range(n_queues)]
        self.unit_queues: dict[Place, list[int]] = {}
        for q, where in enumerate(self.queue_place):
            if where is not None:
                self.unit_queues.setdefault(where, []).append(q)
        section_index = {s.name: i for i, s in enumerate(sections)}
        self.home_unit: list[str] = []
        self.home_place: list[Place | None] = []
        self.home: list[Posts] = []
        self.skilled: list[dict[Place, tuple[int, ...]]] = []
        priority = layout.priority
        for staff, tiers in zip(model.staff, layout.tiers, strict=True):
            seat = section_index[staff.member.section]
            unit = sections[seat].unit
            self.home_unit.append(unit)
            self.home_place.append(place(seat))
            self.home.append(tuple(tuple(q for q in t if queue_unit[q] == unit) for t in tiers))
            skilled: dict[Place, tuple[int, ...]] = {}
            for where, queues in self.unit_queues.items():
                mine = [q for q in queues if staff.speed[q] > 0]
                if mine and where != self.home_place[-1]:
                    skilled[where] = tuple(sorted(mine, key=lambda q: (-priority[q], q)))
            self.skilled.append(skilled)
        self.posts: list[Posts] = list(self.home)
        self.seconded: dict[int, tuple[Place, float, int]] = {}
        self.inbound = dict.fromkeys(self.unit_queues, 0)  # people seconded to each unit
        self.at_home = dict.fromkeys(self.unit_queues, 0)  # each unit's own people not lent
        for where in self.home_place:
            if where is not None:
                self.at_home[where] += 1
        self.requests: dict[Place, None] = {}
        self.owed: set[int] = set()
        self.count = 0
        delay = structure.borrow_delay
        for staff in model.staff:
            staff.seconding = self
            if delay is not None:
                home = self.home_unit[staff.index]
                crossing = [queue_unit[q] != home for q in range(n_queues)]
                draw = batched(
                    sampler(delay, stream(model.seed, "transfers", f"borrow#{staff.member.name}"))
                ).__next__
                staff.borrowing = (crossing, self._paperwork(staff.index, draw))
                staff.special = True
        self._repost()

    def _paperwork(self, index: int, draw: Callable[[], float]) -> Callable[[], float]:
        """The delay of a matter served for another unit: the paperwork, once a secondment."""

        def delay() -> float:
            if index in self.owed:
                self.owed.discard(index)
                return draw()
            return 0.0

        return delay

    def backlog(self, where: Place) -> int:
        """Matters waiting in the queues of unit ``where``."""
        queues = self.model.queues
        return sum(len(queues[q]) for q in self.unit_queues[where])

    def asks(self, where: Place) -> bool:
        """Whether unit ``where``'s backlog calls for one more person."""
        return self.backlog(where) >= self.threshold * (self.inbound[where] + 1)

    def queued(self, q: int) -> None:
        """A matter joined queue ``q``: its unit asks for someone if its backlog is high."""
        where = self.queue_place[q]
        if where is None or where in self.requests or not self.asks(where):
            return
        self.requests[where] = None
        model = self.model
        for index in model.idle.order:  # longest idle first
            if self._may_lend(index, where):
                staff = model.idle.remove(index)
                assert staff is not None
                self._second(index, where)
                matter = staff.take_waiting()
                if matter is None:  # cannot happen: there is work they can do
                    model.idle.add(staff)
                else:
                    model.hand_over(staff, matter)
                return

    def free(self, staff: Staff) -> None:
        """``staff`` is about to take new work: end a secondment that is over, or start one."""
        index = staff.index
        if index in self.seconded:
            if self.model.env.now < self.seconded[index][1]:
                return
            self._go_home(index)
        if not self.requests or self.home_place[index] is None:
            return
        for where in list(self.requests):
            if not self.asks(where):
                del self.requests[where]  # the unit caught up before anyone was lent
            elif self._may_lend(index, where):
                self._second(index, where)
                return

    def _may_lend(self, index: int, where: Place) -> bool:
        """Whether person ``index`` can be lent to unit ``where`` now."""
        home = self.home_place[index]
        if home is None or home[0] != where[0] or index in self.seconded:
            return False
        queues = self.skilled[index].get(where)
        if not queues or self.model.staff[index].back is not None:
            return False
        if self.backlog(home) >= self.threshold or self.inbound[home] or self.at_home[home] < 2:
            return False  # their own unit cannot spare them
        waiting = self.model.queues
        return any(waiting[q] for q in queues)

    def _second(self, index: int, where: Place) -> None:
        """Lend person ``index`` to unit ``where`` for the period, from now."""
        env = self.model.env
        self.requests.pop(where, None)
        self.count += 1
        number = self.count
        self.seconded[index] = (where, env.now + self.period, number)
        self.inbound[where] += 1
        self.at_home[self.home_place[index]] -= 1  # type: ignore[index]
        self.owed.add(index)
        self.posts[index] = ((), (), self.skilled[index][where])
        self._repost()
        env.timeout(self.period).callbacks.append(lambda _: self._period_over(index, number))

    def _period_over(self, index: int, number: int) -> None:
        """The period of secondment ``number`` ends: an idle person goes home now."""
        model = self.model
        current = self.seconded.get(index)
        if current is None or current[2] != number or index not in model.idle.order:
            return  # gone home already, or busy or away: home when they next take work
        staff = model.staff[index]
        self._go_home(index)
        matter = staff.take_waiting()
        if matter is not None:
            model.idle.remove(index)
            model.hand_over(staff, matter)

    def _go_home(self, index: int) -> None:
        where = self.seconded.pop(index)[0]
        self.inbound[where] -= 1
        self.at_home[self.home_place[index]] += 1  # type: ignore[index]
        self.owed.discard(index)
        self.posts[index] = self.home[index]
        self._repost()

    def _repost(self) -> None:
        """Everyone's current posts into the model's dispatch indexes, walls and absences."""
        model = self.model
        now = model.env.now
        for staff, posts in zip(model.staff, self.posts, strict=True):
            staff.set_tiers(posts)
        if model.absences is not None:
            model.absences.settle(now)
        model.candidates = model._candidates(self.posts)
        model._index_tiers(model.spec)
        model.head_keys = [None] * len(model.queues)
        for q in range(len(model.queues)):
            model.head_changed(q)
        walled = [
            tuple(s.index for s in model.staff if s.speed[q] > 0 and q not in s.allowed)
            for q in range(len(model.queues))
        ]
        model.walls.configure(walled, [bool(queue) for queue in model.queues], now)
        if model.absences is not None:
            model.absences.reset(now)
