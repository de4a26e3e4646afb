"""Reforms that split sections, move work between sections and remove skills."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import (
    MatterType,
    Section,
    ServiceTime,
    SimSpec,
    SpecError,
    StaffMember,
    Structure,
    simulate,
)
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.reshape import SectionPart
from orgsim.sim.spec import Step

STEPS = (
    Step("accept", ServiceTime("exponential", 0.5)),
    Step("review", ServiceTime("exponential", 2.0)),
    Step("sign", ServiceTime("exponential", 0.4), approval=True),
)
EVERY_STEP = (("accept", 1.0), ("review", 1.0))


def _case_workers() -> Structure:
    """Four case workers in one desk section, a chief who signs, a clerk who backs up."""
    return Structure(
        "current",
        (Section("desk", ("accept", "review"), unit="u"), Section("head", ("sign",), unit="u")),
        (
            *(StaffMember(f"w{i}", "desk", EVERY_STEP) for i in range(1, 5)),
            StaffMember("chief", "head", (("sign", 1.0),)),
            StaffMember("clerk", "head", (("sign", 1.0), ("accept", 1.0)), b_post="desk"),
        ),
    )


def _spec(structure: Structure) -> SimSpec:
    permit = MatterType("permit", 0.9, deadline=16.0, steps=STEPS)
    return SimSpec((permit,), structure, horizon=800.0, warmup=80.0)


TANDEM = Reform(
    "tandem",
    split={
        "desk": {
            "intake": SectionPart(("w1",), ("accept",)),
            "review": SectionPart(("w2", "w3", "w4"), ("review",)),
        }
    },
    remove_skills={"w1": ("review",), "w2": ("accept",), "w3": ("accept",), "w4": ("accept",)},
)


def test_a_split_replaces_the_section_in_place_and_shares_out_people_and_work():
    tandem = apply_reform(_case_workers(), TANDEM)
    assert [(s.name, s.handles, s.unit) for s in tandem.sections] == [
        ("intake", ("accept",), "u"),
        ("review", ("review",), "u"),
        ("head", ("sign",), "u"),
    ]
    seats = {m.name: m.section for m in tandem.staff}
    assert seats == {
        "w1": "intake",
        "w2": "review",
        "w3": "review",
        "w4": "review",
        "chief": "head",
        "clerk": "head",
    }
    clerk = next(m for m in tandem.staff if m.name == "clerk")
    assert clerk.b_post == "intake"  # a B post on the split section goes to its first part
    assert dict(tandem.staff[0].skills) == {"accept": 1.0}
    assert dict(tandem.staff[1].skills) == {"review": 1.0}


def test_parts_may_be_given_as_mappings_and_reuse_the_sections_name():
    reform = Reform(
        "kept",
        split={
            "desk": {
                "desk": {"staff": ["w1", "w2"], "handles": ["accept"]},
                "review": {"staff": ["w3", "w4"], "handles": ["review"]},
            }
        },
    )
    sections = [s.name for s in apply_reform(_case_workers(), reform).sections]
    assert sections == ["desk", "review", "head"]


def test_an_a_post_on_the_split_section_becomes_the_new_seat():
    structure = _case_workers()
    staff = tuple(
        dataclasses.replace(m, a_post="desk") if m.name in ("w2", "chief") else m
        for m in structure.staff
    )
    tandem = apply_reform(dataclasses.replace(structure, staff=staff), TANDEM)
    posts = {m.name: m.a_post for m in tandem.staff}
    assert posts["w2"] is None  # sat in desk: its own new section
    assert posts["chief"] == "intake"  # sat elsewhere: the first part


def test_moved_work_changes_which_section_owns_its_queue():
    moved = apply_reform(
        _case_workers(),
        Reform(
            "signed",
            move_handles={"sign": "desk"},
            add_skills={f"w{i}": {"sign": 1.0} for i in range(1, 5)},
        ),
    )
    assert [(s.name, s.handles) for s in moved.sections] == [
        ("desk", ("accept", "review", "sign")),
        ("head", ()),
    ]
    metrics = simulate(_spec(moved), 1).metrics
    assert metrics["handoffs_mean"] == 0.0
    assert simulate(_spec(_case_workers()), 1).metrics["handoffs_mean"] == 1.0


def test_removed_skills_come_after_the_b_post_arrangement():
    full = Reform(
        "full",
        b_post_arrangement="full",
        remove_skills={"chief": ("accept", "review")},
    )
    chief = next(m for m in apply_reform(_case_workers(), full).staff if m.name == "chief")
    assert dict(chief.skills) == {"sign": 1.0}
    clerk = next(m for m in apply_reform(_case_workers(), full).staff if m.name == "clerk")
    assert dict(clerk.skills) == {"sign": 1.0, "accept": 1.0, "review": 0.8}


def test_tandem_and_case_workers_run_on_the_same_matters():
    current = simulate(_spec(_case_workers()), 3).metrics
    tandem = simulate(_spec(apply_reform(_case_workers(), TANDEM)), 3).metrics
    assert tandem["arrived"] == current["arrived"]
    assert tandem["handoffs_mean"] == 2.0 and current["handoffs_mean"] == 1.0
    assert tandem["wait_mean"] > current["wait_mean"]  # pooling lost in the tandem


BAD = [
    ({"split": {"nowhere": {"a": SectionPart(("w1",), ())}}}, r"split\.nowhere: section"),
    ({"split": {"desk": {}}}, r"split\.desk: no new sections given"),
    ({"split": {"desk": {"head": SectionPart()}}}, r"split\.desk\.head: section 'head' already"),
    (
        {"split": {"desk": {"a": SectionPart(("w1", "w2", "w3", "w4"), ("accept",))}}},
        r"split\.desk: 'review' \(handles of section 'desk'\) is given to no new section",
    ),
    (
        {"split": {"desk": {"a": SectionPart(("w1", "w2", "w3"), ("accept", "review"))}}},
        r"split\.desk: 'w4' \(staff of section 'desk'\) is given to no new section",
    ),
    (
        {"split": {"desk": {"a": SectionPart(("chief",), ("accept", "review"))}}},
        r"split\.desk\.a\.staff: 'chief' is not among the staff of section 'desk'",
    ),
    (
        {
            "split": {
                "desk": {
                    "a": SectionPart(("w1", "w2"), ("accept", "review")),
                    "b": SectionPart(("w3", "w4"), ("review",)),
                }
            }
        },
        r"split\.desk\.b\.handles: 'review' is given to both 'a' and 'b'",
    ),
    ({"split": {"desk": {"a": {"people": ["w1"]}}}}, r"split\.desk\.a: .* is not a new section"),
    (
        {"split": {"desk": {"a": SectionPart("w1", ())}}},
        r"split\.desk\.a\.staff: 'w1' is not a list",
    ),
    ({"move_handles": {"filing": "desk"}}, r"move_handles\.filing: no section handles 'filing'"),
    ({"move_handles": {"sign": "nowhere"}}, r"move_handles\.sign: section 'nowhere' does not"),
    ({"remove_skills": {"nobody": ("sign",)}}, r"remove_skills: staff member 'nobody' does not"),
    ({"remove_skills": {"chief": ("review",)}}, r"remove_skills\.chief: 'review' is not one of"),
    ({"remove_skills": {"chief": "sign"}}, r"remove_skills\.chief: 'sign' is not a list"),
    (
        {"remove_skills": {"chief": ("review",)}, "add_skills": {"chief": {"review": 1.0}}},
        r"remove_skills\.chief: 'review' is both added",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_reshaping_names_the_field_and_the_fix(changes, message):
    with pytest.raises(SpecError, match=rf"^structures\.x\.{message}.*; \w"):
        apply_reform(_case_workers(), Reform("x", **changes))
