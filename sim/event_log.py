"""The simulated matters as an event log: one row per step, for process-mining tools.

A run keeps an event log only when asked (``Organization(..., event_log=True)``): the model
then uses :class:`EventLogRecorder` instead of the plain :class:`Recorder`, so a run without
the log has no per-matter state and no extra call on its fast path.

What the log covers, and how it matches the metrics of the same run:

* every matter that arrived in the run, warm-up included, one row per step it finished
  (a step done again after rework has a row each time), in the order the steps ended;
* a matter still open at the horizon has its finished steps and one last row for the step
  it is in (``status`` ``waiting``, ``in_service`` or ``in_transfer``, no ``end``), and all
  its rows have ``case_open`` true;
* ``after_warmup`` is true for matters that arrived at or after the warm-up: those are the
  matters the per-matter metrics (``wait_mean``, ``lead_mean``, deadlines) cover.

So, in one replication: the closed cases are the metric ``completed``; the closed cases
with ``after_warmup`` are the matters behind ``wait_mean``, which is the mean over them of
their summed ``wait`` (and ``lead_mean`` the mean of last ``end`` minus ``arrival``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from orgsim.sim.matter import Matter
from orgsim.sim.recorder import Recorder

if TYPE_CHECKING:
    from orgsim.sim.model import Organization

#: Column -> meaning, in the order of the table (times in the office's time unit).
EVENT_LOG_COLUMNS: dict[str, str] = {
    "case": "the matter's number in its run, in order of arrival (from 0)",
    "matter_type": "the matter type's name",
    "step": "position of the step among the steps the structure performs (from 0)",
    "skill": "the skill the step needs (the activity)",
    "section": "the section whose queue the step was done from",
    "handler": "the staff member who finished the step (empty while it waits)",
    "handler_section": "the handler's home section (differs when work was borrowed)",
    "arrival": "time the matter arrived at the office",
    "queue_entry": "time the matter entered the step's queue (after any transfer)",
    "start": "time the handler started the step (the last start, if an absence handed it on)",
    "end": "time the step was done (empty for a matter open at the horizon)",
    "wait": "time the matter waited in queues for this step (so far, if open)",
    "status": "done, or for a matter open at the horizon: waiting, in_service, in_transfer",
    "case_open": "the matter was not finished at the horizon",
    "after_warmup": "the matter arrived at or after the warm-up (the metrics' matters)",
}

#: Columns holding times, which a file names with its time unit.
TIME_COLUMNS = ("arrival", "queue_entry", "start", "end", "wait")


class EventLogRecorder(Recorder):
    """A :class:`Recorder` that also keeps one row per finished step.

    Per open matter it keeps its case number and, at its last finished step, the time, the
    wait and the transfer time so far: a step's queue entry is the previous step's end plus
    the transfer in between, and its wait the growth of the matter's total wait.
    """

    def __init__(self, model: Organization, *args: object, **kwargs: object) -> None:
        """The recorder's accumulators, and empty rows; ``model`` gives names."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.model = model
        self.cases = 0
        # matter -> [case, last step's end, waited then, transferred then]
        self.open: dict[Matter, list[float]] = {}
        self.rows: list[tuple[object, ...]] = []

    def arrive(self, matter: Matter) -> None:
        """A matter arrived: give it the next case number."""
        super().arrive(matter)
        self.open[matter] = [self.cases, matter.arrival, 0.0, 0.0]
        self.cases += 1

    def leave(self, section: int, matter: Matter, now: float) -> None:
        """A step that is not the matter's last is done: its row."""
        super().leave(section, matter, now)
        self._done(matter, section, now, self.open[matter])

    def finish(self, matter: Matter, now: float) -> None:
        """The matter's last step is done: its row, and the case is closed."""
        section = self.section_of_queue[matter.queue]
        super().finish(matter, now)
        self._done(matter, section, now, self.open.pop(matter))

    def _done(self, matter: Matter, section: int, now: float, state: list[float]) -> None:
        progress = matter.progress
        transferred = 0.0 if progress is None else progress.transferred
        model = self.model
        handler = model.spec.structure.staff[matter.staff_index]
        self.rows.append(
            (
                int(state[0]),
                matter.type_index,
                0 if progress is None else progress.step,
                model.layout.keys[matter.queue][0],
                model.spec.structure.sections[section].name,
                handler.name,
                handler.section,
                matter.arrival,
                state[1] + (transferred - state[3]),
                matter.start,
                now,
                matter.waited - state[2],
                "done",
            )
        )
        state[1], state[2], state[3] = now, matter.waited, transferred

    def _open_row(self, matter: Matter, state: list[float], status: str) -> tuple[object, ...]:
        """The row of the step an open matter is in at the horizon."""
        model = self.model
        now = model.env.now
        progress = matter.progress
        structure = model.spec.structure
        section = structure.sections[self.section_of_queue[matter.queue]].name
        entered, start, wait = math.nan, math.nan, 0.0
        handler, home = "", ""
        if status != "in_transfer":
            transferred = 0.0 if progress is None else progress.transferred
            entered = state[1] + (transferred - state[3])
            wait = matter.waited - state[2]
        if status == "waiting":
            wait += now - matter.ready
        elif status == "in_service":
            start = matter.start
            member = structure.staff[matter.staff_index]
            handler, home = member.name, member.section
        return (
            int(state[0]),
            matter.type_index,
            0 if progress is None else progress.step,
            model.layout.keys[matter.queue][0],
            section,
            handler,
            home,
            matter.arrival,
            entered,
            start,
            math.nan,
            wait,
            status,
        )

    def event_log(self) -> pd.DataFrame:
        """The run's rows (see :data:`EVENT_LOG_COLUMNS`); call at the horizon."""
        model = self.model
        serving = {id(s.current) for s in model.staff if s.current is not None}
        moving = {id(m) for m in model.in_transit}
        rows = list(self.rows)
        for matter, state in self.open.items():  # in order of arrival
            if id(matter) in moving:
                status = "in_transfer"
            elif id(matter) in serving:
                status = "in_service"
            else:
                status = "waiting"
            rows.append(self._open_row(matter, state, status))
        table = pd.DataFrame(rows, columns=list(EVENT_LOG_COLUMNS)[:-2])
        names = [m.name for m in model.spec.matter_types]
        table["matter_type"] = [names[i] for i in table["matter_type"]]
        table["case_open"] = table["case"].isin([int(s[0]) for s in self.open.values()])
        table["after_warmup"] = table["arrival"] >= self.warmup
        return table.astype({"case": "int64", "step": "int64"})
