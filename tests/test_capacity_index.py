"""The capacity index: a structure against the walled office at the same demand mix.

Unevenly loaded walled sections rated against the sum of each part's own capacity look
like "1+1<2"; against the walled office (the same sections side by side, demand grown
together) they are exactly 1+1=2, replication by replication.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from orgsim.analysis.search_tables import SUM_OF_PARTS, WALLED, index_verdict
from orgsim.experiments.capacity_search import (
    CapacitySettings,
    capacities,
    capacity_indexes,
    summarise_capacities,
)
from orgsim.experiments.search import Target
from orgsim.sim.parts import walled_office
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.spec import SpecError, Step
from orgsim.sim.streams import replication_seeds
from tests.helpers import separate_sections

SETTINGS = CapacitySettings(Target(0.9, 8.0), tolerance=0.02)


def _uneven() -> tuple:
    """Three one-person sections loaded 0.2, 0.5 and 0.8, and the three merged."""
    office = separate_sections(3, 0.5, horizon=600.0, warmup=60.0)
    loads = (0.2, 0.5, 0.8)
    office = dataclasses.replace(
        office,
        matter_types=tuple(
            dataclasses.replace(m, arrival_rate=load)
            for m, load in zip(office.matter_types, loads, strict=True)
        ),
    )
    merged = dataclasses.replace(
        office,
        structure=apply_reform(
            office.structure, Reform("merged", merge={"all": ("S0", "S1", "S2")}, policy="pooled")
        ),
    )
    return walled_office(office), merged


def test_walling_a_walled_office_changes_nothing():
    walled, _ = _uneven()
    assert walled_office(walled) == walled
    assert all(m.b_post is None for m in walled.structure.staff)
    assert [dict(m.skills).keys() for m in walled.structure.staff] == [{"t0"}, {"t1"}, {"t2"}]


def test_unevenly_loaded_walled_sections_are_exactly_one_plus_one_is_two():
    walled, merged = _uneven()
    specs = {"walled": walled, "merged": merged}
    table = capacities(specs, "walled", replication_seeds(5, 4), SETTINGS, progress=False)
    indexes = capacity_indexes(table).set_index("structure")
    assert indexes.at["walled", "mean"] == 1.0
    assert indexes.at["walled", "ci_low"] == 1.0 == indexes.at["walled", "ci_high"]
    assert "no significant difference (1+1=2)" in index_verdict("walled", indexes.loc["walled"])
    wide = table.pivot(index="replication", columns="entity", values="capacity")
    assert np.array_equal(wide["walled"], wide[WALLED])
    # The second figure: the parts each pushed to their own limit add up to more than
    # the walled office carries at its own uneven mix, so that ratio is below 1.
    summary, ratios = summarise_capacities(table)
    by_entity = summary.set_index("entity")
    assert by_entity.at[SUM_OF_PARTS, "mean"] > by_entity.at[WALLED, "mean"]
    assert ratios.set_index("structure").at["walled", "mean"] < 1
    # Pooling the three sections beats the walled office at the same mix.
    assert indexes.at["merged", "ci_low"] > 1


def test_a_matter_crossing_sections_cannot_be_walled():
    walled, _ = _uneven()
    first = walled.matter_types[0]
    crossing = dataclasses.replace(first, steps=(Step("t0"), Step("t1")))
    spec = dataclasses.replace(walled, matter_types=(crossing, *walled.matter_types[1:]))
    with pytest.raises(SpecError, match="cannot be run on their own"):
        walled_office(spec)
