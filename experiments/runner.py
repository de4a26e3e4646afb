"""Run independent replications of several structures under common random numbers.

Replications are independent, so they are spread over the local cores (joblib's loky
processes); each one is a pure function of its seed and the results are gathered in
replication order, so a parallel run is bit-identical to a serial one. Short runs stay in
this process: starting a worker costs about as much as a second of simulation.

Memory stays flat in the number of replications: a finished model is freed before the next
one starts (see :func:`freed_after`) and a replication leaves only its tables behind.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import pandas as pd
from joblib import Parallel, delayed

from orgsim.experiments.event_log_out import EventLogWriter
from orgsim.experiments.progress import bar
from orgsim.sim import Organization, Results, SimSpec
from orgsim.sim.results import fill_optional
from orgsim.sim.streams import replication_seeds

#: Below this many expected matters in the whole run, replications run in this process.
PARALLEL_FROM_MATTERS = 300_000


@contextmanager
def freed_after() -> Iterator[None]:
    """Free the garbage of the block (a finished model) when it ends.

    A model is a web of reference cycles (SimPy processes and Mesa agents point back at it),
    so it outlives its run until a full garbage collection, which Python starts rarely:
    several models and their random-number buffers then pile up, and memory grows with the
    replications. A full collection over the whole heap takes about 0.1 s, so the objects
    from before the block are frozen (left out) and only the block's own are scanned.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def _run(
    spec: SimSpec,
    seed: int,
    stepped: bool,
    switch: tuple[float, SimSpec] | None = None,
    event_log: bool = False,
) -> Results:
    with freed_after():
        return _simulate(spec, seed, stepped, switch, event_log)


def _simulate(
    spec: SimSpec,
    seed: int,
    stepped: bool,
    switch: tuple[float, SimSpec] | None,
    event_log: bool = False,
) -> Results:
    model = Organization(spec, seed, switch=switch, event_log=event_log)
    if not stepped:
        return model.run()
    while model.running:
        model.step()
    return model.results()


@dataclass
class Replication:
    """The tables of one replication of every structure."""

    rows: list[dict[str, object]] = field(default_factory=list)
    staff: list[pd.DataFrame] = field(default_factory=list)
    series: list[pd.DataFrame] = field(default_factory=list)
    events: list[pd.DataFrame] = field(default_factory=list)  # with ``event_log``


def run_one(
    specs: dict[str, SimSpec],
    replication: int,
    seed: int,
    timeseries: bool,
    reform_at: float | None,
    event_log: bool = False,
) -> Replication:
    """Replication ``replication`` (seed ``seed``) of every structure in ``specs``."""
    out = Replication()
    baseline = next(iter(specs))
    for name, spec in specs.items():
        if reform_at is not None and name != baseline:
            results = _run(specs[baseline], seed, timeseries, (reform_at, spec), event_log)
        else:
            results = _run(spec, seed, timeseries, event_log=event_log)
        if results.event_log is not None:
            out.events.append(results.event_log.assign(structure=name, replication=replication))
        if results.timeseries is not None:
            out.series.append(results.timeseries.assign(structure=name, replication=replication))
        out.rows.append(
            {"structure": name, "replication": replication, "seed": seed, **results.metrics}
        )
        out.staff.append(_staff_table(name, replication, spec, results))
    return out


def _staff_table(name: str, replication: int, spec: SimSpec, results: Results) -> pd.DataFrame:
    """Each person's utilisation in one run, as a table.

    A table, not one dict per person: a city's 3,000 people over 50 replications and three
    structures would otherwise keep 150 MB of dicts until the run ends.
    """
    section_of = {m.name: m.section for m in spec.structure.staff}
    return pd.DataFrame(
        [
            {
                "structure": name,
                "replication": replication,
                "staff": who,
                "section": section_of[who],
                "utilisation": utilisation,
            }
            for who, utilisation in results.staff_utilisation.items()
        ]
    )


def workers(n_jobs: int | None, specs: dict[str, SimSpec], replications: int) -> int:
    """How many processes to spread the replications over.

    ``n_jobs`` -1 means every core, a positive number that many; never more than one per
    replication. None means every core, or just this one when the run is too short to gain.
    """
    cores = os.cpu_count() or 1
    if n_jobs is None:
        expected = sum(
            spec.demand(m) * spec.horizon for spec in specs.values() for m in spec.matter_types
        )
        if expected * replications < PARALLEL_FROM_MATTERS:
            return 1
        n_jobs = -1
    wanted = cores if n_jobs < 0 else n_jobs
    return max(1, min(wanted, replications))


def run_replications(
    specs: dict[str, SimSpec],
    base_seed: int,
    replications: int,
    timeseries: bool = False,
    reform_at: float | None = None,
    progress: bool | None = None,
    n_jobs: int | None = None,
    event_log: EventLogWriter | None = None,
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
        n_jobs: processes to spread the replications over: -1 every core, 1 this process
            only; None every core when the run is long enough to gain (see :func:`workers`).
        event_log: where each replication's event log goes as it finishes (in replication
            order, whatever ``n_jobs``); its files are in place when this returns.

    Returns:
        A per-replication table (one row per structure and replication, one column per
        metric), a per-staff utilisation table, and the time series (or None).
    """
    seeds = replication_seeds(base_seed, replications)
    logged = event_log is not None
    tasks = (
        delayed(run_one)(specs, replication, seed, timeseries, reform_at, logged)
        for replication, seed in enumerate(seeds)
    )
    processes = workers(n_jobs, specs, replications)
    if processes == 1:
        done = (run_one(specs, r, s, timeseries, reform_at, logged) for r, s in enumerate(seeds))
    else:
        done = Parallel(n_jobs=processes, backend="loky", return_as="generator")(tasks)
    rows: list[dict[str, object]] = []
    staff: list[pd.DataFrame] = []
    series: list[pd.DataFrame] = []
    with event_log if event_log is not None else nullcontext():
        for one in bar(done, len(seeds), "replications", progress):
            rows += one.rows
            staff += one.staff
            series += one.series
            if event_log is not None:
                event_log.add(one.events)
    table = pd.concat(series, ignore_index=True) if series else None
    replications_table = fill_optional(pd.DataFrame(rows))
    return replications_table, pd.concat(staff, ignore_index=True), table
