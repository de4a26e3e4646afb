"""Streaming statistics of one run: constant memory whatever the horizon.

Counts and time integrals restart at the end of the warm-up; per-matter statistics (waits,
lead times, deadlines, handoffs) cover matters that arrived after the warm-up and were
completed; per matter type, the count, the total wait and the count on time are kept for
every type (one list update each), so per-type metrics cost no second pass. Sections are
counted per *visit*: a matter is in a section from the time it enters one of its queues
until the step it came for is done; in transfer between sections it is in no section. The
time-average number present in a section is kept as the sum over visits of their time inside
the window (the same integral as tracking the count, at one update per visit instead of
two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgsim.sim.matter import Matter
from orgsim.sim.quantiles import BUFFER_SIZE, StreamingQuantiles

if TYPE_CHECKING:
    from orgsim.sim.absence import AbsenceBook


class Recorder:
    """Accumulates what the metrics need as matters arrive, move and finish."""

    def __init__(
        self,
        section_of_queue: tuple[int, ...],
        n_sections: int,
        deadlines: list[float],
        warmup: float,
        trace: bool,
    ) -> None:
        """Set up empty accumulators (per-type sums for every office)."""
        self.section_of_queue = section_of_queue
        self.deadlines = deadlines
        self.warmup = warmup
        self.window_start = 0.0
        self.arrived_total = 0
        self._arrived_at_restart = 0
        self.completed_total = 0
        self._completed_at_restart = 0
        self.waits = StreamingQuantiles()
        self.leads = StreamingQuantiles()
        self.transferred = 0.0
        self.handoffs = 0
        self.reworks = 0
        self.approval_waited = 0.0
        self.blocked = 0.0
        self.absence_book: AbsenceBook | None = None
        # per matter type, over completed post-warm-up matters: how many, their total wait
        # and how many within the deadline (all of them for a type without one)
        self.type_done = [0] * len(deadlines)
        self.type_waited = [0.0] * len(deadlines)
        self.on_time = [0] * len(deadlines)
        self.area = [0.0] * n_sections
        self.area_before_reform = 0.0  # office-level area of sections a reform replaced
        self.visits = [0] * n_sections
        self._visits_at_restart = [0] * n_sections
        self.sojourn_sum = [0.0] * n_sections
        self.sojourn_count = [0] * n_sections
        # matters arrived after the warm-up that escalated, in all and per level's label
        self.escalated = 0
        self.escalated_to: dict[str, int] = {}
        self.in_transit = 0
        self.transit_area = 0.0
        self.transit_last = 0.0
        self.trace: list[tuple[int, int, float, float, float, float, float, float]] | None = (
            [] if trace else None
        )

    # arrive / enter / leave / finish run once per matter or step: kept flat for speed.

    def arrive(self, matter: Matter) -> None:
        """A matter entered the office (and the section of its first queue)."""
        self.arrived_total += 1
        self.visits[self.section_of_queue[matter.queue]] += 1

    def enter(self, section: int) -> None:
        """A matter entered a section's queue after a step elsewhere."""
        self.visits[section] += 1

    def leave(self, section: int, matter: Matter, now: float) -> None:
        """A matter's step in ``section`` is done."""
        ready = matter.ready
        if ready >= self.warmup:
            sojourn = now - ready
            self.area[section] += sojourn
            self.sojourn_sum[section] += sojourn
            self.sojourn_count[section] += 1
        else:  # entered during the warm-up: only its time after the warm-up counts
            self.area[section] += now - self.window_start

    def transit(self, delta: int, now: float) -> None:
        """A matter started (+1) or ended (-1) a transfer between sections."""
        self.transit_area += self.in_transit * (now - self.transit_last)
        self.transit_last = now
        self.in_transit += delta

    def finish(self, matter: Matter, now: float) -> None:
        """A matter's last step is done."""
        self.completed_total += 1
        book = self.absence_book
        blocked = 0.0 if book is None else book.pop(matter)
        section = self.section_of_queue[matter.queue]
        ready = matter.ready
        if ready >= self.warmup:
            sojourn = now - ready
            self.area[section] += sojourn
            self.sojourn_sum[section] += sojourn
            self.sojourn_count[section] += 1
        else:
            self.area[section] += now - self.window_start
        if matter.arrival >= self.warmup:
            lead = now - matter.arrival
            leads = self.leads.buffer
            leads.append(lead)
            self.waits.buffer.append(matter.waited)
            if len(leads) >= BUFFER_SIZE:
                self.leads.fold()
                self.waits.fold()
            t = matter.type_index
            self.type_done[t] += 1
            self.type_waited[t] += matter.waited
            if lead <= self.deadlines[t]:
                self.on_time[t] += 1
            self.blocked += blocked
            progress = matter.progress
            if progress is not None:
                self.transferred += progress.transferred
                self.handoffs += progress.handoffs
                self.reworks += progress.reworks
                self.approval_waited += progress.approval_waited
        if self.trace is not None:
            progress = matter.progress
            self.trace.append(
                (
                    matter.type_index,
                    matter.staff_index,
                    matter.arrival,
                    matter.work if progress is None else sum(progress.works),
                    matter.waited,
                    0.0 if progress is None else progress.transferred,
                    matter.start,
                    now,
                )
            )

    def escalate(self, matter: Matter, label: str, first: bool) -> None:
        """A matter reached an escalation level (``first``: its first one)."""
        if matter.arrival < self.warmup:
            return
        if first:
            self.escalated += 1
        if label:
            self.escalated_to[label] = self.escalated_to.get(label, 0) + 1

    def restart(self, now: float) -> None:
        """End of warm-up: time integrals and window counts start again from ``now``."""
        self.transit(0, now)
        self.window_start = now
        self._completed_at_restart = self.completed_total
        self._arrived_at_restart = self.arrived_total
        self._visits_at_restart = list(self.visits)
        self.area = [0.0] * len(self.area)
        self.area_before_reform = 0.0
        self.transit_area = 0.0

    def close(self, now: float, open_visits: list[Matter]) -> None:
        """Bring the time integrals up to ``now``, given the matters still in sections."""
        for matter in open_visits:
            section = self.section_of_queue[matter.queue]
            self.area[section] += now - max(matter.ready, self.window_start)
        self.transit(0, now)

    @property
    def in_office(self) -> int:
        """Matters that arrived and are not finished."""
        return self.arrived_total - self.completed_total

    def restructure(self, section_of_queue: tuple[int, ...], n_sections: int) -> None:
        """A reform took effect: queues now belong to a new set of sections.

        Per-section counts start again if the number of sections changed (they then refer
        to the new sections only); office-level counts carry on.
        """
        self.section_of_queue = section_of_queue
        if n_sections != len(self.area):
            self.area_before_reform += sum(self.area)
            self.area = [0.0] * n_sections
            self.visits = [0] * n_sections
            self._visits_at_restart = [0] * n_sections
            self.sojourn_sum = [0.0] * n_sections
            self.sojourn_count = [0] * n_sections

    @property
    def completed_in_window(self) -> int:
        """Matters completed since the end of the warm-up."""
        return self.completed_total - self._completed_at_restart

    @property
    def arrived_in_window(self) -> int:
        """Matters that arrived since the end of the warm-up."""
        return self.arrived_total - self._arrived_at_restart

    @property
    def window_visits(self) -> list[int]:
        """Visits per section since the end of the warm-up."""
        return [a - b for a, b in zip(self.visits, self._visits_at_restart, strict=True)]

    def overdue(self, unfinished: list[Matter], now: float) -> list[int]:
        """Per matter type: unfinished post-warm-up matters already past their deadline."""
        late = [0] * len(self.deadlines)
        for m in unfinished:
            if m.arrival >= self.warmup and now - m.arrival > self.deadlines[m.type_index]:
                late[m.type_index] += 1
        return late
