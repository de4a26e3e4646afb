"""A sweep's tables (aggregate.parquet, jobs.csv), read and checked before its page is built.

``orgsim-aggregate`` writes both; a damaged, truncated or hand-edited table ends here in
one :class:`ReportInputError` naming the file and the fix, and a job name that is not a
plain folder name (``../x``) is refused before any path is built from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pandas.api.types import is_numeric_dtype

from orgsim.analysis.formatting import missing
from orgsim.analysis.report.folders import AGGREGATE, JOBS, ReportInputError
from orgsim.analysis.report.metrics import base_metric
from orgsim.analysis.results_folder import CONFIG
from orgsim.analysis.units import Display, display_of, display_problem
from orgsim.sim.results import METRICS


def compares(tidy: pd.DataFrame) -> bool:
    """Whether the sweep's table holds comparisons (structures and metrics), not searches."""
    return "structure" in tidy.columns and any(m in tidy.columns for m in METRICS)


def read_tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """aggregate.parquet and the job list, checked, or a :class:`ReportInputError`.

    The job list is jobs.csv; when it is absent or empty, every job of the table, as ok.
    """
    tidy, jobs = _read(folder)
    if jobs is None:
        names = sorted(tidy["job"].astype(str).unique()) if "job" in tidy else []
        jobs = pd.DataFrame({"job": names, "status": "ok"}, dtype=str)
    _check(folder, tidy, jobs)
    jobs["status"] = jobs["status"].fillna("unknown")
    return tidy, jobs


def _read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    fix = f"gather the sweep again with `orgsim-aggregate {folder} --overwrite`"
    path = folder / AGGREGATE
    try:
        tidy = pd.read_parquet(path)
    except (OSError, ValueError) as error:
        raise ReportInputError(
            f"{path}: not a readable Parquet table ({_first(error)}); {fix}"
        ) from None
    path = folder / JOBS
    if not path.exists():
        return tidy, None
    try:
        jobs = pd.read_csv(path, dtype=str)
    except pd.errors.EmptyDataError:
        return tidy, None
    except (OSError, ValueError) as error:
        raise ReportInputError(
            f"{path}: not a readable CSV table ({_first(error)}); {fix}"
        ) from None
    return tidy, jobs


def _first(error: Exception) -> str:
    """The first line of an error message, for a one-line report."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _check(folder: Path, tidy: pd.DataFrame, jobs: pd.DataFrame) -> None:
    """Fail on a jobs.csv or aggregate.parquet that orgsim-aggregate would not write."""
    fix = f"gather the sweep again with `orgsim-aggregate {folder} --overwrite`"
    missing_columns = [c for c in ("job", "status") if c not in jobs.columns]
    if missing_columns:
        raise ReportInputError(f"{folder / JOBS}: no {' or '.join(missing_columns)} column; {fix}")
    for name in jobs["job"]:
        if missing(name) or name in (".", "..") or "/" in name or "\\" in name:
            raise ReportInputError(
                f"{folder / JOBS}: job {name!r} is not the name of a folder in the sweep; {fix}"
            )
    if tidy.empty or not compares(tidy):
        return
    if "replication" not in tidy.columns:
        raise ReportInputError(f"{folder / AGGREGATE}: no 'replication' column; {fix}")
    if tidy["structure"].isna().any():
        raise ReportInputError(
            f"{folder / AGGREGATE}: column 'structure' has rows without a structure; {fix}"
        )
    for column in tidy.columns:
        if base_metric(str(column)) in METRICS and not is_numeric_dtype(tidy[column]):
            raise ReportInputError(
                f"{folder / AGGREGATE}: column {column!r} holds {tidy[column].dtype} values, "
                f"not numbers; {fix}"
            )


def sweep_display(
    folder: Path, jobs: pd.DataFrame, summaries: Iterable[dict[str, Any]]
) -> Display | None:
    """The units the sweep's office reads its results in; None for the engine's unit.

    As the jobs' summaries record them (``display``), else as the first job's saved
    config.yaml asks (its org's ``display_unit``). The tidy table keeps the engine's unit.
    """
    for summary in summaries:
        recorded = Display.from_record(summary.get("display"))
        if recorded is not None:
            return recorded
    for name in jobs["job"]:
        org = _saved_org(folder / str(name) / CONFIG)
        if org is not None:
            return display_of(org) if display_problem(org) is None else None
    return None


def _saved_org(path: Path) -> dict[str, Any] | None:
    """The ``org`` of a job's config.yaml; None when there is none or it cannot be read."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    org = config.get("org") if isinstance(config, dict) else None
    return org if isinstance(org, dict) else None
