"""Named random streams from one integer seed.

Each role (arrivals, work content, ties, ...) and each matter type gets its own
``numpy.random.Generator`` spawned from ``SeedSequence(seed)`` with a stable key, so the
demand a seed produces does not depend on the structure that serves it: two structures
run with one seed see identical matters (common random numbers).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

import numpy as np

#: Roles in the order their streams were introduced; a new role goes at the end, so the
#: streams of the others (and every seed's results) stay as they were.
ROLES: tuple[str, ...] = (
    "arrivals",
    "work",
    "ties",
    "absences",
    "learning",
    "mesa",
    "transfers",
    "rework",
)

BATCH_SIZE = 4096
#: The first block of a stream; blocks double up to ``BATCH_SIZE``.
FIRST_BATCH = 16


def _key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, role: str, name: str = "") -> np.random.Generator:
    """The generator for ``role`` (and optionally a named item such as a matter type)."""
    if role not in ROLES:
        raise KeyError(f"unknown random stream role {role!r}; known: {ROLES}")
    spawn_key = (ROLES.index(role), _key(name))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=spawn_key))


def replication_seeds(base_seed: int, replications: int) -> list[int]:
    """One independent integer seed per replication, derived from ``base_seed``."""
    children = np.random.SeedSequence(base_seed).spawn(replications)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def batched(draw: Callable[[int], np.ndarray]) -> Iterator[float]:
    """Yield floats from ``draw(n)`` called in blocks: vectorised draws, scalar use.

    Blocks start small and double: a big office has thousands of rarely drawn streams
    (each person's absences), which would otherwise hold ``BATCH_SIZE`` values each. The
    values do not depend on the block sizes: numpy's generators draw element by element.
    """
    size = FIRST_BATCH
    while True:
        yield from draw(size).tolist()
        size = min(2 * size, BATCH_SIZE)
