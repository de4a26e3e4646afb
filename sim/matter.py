"""A matter (事项): a plain slotted record, deliberately not a Mesa agent (agents are costly)."""

from __future__ import annotations


class Matter:
    """One piece of work, its whole work content drawn when it arrives.

    Attributes:
        type_index: position of its matter type in the spec.
        arrival: time it arrived.
        work: work content at nominal speed; a staff member with speed ``v`` takes
            ``work / v``.
        start: time service began, or -1.0 while it waits.
        staff_index: who serves it, or -1 while it waits.
    """

    __slots__ = ("arrival", "staff_index", "start", "type_index", "work")

    def __init__(self, type_index: int, arrival: float, work: float) -> None:
        self.type_index = type_index
        self.arrival = arrival
        self.work = work
        self.start = -1.0
        self.staff_index = -1
