"""Two offices fed the same matters, stepping together: the model behind the classroom page.

Each office is the engine's own :class:`~orgsim.sim.model.Organization` (SimPy time inside
a Mesa model); this Mesa model holds the pair. One ``step()`` advances both offices' SimPy
clocks by :data:`HOURS_PER_STEP` of simulated time and records a row for the plot. It
needs no server: ``Lesson(preset("four_counters")).advance(8)`` runs a working day.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa

from orgsim.experiments.classroom.offices import office_pair
from orgsim.experiments.classroom.settings import PRESETS, LessonSettings
from orgsim.experiments.classroom.snapshot import OfficeSnapshot, counters, snapshot
from orgsim.sim.model import Organization

#: Simulated hours per step of the page.
HOURS_PER_STEP = 1.0
#: The two offices, left to right.
SIDES = ("current", "reformed")


def _reporter(side: str, counter: str) -> Callable[[Lesson], float]:
    """A DataCollector column: one counter of the office on ``side``."""

    def report(lesson: Lesson) -> float:
        return float(getattr(counters(lesson.office(side)), counter))

    return report


class Lesson(mesa.Model):
    """The office as it is (``current``) beside the reformed office (``reformed``).

    Args:
        settings: the lesson step; the first preset's when None.
    """

    def __init__(self, settings: LessonSettings | None = None) -> None:
        self.settings = settings if settings is not None else next(iter(PRESETS.values()))
        super().__init__(rng=self.settings.seed)
        pair = office_pair(self.settings)
        seed = self.settings.seed
        self.current = Organization(pair.current, seed)
        switch = None if pair.reform_at is None else (pair.reform_at, pair.reformed)
        self.reformed = Organization(pair.current if switch else pair.reformed, seed, switch=switch)
        self.reform_at = pair.reform_at
        reporters: dict[str, Callable[[Lesson], float]] = {"hour": lambda m: m.clock}
        for side in SIDES:
            reporters[f"waiting_{side}"] = _reporter(side, "waiting")
            reporters[f"mean_wait_{side}"] = _reporter(side, "mean_wait")
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)

    @property
    def clock(self) -> float:
        """Simulated hours both offices have run."""
        return self.current.env.now

    def office(self, side: str) -> Organization:
        """The office on ``side`` (``current`` or ``reformed``)."""
        return self.current if side == "current" else self.reformed

    def step(self) -> None:
        """Advance both offices by one step of simulated time and record a row."""
        until = min(self.clock + HOURS_PER_STEP, self.current.spec.horizon)
        for office in (self.current, self.reformed):
            if until > office.env.now:
                office.env.run(until=until)
        self.datacollector.collect(self)
        if until >= self.current.spec.horizon:
            self.running = False

    def advance(self, steps: int) -> tuple[OfficeSnapshot, OfficeSnapshot]:
        """Run ``steps`` steps and return both offices' snapshots (left, right)."""
        for _ in range(steps):
            self.step()
        return self.snapshots()

    def snapshots(self) -> tuple[OfficeSnapshot, OfficeSnapshot]:
        """Both offices now, left (as it is) and right (reformed)."""
        return snapshot(self.current), snapshot(self.reformed)
