"""Bad specs fail on construction with the field path and a fix."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, SpecError, StaffMember
from orgsim.sim.reform import Reform, apply_reform
from tests.helpers import separate_sections


def _with_types(spec, **changes):
    first = dataclasses.replace(spec.matter_types[0], **changes)
    return dataclasses.replace(spec, matter_types=(first, *spec.matter_types[1:]))


def _with_staff(spec, index, **changes):
    staff = list(spec.structure.staff)
    staff[index] = dataclasses.replace(staff[index], **changes)
    structure = dataclasses.replace(spec.structure, staff=tuple(staff))
    return dataclasses.replace(spec, structure=structure)


@pytest.fixture
def spec():
    return separate_sections(2, 0.5, 100.0, 10.0)


def test_negative_rate_names_the_field(spec):
    with pytest.raises(SpecError, match=r"^matter_types\.t0\.arrival_rate: .*-1.*give a rate"):
        _with_types(spec, arrival_rate=-1.0)


def test_b_post_naming_a_missing_section(spec):
    with pytest.raises(SpecError, match=r"^staff\.p0\.b_post: section 'Nowhere' does not exist"):
        _with_staff(spec, 0, b_post="Nowhere")


def test_matter_type_nobody_can_serve(spec):
    with pytest.raises(SpecError, match=r"^matter_types\.t0: nobody can serve it"):
        _with_staff(spec, 0, skills=(("t1", 1.0),))


def test_unknown_skill_and_bad_speed(spec):
    with pytest.raises(
        SpecError, match=r"staff\.p0\.skills: unknown matter type or step skill 'x'"
    ):
        _with_staff(spec, 0, skills=(("t0", 1.0), ("x", 1.0)))
    with pytest.raises(SpecError, match=r"staff\.p0\.skills\.t0"):
        _with_staff(spec, 0, skills=(("t0", 0.0),))


def test_service_distribution_checks(spec):
    with pytest.raises(SpecError, match=r"service\.cv: .*needs a coefficient"):
        _with_types(spec, service=ServiceTime("lognormal", 1.0))
    with pytest.raises(SpecError, match=r"service\.distribution: unknown"):
        _with_types(spec, service=ServiceTime("weibull", 1.0))  # type: ignore[arg-type]
    with pytest.raises(SpecError, match=r"service\.mean"):
        _with_types(spec, service=ServiceTime("exponential", 0.0))


def test_horizon_and_warmup(spec):
    with pytest.raises(SpecError, match=r"^workload\.warmup"):
        dataclasses.replace(spec, warmup=100.0)
    with pytest.raises(SpecError, match=r"^workload\.horizon"):
        dataclasses.replace(spec, horizon=-5.0)


def test_each_matter_type_has_exactly_one_section():
    types = (MatterType("a", 1.0),)
    staff = (StaffMember("p", "S", (("a", 1.0),)),)
    with pytest.raises(SpecError, match="also handled by section"):
        SimSpec(types, _structure((Section("S", ("a",)), Section("T", ("a",))), staff), 10.0)
    with pytest.raises(SpecError, match="no section handles"):
        SimSpec(types, _structure((Section("S", ()),), staff), 10.0)


def _structure(sections, staff):
    from orgsim.sim import Structure

    return Structure("x", sections, staff)


def test_reform_errors_name_the_structure(spec):
    with pytest.raises(SpecError, match=r"structures\.big\.merge\.B: section 'S9' does not exist"):
        apply_reform(spec.structure, Reform("big", merge={"B": ("S0", "S9")}))
    with pytest.raises(SpecError, match=r"structures\.ab\.b_posts: staff member 'nobody'"):
        apply_reform(spec.structure, Reform("ab", b_posts={"nobody": "S0"}))


def test_merge_rewrites_posts_and_keeps_people(spec):
    spec = _with_staff(spec, 0, b_post="S1")
    merged = apply_reform(spec.structure, Reform("m", merge={"Big": ("S0", "S1")}, policy="pooled"))
    assert [s.name for s in merged.sections] == ["Big"]
    assert merged.sections[0].handles == ("t0", "t1")
    assert all(m.section == "Big" and m.b_post is None for m in merged.staff)
    assert [m.name for m in merged.staff] == [m.name for m in spec.structure.staff]
    assert merged.policy == "pooled"


def test_merge_units_makes_one_section_per_unit():
    spec = separate_sections(4, 0.5, 100.0, 10.0)
    sections = tuple(
        dataclasses.replace(s, unit="north" if i < 2 else "south")
        for i, s in enumerate(spec.structure.sections)
    )
    structure = dataclasses.replace(spec.structure, sections=sections)
    merged = apply_reform(structure, Reform("d", merge_units=True, policy="pooled"))
    assert [(s.name, s.handles) for s in merged.sections] == [
        ("north", ("t0", "t1")),
        ("south", ("t2", "t3")),
    ]
