"""The office as a Mesa model whose clock is a SimPy environment."""

from __future__ import annotations

import math
from collections import deque

import mesa
import simpy

from sim.agents import Staff
from sim.distributions import sampler
from sim.matter import Matter
from sim.recorder import Recorder
from sim.results import Results, compute_results
from sim.routing import eligible_types, walled_types
from sim.spec import SimSpec
from sim.streams import batched, stream
from sim.walls import WallMonitor


class Organization(mesa.Model):
    """One structure serving one stream of matters.

    SimPy owns time and every event; Mesa holds the staff agents and a DataCollector.
    ``step()`` advances the clock by one time unit and collects a row (for Mesa's
    ``batch_run`` and visualisation); ``run()`` is the fast path to the horizon.

    Args:
        spec: the validated structure and demand.
        seed: the run's only source of randomness.
        trace: keep one row per completed matter (for checks on small runs).
    """

    def __init__(self, spec: SimSpec, seed: int, trace: bool = False) -> None:
        super().__init__(rng=int(stream(seed, "mesa").integers(2**31)))
        self.spec = spec
        self.seed = seed
        self.env = simpy.Environment()
        types = spec.matter_types
        type_index = {m.name: i for i, m in enumerate(types)}
        sections = spec.structure.sections
        section_of_type = [0] * len(types)
        for s, section in enumerate(sections):
            for name in section.handles:
                section_of_type[type_index[name]] = s
        self.queues: list[deque[Matter]] = [deque() for _ in types]
        self.recorder = Recorder(
            section_of_type,
            len(sections),
            [math.inf if m.deadline is None else float(m.deadline) for m in types],
            spec.warmup,
            trace,
        )
        self.idle: dict[int, Staff] = {}  # idle staff by index, longest idle first
        self.staff: list[Staff] = []
        for i, member in enumerate(spec.structure.staff):
            tiers = tuple(
                tuple(type_index[name] for name in tier) for tier in eligible_types(spec, member)
            )
            speed = [member.speed(m.name) for m in types]
            self.staff.append(Staff(self, i, member, tiers, speed))
        self.candidates = self._candidates(len(types))
        walled: list[list[int]] = [[] for _ in types]
        for staff in self.staff:
            for name in walled_types(spec, staff.member):
                walled[type_index[name]].append(staff.index)
        self.walls = WallMonitor([tuple(w) for w in walled], len(self.staff))
        for staff in self.staff:
            self.env.process(staff.work())
        for i, matter_type in enumerate(types):
            if matter_type.arrival_rate > 0:
                self._start_arrivals(i)
        if spec.warmup > 0:
            self.env.timeout(spec.warmup).callbacks.append(lambda _: self._end_warmup())
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "time": lambda m: m.env.now,
                "in_system": lambda m: sum(m.recorder.in_system),
                "waiting": lambda m: sum(len(q) for q in m.queues),
                "busy_staff": lambda m: sum(s.busy for s in m.staff),
                "completed": lambda m: m.recorder.completed_total,
            },
            agent_reporters={"busy": "busy", "served": "served"},
        )
        self._results: Results | None = None

    def _candidates(self, n_types: int) -> list[tuple[frozenset[int], ...]]:
        """Per matter type: indices of who may take it on arrival, by preference tier."""
        by_type: list[list[set[int]]] = [[] for _ in range(n_types)]
        for staff in self.staff:
            for rank, tier in enumerate(staff.tiers):
                for q in tier:
                    while len(by_type[q]) <= rank:
                        by_type[q].append(set())
                    by_type[q][rank].add(staff.index)
        return [tuple(frozenset(t) for t in tiers if t) for tiers in by_type]

    def _start_arrivals(self, type_index: int) -> None:
        """Poisson arrivals of one matter type, each with its work content drawn now.

        A chain of timeouts with a callback rather than a process: an arrival needs no
        state between events, and skipping the generator resume is a large share of the
        per-matter cost.
        """
        matter_type = self.spec.matter_types[type_index]
        gap_rng = stream(self.seed, "arrivals", matter_type.name)
        mean_gap = 1.0 / matter_type.arrival_rate
        next_gap = batched(lambda n: gap_rng.exponential(mean_gap, n)).__next__
        work_draw = sampler(matter_type.service, stream(self.seed, "work", matter_type.name))
        next_work = batched(work_draw).__next__
        env, timeout, admit = self.env, self.env.timeout, self.admit

        def arrive(_: simpy.Event) -> None:
            admit(Matter(type_index, env.now, next_work()))
            timeout(next_gap()).callbacks.append(arrive)  # type: ignore[union-attr]

        timeout(next_gap()).callbacks.append(arrive)  # type: ignore[union-attr]

    def admit(self, matter: Matter) -> None:
        """Give an arriving matter to the longest-idle eligible staff member, or queue it."""
        now = self.env.now
        self.recorder.arrive(matter, now)
        idle = self.idle
        if idle:
            for tier in self.candidates[matter.type_index]:
                chosen = -1
                for index in idle:  # longest idle first: the dict keeps idle order
                    if index in tier:
                        chosen = index
                        break
                if chosen >= 0:
                    staff = idle.pop(chosen)
                    wake = staff.wake
                    staff.wake = None
                    wake.succeed(matter)  # type: ignore[union-attr]
                    return
        queue = self.queues[matter.type_index]
        if not queue and self.walls.active:
            self.walls.queue_filled(matter.type_index, now)
        queue.append(matter)

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

    def unfinished(self) -> list[Matter]:
        """Matters still in the office: waiting in a queue or being served."""
        waiting = [m for q in self.queues for m in q]
        return waiting + [s.current for s in self.staff if s.current is not None]

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
