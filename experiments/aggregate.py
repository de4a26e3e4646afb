"""Gather a sweep's job folders into one tidy table, also for partial or interrupted sweeps.

One row per (job, structure, replication) with every metric, the job's overrides as
columns (typed as in the job's own saved config: floats, ints, bools) and the job
folder. ``jobs.csv`` lists every job the sweep planned with its status: ``ok``,
``failed``, ``unfinished`` (stopped mid-way), ``not started`` or ``unreadable``, with the
reason. Runs as the ``orgsim-aggregate SWEEP_DIR`` command and as a Hydra callback at
the end of a sweep; both exit with :data:`SWEEP_INCOMPLETE` (after writing) if some job
is not ok.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import yaml
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from orgsim.analysis.results_folder import (
    AGGREGATE,
    AGGREGATE_CSV,
    CONFIG,
    HYDRA_DIR,
    JOBS,
    RESULT_TABLES,
    STATUS,
    SWEEP_FIGURE,
    OutputExistsError,
    check_free,
    figure_paths,
    job_folders,
    read_status,
    write_parquet,
    write_text,
)
from orgsim.experiments.sweep_plan import read_plan
from orgsim.sim.results import fill_optional

#: Exit status of a sweep in which some job failed, never finished or never started.
SWEEP_INCOMPLETE = 3
#: Columns of ``jobs.csv`` before the job's overrides.
JOB_COLUMNS = ("job", "status", "reason")
_MISSING = object()


def _scalar(text: str) -> Any:
    """An override's value as YAML reads it (``0.5`` a float, ``true`` a bool)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, bool | int | float | str) else text


def _lookup(config: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(config, dict) or part not in config:
            return _MISSING
        config = config[part]
    return config


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{path.parent.name}/{path.name} cannot be read ({error})") from None


def job_values(job: Path) -> dict[str, Any]:
    """The job's overrides, each with its value as the job's own saved config has it.

    Which settings were given comes from Hydra's record (``.hydra/overrides.yaml``), their
    values from the ``config.yaml`` the run wrote beside its results (resolved, and written
    under the run's claim on the folder), else Hydra's ``.hydra/config.yaml``. A setting of
    the config keeps its type; a config group choice (``workload=quick``) stays its name.
    Raises ValueError when the job's record cannot be read.
    """
    items = _read_yaml(job / HYDRA_DIR / "overrides.yaml") or []
    if not isinstance(items, list):
        raise ValueError(f"{HYDRA_DIR}/overrides.yaml is not a list of overrides")
    config = _read_yaml(job / CONFIG) or _read_yaml(job / HYDRA_DIR / "config.yaml") or {}
    if not isinstance(config, dict):
        raise ValueError(f"{CONFIG} is not a mapping of settings")
    values = {}
    for item in items:
        key, equals, text = str(item).partition("=")
        if not equals:  # ~key: a deletion has no value
            continue
        found = _lookup(config, key.lstrip("+~"))
        typed = found is not _MISSING and not isinstance(found, dict | list)
        if typed and isinstance(found, str) and "${" in found:
            typed = False  # an interpolation: the override says more
        values[key.lstrip("+~")] = found if typed else _scalar(text)
    return values


def job_number(job: Path) -> int | None:
    """The job's number in its sweep: its folder name, else Hydra's record of it."""
    if job.name.isdigit():
        return int(job.name)
    try:
        record = _read_yaml(job / HYDRA_DIR / "hydra.yaml") or {}
        return int(record["hydra"]["job"]["num"])
    except (ValueError, KeyError, TypeError):
        return None


def job_status(job: Path) -> tuple[str, str]:
    """The job's status and, unless it is ok or failed, the reason in words."""
    try:
        found = read_status(job)
    except ValueError as error:
        return "unreadable", str(error)
    if found is None:
        return "unfinished", f"no {STATUS}: the job stopped before it began"
    if found["status"] == "running":
        return "unfinished", f"{STATUS} says running: the job was stopped, or is still running"
    return str(found["status"]), ""


def _read_results(job: Path) -> pd.DataFrame:
    """The job's per-replication table; ValueError naming the file if it is missing or broken."""
    path = next((job / name for name in RESULT_TABLES if (job / name).exists()), None)
    if path is None:
        raise ValueError(f"no result table ({', '.join(RESULT_TABLES)})")
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(f"{path.name} cannot be read ({first})") from None


def _job(job: Path) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """One row of ``jobs.csv`` and, for a readable finished job, its tidy rows."""
    status, reason = job_status(job)
    try:
        values = job_values(job)
    except ValueError as error:
        return {"job": job.name, "status": "unreadable", "reason": str(error)}, None
    row = {"job": job.name, "status": status, "reason": reason, **values}
    if status != "ok":
        return row, None
    try:
        table = _read_results(job)
    except ValueError as error:
        return {**row, "status": "unreadable", "reason": str(error)}, None
    for key, value in values.items():
        if key not in table.columns:  # e.g. structure=... is already a column
            table.insert(0, key, value)
    table.insert(0, "job", job.name)
    return row, table


def _not_started(plan: dict[str, Any], seen: set[int | None]) -> list[tuple[int, dict[str, Any]]]:
    """Rows for the planned jobs that have no folder."""
    planned = plan.get("jobs")
    if not isinstance(planned, list):
        return []
    rows = []
    for number, overrides in enumerate(planned):
        if number in seen:
            continue
        values = {}
        for item in overrides:
            key, equals, text = str(item).partition("=")
            if equals:
                values[key.lstrip("+~")] = _scalar(text)
        reason = "no job folder: the sweep stopped before this job began"
        rows.append(
            (number, {"job": str(number), "status": "not started", "reason": reason, **values})
        )
    return rows


def collect(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy results table and the per-job status table of ``sweep_dir``."""
    numbered: list[tuple[float, str, dict[str, Any]]] = []
    tables = []
    seen: set[int | None] = set()
    for job in job_folders(sweep_dir):
        number = job_number(job)
        seen.add(number)
        row, table = _job(job)
        numbered.append((math.inf if number is None else number, job.name, row))
        if table is not None:
            tables.append((math.inf if number is None else number, job.name, table))
    numbered += [(n, str(n), row) for n, row in _not_started(read_plan(sweep_dir), seen)]
    numbered.sort(key=lambda item: (item[0], item[1]))
    tables.sort(key=lambda item: (item[0], item[1]))
    rows = [row for *_, row in numbered]
    jobs = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(JOB_COLUMNS))
    tidy = pd.concat([t for *_, t in tables], ignore_index=True) if tables else pd.DataFrame()
    return fill_optional(tidy), jobs


def aggregate(
    sweep_dir: Path, overwrite: bool = False, figure: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write the tidy table (parquet and CSV), the job list and the sweep figure."""
    drawn = figure_paths(sweep_dir / SWEEP_FIGURE)
    check_free(
        [sweep_dir / AGGREGATE, sweep_dir / AGGREGATE_CSV, sweep_dir / JOBS, *drawn], overwrite
    )
    tidy, jobs = collect(sweep_dir)
    write_parquet(sweep_dir / AGGREGATE, tidy)
    write_text(sweep_dir / AGGREGATE_CSV, tidy.to_csv(index=False))
    write_text(sweep_dir / JOBS, jobs.to_csv(index=False))
    if figure and "wait_mean" in tidy:
        swept = [c for c in jobs.columns if c not in JOB_COLUMNS and c in tidy.columns]
        draw_sweep_figure(sweep_dir, tidy, swept)
    return tidy, jobs


def draw_sweep_figure(sweep_dir: Path, tidy: pd.DataFrame, swept: list[str]) -> None:
    """Metrics against the swept load, when some swept setting is numeric (not a switch).

    The first job's config.yaml gives the time unit, the level of the bands and the
    office's display unit.
    """
    from orgsim.analysis.sweep_figures import draw_sweep  # seconds to import: only here

    config = sweep_dir / str(tidy["job"].iloc[0]) / CONFIG
    run = (yaml.safe_load(config.read_text()) or {}) if config.exists() else {}
    draw_sweep(tidy, swept, run, sweep_dir / SWEEP_FIGURE)


def not_ok(jobs: pd.DataFrame) -> list[str]:
    """One line per job that is not ok: ``job 4: not started (no job folder: ...)``."""
    lines = []
    for row in jobs.to_dict("records"):
        if row["status"] == "ok":
            continue
        reason = row.get("reason")
        why = f" ({reason})" if isinstance(reason, str) and reason else ""
        if row["status"] == "failed":
            why = f" (the error is in {row['job']}/{STATUS})"
        lines.append(f"  job {row['job']}: {row['status']}{why}")
    return lines


def _report(sweep_dir: Path, tidy: pd.DataFrame, jobs: pd.DataFrame) -> int:
    """Print what was gathered and the jobs that are not ok; how many those are."""
    ok = int((jobs["status"] == "ok").sum()) if len(jobs) else 0
    print(f"{len(tidy)} rows from {ok} of {len(jobs)} job(s) into {sweep_dir / AGGREGATE}")
    problems = not_ok(jobs)
    for line in problems:
        print(line)
    return len(problems)


class AggregateCallback(Callback):
    """Aggregates a sweep when it ends (the command does the same for partial sweeps).

    Exits with :data:`SWEEP_INCOMPLETE` after aggregating if some job is not ok.
    """

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook."""
        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            tidy, jobs = aggregate(
                sweep_dir, overwrite=True, figure=bool(config.get("figure", True))
            )
        except OSError as error:
            print(
                f"orgsim: error: hydra.sweep.dir: cannot write to {sweep_dir} "
                f"({error.strerror or error}); gather a copy of it with orgsim-aggregate",
                file=sys.stderr,
            )
            raise SystemExit(2) from None
        problems = _report(sweep_dir, tidy, jobs)
        if problems:
            print(
                f"orgsim: {problems} of {len(jobs)} job(s) of the sweep did not finish ok; "
                f"see {sweep_dir / JOBS} (exit status {SWEEP_INCOMPLETE})",
                file=sys.stderr,
            )
            raise SystemExit(SWEEP_INCOMPLETE)


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"orgsim-aggregate: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def main() -> None:
    """Entry point of ``orgsim-aggregate``: exit 0, 2 (cannot aggregate) or 3 (some job not ok)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir", type=Path)
    parser.add_argument("--overwrite", action="store_true", help="replace an earlier aggregate")
    args = parser.parse_args()
    if not args.sweep_dir.is_dir():
        fail(f"{args.sweep_dir} is not a folder; give a sweep folder (multirun/...)")
    try:
        tidy, jobs = aggregate(args.sweep_dir, args.overwrite)
    except OutputExistsError as error:
        fail(str(error))
    except OSError as error:
        fail(
            f"cannot write to {args.sweep_dir} ({error.strerror or error}); "
            "aggregate a copy of the sweep folder that can be written"
        )
    if _report(args.sweep_dir, tidy, jobs):
        raise SystemExit(SWEEP_INCOMPLETE)


if __name__ == "__main__":
    main()
