"""'1+1>2', quantified: how much demand can a structure carry within a deadline target?

The capacity of a structure is the largest total arrival rate (all matter types scaled
together) at which it still meets the target, e.g. 90% of matters within 8 hours. It is
found by bisection, separately in every replication (the same seed at every rate, so
the attainment curve is monotone up to noise), which gives one capacity per replication
and an honest t-interval across them. The parts are the sections of the baseline, each
run alone with its own people and matters; the ratio ``merged / sum of parts`` per
replication says whether the whole carries more than its parts (ratio > 1) or less.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from orgsim.analysis.search_tables import PART, SUM_OF_PARTS
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, t_interval
from orgsim.experiments.progress import bar
from orgsim.experiments.search import Target, attainment, attainments, largest_passing
from orgsim.sim import SimSpec
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.parts import scale_demand, section_parts, total_rate, with_deadline


@dataclass(frozen=True)
class CapacitySettings:
    """The target, the bisection tolerance (share of the stability limit) and the curve."""

    target: Target
    tolerance: float = 0.01
    curve_points: int = 8


def stability_scale(spec: SimSpec) -> float:
    """Demand multiplier at which the staff would be busy all the time (load 1)."""
    return 1.0 / required_utilisation(spec)


def capacity_of(spec: SimSpec, seed: int, settings: CapacitySettings) -> tuple[float, str]:
    """Largest total arrival rate meeting the target in replication ``seed``, and its limit."""
    spec = with_deadline(spec, settings.target.deadline)

    def passes(scale: float) -> bool:
        return attainment(scale_demand(spec, scale), seed) >= settings.target.share

    scale, limit = largest_passing(passes, stability_scale(spec), settings.tolerance)
    return total_rate(scale_demand(spec, scale)) if scale > 0 else 0.0, limit


def entities(specs: dict[str, SimSpec], baseline: str) -> dict[str, SimSpec]:
    """The baseline's sections run alone (``part:NAME``), then every structure whole."""
    parts = {f"{PART}{name}": spec for name, spec in section_parts(specs[baseline]).items()}
    return {**parts, **specs}


def capacities(
    specs: dict[str, SimSpec],
    baseline: str,
    seeds: list[int],
    settings: CapacitySettings,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per (replication, entity): capacity and what limits it."""
    rows = []
    searched = entities(specs, baseline)
    searches = [
        (replication, seed, entity, spec)
        for replication, seed in enumerate(seeds)
        for entity, spec in searched.items()
    ]
    for replication, seed, entity, spec in bar(
        searches, len(searches), "capacity searches", progress
    ):
        rate, limit = capacity_of(spec, seed, settings)
        rows.append(
            {
                "replication": replication,
                "seed": seed,
                "entity": entity,
                "kind": "part" if entity.startswith(PART) else "structure",
                "capacity": rate,
                "limit": limit,
            }
        )
    return pd.DataFrame(rows)


def _structures(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table.loc[table["kind"] == "structure", "entity"]))


def per_replication(table: pd.DataFrame) -> pd.DataFrame:
    """Replications as rows, entities and the sum of parts as columns."""
    wide = table.pivot(index="replication", columns="entity", values="capacity")
    parts = [c for c in wide.columns if str(c).startswith(PART)]
    wide[SUM_OF_PARTS] = wide[parts].sum(axis=1)
    return wide[[*parts, SUM_OF_PARTS, *_structures(table)]]


def summarise_capacities(
    table: pd.DataFrame, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Capacity per entity and ratio of each structure to the sum of parts, with intervals."""
    wide = per_replication(table)
    limits = table.groupby("entity")["limit"].agg(lambda s: ", ".join(sorted(set(s))))
    rows = []
    for entity in wide.columns:
        interval = t_interval(wide[entity].to_numpy(), confidence)
        rows.append({"entity": entity, **interval.as_dict(), "limit": limits.get(entity, "")})
    ratios = []
    for structure in _structures(table):
        ratio = wide[structure] / wide[SUM_OF_PARTS].replace(0.0, np.nan)
        ratios.append(
            {"structure": structure, **t_interval(ratio.to_numpy(), confidence).as_dict()}
        )
    return pd.DataFrame(rows), pd.DataFrame(ratios)


def attainment_curve(
    specs: dict[str, SimSpec],
    seeds: list[int],
    settings: CapacitySettings,
    highest: float,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Attainment of every structure over a grid of total arrival rates up to ``highest``."""
    rows: list[dict[str, object]] = []
    for name, spec in bar(specs.items(), len(specs), "attainment curves", progress):
        spec = with_deadline(spec, settings.target.deadline)
        base = total_rate(spec)
        for rate in np.linspace(highest / settings.curve_points, highest, settings.curve_points):
            values = attainments(scale_demand(spec, rate / base), seeds)
            rows.extend(
                {"structure": name, "arrival_rate": rate, "replication": r, "attainment": v}
                for r, v in enumerate(values)
            )
    return pd.DataFrame(rows)
