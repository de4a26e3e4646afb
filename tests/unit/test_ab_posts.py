"""A/B post arrangements (none, pairs, chain, full) and when B-post holders step in."""

from __future__ import annotations

import dataclasses

import pytest

from orgsim.analysis.stats import t_interval
from orgsim.sim import SpecError, simulate
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import Absence
from orgsim.sim.streams import replication_seeds
from tests.helpers import same_metrics, separate_sections

ARRANGEMENTS = {
    "none": Reform("none"),
    "pairs": Reform("pairs", b_post_arrangement="pairs", b_post_speed=1.0, policy="ab"),
    "chain": Reform("chain", b_post_arrangement="chain", b_post_speed=1.0, policy="ab"),
    "full": Reform(
        "full", b_post_arrangement="full", b_post_speed=1.0, merge_units=True, policy="pooled"
    ),
}


def _specialists(n: int, load: float, horizon: float = 4000.0):
    """``n`` one-person sections whose people can do only their own section's work."""
    spec = separate_sections(n, load, horizon, horizon / 10)
    staff = tuple(
        dataclasses.replace(m, skills=((f"t{i}", 1.0),)) for i, m in enumerate(spec.structure.staff)
    )
    return dataclasses.replace(spec, structure=dataclasses.replace(spec.structure, staff=staff))


def _with(spec, reform):
    return dataclasses.replace(spec, structure=apply_reform(spec.structure, reform))


def test_a_chain_gets_most_of_the_benefit_of_full_cross_training():
    """Jordan & Graves (1995): two skills per person arranged as a long chain."""
    base = _specialists(6, 0.85)
    waits = {
        name: t_interval(
            [simulate(_with(base, r), s).metrics["wait_mean"] for s in replication_seeds(1, 6)]
        )
        for name, r in ARRANGEMENTS.items()
    }
    assert waits["none"].ci_low > waits["pairs"].ci_high
    assert waits["pairs"].ci_low > waits["chain"].ci_high
    assert waits["chain"].ci_low > waits["full"].ci_high
    gained = (waits["none"].mean - waits["chain"].mean) / (waits["none"].mean - waits["full"].mean)
    assert gained > 0.7


def test_arrangements_set_posts_and_skills():
    base = _specialists(3, 0.5)
    chain = apply_reform(base.structure, ARRANGEMENTS["chain"])
    assert [m.b_post for m in chain.staff] == ["S1", "S2", "S0"]
    assert dict(chain.staff[0].skills) == {"t0": 1.0, "t1": 1.0}
    pairs = apply_reform(base.structure, ARRANGEMENTS["pairs"])
    assert [m.b_post for m in pairs.staff] == ["S1", "S0", None]
    with pytest.raises(SpecError, match=r"structures\.x\.b_post_arrangement: unknown"):
        apply_reform(base.structure, Reform("x", b_post_arrangement="ring"))


def test_full_trains_everyone_in_their_units_work_at_the_b_post_speed():
    """docs/org-file.md, "B-post arrangements, exactly": what ``full`` does."""
    base = _specialists(4, 0.5)
    units = {"S0": "u", "S1": "u", "S2": "u", "S3": "alone"}
    staff = list(base.structure.staff)
    staff[0] = dataclasses.replace(staff[0], skills=(("t0", 1.0), ("t1", 1.5)))
    structure = dataclasses.replace(
        base.structure,
        sections=tuple(dataclasses.replace(s, unit=units[s.name]) for s in base.structure.sections),
        staff=tuple(staff),
    )
    full = apply_reform(structure, Reform("full", b_post_arrangement="full", b_post_speed=0.6))
    assert [m.b_post for m in full.staff] == ["S1", "S2", "S0", None]
    assert dict(full.staff[0].skills) == {"t0": 1.0, "t1": 1.5, "t2": 0.6}  # 1.5 kept
    assert dict(full.staff[1].skills) == {"t1": 1.0, "t0": 0.6, "t2": 0.6}
    assert dict(full.staff[3].skills) == {"t3": 1.0}  # a unit of one section: its own work
    chain = apply_reform(structure, Reform("chain", b_post_arrangement="chain", b_post_speed=0.6))
    assert dict(chain.staff[1].skills) == {"t1": 1.0, "t2": 0.6}  # only the B post's work


def test_b_post_only_when_the_a_holder_is_away():
    chained = _with(_specialists(3, 0.6, 3000.0), ARRANGEMENTS["chain"])
    strict = _specialists(3, 0.6, 3000.0)
    only_when_away = dataclasses.replace(
        chained, structure=dataclasses.replace(chained.structure, b_rule="a_absent")
    )
    assert same_metrics(simulate(only_when_away, 2).metrics, simulate(strict, 2).metrics)
    away = Absence(rate=0.02)
    covered = simulate(
        dataclasses.replace(
            only_when_away, structure=dataclasses.replace(only_when_away.structure, absence=away)
        ),
        2,
    ).metrics
    alone = simulate(
        dataclasses.replace(strict, structure=dataclasses.replace(strict.structure, absence=away)),
        2,
    ).metrics
    assert covered["blocked_by_absence_mean"] < 0.3 * alone["blocked_by_absence_mean"]


def test_b_post_only_past_a_queue_threshold():
    chained = _with(_specialists(3, 0.8, 3000.0), ARRANGEMENTS["chain"])

    def wait(rule: str, threshold: int = 1) -> float:
        structure = dataclasses.replace(chained.structure, b_rule=rule, b_threshold=threshold)
        spec = dataclasses.replace(chained, structure=structure)
        return simulate(spec, 3).metrics["wait_mean"]

    strict = simulate(_specialists(3, 0.8, 3000.0), 3).metrics["wait_mean"]
    assert wait("idle") < wait("threshold", 3) < wait("threshold", 10) < strict
