"""Random streams drawn in growing blocks give the values of one big draw."""

from __future__ import annotations

from itertools import islice

import numpy as np
import pytest

from orgsim.sim import ServiceTime
from orgsim.sim.distributions import sampler
from orgsim.sim.streams import BATCH_SIZE, FIRST_BATCH, batched

SERVICES = [
    ServiceTime("exponential", 2.5),
    ServiceTime("deterministic", 3.0),
    ServiceTime("lognormal", 1.5, 0.8),
    ServiceTime("gamma", 2.0, 1.7),  # shape below 1: another rejection method
    ServiceTime("gamma", 2.0, 0.4),
]


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: f"{s.distribution}-{s.cv}")
def test_blocks_do_not_change_the_values(service: ServiceTime) -> None:
    count = 3 * BATCH_SIZE + 5  # through the doubling blocks and several full ones
    whole = sampler(service, np.random.default_rng(11))(count).tolist()
    streamed = list(islice(batched(sampler(service, np.random.default_rng(11))), count))
    assert streamed == whole


def test_uniform_groups_straddle_blocks() -> None:
    """Transfers take several uniforms per matter; a group may span two blocks."""
    rng, again = np.random.default_rng(5), np.random.default_rng(5)
    draws = batched(lambda n: rng.random(3 * n)).__next__
    groups = [[draws() for _ in range(3)] for _ in range(FIRST_BATCH * 40)]
    assert np.array_equal(np.array(groups).ravel(), again.random(3 * FIRST_BATCH * 40))


def test_a_rarely_drawn_stream_holds_few_values() -> None:
    """A stream read once has drawn one small block, not ``BATCH_SIZE`` values."""
    asked: list[int] = []

    def draw(n: int) -> np.ndarray:
        asked.append(n)
        return np.zeros(n)

    next(batched(draw))
    assert asked == [FIRST_BATCH] and FIRST_BATCH < BATCH_SIZE
