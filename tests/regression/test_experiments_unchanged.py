"""Seeded regression test: every shipped experiment gives the numbers recorded for its seed.

Labelled as what it is: not a check against theory (tests/validation does that), but a
guard that restructuring the code leaves every result as it was. Tables are compared
value by value with a relative tolerance of 1e-9, tight enough that any change in the
simulation shows, loose enough for the last bits of a newer numeric library.
"""

from __future__ import annotations

import json
import math

import pytest

from tests.regression.experiments import experiments, recorded_path
from tests.regression.record import run


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (a != a and b != b)
    if isinstance(a, int) and isinstance(b, float):
        return _same(b, a)
    return a == b


def _differences(expected: list[dict], actual: list[dict]) -> list[str]:
    if len(expected) != len(actual):
        return [f"{len(actual)} rows, recorded {len(expected)}"]
    out = []
    for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
        if want.keys() != got.keys():
            out.append(f"row {i}: columns {sorted(set(want) ^ set(got))} differ")
            continue
        out += [
            f"row {i} ({got.get('structure', '')}) {key}: {got[key]!r}, recorded {want[key]!r}"
            for key in want
            if not _same(want[key], got[key])
        ]
    return out


@pytest.mark.parametrize(
    "experiment",
    [  # the city (3,000 people) takes half a minute even shortened: with -m slow
        pytest.param(e, marks=pytest.mark.slow) if e == "city" else e for e in experiments()
    ],
)
def test_experiment_gives_the_recorded_numbers(experiment, tmp_path):
    tables = run(experiment, tmp_path)
    assert tables, "the experiment wrote no per-replication table"
    for table, records in tables.items():
        path = recorded_path(experiment, table)
        assert path.exists(), f"nothing recorded for {path.name}: python -m tests.regression.record"
        differences = _differences(json.loads(path.read_text()), records)
        assert not differences, f"{experiment} {table}:\n" + "\n".join(differences[:20])
