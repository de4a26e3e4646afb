"""Property tests over randomly generated small offices (hypothesis)."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
)
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import Absence, Calendar
from tests.helpers import same_metrics

SERVICES = st.one_of(
    st.builds(ServiceTime, st.just("exponential"), st.floats(0.2, 3.0)),
    st.builds(ServiceTime, st.just("deterministic"), st.floats(0.2, 3.0)),
    st.builds(ServiceTime, st.just("lognormal"), st.floats(0.2, 3.0), st.floats(0.2, 2.5)),
    st.builds(ServiceTime, st.just("gamma"), st.floats(0.2, 3.0), st.floats(0.2, 2.5)),
)


@st.composite
def offices(draw) -> SimSpec:
    """1-3 sections, 1-3 matter types each, 1-3 staff each; policies, B posts, absences and
    opening hours drawn too."""
    n_sections = draw(st.integers(1, 3))
    types, sections, staff = [], [], []
    for s in range(n_sections):
        handles = [f"t{s}_{k}" for k in range(draw(st.integers(1, 3)))]
        for name in handles:
            types.append(
                MatterType(
                    name,
                    draw(st.floats(0.05, 1.5)),
                    draw(SERVICES),
                    draw(st.one_of(st.none(), st.floats(0.5, 20.0))),
                )
            )
        sections.append(Section(f"S{s}", tuple(handles)))
    all_types = [t.name for t in types]
    for s, section in enumerate(sections):
        for p in range(draw(st.integers(1, 3))):
            skills = {name: draw(st.floats(0.5, 2.0)) for name in section.handles}
            extra = draw(st.lists(st.sampled_from(all_types), max_size=3))
            skills.update({name: draw(st.floats(0.3, 1.5)) for name in extra})
            others = [x.name for x in sections if x.name != section.name]
            b_post = draw(st.one_of(st.none(), st.sampled_from(others))) if others else None
            staff.append(
                StaffMember(f"p{s}_{p}", section.name, tuple(skills.items()), b_post=b_post)
            )
    policy = draw(st.sampled_from(["strict", "ab", "pooled"]))
    absence = Absence(
        rate=draw(st.sampled_from([0.0, 0.0, 0.05, 0.3])),
        duration=draw(SERVICES),
        on_interrupt=draw(st.sampled_from(["resume", "handover"])),
    )
    calendar = draw(
        st.one_of(
            st.none(),
            st.builds(
                Calendar,
                st.just(10.0),
                st.floats(2.0, 9.0),
                st.integers(2, 7),
                st.integers(1, 2),
            ),
        )
    )
    structure = Structure(
        "office", tuple(sections), tuple(staff), policy, absence=absence, calendar=calendar
    )
    horizon = draw(st.floats(20.0, 120.0))
    warmup = draw(st.floats(0.0, horizon / 2))
    return SimSpec(tuple(types), structure, horizon, warmup)


COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(offices(), st.integers(0, 2**32 - 1))
def test_matters_are_conserved_waits_are_non_negative_and_no_one_serves_two(spec, seed):
    model = Organization(spec, seed, trace=True)
    metrics = model.run().metrics
    # conserved: every arrival is completed or still waiting, in service or in transfer
    assert metrics["arrived"] == metrics["completed"] + len(model.unfinished())
    trace = model.results().trace
    assert len(trace) == metrics["completed"]
    assert (trace.start >= trace.arrival).all()
    assert (trace.end >= trace.start).all()
    for _, served in trace.groupby("staff_index"):
        served = served.sort_values("start")
        assert (served.start.to_numpy()[1:] >= served.end.to_numpy()[:-1]).all()
    busy = [s for s in model.staff if s.current is not None]
    assert len({id(s.current) for s in busy}) == len(busy)
    for metric in ("wait_mean", "wait_p50", "lead_mean"):
        value = metrics[metric]
        assert value != value or value >= 0  # NaN when nothing was served after warm-up
    assert 0.0 <= metrics["utilisation_mean"] <= 1.0 + 1e-9
    assert 0.0 <= metrics["idle_while_work_waits"] <= 1.0 + 1e-9


@COMMON
@given(offices(), st.integers(0, 2**32 - 1))
def test_same_seed_same_results(spec, seed):
    assert same_metrics(
        Organization(spec, seed).run().metrics, Organization(spec, seed).run().metrics
    )


@COMMON
@given(offices(), st.integers(0, 2**32 - 1))
def test_a_reform_that_changes_nothing_changes_nothing(spec, seed):
    unchanged = dataclasses.replace(
        spec, structure=apply_reform(spec.structure, Reform(spec.structure.name))
    )
    assert same_metrics(
        Organization(unchanged, seed).run().metrics, Organization(spec, seed).run().metrics
    )
