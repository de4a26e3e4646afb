"""Staff agents: Mesa agents whose working day is a SimPy process."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from heapq import heappush
from typing import TYPE_CHECKING, Any, cast

import mesa
import simpy
from simpy.events import NORMAL

from orgsim.sim.matter import Matter
from orgsim.sim.spec import StaffMember

if TYPE_CHECKING:
    from orgsim.sim.model import Organization
    from orgsim.sim.secondment import Secondments


class Staff(mesa.Agent):
    """A staff member who takes matters from the queues their posts allow.

    Attributes:
        index: position in the structure's staff list.
        member: the spec this agent was built from.
        tiers: queue indices it may serve, in order of preference (A post, B post, rest
            of own section), empty tiers left out.
        b_tier: the B-post tier, whose use the structure's ``b_rule`` may restrict.
        speed: speed multiplier per queue index (0.0 where unskilled).
        busy_time: time spent serving since the end of the warm-up.
    """

    model: Organization

    def __init__(
        self,
        model: Organization,
        index: int,
        member: StaffMember,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.member = member
        self.tiers: tuple[tuple[int, ...], ...] = ()
        self.allowed: frozenset[int] = frozenset()  # every queue of every tier
        self.tier_sets: tuple[frozenset[int], ...] = ()
        self.tier_heads: tuple[Any, ...] = ()  # per tier: a QueueHeads index, or None
        self.returns: deque[Matter] = deque()  # own cases back from someone else's step
        self.b_tier: tuple[int, ...] | None = None
        self.speed: list[float] = []
        self.current: Matter | None = None
        self.busy_since = 0.0
        self.busy_time = 0.0
        self.served = 0
        self.wake: simpy.Event | None = None  # fires when a matter handed over is done
        # (start, staff_index, waited) of a matter handed over, before the hand-over
        self.handed: tuple[float, int, float] = (-1.0, -1, 0.0)
        self.back: simpy.Event | None = None  # set while the member is away
        self.away = 0  # reasons to be away now (an absence, closing hours)
        self.process: simpy.Process | None = None
        # queue -> [full speed, matters done] for skills still being learned
        self.learning: dict[int, list[float]] = {}
        # (per queue: is it another unit's work?, draw of a borrowing delay), if any
        self.borrowing: tuple[list[bool], Callable[[], float]] | None = None
        self.special = False  # learning or borrowing: checked once per matter
        self.seconding: Secondments | None = None  # borrow_rule period: told when free

    @property
    def busy(self) -> bool:
        """Whether the member is serving a matter right now (holding one while away is not)."""
        return self.current is not None and self.back is None

    def take_waiting(self) -> Matter | None:
        """Pop the matter to serve next.

        Own cases first (ownership ``keep``: a started case before new work); then the
        first non-empty tier; in it the highest priority; among those the matter that has
        waited longest in its queue.
        """
        if self.seconding is not None:
            self.seconding.free(self)  # may end or start a secondment, changing the tiers
        if self.returns:
            return self.returns.popleft()
        model = self.model
        queues = model.queues
        priority = model.layout.priority
        restricted = model.b_restricted
        for t, tier in enumerate(self.tiers):
            check = restricted and tier is self.b_tier
            heads = self.tier_heads[t]
            if heads is not None:  # a large tier: read the best queue off its index
                q = heads.best(
                    self.tier_sets[t], (lambda q: model.b_allowed(q, 0)) if check else None
                )
                if q >= 0:
                    return self._pop(q)
                continue
            best = -1
            best_ready = float("inf")
            for q in tier:  # sorted by priority, highest first
                if best >= 0 and priority[q] < priority[best]:
                    break
                if check and not model.b_allowed(q, 0):
                    continue
                queue = queues[q]
                if queue and queue[0].ready < best_ready:
                    best = q
                    best_ready = queue[0].ready
            if best >= 0:
                return self._pop(best)
        return None

    def _pop(self, q: int) -> Matter:
        """Take the first matter of queue ``q``."""
        model = self.model
        queue = model.queues[q]
        matter = queue.popleft()
        if not queue and model.walls.active:
            model.walls.queue_emptied(q, model.env.now)
        if model.heads_of[q]:
            model.head_changed(q)
        return matter

    def serve_handed(self, matter: Matter) -> None:
        """Start serving ``matter``, handed over while this member waits idle.

        The member's process waits on ``self.wake``; rather than waking it now only for it
        to start a timeout, the wake itself is scheduled for the end of the service (as a
        SimPy ``Timeout`` schedules itself). That saves an event per hand-over, a large
        share of the cost per matter in an office where people are often idle.
        """
        model = self.model
        env = model.env
        now = env._now
        if model.walls.active:
            model.walls.staff_busy(self.index, now)
        self.handed = (matter.start, matter.staff_index, matter.waited)
        matter.start = now
        matter.staff_index = self.index
        matter.waited += now - matter.ready
        self.current = matter
        self.busy_since = now
        duration = matter.work / self.speed[matter.queue]
        if self.special and self.borrowing is not None and self.borrowing[0][matter.queue]:
            duration += self.borrowing[1]()  # lent to another unit: getting there first
        wake = cast(simpy.Event, self.wake)
        self.wake = None
        wake._ok = True  # what Event.succeed does, with a delay: see simpy's Timeout
        wake._value = matter
        heappush(env._queue, (now + duration, NORMAL, next(env._eid), wake))  # env.schedule

    def _away_while_idle(self, wake: simpy.Event) -> Generator[simpy.Event, Any, None]:
        """Called away while idle: leave the idle list, hand back a matter just given."""
        model = self.model
        model.idle.remove(self.index)
        self.wake = None
        if model.walls.active:
            model.walls.staff_busy(self.index, model.env.now)
        if wake.triggered:  # a matter was handed over (to start now) at this very instant
            model.dispatch(cast(Matter, wake.value), front=True)
        yield self.back  # type: ignore[misc]

    def _away_as_handed(self, matter: Matter) -> Generator[simpy.Event, Any, None]:
        """Called away at the instant a matter was handed over: it goes back to its queue."""
        matter.start, matter.staff_index, matter.waited = self.handed
        self.current = None
        self.model.dispatch(matter, front=True)
        yield self.back  # type: ignore[misc]

    def _away_while_busy(self, matter: Matter) -> Generator[simpy.Event, Any, bool]:
        """Called away mid-matter; return True once the matter is finished by this member.

        ``handover``: the remaining work goes back to the front of its queue (or to an idle
        colleague) and this member returns empty-handed. ``resume``: the matter waits,
        blocked, until the member is back and finishes it.
        """
        model = self.model
        env = model.env
        speed = self.speed[matter.queue]
        while True:
            now = env.now
            self.busy_time += now - self.busy_since
            matter.work = max(matter.work - (now - self.busy_since) * speed, 0.0)
            if model.spec.structure.absence.on_interrupt == "handover":
                self.current = None
                matter.ready = now
                model.dispatch(matter, front=True)
                yield self.back  # type: ignore[misc]
                return False
            yield self.back  # type: ignore[misc]
            model.absences.add(matter, now, env.now)  # type: ignore[union-attr]
            self.busy_since = env.now
            try:
                yield env.timeout(matter.work / speed)
                return True
            except simpy.Interrupt:
                continue

    def set_posts(self, tiers: tuple[tuple[int, ...], ...], speed: list[float]) -> None:
        """Queues this member may serve (A, B, rest tiers) and speed per queue.

        The speed list is updated in place: the running work process holds it.
        """
        self.set_tiers(tiers)
        self.speed[:] = speed
        self.learning.clear()
        self.borrowing = None
        self.special = False

    def set_tiers(self, tiers: tuple[tuple[int, ...], ...]) -> None:
        """Queues this member may serve now (A, B, rest tiers); speeds stay as they are."""
        self.tiers = tuple(tier for tier in tiers if tier)
        self.allowed = frozenset(q for tier in tiers for q in tier)
        self.tier_sets = tuple(frozenset(tier) for tier in self.tiers)
        self.tier_heads = (None,) * len(self.tiers)
        self.b_tier = tiers[1] if tiers[1] else None

    def start_learning(self, queues: list[int], start: float, matters: float) -> None:
        """Begin the learning curve on ``queues``: speed starts at ``start`` of full."""
        self._learning_start, self._learning_matters = start, matters
        for q in queues:
            self.learning[q] = [self.speed[q], 0.0]
            self.special = True
            self.speed[q] *= start

    def practise(self, q: int) -> None:
        """One more matter done on a skill being learned: close part of the gap."""
        record = self.learning[q]
        record[1] += 1
        gap = (1 - self._learning_start) * 0.5 ** (record[1] / self._learning_matters)
        self.speed[q] = record[0] * (1 - gap)

    def work(self) -> Generator[simpy.Event, Any, None]:
        """The SimPy process: serve matters until the run ends."""
        model = self.model
        env = model.env
        walls = model.walls
        index = self.index
        idle_order = model.idle.order
        idle_groups = model.idle.groups_of[index]  # rebuilt in place when the structure changes
        take_waiting, timeout, speed = self.take_waiting, env.timeout, self.speed
        finish, next_step = model.recorder.finish, model.next_step
        # One queue and no walls to watch (the common case): pop it directly.
        only = (
            len(self.tiers) == 1
            and len(self.tiers[0]) == 1
            and not walls.active
            and model.switch is None  # queues are rebuilt when the structure changes
            and not any(model.keeps)  # own cases come back to their handler
            and not model.heads_of[self.tiers[0][0]]  # an index must see every pop
            and self.seconding is None  # secondments change the tiers
        )
        single = model.queues[self.tiers[0][0]] if only else None
        carried: Matter | None = None  # own case whose next step follows at once
        matter: Matter | None
        while True:
            if carried is not None:
                matter, carried = carried, None
            elif single is not None:
                matter = single.popleft() if single else None
            else:
                matter = take_waiting()
            if matter is None:
                if walls.active:
                    walls.staff_idle(index, env.now)
                self.wake = wake = env.event()
                idle_order[index] = self
                for group in idle_groups:
                    group[index] = None
                try:
                    matter = yield wake
                    # handed over by serve_handed: its service is over; by wake.succeed:
                    # it starts now
                    in_service = self.current is not None
                except simpy.Interrupt:
                    matter = self.current
                    if matter is None:
                        yield from self._away_while_idle(wake)
                        continue
                    if self.busy_since == env.now:
                        yield from self._away_as_handed(matter)
                        continue
                    if not (yield from self._away_while_busy(matter)):
                        continue
                    in_service = True
                if walls.active and not in_service:
                    walls.staff_busy(index, env.now)
            else:
                in_service = False
            if not in_service:
                now = env.now
                matter.start = now
                matter.staff_index = index
                matter.waited += now - matter.ready
                self.current = matter
                self.busy_since = now
                duration = matter.work / speed[matter.queue]
                if self.special and self.borrowing is not None and self.borrowing[0][matter.queue]:
                    duration += self.borrowing[1]()  # lent to another unit: getting there first
                try:
                    yield timeout(duration)
                except simpy.Interrupt:
                    if not (yield from self._away_while_busy(matter)):
                        continue
            now = env.now
            self.busy_time += now - self.busy_since
            self.current = None
            self.served += 1
            if self.special and matter.queue in self.learning:
                self.practise(matter.queue)
            if matter.progress is None:
                finish(matter, now)
            else:
                carried = next_step(matter, now, index)
