"""The office as a Mesa model whose clock is a SimPy environment."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from functools import partial
from heapq import heappush
from typing import Any

import mesa
import simpy
from simpy.events import NORMAL

from orgsim.sim.absence import AbsenceBook, absences, opening_hours
from orgsim.sim.agents import Staff
from orgsim.sim.consolidation import arrival_multiplier
from orgsim.sim.dispatch import LARGE_TIER, HeadKey, IdleStaff, QueueHeads
from orgsim.sim.distributions import quantile, sampler
from orgsim.sim.event_log import EventLogRecorder
from orgsim.sim.matter import Matter, Progress
from orgsim.sim.queues import QueueLayout
from orgsim.sim.recorder import Recorder
from orgsim.sim.results import Results, compute_results
from orgsim.sim.secondment import Secondments
from orgsim.sim.spec import Batch, MatterType, SimSpec, StaffMember, check_switch
from orgsim.sim.streams import batched, stream
from orgsim.sim.walls import WallMonitor


def _absence_rate(spec: SimSpec, member: StaffMember) -> float:
    rate = member.absence_rate
    return float(spec.structure.absence.rate if rate is None else rate)


class Organization(mesa.Model):
    """One structure serving one stream of matters.

    SimPy owns time and every event; Mesa holds the staff agents and a DataCollector.
    ``step()`` advances the clock by one time unit and collects a row (for Mesa's
    ``batch_run`` and visualisation); ``run()`` is the fast path to the horizon.

    Args:
        spec: the validated structure and demand.
        seed: the run's only source of randomness.
        trace: keep one row per completed matter (for checks on small runs).
        event_log: keep one row per step of every matter (see ``sim/event_log.py``).
    """

    def __init__(
        self,
        spec: SimSpec,
        seed: int,
        trace: bool = False,
        switch: tuple[float, SimSpec] | None = None,
        event_log: bool = False,
    ) -> None:
        super().__init__(rng=int(stream(seed, "mesa").integers(2**31)))
        self.seed = seed
        self.switch = switch
        self.env = simpy.Environment()
        self.staff: list[Staff] = [
            Staff(self, i, member) for i, member in enumerate(spec.structure.staff)
        ]
        self.idle = IdleStaff(len(self.staff))  # longest idle first
        self.walls = WallMonitor([], len(self.staff))
        self.first_queues: list[int] = []
        self.absences: AbsenceBook | None = None
        self.rework_seen = False  # rework was possible at some time in the run
        self._sent_back: dict[int, Callable[[], float]] = {}  # per matter type
        self._redo: dict[tuple[int, int], Callable[[], float]] = {}  # per type and step
        self._organise(spec)
        self.queues: list[deque[Matter]] = [deque() for _ in self.layout.keys]
        self.head_keys: list[HeadKey | None] = [None] * len(self.queues)
        self.recorder = (partial(EventLogRecorder, self) if event_log else Recorder)(
            self.layout.section,
            len(spec.structure.sections),
            [math.inf if m.deadline is None else float(m.deadline) for m in spec.matter_types],
            spec.warmup,
            trace,
        )
        self.in_transit: set[Matter] = set()
        self.walls.configure(list(self.layout.walled), [False] * len(self.queues), 0.0)
        self.secondments: Secondments | None = None
        if spec.structure.borrow_rule == "period":
            self.secondments = Secondments(self)
        for staff in self.staff:
            staff.process = self.env.process(staff.work())
        rates = [_absence_rate(spec, s.member) for s in self.staff]
        if any(rate > 0 for rate in rates) or spec.structure.calendar is not None:
            self.absences = AbsenceBook(self)
            self.recorder.absence_book = self.absences
            for staff, rate in zip(self.staff, rates, strict=True):
                if rate > 0:
                    self.env.process(absences(self, staff, rate))
            if spec.structure.calendar is not None:
                self.env.process(opening_hours(self))
        for i, matter_type in enumerate(spec.matter_types):
            if spec.demand(matter_type) > 0:
                self._start_arrivals(i, matter_type)
        if spec.warmup > 0:
            self.env.timeout(spec.warmup).callbacks.append(lambda _: self._end_warmup())
        if switch is not None:
            at, after = switch
            check_switch(spec, after, at)
            self.env.timeout(at).callbacks.append(lambda _: self.restructure(after))
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "time": lambda m: m.env.now,
                "in_system": lambda m: m.recorder.in_office,
                "waiting": lambda m: sum(len(q) for q in m.queues),
                "busy_staff": lambda m: sum(s.busy for s in m.staff),
                "completed": lambda m: m.recorder.completed_total,
            },
            agent_reporters={"busy": "busy", "served": "served"},
        )
        self._results: Results | None = None

    def _organise(self, spec: SimSpec) -> None:
        """Set up everything that depends on the structure: queues' layout, posts, walls."""
        self.spec = spec
        self.layout = layout = QueueLayout.build(spec)
        structure = spec.structure
        sections = structure.sections
        size = {s.name: 0 for s in sections}
        for member in structure.staff:
            size[member.section] += 1
        for i, staff in enumerate(self.staff):
            member = structure.staff[i]
            staff.member = member
            lost = min(structure.coordination_cost * (size[member.section] - 1), 0.9)
            speeds: dict[str, float] = {}
            for skill, value in member.skills:  # the first entry wins, as in member.speed
                speeds.setdefault(skill, value)
            staff.set_posts(
                layout.tiers[i], [speeds.get(k, 0.0) * (1 - lost) for k, _ in layout.keys]
            )
            learning = set(member.learning)
            if learning and structure.learning_start < 1:
                queues = [q for q, (skill, _) in enumerate(layout.keys) if skill in learning]
                staff.start_learning(queues, structure.learning_start, structure.learning_matters)
        units = [s.unit for s in sections]
        if structure.borrow_delay is not None and structure.borrow_rule == "per_matter":
            section_index = {s.name: i for i, s in enumerate(sections)}
            for staff in self.staff:
                home = units[section_index[staff.member.section]]
                crossing = [units[layout.section[q]] != home for q in range(len(layout.keys))]
                if any(crossing):
                    delay_rng = stream(self.seed, "transfers", f"borrow#{staff.member.name}")
                    staff.borrowing = (
                        crossing,
                        batched(sampler(structure.borrow_delay, delay_rng)).__next__,
                    )
                    staff.special = True
        self.candidates = self._candidates()
        self._index_tiers(spec)
        self.keeps = [spec.ownership(m) == "keep" for m in spec.matter_types]
        self.escalates = [bool(m.escalation) for m in spec.matter_types]
        self.rework_probability = structure.rework_probability
        self.rework_share = structure.rework_share
        self.rework_sign_offs = structure.rework_sign_offs
        self.rework_seen = self.rework_seen or self.rework_probability > 0
        # Queues with a fixed (deterministic) service time: services there can end at the
        # very same instant, and the order SimPy gives such ties depends on when each end
        # was scheduled. A matter handed to someone idle there wakes them first and they
        # schedule the end, as always; elsewhere the end is scheduled at once (serve_handed).
        self.fixed_service = [False] * len(layout.keys)
        for m, matter_type in enumerate(spec.matter_types):
            for step, q in zip(spec.active_steps(matter_type), layout.steps[m], strict=True):
                if q >= 0 and step.service.distribution == "deterministic":
                    self.fixed_service[q] = True
        self.b_restricted = structure.b_rule != "idle"
        self._crosses_units = [[a != b for b in units] for a in units]
        self.first_queues[:] = [steps[0] if steps else -1 for steps in layout.steps]

    def restructure(self, after: SimSpec) -> None:
        """The reform takes effect now: same people, same matters, new structure.

        Waiting matters move to the new queues of their skill and priority in the order
        they arrived there; matters in service or in transfer carry on.
        """
        now = self.env.now
        old_keys = self.layout.keys
        returned = [m for staff in self.staff for m in staff.returns]
        for staff in self.staff:  # own cases re-queue: their handler's posts may change
            staff.returns.clear()
        waiting = sorted((m for q in [*self.queues, returned] for m in q), key=lambda m: m.ready)
        if self.absences is not None:
            self.absences.settle(now)
        self._organise(after)
        index = {key: q for q, key in enumerate(self.layout.keys)}
        serving = [s.current for s in self.staff if s.current is not None]
        moving: list[Matter] = [*waiting, *serving, *self.in_transit]
        for matter in moving:
            matter.queue = index[old_keys[matter.queue]]
        self.queues = [deque() for _ in self.layout.keys]
        for matter in waiting:
            self.queues[matter.queue].append(matter)
        self.head_keys = [None] * len(self.queues)
        for q in range(len(self.queues)):
            self.head_changed(q)
        self.walls.configure(list(self.layout.walled), [bool(q) for q in self.queues], now)
        self.recorder.restructure(self.layout.section, len(after.structure.sections))
        if self.absences is not None:
            self.absences.reset(now)
        for index_ in list(self.idle.order):  # idle people may now serve what waits
            staff = self.idle.order[index_]
            taken = staff.take_waiting()
            if taken is not None:
                self.idle.remove(index_)
                self.hand_over(staff, taken)

    def _candidates(
        self, posts: list[tuple[tuple[int, ...], ...]] | None = None
    ) -> list[tuple[tuple[frozenset[int], bool, Any], ...]]:
        """Per queue: who may take its matters on arrival, as (staff, B post?, idle order).

        Groups in order: A-post holders, B-post holders, the rest of the section. A small
        group keeps its own idle order (see :class:`IdleStaff`); a large one has None.
        ``posts`` are everyone's tiers when they differ from the layout's (secondments).
        """
        by_queue: list[list[set[int]]] = [[set(), set(), set()] for _ in self.layout.keys]
        for i, tiers in enumerate(self.layout.tiers if posts is None else posts):
            for rank, tier in enumerate(tiers):
                for q in tier:
                    by_queue[q][rank].add(i)
        self.idle.reset_groups()
        n_staff = len(self.staff)
        shared: dict[frozenset[int], Any] = {}
        candidates = []
        for groups in by_queue:
            entries = []
            for rank, group in enumerate(groups):
                if group:
                    members = frozenset(group)
                    if members not in shared:
                        shared[members] = self.idle.group(members, n_staff)
                    entries.append((members, rank == 1, shared[members]))
            candidates.append(tuple(entries))
        return candidates

    def _index_tiers(self, spec: SimSpec) -> None:
        """Give every large tier a :class:`QueueHeads` index over its section or pool."""
        layout = self.layout
        sections = spec.structure.sections
        group_of = [s.pool if s.pool is not None else f"section {s.name}" for s in sections]
        domains: dict[frozenset[object], QueueHeads] = {}
        self.heads_of: list[list[QueueHeads]] = [[] for _ in layout.keys]
        for staff in self.staff:
            indexed: list[QueueHeads | None] = []
            for tier in staff.tiers:
                if len(tier) <= LARGE_TIER:
                    indexed.append(None)
                    continue
                owners = {layout.section[q] for q in tier}
                key: frozenset[object] = (
                    frozenset(owners)
                    if len(owners) == 1
                    else frozenset(group_of[i] for i in owners)
                )
                if key not in domains:
                    domains[key] = heads = QueueHeads()
                    for q in range(len(layout.keys)):
                        owner = layout.section[q]
                        if owner in key or group_of[owner] in key:
                            self.heads_of[q].append(heads)
                indexed.append(domains[key])
            staff.tier_heads = tuple(indexed)

    def head_changed(self, q: int) -> None:
        """Queue ``q``'s first matter changed: update the indexes that hold the queue."""
        heads = self.heads_of[q]
        if not heads:
            return
        queue = self.queues[q]
        old = self.head_keys[q]
        new = (-self.layout.priority[q], queue[0].ready, q) if queue else None
        if old != new:
            for index in heads:
                if old is not None:
                    index.keys.remove(old)
                if new is not None:
                    index.keys.add(new)
            self.head_keys[q] = new

    def b_allowed(self, q: int, arriving: int) -> bool:
        """Whether B-post holders may take work from queue ``q`` now (``b_rule``)."""
        rule = self.spec.structure.b_rule
        if rule == "threshold":
            return len(self.queues[q]) + arriving >= self.spec.structure.b_threshold
        holders = self.layout.a_holders[q]
        return bool(holders) and all(self.staff[s].back is not None for s in holders)

    def _start_arrivals(self, type_index: int, matter_type: MatterType) -> None:
        """Poisson arrivals of one matter type, each with its whole work content drawn now.

        A chain of timeouts with a callback rather than a process: an arrival needs no
        state between events, and skipping the generator resume is a large share of the
        per-matter cost.
        """
        name = matter_type.name
        workflow = matter_type.workflow
        escalating = bool(matter_type.escalation)
        draws = [
            batched(
                sampler(step.service, stream(self.seed, "work", name if k == 0 else f"{name}#{k}"))
            ).__next__
            for k, step in enumerate(workflow)
        ]
        env, timeout = self.env, self.env.timeout
        admit = self._admit_escalating if escalating else self.admit
        recorder, dispatch = self.recorder, self.dispatch
        first_queues = self.first_queues  # updated in place if the structure changes
        if len(workflow) == 1:
            next_work = draws[0]

            def new_matter() -> Matter:
                return Matter(type_index, first_queues[type_index], env.now, next_work())

        else:
            transfer_rng = stream(self.seed, "transfers", name)
            boundaries = len(workflow) - 1
            next_draws = batched(lambda n: transfer_rng.random(n * boundaries)).__next__
            skipped = self.spec.structure.skipped_steps
            active = [k for k, step in enumerate(workflow) if step.skill not in skipped]

            def new_matter() -> Matter:
                # every step's work is drawn (common random numbers), skipped ones unused
                drawn = [draw() for draw in draws]
                works = tuple(drawn[k] for k in active)
                uniforms = tuple(next_draws() for _ in range(boundaries))
                return Matter(
                    type_index,
                    first_queues[type_index],
                    env.now,
                    works[0],
                    Progress(works, uniforms),
                )

        for batch in matter_type.batches:
            self._start_batches(batch, new_matter, admit)
        rate = matter_type.arrival_rate * arrival_multiplier(self.spec, matter_type)
        if rate <= 0:
            return
        gap_rng = stream(self.seed, "arrivals", name)
        profiles = matter_type.profiles
        peak = math.prod(max(p.multipliers) for p in profiles)
        if peak <= 0:
            return
        mean_gap = 1.0 / (rate * peak)
        next_gap = batched(lambda n: gap_rng.exponential(mean_gap, n)).__next__
        if profiles:  # thinning: candidates at the peak rate, kept in proportion to the rate
            thin_rng = stream(self.seed, "arrivals", name + "#thinning")
            next_u = batched(lambda n: thin_rng.random(n)).__next__

            def arrive(_: simpy.Event) -> None:
                if next_u() * peak < math.prod(p.at(env.now) for p in profiles):
                    admit(new_matter())
                timeout(next_gap()).callbacks.append(arrive)  # type: ignore[union-attr]

        elif len(workflow) == 1 and not escalating:  # the common case, kept free of extra calls
            # One event object serves every arrival of this type: SimPy detaches an event's
            # callbacks before calling them, so the callback may re-arm and re-queue it (what
            # Timeout does, without a new object each time; the event ids, and so the order
            # of simultaneous events, are the same as with a new timeout).
            heap, eids = env._queue, env._eid
            arrival = simpy.Event(env)
            arrival._ok, arrival._value = True, None
            callbacks: list[Callable[[simpy.Event], None]] = []

            def arrive_one(event: simpy.Event) -> None:
                now = env._now
                matter = Matter(type_index, first_queues[type_index], now, next_work())
                recorder.arrive(matter)  # self.admit, written out
                dispatch(matter)
                event.callbacks = callbacks
                heappush(heap, (now + next_gap(), NORMAL, next(eids), event))

            callbacks.append(arrive_one)
            heappush(heap, (env._now + next_gap(), NORMAL, next(eids), arrival))
            arrival.callbacks = callbacks
            return

        else:

            def arrive(_: simpy.Event) -> None:
                admit(new_matter())
                timeout(next_gap()).callbacks.append(arrive)  # type: ignore[union-attr]

        timeout(next_gap()).callbacks.append(arrive)  # type: ignore[union-attr]

    def _start_batches(
        self, batch: Batch, new_matter: Callable[[], Matter], admit: Callable[[Matter], None]
    ) -> None:
        """``batch.size`` matters at once, at ``start`` and every ``every`` after."""

        def arrive(_: simpy.Event) -> None:
            for _k in range(batch.size):
                admit(new_matter())
            self.env.timeout(batch.every).callbacks.append(arrive)  # type: ignore[union-attr]

        self.env.timeout(batch.start).callbacks.append(arrive)  # type: ignore[union-attr]

    def admit(self, matter: Matter) -> None:
        """A matter arrives at the office."""
        self.recorder.arrive(matter)
        self.dispatch(matter)

    def _admit_escalating(self, matter: Matter) -> None:
        """A matter of a type with escalation levels arrives: admit it, set its first alarm."""
        self.admit(matter)
        self._escalate_later(matter, 0)

    def _escalate_later(self, matter: Matter, level: int) -> None:
        """Escalate ``matter`` to ``level`` at its arrival plus the level's ``after``."""
        env = self.env
        after = self.spec.matter_types[matter.type_index].escalation[level].after
        delay = max(matter.arrival + after - env.now, 0.0)
        env.timeout(delay).callbacks.append(lambda _: self._escalate(matter, level))

    def _in_office(self, matter: Matter) -> bool:
        """Whether ``matter`` is not yet done: waiting, in transfer or being served."""
        if matter.start < matter.ready:  # entered its queue (or its handler's) since served
            return True
        if matter in self.in_transit:
            return True
        server = matter.staff_index
        return server >= 0 and self.staff[server].current is matter

    def _escalate(self, matter: Matter, level: int) -> None:
        """Still open at a threshold: the matter's priority rises, for this step and the rest.

        Waiting in a queue, it moves to the queue of its skill at the new priority, among
        the matters there in the order they entered their queues (as a matter of that
        priority would stand); in service or in transfer, its later steps queue at the new
        priority.
        """
        if not self._in_office(matter):
            return
        levels = self.spec.matter_types[matter.type_index].escalation
        layout = self.layout
        old = matter.queue
        new = layout.queue_of[(layout.keys[old][0], levels[level].priority)]
        matter.queue = new
        if matter.start < matter.ready:
            self._requeue(matter, old, new)
        self.recorder.escalate(matter, levels[level].label, level == 0)
        if level + 1 < len(levels):
            self._escalate_later(matter, level + 1)

    def _requeue(self, matter: Matter, old: int, new: int) -> None:
        """Move a waiting matter from queue ``old`` to ``new``, by the time it entered ``old``.

        A matter waiting for its own case handler, or handed to someone at this instant, is
        in no queue and stays where it is (its queue index is already ``new``).
        """
        source = self.queues[old]
        try:
            source.remove(matter)
        except ValueError:
            return
        now = self.env.now
        walls = self.walls
        if not source and walls.active:
            walls.queue_emptied(old, now)
        if self.heads_of[old]:
            self.head_changed(old)
        target = self.queues[new]
        if not target and walls.active:
            walls.queue_filled(new, now)
        position = len(target)
        while position > 0 and target[position - 1].ready > matter.ready:
            position -= 1
        target.insert(position, matter)
        if self.heads_of[new]:
            self.head_changed(new)

    def dispatch(self, matter: Matter, front: bool = False) -> None:
        """Give a matter to the longest-idle eligible staff member, or queue it.

        ``front`` puts it at the head of its queue (work handed back by someone called away).
        """
        order = self.idle.order
        if order:
            for members, b_post, group in self.candidates[matter.queue]:
                if b_post and self.b_restricted and not self.b_allowed(matter.queue, 1):
                    continue
                # the longest-idle candidate, and IdleStaff.remove written out: every matter
                # comes here, so no calls (a large group has no order of its own: scan)
                chosen = -1
                if group is None:
                    for index in order:
                        if index in members:
                            chosen = index
                            break
                elif group:
                    chosen = next(iter(group))
                if chosen >= 0:
                    staff = order.pop(chosen)
                    for other in self.idle.groups_of[chosen]:
                        del other[chosen]
                    self.hand_over(staff, matter)  # type: ignore[arg-type]
                    return
        queue = self.queues[matter.queue]
        if not queue and self.walls.active:
            self.walls.queue_filled(matter.queue, self.env.now)
        if front:
            queue.appendleft(matter)
        else:
            queue.append(matter)
        if self.heads_of[matter.queue]:
            self.head_changed(matter.queue)
        if self.absences is not None:
            self.absences.queued(matter, self.env.now)
        if self.secondments is not None:
            self.secondments.queued(matter.queue)

    def hand_over(self, staff: Staff, matter: Matter) -> None:
        """Give ``matter`` to ``staff``, who is idle and already off the idle list."""
        if self.fixed_service[matter.queue]:
            wake = staff.wake
            staff.wake = None
            wake.succeed(matter)  # type: ignore[union-attr]
        else:
            staff.serve_handed(matter)

    def next_step(self, matter: Matter, now: float, by: int) -> Matter | None:
        """Staff member ``by`` finished a step: finish the matter or hand it on.

        Returns the matter when ``by`` carries it on at once (ownership ``keep``).
        """
        progress = matter.progress
        assert progress is not None
        layout = self.layout
        k = progress.step
        type_index = matter.type_index
        if layout.approval[type_index][k]:
            progress.approval_waited += matter.start - matter.ready
        if k + 1 == len(progress.works):
            self.recorder.finish(matter, now)
            return None
        done_in = matter.queue
        here = layout.section[done_in]
        self.recorder.leave(here, matter, now)
        progress.step = k + 1
        queue = layout.steps[type_index][k + 1]
        if self.escalates[type_index]:  # at the priority the matter has reached
            queue = layout.queue_of[(layout.keys[queue][0], layout.priority[done_in])]
        matter.queue = queue
        matter.work = progress.works[k + 1]
        there = layout.section[queue]
        if self.keeps[type_index]:
            owner = progress.owner
            if owner < 0 or self.staff[owner].back is not None:
                progress.owner = owner = by  # the handler is away: who finished it takes over
            if owner == by and matter.queue in self.staff[by].allowed:
                matter.ready = now
                self.recorder.enter(there)
                return matter
        delay = 0.0
        if here != there:
            progress.handoffs += 1
            structure = self.spec.structure
            crossing = (
                structure.consultation_delay
                if self._crosses_units[here][there]
                else structure.handoff_delay
            )
            if crossing is not None:
                delay = quantile(crossing, progress.transfer_draws[k])
            if (
                self.rework_probability > 0
                and self._open_to_rework(type_index, k)
                and self._sends_back(type_index)
            ):
                # there and back: the step is done again in its own section
                progress.step = k
                progress.reworks += 1
                progress.handoffs += 1
                matter.queue = done_in
                matter.work = self._redo_work(type_index, k)
                there = here
                delay *= 2
        if delay > 0:
            progress.transferred += delay
            self.in_transit.add(matter)
            self.recorder.transit(1, now)
            self.env.timeout(delay).callbacks.append(lambda _: self._deliver(matter))
        else:
            matter.ready = now
            self.recorder.enter(there)
            self._hand_on(matter)
        return None

    def _open_to_rework(self, type_index: int, k: int) -> bool:
        """Whether the crossing from step ``k`` to the next may be sent back at all.

        With ``rework_sign_offs`` off, a crossing into or out of a sign-off (an ``approval``
        step) never is, and makes no draw, so the other crossings keep theirs.
        """
        if self.rework_sign_offs:
            return True
        approval = self.layout.approval[type_index]
        return not (approval[k] or approval[k + 1])

    def _sends_back(self, type_index: int) -> bool:
        """Whether the receiving section sends the matter back (its own random stream)."""
        draw = self._sent_back.get(type_index)
        if draw is None:
            rng = stream(self.seed, "rework", self.spec.matter_types[type_index].name)
            draw = self._sent_back[type_index] = batched(rng.random).__next__
        return draw() < self.rework_probability

    def _redo_work(self, type_index: int, k: int) -> float:
        """Work of doing step ``k`` again: a new draw of the step's work, times the share."""
        draw = self._redo.get((type_index, k))
        if draw is None:
            matter_type = self.spec.matter_types[type_index]
            service = self.spec.active_steps(matter_type)[k].service
            rng = stream(self.seed, "rework", f"{matter_type.name}#{k}")
            draw = self._redo[(type_index, k)] = batched(sampler(service, rng)).__next__
        return self.rework_share * draw()

    def _deliver(self, matter: Matter) -> None:
        now = self.env.now
        self.in_transit.discard(matter)
        self.recorder.transit(-1, now)
        matter.ready = now
        self.recorder.enter(self.layout.section[matter.queue])
        self._hand_on(matter)

    def _hand_on(self, matter: Matter) -> None:
        """A matter reaches its next step: to its case handler or the step's queue.

        Under ownership ``keep`` it goes back to its handler when they may serve the step
        and are present (before their new work); otherwise to the queue.
        """
        progress = matter.progress
        if self.keeps[matter.type_index] and progress is not None and progress.owner >= 0:
            owner = self.staff[progress.owner]
            if owner.back is None and matter.queue in owner.allowed:
                if self.idle.remove(owner.index) is not None:
                    self.hand_over(owner, matter)
                else:
                    owner.returns.append(matter)
                return
        self.dispatch(matter)

    def _end_warmup(self) -> None:
        now = self.env.now
        self.recorder.restart(now)
        self.walls.restart(now)
        for staff in self.staff:
            staff.busy_time = 0.0
            staff.busy_since = now

    def step(self) -> None:
        """Advance the SimPy clock to Mesa's time (one unit on) and collect a row."""
        until = min(float(self.time), self.spec.horizon)
        if until > self.env.now:
            self.env.run(until=until)
        self.datacollector.collect(self)
        if self.env.now >= self.spec.horizon:
            self.running = False

    def run(self) -> Results:
        """Run (the rest of) the horizon without stepping and return the results."""
        if self.spec.horizon > self.env.now:
            self.env.run(until=self.spec.horizon)
        return self.results()

    def in_sections(self) -> list[Matter]:
        """Matters waiting in a queue or being served."""
        waiting = [m for q in self.queues for m in q]
        waiting += [m for s in self.staff for m in s.returns]
        return waiting + [s.current for s in self.staff if s.current is not None]

    def unfinished(self) -> list[Matter]:
        """Matters still in the office: waiting, being served or in transfer."""
        return self.in_sections() + sorted(self.in_transit, key=lambda m: m.arrival)

    def results(self) -> Results:
        """The run's metrics; call once the clock has reached the horizon."""
        if self.env.now < self.spec.horizon:
            raise RuntimeError(
                f"the run is at t={self.env.now}, before its horizon {self.spec.horizon}; "
                "call run() or step() until running is False"
            )
        if self._results is None:
            self._results = compute_results(self)
        return self._results
