"""Streaming statistics of one run: constant memory whatever the horizon.

Counts and time integrals restart at the end of the warm-up; per-matter statistics
(waits, lead times, deadlines) cover matters that arrived after the warm-up.
"""

from __future__ import annotations

import math

from sim.matter import Matter
from sim.quantiles import BUFFER_SIZE, StreamingQuantiles


class Recorder:
    """Accumulates what the metrics need as matters arrive, start and finish."""

    def __init__(
        self,
        section_of_type: list[int],
        n_sections: int,
        deadlines: list[float],
        warmup: float,
        trace: bool,
    ) -> None:
        self.section_of_type = section_of_type
        self.deadlines = deadlines
        self.warmup = warmup
        self.window_start = 0.0
        self.completed_total = 0
        self._completed_at_restart = 0
        self.on_time = 0
        self.with_deadline = 0
        self.waits = StreamingQuantiles()
        self.leads = StreamingQuantiles()
        self.in_system = [0] * n_sections
        self.area = [0.0] * n_sections
        self.last_change = [0.0] * n_sections
        self.arrivals = [0] * n_sections
        self._arrivals_at_restart = [0] * n_sections
        self.sojourn_sum = [0.0] * n_sections
        self.sojourn_count = [0] * n_sections
        self.trace: list[tuple[int, int, float, float, float, float]] | None = [] if trace else None

    def _shift(self, section: int, now: float, delta: int) -> None:
        n = self.in_system[section]
        self.area[section] += n * (now - self.last_change[section])
        self.last_change[section] = now
        self.in_system[section] = n + delta

    # arrive / start / finish run once per matter: kept flat, as they dominate run time.

    def arrive(self, matter: Matter, now: float) -> None:
        """A matter entered the office."""
        section = self.section_of_type[matter.type_index]
        self.arrivals[section] += 1
        n = self.in_system[section]
        self.area[section] += n * (now - self.last_change[section])
        self.last_change[section] = now
        self.in_system[section] = n + 1

    def start(self, matter: Matter, now: float) -> None:
        """Service of a matter began (the staff loop inlines this for speed)."""
        if matter.arrival >= self.warmup:
            self.waits.buffer.append(now - matter.arrival)

    def finish(self, matter: Matter, now: float) -> None:
        """A matter was completed."""
        self.completed_total += 1
        section = self.section_of_type[matter.type_index]
        n = self.in_system[section]
        self.area[section] += n * (now - self.last_change[section])
        self.last_change[section] = now
        self.in_system[section] = n - 1
        if matter.arrival >= self.warmup:
            lead = now - matter.arrival
            leads = self.leads.buffer
            leads.append(lead)
            if len(leads) >= BUFFER_SIZE:
                self.leads.fold()
                self.waits.fold()
            self.sojourn_sum[section] += lead
            self.sojourn_count[section] += 1
            deadline = self.deadlines[matter.type_index]
            if deadline != math.inf:
                self.with_deadline += 1
                if lead <= deadline:
                    self.on_time += 1
        if self.trace is not None:
            self.trace.append(
                (
                    matter.type_index,
                    matter.staff_index,
                    matter.arrival,
                    matter.work,
                    matter.start,
                    now,
                )
            )

    def restart(self, now: float) -> None:
        """End of warm-up: time integrals and window counts start again from ``now``."""
        self.window_start = now
        self._completed_at_restart = self.completed_total
        self._arrivals_at_restart = list(self.arrivals)
        for section in range(len(self.area)):
            self._shift(section, now, 0)
            self.area[section] = 0.0

    @property
    def arrived_total(self) -> int:
        """Matters that arrived over the whole run."""
        return sum(self.arrivals)

    @property
    def completed_in_window(self) -> int:
        """Matters completed since the end of the warm-up."""
        return self.completed_total - self._completed_at_restart

    @property
    def window_arrivals(self) -> list[int]:
        """Arrivals per section since the end of the warm-up."""
        return [a - b for a, b in zip(self.arrivals, self._arrivals_at_restart, strict=True)]

    def close(self, now: float) -> None:
        """Bring the time integrals up to ``now`` (the horizon)."""
        for section in range(len(self.area)):
            self._shift(section, now, 0)

    def overdue_waiting(self, unfinished: list[Matter], now: float) -> int:
        """How many unfinished post-warm-up matters have already missed their deadline."""
        return sum(
            1
            for m in unfinished
            if m.arrival >= self.warmup and now - m.arrival > self.deadlines[m.type_index]
        )

    @property
    def has_deadlines(self) -> bool:
        """Whether any matter type has a deadline."""
        return any(math.isfinite(d) for d in self.deadlines)
