"""Capacity and staffing searches against closed-form M/M/c response-time theory.

Each part of four one-person sections (μ = 1) meets "90% within 8 hours" up to
λ = 1 - ln(10)/8 = 0.712; the merged M/M/4 section up to 3.688 in all; the ratio of
merged to the sum of the parts is 1.295. The searched capacities are per replication,
so their 99% t-interval must cover those values (and be narrow enough to fail).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from orgsim.analysis.queueing_theory import mmc_capacity, mmc_response_within
from orgsim.analysis.stats import t_interval
from orgsim.experiments.capacity_search import CapacitySettings, capacity_of
from orgsim.experiments.search import Target
from orgsim.experiments.staffing_search import StaffingSettings, staffing
from orgsim.sim.parts import section_parts
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.streams import replication_seeds
from tests.helpers import separate_sections
from tests.validation.conftest import CONFIDENCE

TARGET = Target(share=0.9, deadline=8.0)


def _offices(horizon: float) -> tuple:
    separate = separate_sections(4, 0.8, horizon, horizon / 10)
    merged = dataclasses.replace(
        separate,
        structure=apply_reform(
            separate.structure,
            Reform("merged", merge={"big": ("S0", "S1", "S2", "S3")}, policy="pooled"),
        ),
    )
    return separate, merged


def test_the_theory_functions_agree_with_the_m_m_1_closed_form():
    assert mmc_capacity(1, 1.0, 8.0, 0.9) == pytest.approx(1 - math.log(10) / 8, rel=1e-9)
    assert mmc_response_within(1, 0.5, 1.0, 2.0) == pytest.approx(1 - math.exp(-1.0))
    assert mmc_response_within(4, 3.688444, 1.0, 8.0) == pytest.approx(0.9, abs=1e-5)


def test_searched_capacities_cover_the_m_m_c_theory():
    separate, merged = _offices(horizon=4000.0)
    part = section_parts(separate)["S0"]
    settings = CapacitySettings(TARGET, tolerance=0.005)
    seeds = replication_seeds(7, 10)
    parts = np.array([capacity_of(part, seed, settings)[0] for seed in seeds])
    whole = np.array([capacity_of(merged, seed, settings)[0] for seed in seeds])
    one = t_interval(parts, CONFIDENCE)
    big = t_interval(whole, CONFIDENCE)
    ratio = t_interval(whole / (4 * parts), CONFIDENCE)
    assert one.ci_low <= mmc_capacity(1, 1.0, 8.0, 0.9) <= one.ci_high, one
    assert big.ci_low <= mmc_capacity(4, 1.0, 8.0, 0.9) <= big.ci_high, big
    theory_ratio = mmc_capacity(4, 1.0, 8.0, 0.9) / (4 * mmc_capacity(1, 1.0, 8.0, 0.9))
    assert ratio.ci_low <= theory_ratio <= ratio.ci_high, ratio
    assert one.half_width < 0.05 and big.half_width < 0.15 and ratio.ci_low > 1


def test_staffing_search_finds_the_counts_theory_gives():
    # 80% within 4 hours at 0.8 per section: one person 55%, two 97%; merged at 3.2 in
    # all: three people are overloaded, four do 91.5% (margins far beyond the noise).
    separate, merged = _offices(horizon=3000.0)
    settings = StaffingSettings(Target(0.8, 4.0), per_section=True)
    results, tried = staffing(
        {"separate": separate, "merged": merged}, replication_seeds(3, 6), settings
    )
    needed = dict(zip(results["section"], results["needed_staff"], strict=True))
    assert needed == {"S0": 2, "S1": 2, "S2": 2, "S3": 2, "big": 4}
    assert mmc_response_within(1, 0.8, 1.0, 4.0) < 0.8 < mmc_response_within(2, 0.8, 1.0, 4.0)
    merged_rows = tried[tried["section"] == "big"]
    assert merged_rows.loc[merged_rows["staff"] == 3, "overloaded"].all()
