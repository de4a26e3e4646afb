"""B-post search pieces: the chain's order and reasons, limits, and Jordan-Graves chains."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from orgsim.analysis.stats import t_interval
from orgsim.experiments.b_post_search import (
    BPostLimits,
    SearchSettings,
    allowed_sections,
    chain_order,
    local_search,
    metric_values,
    pattern_posts,
    section_loads,
    skills_learned,
    with_posts,
)
from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure
from orgsim.sim.streams import replication_seeds


def office(
    loads: list[float], per: int = 1, horizon: float = 3000.0, units: list[str] | None = None
) -> SimSpec:
    """One section per load, ``per`` people each who can do only their own section's work."""
    names = [f"t{i}" for i in range(len(loads))]
    units = units or ["office"] * len(loads)
    return SimSpec(
        tuple(
            MatterType(t, load * per, ServiceTime("exponential", 1.0))
            for t, load in zip(names, loads, strict=True)
        ),
        Structure(
            "current",
            tuple(Section(f"S{i}", (names[i],), units[i]) for i in range(len(loads))),
            tuple(
                StaffMember(f"p{i}_{k}", f"S{i}", ((names[i], 1.0),))
                for i in range(len(loads))
                for k in range(per)
            ),
        ),
        horizon,
        horizon / 10,
    )


def test_chain_puts_the_least_busy_section_before_the_busiest():
    spec = office([0.3, 0.9, 0.5, 0.7])
    assert section_loads(spec) == pytest.approx({"S0": 0.3, "S1": 0.9, "S2": 0.5, "S3": 0.7})
    assert chain_order(spec, ["S0", "S1", "S2", "S3"]) == ["S0", "S1", "S2", "S3"]
    posts, reasons = pattern_posts(spec, BPostLimits(), "chain")
    assert posts == {"p0_0": "S1", "p1_0": "S2", "p2_0": "S3", "p3_0": "S0"}
    assert reasons["p0_0"].startswith("links the least busy section (S0, load 0.30)")
    assert reasons["p3_0"].startswith("closes the chain")


def test_limits_keep_b_posts_in_the_unit_and_within_the_skills_budget():
    spec = office([0.5, 0.6, 0.7, 0.8], per=2, units=["u", "u", "v", "v"])
    assert allowed_sections(spec, "p0_0", BPostLimits()) == ["S1"]
    assert allowed_sections(spec, "p0_0", BPostLimits(same_unit=False)) == ["S1", "S2", "S3"]
    posts, _ = pattern_posts(spec, BPostLimits(), "chain")
    assert all(s is None or s[1] in "01" for p, s in posts.items() if p[1] in "01")
    assert skills_learned(spec, posts) == 8  # everyone learns their partner's one skill
    budget, _ = pattern_posts(spec, BPostLimits(most_new_skills=4), "chain")
    assert skills_learned(spec, budget) == 4
    # one person of every section gets the link before anyone gets a second one
    linked = {p[:2] for p, s in budget.items() if s is not None}
    assert linked == {"p0", "p1", "p2", "p3"}


def test_posts_build_the_engines_reform_with_skills_and_learning_curve():
    spec = office([0.5, 0.6])
    posts = {"p0_0": "S1", "p1_0": None}
    limits = BPostLimits(speed=0.7, learning_start=0.5, learning_matters=10)
    staff = {m.name: m for m in with_posts(spec, posts, limits, "x").structure.staff}
    assert staff["p0_0"].b_post == "S1" and dict(staff["p0_0"].skills)["t1"] == 0.7
    assert staff["p0_0"].learning == ("t1",) and staff["p1_0"].b_post is None
    built = with_posts(spec, posts, limits, "x").structure
    assert built.policy == "ab" and built.learning_start == 0.5


def test_long_chain_beats_pairs_and_dedicated_posts_jordan_graves():
    """Six one-person sections at load 0.85 (Jordan and Graves 1995): one long chain of
    B posts waits less than pairs, and pairs less than dedicated posts, with the same
    number of new skills for chain and pairs (paired on common random numbers)."""
    spec = office([0.85] * 6)
    limits = BPostLimits(speed=1.0)
    seeds = replication_seeds(13, 6)
    waits = {}
    for pattern in ("chain", "pairs", "dedicated"):
        posts, _ = pattern_posts(spec, limits, pattern)
        waits[pattern] = metric_values(with_posts(spec, posts, limits, pattern), seeds, "wait_mean")
    assert skills_learned(spec, pattern_posts(spec, limits, "chain")[0]) == 6
    assert skills_learned(spec, pattern_posts(spec, limits, "pairs")[0]) == 6
    assert t_interval(waits["pairs"] - waits["chain"]).ci_low > 0
    assert t_interval(waits["dedicated"] - waits["pairs"]).ci_low > 0


def test_search_does_not_depend_on_the_order_of_the_staff_list():
    spec = office([0.4, 0.9, 0.6, 0.8], per=2, horizon=400.0)
    shuffled = dataclasses.replace(
        spec,
        structure=dataclasses.replace(spec.structure, staff=tuple(reversed(spec.structure.staff))),
    )
    settings = SearchSettings(BPostLimits(most_new_skills=6), evaluations=6, band=0.01)
    seeds = replication_seeds(5, 2)
    found = []
    for s in (spec, shuffled):
        start, reasons = pattern_posts(s, settings.limits, "chain")
        found.append(local_search(s, seeds, settings, start, reasons).posts)
    assert found[0] == found[1]
    assert skills_learned(spec, found[0]) <= 6


def test_search_takes_away_b_posts_that_make_no_difference():
    spec = office([0.05] * 4, per=2, horizon=1000.0)
    settings = SearchSettings(BPostLimits(), evaluations=20, band=1 / 60)
    start, reasons = pattern_posts(spec, settings.limits, "chain")
    found = local_search(spec, replication_seeds(3, 3), settings, start, reasons)
    assert all(s is None for s in found.posts.values())
    assert all("made no practical difference" in reasons for reasons in found.reasons.values())
    assert np.isfinite(found.mean)


def test_a_slow_learning_curve_makes_new_b_posts_help_less():
    spec = office([0.85] * 4, horizon=1500.0)
    seeds = replication_seeds(21, 5)
    waits = {}
    for name, limits in {
        "learned": BPostLimits(speed=1.0),
        "learning": BPostLimits(speed=1.0, learning_start=0.1, learning_matters=200),
    }.items():
        posts, _ = pattern_posts(spec, limits, "chain")
        waits[name] = metric_values(with_posts(spec, posts, limits, name), seeds, "wait_mean")
    assert t_interval(waits["learning"] - waits["learned"]).ci_low > 0
