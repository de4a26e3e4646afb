"""The queues of a structure: one per (skill, priority level), each owned by one section.

Matters of different types that need the same skill at the same priority share a queue;
a higher-priority matter needing that skill waits in a queue of its own, so dispatch can
serve it first without scanning. A matter type with escalation levels also gets a queue for
each level's priority at each of its steps, laid out after all the others (so an office
without escalation has the same queues, in the same order, as before).
"""

from __future__ import annotations

from dataclasses import dataclass

from orgsim.sim.routing import staff_tiers, staff_walls
from orgsim.sim.spec import SimSpec


@dataclass(frozen=True)
class QueueLayout:
    """Index tables the model uses on every event.

    Attributes:
        keys: (skill, priority) of each queue.
        section: owning section index of each queue.
        priority: priority of each queue.
        steps: per matter type, the queue of each workflow step the structure performs.
        approval: per matter type, whether each step is an approval.
        tiers: per staff member, the queues they may serve in three tiers (A post, B post,
            rest of own section; possibly empty); within a tier, higher priority first.
        a_holders: per queue, the staff who have it in their A-post tier.
        walled: per queue, staff skilled for it who may not serve it (a wall between).
        queue_of: (skill, priority) -> queue.
    """

    keys: tuple[tuple[str, int], ...]
    section: tuple[int, ...]
    priority: tuple[int, ...]
    steps: tuple[tuple[int, ...], ...]
    approval: tuple[tuple[bool, ...], ...]
    tiers: tuple[tuple[tuple[int, ...], ...], ...]
    walled: tuple[tuple[int, ...], ...]
    a_holders: tuple[tuple[int, ...], ...]
    queue_of: dict[tuple[str, int], int]

    @classmethod
    def build(cls, spec: SimSpec) -> QueueLayout:
        """Lay out the queues of ``spec``."""
        section_of_skill = {
            skill: i
            for i, section in enumerate(spec.structure.sections)
            for skill in section.handles
        }
        index: dict[tuple[str, int], int] = {}  # (skill, priority) -> queue, in first use
        for matter_type in spec.matter_types:
            for step in spec.active_steps(matter_type):
                key = (step.skill, matter_type.priority)
                if key not in index and step.skill in section_of_skill:
                    index[key] = len(index)
        for matter_type in spec.matter_types:  # escalated matters' queues, after the rest
            for level in matter_type.escalation:
                for step in spec.active_steps(matter_type):
                    key = (step.skill, level.priority)
                    if key not in index and step.skill in section_of_skill:
                        index[key] = len(index)
        keys = list(index)
        steps = tuple(
            tuple(index.get((step.skill, m.priority), -1) for step in spec.active_steps(m))
            for m in spec.matter_types
        )
        approval = tuple(
            tuple(step.approval for step in spec.active_steps(m)) for m in spec.matter_types
        )
        by_skill: dict[str, list[int]] = {}
        for q, (skill, _) in enumerate(keys):
            by_skill.setdefault(skill, []).append(q)
        priority = tuple(p for _, p in keys)

        def queues_of(skills: tuple[str, ...]) -> tuple[int, ...]:
            qs = [q for skill in skills for q in by_skill.get(skill, [])]
            return tuple(sorted(qs, key=lambda q: (-priority[q], q)))

        eligible = staff_tiers(spec)
        tiers = tuple(tuple(queues_of(tier) for tier in own) for own in eligible)
        walled_lists: list[list[int]] = [[] for _ in keys]
        for s, walled in enumerate(staff_walls(spec, eligible)):
            for q in queues_of(walled):
                walled_lists[q].append(s)
        a_holders: list[list[int]] = [[] for _ in keys]
        for s, queues in enumerate(tiers):
            for q in queues[0]:
                a_holders[q].append(s)
        return cls(
            keys=tuple(keys),
            section=tuple(section_of_skill[skill] for skill, _ in keys),
            priority=priority,
            steps=steps,
            approval=approval,
            tiers=tiers,
            walled=tuple(tuple(w) for w in walled_lists),
            a_holders=tuple(tuple(a) for a in a_holders),
            queue_of=index,
        )
