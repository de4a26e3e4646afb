"""Statistics helpers, streaming quantiles, samplers, capacity, Gini."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from orgsim.analysis.stats import paired_differences, t_interval
from orgsim.sim import ServiceTime, required_utilisation
from orgsim.sim.distributions import sampler
from orgsim.sim.quantiles import BUFFER_SIZE, StreamingQuantiles
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.results import gini
from tests.helpers import mmc_spec, separate_sections


def test_t_interval_matches_scipy():
    x = np.random.default_rng(1).normal(3.0, 2.0, 12)
    low, high = stats.t.interval(0.95, 11, loc=x.mean(), scale=stats.sem(x))
    interval = t_interval(x)
    assert interval.ci_low == pytest.approx(low) and interval.ci_high == pytest.approx(high)
    assert interval.n == 12


def test_paired_differences_are_tighter_than_unpaired():
    rng = np.random.default_rng(2)
    common = rng.normal(10, 3, 20)
    rows = [{"structure": "a", "replication": i, "m": v} for i, v in enumerate(common)]
    rows += [
        {"structure": "b", "replication": i, "m": v - 1 + rng.normal(0, 0.1)}
        for i, v in enumerate(common)
    ]
    table = pd.DataFrame(rows)
    diff = paired_differences(table, "a", ["m"]).iloc[0]
    assert diff["ci_low"] < -1 < diff["ci_high"] and diff["significant"]
    assert diff["half_width"] < 0.1 * t_interval(common).half_width


def test_streaming_quantiles_exact_before_folding_and_close_after():
    rng = np.random.default_rng(3)
    small = StreamingQuantiles()
    values = rng.exponential(2.0, 1000)
    for v in values:
        small.add(float(v))
    _, _, mean, q = small.summary((0.5, 0.9))
    assert q == pytest.approx(np.quantile(values, (0.5, 0.9)).tolist())
    assert mean == pytest.approx(values.mean())
    big = StreamingQuantiles()
    values = np.concatenate([np.zeros(BUFFER_SIZE), rng.lognormal(0, 2, 3 * BUFFER_SIZE)])
    rng.shuffle(values)
    for v in values:
        big.add(float(v))
    count, positive, mean, q = big.summary((0.1, 0.5, 0.9, 0.95))
    assert count == values.size and positive == int(np.sum(values > 0))
    assert mean == pytest.approx(values.mean())
    assert q[0] == 0.0
    exact = np.quantile(values, (0.5, 0.9, 0.95))
    assert np.allclose(q[1:], exact, rtol=0.006)


@pytest.mark.parametrize(
    "service",
    [
        ServiceTime("exponential", 2.0),
        ServiceTime("deterministic", 2.0),
        ServiceTime("lognormal", 2.0, 0.5),
        ServiceTime("gamma", 2.0, 1.8),
    ],
)
def test_samplers_have_the_stated_mean_and_cv(service):
    x = sampler(service, np.random.default_rng(4))(400_000)
    assert x.mean() == pytest.approx(2.0, rel=0.02)
    assert x.std() / x.mean() == pytest.approx(service.coefficient_of_variation, abs=0.03)


def test_required_utilisation():
    assert required_utilisation(mmc_spec(4, 0.8)) == pytest.approx(0.8)
    spec = separate_sections(3, 0.5)
    rates = (0.2, 0.5, 0.8)
    spec = dataclasses.replace(
        spec,
        matter_types=tuple(
            dataclasses.replace(m, arrival_rate=r)
            for m, r in zip(spec.matter_types, rates, strict=True)
        ),
    )
    assert required_utilisation(spec) == pytest.approx(0.8)  # walls: the busiest section
    names = tuple(s.name for s in spec.structure.sections)
    merged = apply_reform(spec.structure, Reform("m", merge={"M": names}, policy="pooled"))
    assert required_utilisation(dataclasses.replace(spec, structure=merged)) == pytest.approx(0.5)


def test_gini():
    assert gini(np.array([0.5, 0.5, 0.5])) == 0.0
    assert gini(np.array([0.0, 0.0, 1.0])) == pytest.approx(2 / 3)


def test_holm_adjustment_matches_the_textbook_example():
    from orgsim.analysis.stats import holm

    # p = 0.01, 0.04, 0.03, 0.005 -> sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1
    adjusted = holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted.tolist() == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm([0.5, 0.9]).tolist() == pytest.approx([1.0, 1.0])


def test_paired_p_values_match_scipy_and_are_holm_adjusted():
    rng = np.random.default_rng(7)
    base = rng.normal(10, 2, 15)
    rows = [{"structure": "a", "replication": i, "m": v} for i, v in enumerate(base)]
    for name, shift in (("b", -0.5), ("c", 0.05)):
        rows += [
            {"structure": name, "replication": i, "m": v + shift + rng.normal(0, 0.5)}
            for i, v in enumerate(base)
        ]
    table = pd.DataFrame(rows)
    result = paired_differences(table, "a", ["m"]).set_index("structure")
    for name in ("b", "c"):
        expected = stats.ttest_rel(table[table.structure == name].m, base).pvalue
        assert result.at[name, "p_value"] == pytest.approx(expected)
    smaller, larger = sorted(result.p_value)
    assert sorted(result.p_holm) == pytest.approx([2 * smaller, max(2 * smaller, larger)])
    assert (result.p_holm >= result.p_value).all()


def test_replications_needed_for_a_half_width():
    from orgsim.analysis.stats import replications_needed

    pilot = np.random.default_rng(8).normal(5, 1, 10)
    n = replications_needed(pilot, 0.2)
    s = pilot.std(ddof=1)
    assert stats.t.ppf(0.975, n - 1) * s / np.sqrt(n) <= 0.2
    assert stats.t.ppf(0.975, n - 2) * s / np.sqrt(n - 1) > 0.2
    assert replications_needed(pilot, 100.0) == 10


def test_welch_moving_average():
    from orgsim.analysis.stats import welch_average

    series = np.array([[0.0, 2.0, 4.0, 6.0, 8.0], [2.0, 2.0, 4.0, 6.0, 8.0]])
    # mean: 1, 2, 4, 6, 8; window 1: first and last stay, inner points average 3 values
    assert welch_average(series, 1).tolist() == pytest.approx([1.0, 7 / 3, 4.0, 6.0, 8.0])
