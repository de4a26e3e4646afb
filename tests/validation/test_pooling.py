"""Pooling at load 0.8, service rate 1: four one-person sections vs one merged section."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from orgsim.analysis.stats import paired_differences, t_interval
from orgsim.sim import Organization
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.streams import replication_seeds
from tests.helpers import separate_sections
from tests.validation.conftest import CONFIDENCE


def _pooling(horizon: float, replications: int) -> pd.DataFrame:
    separate = separate_sections(4, 0.8, horizon, horizon / 10)
    merged_structure = apply_reform(
        separate.structure,
        Reform("merged", merge={"big": ("S0", "S1", "S2", "S3")}, policy="pooled"),
    )
    merged = dataclasses.replace(separate, structure=merged_structure)
    rows = []
    for i, seed in enumerate(replication_seeds(44, replications)):
        for name, spec in (("separate", separate), ("merged", merged)):
            metrics = Organization(spec, seed).run().metrics
            rows.append({"structure": name, "replication": i, **metrics})
    return pd.DataFrame(rows)


def _check(table: pd.DataFrame) -> None:
    separate = t_interval(table.loc[table.structure == "separate", "wait_mean"], CONFIDENCE)
    merged = t_interval(table.loc[table.structure == "merged", "wait_mean"], CONFIDENCE)
    assert separate.ci_low <= 4.0 <= separate.ci_high, separate
    assert merged.ci_low <= 0.7455 <= merged.ci_high, merged
    assert separate.half_width < 0.5 and merged.half_width < 0.1
    difference = paired_differences(table, "separate", ["wait_mean"], CONFIDENCE).iloc[0]
    assert difference["ci_high"] < 0, "merging must cut the mean wait here"
    assert difference["ci_low"] <= 0.7455 - 4.0 <= difference["ci_high"]


def test_four_sections_vs_one_merged_section(run_size):
    _check(_pooling(*run_size))


@pytest.mark.slow
def test_four_sections_vs_one_merged_section_long(run_size):
    _check(_pooling(*run_size))
