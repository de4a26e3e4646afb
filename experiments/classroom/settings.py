"""What a teacher can set for one lesson step, and the presets for each step of the lesson.

Everything on the classroom page is one :class:`LessonSettings`: the office on the left is
the office as it is (one kind of matter per section, section walls), the office on the
right is the same people after the reform ``structure``. A preset is a named setting; a
control changes one field of it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal

#: The structures the right-hand office can take.
StructureName = Literal["merged", "ab_pairs", "ab_chain", "ab_full", "desectioned"]
STRUCTURES: tuple[str, ...] = ("merged", "ab_pairs", "ab_chain", "ab_full", "desectioned")

#: Bounds of every numeric setting: (lowest, highest), shared by the controls and the checks.
BOUNDS: dict[str, tuple[float, float]] = {
    "load": (0.1, 0.98),
    "sections": (2, 6),
    "people_per_section": (1, 3),
    "service_cv": (0.0, 2.0),
    "long_factor": (1.0, 40.0),
    "unfamiliar_speed": (0.2, 1.0),
    "learning_start": (0.1, 1.0),
    "reform_at": (0.0, 500.0),
    "away_share": (0.0, 0.3),
    "seed": (0, 2**31 - 1),
}

#: Hours an exported lesson or the handout may cover: every lesson step fits, and the file
#: stays small.
MAX_HOURS = 2000


class LessonError(ValueError):
    """A setting out of range; the message names the setting and the fix."""


@dataclass(frozen=True)
class LessonSettings:
    """One lesson step: the office, its demand and the reform shown beside it.

    Attributes:
        load: share of the staff's working time the matters need (at full speed).
        sections: sections in the office as it is, each with its own kind of matter.
        people_per_section: people sitting in each section.
        structure: the reform on the right: ``merged`` (one big section, one queue),
            ``ab_pairs`` / ``ab_chain`` (A/B posts: sections back each other up two by two,
            or each the next), ``ab_full`` (A post, B post, then anyone's work) or
            ``desectioned`` (one shared office, own work first, then anyone's).
        service_cv: variability of the work per matter (0: all alike; 1: exponential).
        long_factor: the later half of the sections handle matters this many times longer
            (1: all kinds alike); arrivals are fewer so that the load stays the same.
        unfamiliar_speed: speed on another section's kind of work (physical fusion: low;
            chemical fusion: 1).
        learning_start: after the reform, unfamiliar work starts at this share of that
            speed and improves with practice (1: no running-in).
        learning_matters: matters of practice that halve the remaining gap.
        reform_at: hour at which the right office is reformed (0: from the start).
        away_share: share of time each person is away (leave, meetings).
        seed: the matters' random numbers; both offices get the same ones.
    """

    load: float = 0.8
    sections: int = 4
    people_per_section: int = 1
    structure: StructureName = "merged"
    service_cv: float = 1.0
    long_factor: float = 1.0
    unfamiliar_speed: float = 1.0
    learning_start: float = 1.0
    learning_matters: float = 10.0
    reform_at: float = 0.0
    away_share: float = 0.0
    seed: int = 1

    def __post_init__(self) -> None:
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value)):
                raise LessonError(f"{name}: {value!r} is not a number; give one in [{low}, {high}]")
            if not low <= value <= high:
                raise LessonError(f"{name}: {value!r} is out of range; give one in [{low}, {high}]")
        for name in ("sections", "people_per_section", "seed"):
            if int(getattr(self, name)) != getattr(self, name):
                raise LessonError(f"{name}: {getattr(self, name)!r} is not whole; give an integer")
            object.__setattr__(self, name, int(getattr(self, name)))
        if self.structure not in STRUCTURES:
            raise LessonError(
                f"structure: {self.structure!r} is not known; use one of {', '.join(STRUCTURES)}"
            )
        if not (math.isfinite(self.learning_matters) and self.learning_matters > 0):
            raise LessonError(
                f"learning_matters: {self.learning_matters!r} is not positive; give e.g. 10"
            )

    def replace(self, **changes: object) -> LessonSettings:
        """A copy with ``changes``, checked again."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


#: Presets for each step of the lesson, in the order they are taught.
PRESETS: dict[str, LessonSettings] = {
    # Four one-person counters, each with its own queue, against one shared queue.
    "four_counters": LessonSettings(),
    # A/B posts in a chain: two people per section, each backing up the next section at
    # 80% of their speed; the walls stay.
    "ab_chain": LessonSettings(
        load=0.85, people_per_section=2, structure="ab_chain", unfamiliar_speed=0.8
    ),
    # Short and long matters in one first-come-first-served queue: short ones wait behind
    # long ones, and the mean wait per matter rises although the load is the same.
    "merging_hurts": LessonSettings(sections=2, long_factor=30.0),
    # The big section is formed at hour 100; unfamiliar work starts at 40% speed and each
    # 5 matters of practice halve the gap (chemical fusion takes time): the reformed office
    # falls behind for about 200 hours, then overtakes.
    "running_in": LessonSettings(
        load=0.85, learning_start=0.4, learning_matters=5.0, reform_at=100.0
    ),
}


def preset(name: str) -> LessonSettings:
    """The settings of the preset ``name``; raises :class:`LessonError` for an unknown one."""
    try:
        return PRESETS[name]
    except KeyError:
        raise LessonError(
            f"preset: {name!r} is not known; use one of {', '.join(PRESETS)}"
        ) from None
