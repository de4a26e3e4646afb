"""Gather a sweep's job folders into one tidy table, also for partial or interrupted sweeps.

One row per (job, structure, replication) with every metric, the job's overrides as
columns, and the job folder; failed or unfinished jobs are listed apart. Runs as the
``orgsim-aggregate SWEEP_DIR`` command and as a Hydra callback at the end of a sweep.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from orgsim.experiments.outputs import (
    OutputExistsError,
    check_free,
    figure_paths,
    write_parquet,
    write_text,
)

TABLE, CSV, JOBS = "aggregate.parquet", "aggregate.csv", "jobs.csv"
#: The per-replication table of a job, by task: compare, capacity, staffing.
RESULT_TABLES = ("replications.parquet", "capacity.parquet", "staffing.parquet")
FIGURE = "wait_vs_load"


def _overrides(job: Path) -> dict[str, str]:
    path = job / ".hydra" / "overrides.yaml"
    if not path.exists():
        return {}
    items = yaml.safe_load(path.read_text()) or []
    return dict(item.split("=", 1) for item in items if "=" in item)


def _status(job: Path) -> str:
    path = job / "status.json"
    if not path.exists():
        return "unfinished"
    return str(json.loads(path.read_text()).get("status", "unknown"))


def collect(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy results table and the per-job status table of ``sweep_dir``."""
    jobs: list[dict[str, Any]] = []
    tables = []
    for job in sorted(p for p in sweep_dir.iterdir() if (p / ".hydra").is_dir()):
        status = _status(job)
        overrides = _overrides(job)
        jobs.append({"job": job.name, "status": status, **overrides})
        results = next((job / n for n in RESULT_TABLES if (job / n).exists()), None)
        if status == "ok" and results is not None:
            table = pd.read_parquet(results)
            for key, value in overrides.items():
                if key not in table.columns:  # e.g. structure=... is already a column
                    table.insert(0, key, value)
            table.insert(0, "job", job.name)
            tables.append(table)
    tidy = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return tidy, pd.DataFrame(jobs)


def aggregate(
    sweep_dir: Path, overwrite: bool = False, figure: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write the tidy table (parquet and CSV), the job list and the sweep figure."""
    drawn = figure_paths(sweep_dir / FIGURE)
    check_free([sweep_dir / TABLE, sweep_dir / CSV, sweep_dir / JOBS, *drawn], overwrite)
    tidy, jobs = collect(sweep_dir)
    write_parquet(sweep_dir / TABLE, tidy)
    write_text(sweep_dir / CSV, tidy.to_csv(index=False))
    write_text(sweep_dir / JOBS, jobs.to_csv(index=False))
    if figure and "wait_mean" in tidy:
        draw_sweep_figure(sweep_dir, tidy, [c for c in jobs.columns if c not in ("job", "status")])
    return tidy, jobs


def draw_sweep_figure(sweep_dir: Path, tidy: pd.DataFrame, swept: list[str]) -> None:
    """Metrics against the swept load, when some swept setting is numeric."""
    from orgsim.analysis.sweep_figures import (  # seconds to import: only here
        load_figure,
        swept_axis,
    )

    x = swept_axis(tidy, swept)
    if x is not None:
        others = [c for c in swept if c not in (x, "structure") and tidy[c].nunique() > 1]
        title = f"Sweep over {x}: mean of the replications"
        config = sweep_dir / str(tidy["job"].iloc[0]) / "config.yaml"
        run = (yaml.safe_load(config.read_text()) or {}).get("run", {}) if config.exists() else {}
        time_unit = run.get("time_unit") or "time unit"  # for axis labels: "mean wait (hours)"
        load_figure(tidy, x, title, sweep_dir / FIGURE, others[0] if others else None, time_unit)


class AggregateCallback(Callback):
    """Aggregates a sweep when it ends (the command does the same for partial sweeps)."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook."""
        sweep_dir = Path(config.hydra.sweep.dir)
        _, jobs = aggregate(sweep_dir, overwrite=True, figure=bool(config.get("figure", True)))
        failed = int((jobs["status"] != "ok").sum()) if len(jobs) else 0
        print(f"aggregated {len(jobs)} jobs ({failed} not ok) into {sweep_dir / TABLE}")


def main() -> None:
    """Entry point of ``orgsim-aggregate``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir", type=Path)
    parser.add_argument("--overwrite", action="store_true", help="replace an earlier aggregate")
    args = parser.parse_args()
    if not args.sweep_dir.is_dir():
        print(f"orgsim-aggregate: error: {args.sweep_dir} is not a folder", file=sys.stderr)
        raise SystemExit(2)
    try:
        tidy, jobs = aggregate(args.sweep_dir, args.overwrite)
    except OutputExistsError as error:
        print(f"orgsim-aggregate: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print(
        f"{len(tidy)} rows from {int((jobs.status == 'ok').sum()) if len(jobs) else 0} of "
        f"{len(jobs)} jobs into {args.sweep_dir / TABLE}"
    )


if __name__ == "__main__":
    main()
