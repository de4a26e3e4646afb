"""Search building blocks: bisection, an office split into its parts, resized staff."""

from __future__ import annotations

import pytest

from orgsim.analysis.search_tables import ratio_verdict
from orgsim.experiments.search import Target, largest_passing, smallest_passing
from orgsim.sim import SpecError
from orgsim.sim.parts import scale_demand, section_parts, total_rate, with_deadline
from tests.helpers import separate_sections
from tests.unit.test_workflows import permit_office


def test_largest_passing_brackets_the_threshold_within_the_tolerance():
    value, limit = largest_passing(lambda x: x <= 3.3, upper=10.0, tolerance=0.01)
    assert limit == "target" and abs(value - 3.3) <= 0.1


def test_largest_passing_reports_what_limits_it():
    assert largest_passing(lambda x: True, 5.0, 0.01) == (5.0, "stability")
    assert largest_passing(lambda x: False, 5.0, 0.01) == (0.0, "unreachable")


@pytest.mark.parametrize("start", [1, 3, 7, 8, 50])
def test_smallest_passing_finds_the_threshold_from_any_start(start):
    tried = []

    def passes(n: int) -> bool:
        tried.append(n)
        return n >= 7

    assert smallest_passing(passes, start, most=100) == (7, "target")
    assert 6 in tried  # one fewer was tried, so the answer is the smallest


def test_smallest_passing_gives_up_at_the_most():
    assert smallest_passing(lambda n: False, 4, most=20) == (None, "unreachable")


def test_target_in_plain_words():
    assert Target(0.9, 8.0).describe("hour") == "90% of matters done within 8 hours"
    assert Target(0.8).describe("day") == "80% of matters done within their own deadlines"


def test_ratio_verdicts_follow_the_interval():
    above = {"mean": 1.3, "ci_low": 1.2, "ci_high": 1.4}
    below = {"mean": 0.8, "ci_low": 0.7, "ci_high": 0.9}
    level = {"mean": 1.0, "ci_low": 0.95, "ci_high": 1.05}
    assert "1+1>2" in ratio_verdict("merged", above)
    assert "1+1<2" in ratio_verdict("merged", below)
    assert "no significant difference" in ratio_verdict("merged", level)


def test_sections_run_alone_keep_their_own_matters_people_and_skills():
    spec = separate_sections(3, 0.7)
    parts = section_parts(spec)
    assert list(parts) == ["S0", "S1", "S2"]
    alone = parts["S1"]
    assert [m.name for m in alone.matter_types] == ["t1"]
    assert [p.name for p in alone.structure.staff] == ["p1"]
    assert alone.structure.staff[0].skills == (("t1", 1.0),)
    assert total_rate(alone) == pytest.approx(0.7)


def test_an_office_whose_matters_cross_sections_cannot_be_split():
    with pytest.raises(SpecError, match="cannot be run on their own"):
        section_parts(permit_office())


def test_demand_and_deadlines_are_rescaled_for_every_type():
    spec = separate_sections(2, 0.5, deadline=None)
    assert total_rate(scale_demand(spec, 3.0)) == pytest.approx(3.0)
    assert {m.deadline for m in with_deadline(spec, 4.0).matter_types} == {4.0}
    assert with_deadline(spec, None) is spec


def test_staffing_a_walled_office_as_a_whole_skips_counts_that_leave_a_section_empty():
    from orgsim.experiments.staffing_search import StaffingSettings, staffing
    from orgsim.sim.streams import replication_seeds

    spec = separate_sections(2, 0.3, horizon=300.0, warmup=30.0)
    results, tried = staffing(
        {"two": spec}, replication_seeds(1, 2), StaffingSettings(Target(0.5, 20.0))
    )
    assert results["needed_staff"].tolist() == [2]
    assert tried.loc[tried["staff"] == 1, "overloaded"].all()
