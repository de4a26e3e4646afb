"""The staffing search names the people it removes or adds, whatever the file's order.

Section A has three people of different speeds on far less work than they can carry, so
the answer removes people; the rule (least loss of carrying power first, ties by name)
keeps the fastest. Shuffling the staff list must give the same people, counts and
attainments.
"""

from __future__ import annotations

import dataclasses
import random

import pandas as pd

from orgsim.analysis.search_tables import staffing_markdown, who_changes
from orgsim.experiments.search import Target
from orgsim.experiments.staff_choice import StaffChoice
from orgsim.experiments.staffing_search import StaffingSettings, staffing
from orgsim.sim.spec import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure
from orgsim.sim.streams import replication_seeds

SETTINGS = StaffingSettings(Target(0.8, 6.0), per_section=True)


def _office(order: list[int] | None = None) -> SimSpec:
    staff = [
        StaffMember("ann", "A", (("a", 2.0),)),
        StaffMember("bo", "A", (("a", 0.5),), b_post="B"),
        StaffMember("cy", "A", (("a", 1.0),)),
        StaffMember("dee", "B", (("b", 1.0),)),
    ]
    if order is not None:
        staff = [staff[i] for i in order]
    return SimSpec(
        matter_types=(
            MatterType("a", 0.6, ServiceTime("exponential", 1.0), 6.0),
            MatterType("b", 1.3, ServiceTime("exponential", 1.0), 6.0),
        ),
        structure=Structure(
            "office", (Section("A", ("a",)), Section("B", ("b",))), tuple(staff), "strict"
        ),
        horizon=800.0,
        warmup=80.0,
    )


def _answer(spec: SimSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    return staffing({"office": spec}, replication_seeds(11, 4), SETTINGS)


def test_people_who_carry_least_go_first_and_copies_are_made_of_those_adding_most():
    choice = StaffChoice(_office())
    # bo is slow but backs up the overloaded section B, so cy goes first in the whole.
    assert [m.name for m in choice.removed(3)] == ["cy"]
    assert [m.name for m in choice.added(5)] == ["dee#1"]  # B is the busiest section
    a, b = _office().matter_types
    quiet = dataclasses.replace(
        _office(), matter_types=(a, dataclasses.replace(b, arrival_rate=0.01))
    )
    assert [m.name for m in StaffChoice(quiet).removed(2)] == ["bo", "cy"]  # slowest first


def test_the_answer_names_people_with_their_posts_and_skills():
    results = _answer(_office())[0].to_dict("records")
    section_a = next(r for r in results if r["section"] == "A")
    assert section_a["needed_staff"] < 3
    assert section_a["removed"][0] == {
        "name": "bo", "copy_of": None, "section": "A", "a_post": "A", "b_post": "B",
        "skills": ["a"],
    }  # fmt: skip
    assert "ann" not in {p["name"] for p in section_a["removed"]}
    section_b = next(r for r in results if r["section"] == "B")
    assert section_b["needed_staff"] == 2 and section_b["added"][0]["copy_of"] == "dee"
    assert who_changes(section_b) == "add dee#1 (a copy of dee, section B, A post B; skills b)"
    text = staffing_markdown(
        [{**r, "attainment": None, "attainment_one_fewer": None} for r in results],
        "heading",
        200,
        per_section=True,
    )
    assert "without bo (section A, A post A, B post B; skills a)" in text


def test_shuffling_the_staff_list_gives_the_same_answer():
    results, tried = _answer(_office())
    for order in ([3, 2, 1, 0], [1, 3, 0, 2]):
        again, tried_again = _answer(_office(order))
        pd.testing.assert_frame_equal(again, results)
        pd.testing.assert_frame_equal(tried_again, tried)
    shuffled = list(range(4))
    random.Random(5).shuffle(shuffled)
    assert StaffChoice(_office(shuffled)).office(2) == StaffChoice(_office()).office(2)
