"""The Hydra job: compare structures over replications and write the results folder."""

from __future__ import annotations

import sys
import traceback
import warnings
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from orgsim.analysis.summary import (
    compare,
    comparison_table,
    render_markdown,
    render_table,
    summary_dict,
)
from orgsim.experiments.build import ConfigError, build_specs, check_run_settings, descriptions
from orgsim.experiments.outputs import (
    OutputExistsError,
    check_free,
    figure_paths,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.experiments.paths import CONF_DIR
from orgsim.experiments.provenance import run_info, spec_hash, write_config
from orgsim.experiments.runner import run_replications
from orgsim.experiments.schema import register
from orgsim.experiments.search_app import run_capacity, run_staffing
from orgsim.sim import SimSpec, UnstableLoadWarning
from orgsim.sim.capacity import warn_if_unstable

OUTPUT_FILES = (
    "status.json",
    "summary.json",
    "comparison.md",
    "replications.parquet",
    "staff.parquet",
    "config.yaml",
)
#: Figures of a comparison (each as .png and .svg); the deadline figure only with deadlines.
FIGURES = ("comparison", "utilisation", "deadline")
#: Figures of a run with ``timeseries=true``.
TIMESERIES_FIGURES = ("backlog", "welch")

register()


def fail(message: str) -> None:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"orgsim: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def loads(specs: dict[str, SimSpec]) -> dict[str, float]:
    """Required utilisation per structure; overload warnings printed as one line each."""
    out = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnstableLoadWarning)
        for name, spec in specs.items():
            out[name] = warn_if_unstable(spec)
    for warning in caught:
        print(f"orgsim: warning: {warning.message}", file=sys.stderr)
    return out


def figure_files(out_dir: Path, names: tuple[str, ...]) -> list[Path]:
    """Every file the named figures are saved to."""
    return [p for name in names for p in figure_paths(out_dir / name)]


def execute(cfg: DictConfig, out_dir: Path, quiet: bool = False) -> dict[str, Any]:
    """Run the task ``cfg`` describes and write its files into ``out_dir``.

    ``quiet`` turns the progress bars off whatever ``cfg.progress`` says (sweep jobs
    running side by side would draw over each other; the sweep has its own bar).
    """
    check_run_settings(cfg)
    progress = False if quiet else cfg.progress
    if cfg.task == "capacity":
        return run_capacity(cfg, out_dir, progress)
    if cfg.task == "staffing":
        return run_staffing(cfg, out_dir, progress)
    return compare_structures(cfg, out_dir, progress)


def compare_structures(
    cfg: DictConfig, out_dir: Path, progress: bool | None = None
) -> dict[str, Any]:
    """Compare the structures side by side and write the comparison folder."""
    specs = build_specs(cfg)
    files = [out_dir / f for f in OUTPUT_FILES]
    files += figure_files(out_dir, FIGURES) if cfg.figure else []
    if cfg.timeseries:
        files += [out_dir / "timeseries.parquet"]
        files += figure_files(out_dir, TIMESERIES_FIGURES) if cfg.figure else []
    check_free(files, cfg.overwrite)
    required = loads(specs)
    replications, staff, series = run_replications(
        specs,
        cfg.seed,
        cfg.replications,
        timeseries=cfg.timeseries,
        reform_at=cfg.workload.reform_at,
        progress=progress,
    )
    baseline = next(iter(specs))
    summary, differences = compare(replications, baseline)
    about = descriptions(cfg)
    structures = {
        name: {
            "description": about.get(name, ""),
            "policy": spec.structure.policy,
            "sections": len(spec.structure.sections),
            "staff": len(spec.structure.staff),
            "required_utilisation": required[name],
            "spec_hash": spec_hash(spec),
        }
        for name, spec in specs.items()
    }
    info = run_info(cfg, baseline)
    result = summary_dict(summary, differences, structures, info)
    table = comparison_table(summary, differences)
    write_json(out_dir / "summary.json", result)
    write_text(out_dir / "comparison.md", render_markdown(table) + "\n")
    write_parquet(out_dir / "replications.parquet", replications)
    write_parquet(out_dir / "staff.parquet", staff)
    write_config(cfg, info, out_dir / "config.yaml")
    if series is not None:
        write_parquet(out_dir / "timeseries.parquet", series)
    if cfg.figure:
        draw_figures(cfg, replications, staff, series, out_dir)
    print(report_text(cfg, structures, table))
    print(f"results in {out_dir}")
    return result


def draw_figures(
    cfg: DictConfig,
    replications: pd.DataFrame,
    staff: pd.DataFrame,
    series: pd.DataFrame | None,
    out_dir: Path,
) -> None:
    """Every figure of a comparison, as PNG and SVG."""
    # imported here: matplotlib and seaborn take seconds to import, and sweep workers
    # with figure=false never need them
    from orgsim.analysis.figures import (
        backlog_figure,
        comparison_figure,
        deadline_figure,
        utilisation_figure,
        welch_figure,
    )

    office = cfg.org.name or "office"
    if series is not None:
        backlog_figure(
            series,
            f"{office}, backlog over time: mean of {cfg.replications} replications",
            out_dir / "backlog",
            cfg.org.time_unit,
        )
        welch_figure(series, out_dir / "welch", cfg.org.time_unit)
    title = f"{office}: {cfg.replications} replications, 95% intervals"
    comparison_figure(replications, staff, title, out_dir / "comparison", cfg.org.time_unit)
    utilisation_figure(
        staff, f"{office}: utilisation of every staff member", out_dir / "utilisation"
    )
    deadline_figure(replications, f"{office}: deadline attainment", out_dir / "deadline")


def report_text(cfg: DictConfig, structures: dict[str, dict[str, Any]], table: Any) -> str:
    """The comparison as printed on the terminal: heading, structures, metric table."""
    lines = [
        f"{cfg.org.name or 'office'} — {cfg.replications} replications, seed {cfg.seed}, "
        f"horizon {cfg.workload.horizon:g} {cfg.org.time_unit}s after a warm-up of "
        f"{cfg.workload.warmup:g}; mean [95% CI]; * = paired difference excludes 0"
    ]
    lines += [
        f"  {name}: {info['description']} ({info['sections']} section(s), {info['staff']} "
        f"staff, policy {info['policy']}, required utilisation "
        f"{info['required_utilisation']:.2f})"
        for name, info in structures.items()
    ]
    return "\n".join([*lines, render_table(table)])


@hydra.main(version_base="1.3", config_path=CONF_DIR, config_name="config")
def hydra_job(cfg: DictConfig) -> None:
    """Hydra entry point; every job leaves a ``status.json`` in its folder.

    A single run that fails exits non-zero (2 for bad input). In a sweep a failed job
    records ``status: failed`` with its traceback and returns, so the sweep goes on.
    """
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    sweeping = hydra_cfg.mode == RunMode.MULTIRUN
    try:
        execute(cfg, out_dir, quiet=sweeping)
    except Exception as error:  # recorded, never lost: the sweep must survive one bad job
        bad_input = isinstance(error, ConfigError | OutputExistsError)
        if not (out_dir / "status.json").exists():  # never replace an earlier run's record
            write_json(
                out_dir / "status.json",
                {
                    "status": "failed",
                    "error": f"{type(error).__name__}: {error}",
                    "traceback": traceback.format_exc(),
                },
            )
        if sweeping:
            print(f"orgsim: job {out_dir} failed: {error}", file=sys.stderr)
            return
        if bad_input:
            fail(str(error))
        raise
    write_json(out_dir / "status.json", {"status": "ok"})
