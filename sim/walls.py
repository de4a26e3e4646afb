"""Idle-while-work-waits: the direct cost of section walls.

A staff member is *blocked by a wall* while idle and some matter they have the skill for
waits in a queue they may not serve. The monitor keeps, per staff member, how many such
queues are non-empty, and integrates the blocked time.
"""

from __future__ import annotations


class WallMonitor:
    """Integrates, per staff member, idle time spent while walled-off work waits."""

    __slots__ = ("active", "blocked_since", "blocked_time", "idle", "staff_by_type", "waiting")

    def __init__(self, walled_staff_by_type: list[tuple[int, ...]], n_staff: int) -> None:
        self.staff_by_type = walled_staff_by_type
        self.active = any(walled_staff_by_type)
        self.waiting = [0] * n_staff
        self.idle = [True] * n_staff
        self.blocked_since = [0.0] * n_staff
        self.blocked_time = [0.0] * n_staff

    def configure(
        self, walled_staff_by_type: list[tuple[int, ...]], nonempty: list[bool], now: float
    ) -> None:
        """Adopt a new structure's walls at ``now``, keeping the time integrated so far."""
        for s in range(len(self.blocked_time)):
            if self.idle[s] and self.waiting[s]:
                self.blocked_time[s] += now - self.blocked_since[s]
        self.staff_by_type = walled_staff_by_type
        self.active = any(walled_staff_by_type)
        self.waiting = [0] * len(self.waiting)
        for q, staff in enumerate(walled_staff_by_type):
            if nonempty[q]:
                for s in staff:
                    self.waiting[s] += 1
        self.blocked_since = [now] * len(self.blocked_since)

    def queue_filled(self, type_index: int, now: float) -> None:
        """A queue went from empty to non-empty."""
        for s in self.staff_by_type[type_index]:
            self.waiting[s] += 1
            if self.waiting[s] == 1 and self.idle[s]:
                self.blocked_since[s] = now

    def queue_emptied(self, type_index: int, now: float) -> None:
        """A queue went from non-empty to empty."""
        for s in self.staff_by_type[type_index]:
            self.waiting[s] -= 1
            if self.waiting[s] == 0 and self.idle[s]:
                self.blocked_time[s] += now - self.blocked_since[s]

    def staff_idle(self, s: int, now: float) -> None:
        """Staff member ``s`` became idle."""
        self.idle[s] = True
        if self.waiting[s]:
            self.blocked_since[s] = now

    def staff_busy(self, s: int, now: float) -> None:
        """Staff member ``s`` started work."""
        self.idle[s] = False
        if self.waiting[s]:
            self.blocked_time[s] += now - self.blocked_since[s]

    def restart(self, now: float) -> None:
        """Forget the time integrated so far (end of warm-up)."""
        for s in range(len(self.blocked_time)):
            self.blocked_time[s] = 0.0
            self.blocked_since[s] = now

    def close(self, now: float) -> list[float]:
        """Blocked time per staff member up to ``now``."""
        return [
            t + (now - since if (idle and waiting) else 0.0)
            for t, since, idle, waiting in zip(
                self.blocked_time, self.blocked_since, self.idle, self.waiting, strict=True
            )
        ]
