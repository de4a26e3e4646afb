"""'1+1>2', quantified: how much demand can a structure carry within a deadline target?

The capacity of a structure is the largest total arrival rate (all matter types scaled
together) at which it still meets the target, e.g. 90% of matters within 8 hours. It is
found by bisection, separately in every replication (the same seed at every rate, so
the attainment curve is monotone up to noise), which gives one capacity per replication
and an honest t-interval across them.

The *capacity index* of a structure is its capacity over that of the *walled office*:
the baseline's sections side by side, each carrying only its own matters, with demand
scaled together at the same mix until the office as a whole misses the target. Walled
sections side by side are therefore exactly 1+1=2 whatever their loads, and an index
above 1 (per replication, with its interval) is "1+1>2". The *sum of parts* (each
section alone pushed to its own limit, then added up) stays as a second figure: it is
what the sections could carry if demand could be shifted to match each one's limit,
so it exceeds the walled office whenever the loads are uneven.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from orgsim.analysis.search_tables import PART, SUM_OF_PARTS, WALLED
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, t_interval
from orgsim.experiments.progress import bar
from orgsim.experiments.search import Target, attainment, attainments, largest_passing
from orgsim.sim import SimSpec
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.parts import scale_demand, section_parts, total_rate, walled_office, with_deadline


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
    """The baseline's sections alone (``part:NAME``), the walled office, every structure."""
    parts = {f"{PART}{name}": spec for name, spec in section_parts(specs[baseline]).items()}
    return {**parts, WALLED: walled_office(specs[baseline]), **specs}


def _kind(entity: str) -> str:
    if entity.startswith(PART):
        return "part"
    return "walled" if entity == WALLED else "structure"


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
                "kind": _kind(entity),
                "capacity": rate,
                "limit": limit,
            }
        )
    return pd.DataFrame(rows)


def _structures(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table.loc[table["kind"] == "structure", "entity"]))


def per_replication(table: pd.DataFrame) -> pd.DataFrame:
    """Replications as rows; the parts, their sum, the walled office, structures as columns."""
    wide = table.pivot(index="replication", columns="entity", values="capacity")
    parts = [c for c in wide.columns if str(c).startswith(PART)]
    wide[SUM_OF_PARTS] = wide[parts].sum(axis=1)
    walled = [WALLED] if WALLED in wide.columns else []
    return wide[[*parts, SUM_OF_PARTS, *walled, *_structures(table)]]


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


def capacity_indexes(table: pd.DataFrame, confidence: float = DEFAULT_CONFIDENCE) -> pd.DataFrame:
    """Each structure's capacity over the walled office's, per replication, with intervals.

    A structure identical to the walled office is searched with the same seeds, so its
    index is exactly 1 in every replication.
    """
    wide = per_replication(table)
    walled = wide[WALLED].replace(0.0, np.nan)
    return pd.DataFrame(
        [
            {
                "structure": structure,
                **t_interval((wide[structure] / walled).to_numpy(), confidence).as_dict(),
            }
            for structure in _structures(table)
        ]
    )


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
