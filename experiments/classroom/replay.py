"""A pre-computed run of one lesson step, as plain data a browser can replay without Python.

:func:`replay_data` runs a :class:`~orgsim.experiments.classroom.lesson.Lesson` hour by hour
and keeps, for every hour and both offices, what the classroom page draws: each desk's state,
the first waiting matters of each section (short or long), how many wait in all, and the
counters already formatted as the page formats them. Floor plans (sections, desks, B posts)
change only at the reform, so each distinct one is stored once and frames point at it.
"""

from __future__ import annotations

from typing import Any

from orgsim.experiments.classroom.drawing import (
    DESK_COLOURS,
    MATTER_COLOURS,
    OFFICE_COLOURS,
    SHOWN_COUNTERS,
    SHOWN_WAITING,
    format_counter,
)
from orgsim.experiments.classroom.labels import preset_name, section_label, structure_name, text
from orgsim.experiments.classroom.lesson import Lesson
from orgsim.experiments.classroom.offices import is_long
from orgsim.experiments.classroom.settings import MAX_HOURS, LessonError, LessonSettings
from orgsim.experiments.classroom.snapshot import OfficeSnapshot

#: A number that stands for the hour in the clock's words, replaced by the page's script.
HOUR_MARK = 12345
#: Desk states as one letter each in a frame.
STATE_LETTERS = {"busy": "b", "idle": "i", "away": "a"}
#: Every word the replay page shows.
PAGE_WORDS = (
    "current",
    "busy",
    "idle",
    "away",
    "short_matter",
    "long_matter",
    "plot_title",
    "plot_x",
    "plot_y",
    "counters",
    "play",
    "pause",
    "step",
    "back",
    "to_start",
    "to_end",
    "speed",
    *SHOWN_COUNTERS,
)


def _floor_plan(office: OfficeSnapshot, lang: str) -> dict[str, Any]:
    """The parts of a snapshot that change only at a reform: sections, desks, B posts."""
    return {
        "structure": office.structure,
        "sections": [
            {
                "label": section_label(section.name, section.pool, lang),
                "pooled": section.pool is not None,
                "desks": [
                    None
                    if desk.b_post is None
                    else text("b_post", lang, target=desk.b_post.removeprefix("s"))
                    for desk in section.desks
                ],
            }
            for section in office.sections
        ],
    }


def _office_frame(office: OfficeSnapshot, plan: int, long_kinds: set[int]) -> dict[str, Any]:
    """One office at one hour: floor plan index, desk states, queues and counters."""
    counters = office.counters
    return {
        "p": plan,
        "d": "".join(STATE_LETTERS[d.state] for s in office.sections for d in s.desks),
        "q": [
            "".join("1" if kind in long_kinds else "0" for kind in s.waiting[:SHOWN_WAITING])
            for s in office.sections
        ],
        "n": [len(s.waiting) for s in office.sections],
        "c": [format_counter(name, getattr(counters, name)) for name in SHOWN_COUNTERS],
        "w": counters.waiting,
        "done": counters.completed,
        "arrived": counters.arrived,
    }


def replay_data(
    settings: LessonSettings, hours: int, lang: str, preset: str | None = None
) -> dict[str, Any]:
    """Run the lesson ``settings`` for ``hours`` and return every hour's frame (hour 0 first).

    Args:
        settings: the lesson step (its seed included).
        hours: simulated hours, one frame each, from 1 to :data:`MAX_HOURS` (checked here).
        lang: ``zh`` or ``en``, for every word shown.
        preset: the preset's name, shown in the title (None: settings of one's own).
    """
    if not 1 <= hours <= MAX_HOURS:
        raise LessonError(
            f"hours: {hours} is out of range; give a whole number from 1 to {MAX_HOURS}"
        )
    lesson = Lesson(settings)
    long_kinds = {i for i in range(settings.sections) if is_long(settings, i)}
    plans: list[dict[str, Any]] = []
    frames: list[dict[str, Any]] = []
    for hour in range(hours + 1):
        offices = lesson.snapshots() if hour == 0 else lesson.advance(1)
        frame = []
        for office in offices:
            plan = _floor_plan(office, lang)
            if plan not in plans:
                plans.append(plan)
            frame.append(_office_frame(office, plans.index(plan), long_kinds))
        frames.append({"t": lesson.clock, "o": frame})
    title = preset_name(preset, lang) if preset is not None else text("custom", lang)
    words = {key: text(key, lang) for key in PAGE_WORDS}
    words["hour"] = text("hour", lang, hour=HOUR_MARK).replace(str(HOUR_MARK), "{h}")
    words["replay_note"] = text("replay_note", lang, seed=settings.seed, hours=hours)
    at = lesson.reform_at
    return {
        "lang": lang,
        "title": f"{text('title', lang)} · {title}",
        "offices": [text("current", lang), structure_name(settings.structure, lang)],
        "words": words,
        "counter_names": list(SHOWN_COUNTERS),
        "settings": {
            "preset": preset,
            "seed": settings.seed,
            "hours": hours,
            "load": settings.load,
            "sections": settings.sections,
            "people_per_section": settings.people_per_section,
        },
        "reform_at": at,
        "reform_note": None if at is None else text("reformed_at", lang, hour=at),
        "colours": {
            "desk": DESK_COLOURS,
            "matter": list(MATTER_COLOURS),
            "office": list(OFFICE_COLOURS),
        },
        "shown_waiting": SHOWN_WAITING,
        "has_long": bool(long_kinds),
        "plans": plans,
        "frames": frames,
    }
