"""A matter (事项): a plain slotted record, deliberately not a Mesa agent (agents are costly)."""

from __future__ import annotations


class Progress:
    """Where a multi-step matter is in its workflow, and what it has cost so far.

    Attributes:
        step: index of the current step.
        works: work content of every step, drawn when the matter arrived.
        transfer_draws: one uniform draw per step boundary, drawn when the matter arrived
            and turned into a transfer delay only if the boundary crosses a wall (so two
            structures see the same demand).
        handoffs: boundaries crossed so far (a matter sent back crosses twice more).
        reworks: times the matter was sent back across a boundary to redo a step.
        transferred: time spent in transfer so far.
        approval_waited: time spent waiting at approval steps so far.
        owner: the case handler carrying it through its steps (``ownership: keep``), or -1.
    """

    __slots__ = (
        "approval_waited",
        "handoffs",
        "owner",
        "reworks",
        "step",
        "transfer_draws",
        "transferred",
        "works",
    )

    def __init__(self, works: tuple[float, ...], transfer_draws: tuple[float, ...]) -> None:
        self.step = 0
        self.works = works
        self.transfer_draws = transfer_draws
        self.handoffs = 0
        self.reworks = 0
        self.transferred = 0.0
        self.approval_waited = 0.0
        self.owner = -1


class Matter:
    """One piece of work, its whole work content drawn when it arrives.

    Attributes:
        type_index: position of its matter type in the spec.
        queue: the queue it is in or served from (a skill at a priority level).
        arrival: time it arrived.
        ready: time it entered its current queue.
        work: work content of the current step at nominal speed; a staff member with
            speed ``v`` takes ``work / v``.
        waited: time spent waiting in queues so far.
        start: time service of the current step began, or -1.0.
        staff_index: who serves (or last served) it, or -1.
        progress: workflow state for a multi-step matter; None for a one-step matter.
    """

    __slots__ = (
        "arrival",
        "progress",
        "queue",
        "ready",
        "staff_index",
        "start",
        "type_index",
        "waited",
        "work",
    )

    def __init__(
        self,
        type_index: int,
        queue: int,
        arrival: float,
        work: float,
        progress: Progress | None = None,
    ) -> None:
        self.type_index = type_index
        self.queue = queue
        self.arrival = arrival
        self.ready = arrival
        self.work = work
        self.waited = 0.0
        self.start = -1.0
        self.staff_index = -1
        self.progress = progress
