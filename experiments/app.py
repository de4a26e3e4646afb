"""The Hydra job: compare structures over replications and write the results folder."""

from __future__ import annotations

import hashlib
import platform
import sys
import traceback
import warnings
from importlib.metadata import version
from pathlib import Path
from typing import Any

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from analysis.figures import comparison_figure, timeseries_figure, welch_figure
from analysis.summary import (
    compare,
    comparison_table,
    render_markdown,
    render_table,
    summary_dict,
)
from experiments.build import ConfigError, build_specs, check_run_settings, descriptions
from experiments.outputs import (
    OutputExistsError,
    check_free,
    write_json,
    write_parquet,
    write_text,
)
from experiments.runner import run_replications
from experiments.schema import register
from sim import SimSpec, UnstableLoadWarning
from sim.capacity import warn_if_unstable
from sim.streams import replication_seeds

CONF_DIR = str(Path(__file__).resolve().parent.parent / "conf")
OUTPUT_FILES = (
    "status.json",
    "summary.json",
    "comparison.md",
    "replications.parquet",
    "staff.parquet",
    "config.yaml",
)
FIGURE_FILE = "comparison.png"
TIMESERIES_FIGURE = "timeseries.png"
WELCH_FIGURE = "welch.png"

register()


def fail(message: str) -> None:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"orgsim: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def spec_hash(spec: SimSpec) -> str:
    """Short stable fingerprint of a spec, recorded with every result."""
    return hashlib.sha256(repr(spec).encode()).hexdigest()[:16]


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


def package_versions() -> dict[str, str]:
    """Versions that a result depends on."""
    names = ("orgsim", "mesa", "simpy", "numpy", "scipy", "pandas", "hydra-core")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


def execute(cfg: DictConfig, out_dir: Path) -> dict[str, Any]:
    """Run the comparison ``cfg`` describes and write its files into ``out_dir``."""
    check_run_settings(cfg)
    specs = build_specs(cfg)
    files = [out_dir / f for f in OUTPUT_FILES] + ([out_dir / FIGURE_FILE] if cfg.figure else [])
    if cfg.timeseries:
        files += [out_dir / "timeseries.parquet", out_dir / TIMESERIES_FIGURE]
        files += [out_dir / WELCH_FIGURE]
    check_free(files, cfg.overwrite)
    required = loads(specs)
    replications, staff, series = run_replications(
        specs,
        cfg.seed,
        cfg.replications,
        timeseries=cfg.timeseries,
        reform_at=cfg.workload.reform_at,
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
    run_info = {
        "org": cfg.org.name,
        "org_source": cfg.org_source,
        "time_unit": cfg.org.time_unit,
        "baseline": baseline,
        "seed": cfg.seed,
        "replications": cfg.replications,
        "replication_seeds": replication_seeds(cfg.seed, cfg.replications),
        "horizon": cfg.workload.horizon,
        "warmup": cfg.workload.warmup,
        "versions": package_versions(),
    }
    result = summary_dict(summary, differences, structures, run_info)
    table = comparison_table(summary, differences)
    write_json(out_dir / "summary.json", result)
    write_text(out_dir / "comparison.md", render_markdown(table) + "\n")
    write_parquet(out_dir / "replications.parquet", replications)
    write_parquet(out_dir / "staff.parquet", staff)
    resolved = OmegaConf.to_container(cfg, resolve=True)
    write_text(
        out_dir / "config.yaml",
        OmegaConf.to_yaml({"run": {k: run_info[k] for k in run_info if k != "org"}, **resolved}),
    )
    if series is not None:
        write_parquet(out_dir / "timeseries.parquet", series)
        if cfg.figure:
            timeseries_figure(
                series,
                f"{cfg.org.name or 'office'} over time: mean of {cfg.replications} replications",
                out_dir / TIMESERIES_FIGURE,
                cfg.org.time_unit,
            )
            welch_figure(series, out_dir / WELCH_FIGURE, cfg.org.time_unit)
    if cfg.figure:
        title = f"{cfg.org.name or 'office'}: {cfg.replications} replications, 95% intervals"
        comparison_figure(replications, staff, title, out_dir / FIGURE_FILE, cfg.org.time_unit)
    print(report_text(cfg, structures, table))
    print(f"results in {out_dir}")
    return result


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
        execute(cfg, out_dir)
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
