"""Staffing search: the fewest people that still meet a deadline target.

For a whole structure or for each of its sections on its own. Who is removed or added
follows a rule that does not depend on the order of the staff list
(``experiments.staff_choice``): the people whose absence costs the office's carrying
power least go first, and copies are made of the people who add most; the answer names
them, with their section, posts and skills. Every
count is run with the same replication seeds; a count passes when the mean attainment
over replications reaches the target share, or, with ``confident``, when the lower end
of its interval (at ``confidence``, 95% by default) does. Bisection relies on more
people never doing worse, which common random numbers keep true up to noise; every count
tried is kept in the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from orgsim.analysis.search_tables import WHOLE
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, t_interval
from orgsim.experiments.progress import bar
from orgsim.experiments.search import Target, attainments, smallest_passing
from orgsim.experiments.staff_choice import StaffChoice
from orgsim.sim import SimSpec, SpecError
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.parts import section_parts, with_deadline
from orgsim.sim.spec import StaffMember


@dataclass(frozen=True)
class StaffingSettings:
    """Target, per-section or whole, strictness, and the largest count tried."""

    target: Target
    per_section: bool = False
    confident: bool = False
    most: int = 200
    confidence: float = DEFAULT_CONFIDENCE


def describe_person(member: StaffMember, people: dict[str, StaffMember]) -> dict[str, object]:
    """A person removed or added, with section, posts and skills as the office file has them.

    Args:
        member: the person (an added one is named ``NAME#k``, a copy of NAME).
        people: everyone in the whole structure by name, for the posts a section run on its
            own does not keep.
    """
    original = people.get(member.name.split("#")[0], member)
    return {
        "name": member.name,
        "copy_of": original.name if original.name != member.name else None,
        "section": original.section,
        "a_post": original.primary_post,
        "b_post": original.b_post,
        "skills": [skill for skill, _ in original.skills],
    }


def _search(
    name: str,
    section: str,
    spec: SimSpec,
    seeds: list[int],
    settings: StaffingSettings,
    people: dict[str, StaffMember],
) -> tuple[dict[str, object], list[dict[str, object]]]:
    spec = with_deadline(spec, settings.target.deadline)
    choice = StaffChoice(spec)
    tried: dict[int, list[float] | None] = {}  # None: overloaded or unservable, not run

    def passes(count: int) -> bool:
        try:
            candidate = choice.office(count)
        except SpecError:  # some matter type would be left with nobody to serve it
            tried[count] = None
            return False
        if required_utilisation(candidate) >= 1:  # overloaded: queues grow without bound
            tried[count] = None
            return False
        values = attainments(candidate, seeds)
        tried[count] = list(values)
        interval = t_interval(values, settings.confidence)
        judged = interval.ci_low if settings.confident else interval.mean
        return bool(judged >= settings.target.share)

    current = len(spec.structure.staff)
    found, limit = smallest_passing(passes, current, settings.most)
    reached = current if found is None else found  # nobody named when never reached
    result: dict[str, object] = {
        "structure": name,
        "section": section,
        "current_staff": current,
        "needed_staff": found,
        "limit": limit,
        "removed": [describe_person(m, people) for m in choice.removed(reached)],
        "added": [describe_person(m, people) for m in choice.added(reached)],
    }
    rows = [
        {
            "structure": name,
            "section": section,
            "staff": count,
            "replication": r,
            "attainment": float("nan") if values is None else values[r],
            "overloaded": values is None,
        }
        for count, values in sorted(tried.items())
        for r in range(len(seeds))
    ]
    return result, rows


def staffing(
    specs: dict[str, SimSpec],
    seeds: list[int],
    settings: StaffingSettings,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The smallest staff per structure (or per section), and every count tried.

    Returns a result table (one row per structure, or per structure and section, with
    the current and needed staff) and the attainment of every replication of every
    count tried.
    """
    results, rows = [], []
    searches = [
        (name, section, part)
        for name, spec in specs.items()
        for section, part in (
            section_parts(spec) if settings.per_section else {WHOLE: spec}
        ).items()
    ]
    for name, section, part in bar(searches, len(searches), "staffing searches", progress):
        people = {m.name: m for m in specs[name].structure.staff}
        result, tried = _search(name, section, part, seeds, settings, people)
        results.append(result)
        rows.extend(tried)
    return pd.DataFrame(results), pd.DataFrame(rows)


def attainment_at(
    tried: pd.DataFrame,
    structure: str,
    section: str,
    count: int,
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict:
    """Mean attainment and its interval of one count tried."""
    rows = tried[
        (tried["structure"] == structure)
        & (tried["section"] == section)
        & (tried["staff"] == count)
    ]
    return t_interval(rows["attainment"].to_numpy(), confidence).as_dict()
