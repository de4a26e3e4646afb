"""The capacity index against M/M/c theory in the symmetric case.

Four one-person sections (μ = 1) at equal loads: the walled office fails "90% within
8 hours" when each section does, at 4 × 0.712 = 2.849 in all, so its capacity equals the
sum of the parts, and the merged M/M/4 section's index is 3.688 / 2.849 = 1.295, the
same as its ratio to the sum of parts (tests/validation/test_capacity.py).
"""

from __future__ import annotations

import numpy as np

from orgsim.analysis.queueing_theory import mmc_capacity
from orgsim.analysis.stats import t_interval
from orgsim.experiments.capacity_search import CapacitySettings, capacity_of
from orgsim.sim.parts import walled_office
from orgsim.sim.streams import replication_seeds
from tests.validation.conftest import CONFIDENCE
from tests.validation.test_capacity import TARGET, _offices


def test_the_walled_office_and_the_index_cover_the_m_m_c_theory():
    separate, merged = _offices(horizon=4000.0)
    walled = walled_office(separate)
    settings = CapacitySettings(TARGET, tolerance=0.005)
    seeds = replication_seeds(7, 10)
    walls = np.array([capacity_of(walled, seed, settings)[0] for seed in seeds])
    whole = np.array([capacity_of(merged, seed, settings)[0] for seed in seeds])
    walled_interval = t_interval(walls, CONFIDENCE)
    index = t_interval(whole / walls, CONFIDENCE)
    one = mmc_capacity(1, 1.0, 8.0, 0.9)
    assert walled_interval.ci_low <= 4 * one <= walled_interval.ci_high, walled_interval
    theory_index = mmc_capacity(4, 1.0, 8.0, 0.9) / (4 * one)
    assert index.ci_low <= theory_index <= index.ci_high, index
    assert index.ci_low > 1 and walled_interval.half_width < 0.15
