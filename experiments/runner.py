"""Run independent replications of several structures under common random numbers."""

from __future__ import annotations

import pandas as pd

from orgsim.experiments.progress import bar
from orgsim.sim import Organization, Results, SimSpec
from orgsim.sim.streams import replication_seeds


def _run(
    spec: SimSpec, seed: int, stepped: bool, switch: tuple[float, SimSpec] | None = None
) -> Results:
    model = Organization(spec, seed, switch=switch)
    if not stepped:
        return model.run()
    while model.running:
        model.step()
    return model.results()


def run_replications(
    specs: dict[str, SimSpec],
    base_seed: int,
    replications: int,
    timeseries: bool = False,
    reform_at: float | None = None,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Run every structure once per replication seed.

    Args:
        specs: structure name -> spec; all share the demand.
        base_seed: the seed the replication seeds derive from.
        replications: how many.
        timeseries: step the models one time unit at a time and keep their time series
            (slower; the metrics are the same).
        reform_at: if given, every structure but the first (the baseline) starts as the
            baseline and takes effect at this time, in the same run.
        progress: show a progress bar (None: only at a terminal, outside CI).

    Returns:
        A per-replication table (one row per structure and replication, one column per
        metric), a per-staff utilisation table, and the time series (or None).
    """
    rows: list[dict[str, object]] = []
    staff_rows: list[dict[str, object]] = []
    series: list[pd.DataFrame] = []
    baseline = next(iter(specs))
    seeds = replication_seeds(base_seed, replications)
    for replication, seed in bar(enumerate(seeds), len(seeds), "replications", progress):
        for name, spec in specs.items():
            if reform_at is not None and name != baseline:
                results = _run(specs[baseline], seed, timeseries, (reform_at, spec))
            else:
                results = _run(spec, seed, timeseries)
            if results.timeseries is not None:
                series.append(results.timeseries.assign(structure=name, replication=replication))
            rows.append(
                {"structure": name, "replication": replication, "seed": seed, **results.metrics}
            )
            section_of = {m.name: m.section for m in spec.structure.staff}
            staff_rows.extend(
                {
                    "structure": name,
                    "replication": replication,
                    "staff": who,
                    "section": section_of[who],
                    "utilisation": utilisation,
                }
                for who, utilisation in results.staff_utilisation.items()
            )
    table = pd.concat(series, ignore_index=True) if series else None
    return pd.DataFrame(rows), pd.DataFrame(staff_rows), table
