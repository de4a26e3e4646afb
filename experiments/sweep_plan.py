"""The jobs a sweep is to run, recorded in ``sweep.json`` at its start.

Aggregation compares the plan with the job folders, so a job that never started (its
folder was never made) is listed instead of silently missing; the plan also names the
swept settings that label each job's line on the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.override_parser.overrides_parser import OverridesParser

from orgsim.analysis.results_folder import SWEEP_PLAN, write_json


def planned_jobs(
    overrides: list[str], params: Mapping[str, str] | None = None
) -> list[list[str]] | None:
    """Each job's overrides, in job order, as Hydra's basic sweeper makes them.

    None when it cannot tell without the config (e.g. ``glob`` sweeps).
    """
    arguments = [f"{key}={value}" for key, value in (params or {}).items()] + list(overrides)
    try:
        parsed = OverridesParser.create().parse_overrides(arguments)
        (jobs,) = BasicSweeper.split_arguments(parsed, max_batch_size=None)
    except Exception:  # any parse or sweep-type problem: no plan rather than a failed sweep
        return None
    return [list(job) for job in jobs]


def swept_keys(overrides: list[str], params: Mapping[str, str] | None = None) -> list[str]:
    """The settings that take several values in the sweep."""
    arguments = [f"{key}={value}" for key, value in (params or {}).items()] + list(overrides)
    try:
        parsed = OverridesParser.create().parse_overrides(arguments)
    except Exception:
        return []
    return [o.get_key_element().lstrip("+~") for o in parsed if o.is_sweep_override()]


def write_plan(sweep_dir: Path, overrides: list[str], params: Mapping[str, str] | None) -> None:
    """Record the sweep's overrides, swept settings and planned jobs in ``sweep.json``."""
    write_json(
        sweep_dir / SWEEP_PLAN,
        {
            "overrides": list(overrides),
            "swept": swept_keys(overrides, params),
            "jobs": planned_jobs(overrides, params),
        },
    )


def read_plan(sweep_dir: Path) -> dict[str, Any]:
    """The sweep's plan; empty when there is none or it cannot be read."""
    try:
        plan = json.loads((sweep_dir / SWEEP_PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return plan if isinstance(plan, dict) else {}


def job_label(number: int | str, overrides: list[str], swept: list[str] | None) -> str:
    """``job 3 [workload.target_load=0.7]``: the job's number and its swept values."""
    shown = [o for o in overrides if swept is None or o.split("=", 1)[0].lstrip("+~") in swept]
    return f"job {number} [{', '.join(shown)}]"
