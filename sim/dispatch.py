"""Indexes that keep the cost of dispatch nearly independent of the office's size.

Two searches happen on every matter. An arriving matter looks for the longest-idle
person among those who may take it; a freed person looks for the longest-waiting matter
among the queues of their first non-empty tier. Scanning everyone idle, or every queue
of a tier, costs in proportion to the office: a 1,000-person office would be several
times slower per matter than a 12-person one. The indexes below answer both searches
directly, and give exactly the answers of the scans they replace (same order, same
ties), so results for a seed do not change.

- :class:`IdleStaff` keeps idle people in the order they became idle, and also per
  *small* candidate group (a queue's A-post holders, say), so "the longest idle of these
  four" does not scan the hundreds idle elsewhere. A large group (at least half the
  office) is answered by scanning the overall order: its first member comes early.
- :class:`QueueHeads` keeps the non-empty queues of a section or pool sorted by
  (priority, how long their first matter has waited): a person whose tier spans dozens of
  queues (a merged big section, a pool) reads the answer off the front.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from sortedcontainers import SortedList

if TYPE_CHECKING:
    from orgsim.sim.agents import Staff

#: A candidate group at most this share of the office gets its own idle order.
SMALL_GROUP_SHARE = 0.5

#: A tier with more queues than this is searched through a :class:`QueueHeads` index.
LARGE_TIER = 8

#: A queue's key in a :class:`QueueHeads`: (-priority, ready time of its head, queue).
HeadKey = tuple[int, float, int]


class IdleStaff:
    """Idle staff, longest idle first, overall and per small candidate group.

    ``order`` maps staff index -> agent in the order they became idle; each small group
    is an ordered set (an ``OrderedDict`` of index -> None) of its idle members.
    ``groups_of[s]`` lists the small groups staff member ``s`` belongs to.
    """

    __slots__ = ("groups_of", "order")

    def __init__(self, n_staff: int) -> None:
        self.order: OrderedDict[int, Staff] = OrderedDict()
        self.groups_of: list[list[OrderedDict[int, None]]] = [[] for _ in range(n_staff)]

    def group(self, members: frozenset[int], n_staff: int) -> OrderedDict[int, None] | None:
        """A new idle order for ``members`` if the group is small, else None (scan)."""
        if len(members) > SMALL_GROUP_SHARE * n_staff:
            return None
        ordered: OrderedDict[int, None] = OrderedDict((s, None) for s in self.order if s in members)
        for s in members:
            self.groups_of[s].append(ordered)
        return ordered

    def reset_groups(self) -> None:
        """Forget the groups (the structure changes); the overall order stays."""
        for groups in self.groups_of:
            groups.clear()

    def add(self, staff: Staff) -> None:
        """``staff`` became idle now."""
        index = staff.index
        self.order[index] = staff
        for group in self.groups_of[index]:
            group[index] = None

    def remove(self, index: int) -> Staff | None:
        """Staff member ``index`` is no longer idle; the agent, or None if not idle."""
        staff = self.order.pop(index, None)
        if staff is not None:
            for group in self.groups_of[index]:
                del group[index]
        return staff

    def __bool__(self) -> bool:
        return bool(self.order)


class QueueHeads:
    """The non-empty queues of one domain, best first: highest priority, then oldest head.

    Ties on the head's ready time go to the lower queue index, as in a scan of the queues
    in index order.
    """

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: SortedList = SortedList()

    def best(self, tier: frozenset[int], allowed: Callable[[int], bool] | None = None) -> int:
        """The tier's queue to serve from, or -1; ``allowed`` may veto queues (B-post rule)."""
        for _, _, q in self.keys:
            if q in tier and (allowed is None or allowed(q)):
                return q
        return -1
