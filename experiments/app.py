"""The Hydra job: compare structures over replications and write the results folder."""

from __future__ import annotations

import errno
import sys
import warnings
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import _, speaking
from orgsim.analysis.report.headline import headline_text
from orgsim.analysis.results_folder import (
    BACKLOG_FIGURE,
    COMPARISON,
    COMPARISON_FIGURE,
    CONFIG,
    DEADLINE_FIGURE,
    REPLICATIONS,
    STAFF,
    SUMMARY,
    TIMESERIES,
    TYPES_FIGURE,
    UTILISATION_FIGURE,
    WELCH_FIGURE,
    FolderError,
    claim,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.analysis.summary import (
    compare,
    comparison_markdown,
    comparison_table,
    render_table,
    summary_dict,
    type_tables,
    type_title,
)
from orgsim.analysis.units import Display, WorkCalendar, display_of, engine_unit_hours, unit_word
from orgsim.experiments.b_posts_app import check_b_posts, run_b_posts
from orgsim.experiments.build import (
    ConfigError,
    b_post_speeds,
    build_specs,
    check_run_settings,
    descriptions,
    typed,
)
from orgsim.experiments.collector import resume_collection
from orgsim.experiments.event_log_out import event_log_writer
from orgsim.experiments.paths import CONF_DIR
from orgsim.experiments.provenance import run_info, spec_hash, write_config
from orgsim.experiments.robustness import check_robustness, run_robustness
from orgsim.experiments.runner import run_replications
from orgsim.experiments.schema import register
from orgsim.experiments.search_app import run_capacity, run_staffing
from orgsim.experiments.sweep_plan import job_label, read_plan
from orgsim.sim import SimSpec, UnstableLoadWarning
from orgsim.sim.capacity import warn_if_unstable

#: What the sweep prints per finished comparison job, instead of the whole table.
HEADLINE_METRICS = ("wait_mean", "deadline_attainment")
#: Up to this many matter types, the terminal shows the per-type tables too.
MOST_TYPES_PRINTED = 12
#: Errors that mean the output folder cannot be written (one line, not a traceback).
WRITE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}

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


def execute(
    cfg: DictConfig, out_dir: Path, quiet: bool = False, label: str | None = None
) -> dict[str, Any]:
    """Run the task ``cfg`` describes and write its files into ``out_dir``.

    The folder is taken exclusively for the run (see ``results_folder.claim``): refused
    if another run holds it or, unless ``overwrite=true``, if it holds earlier results.
    ``quiet`` turns the progress bars off whatever ``cfg.progress`` says (sweep jobs
    running side by side would draw over each other; the sweep has its own bar). With a
    ``label`` (a sweep job's) one line of headline numbers is printed, not the whole table.
    """
    config = typed(cfg)  # converted once for the checks and the specs: a city takes a second
    check_run_settings(config)
    specs = build_specs(config)  # bad input is refused before the folder is touched
    if cfg.task == "robustness":
        check_robustness(cfg)
    if cfg.task == "b_posts":
        check_b_posts(cfg)
    progress = False if quiet else cfg.progress
    with speaking(config.language), claim(out_dir, cfg.overwrite):
        if cfg.task == "capacity":
            return run_capacity(cfg, out_dir, progress, label)
        if cfg.task == "staffing":
            return run_staffing(cfg, out_dir, progress, label)
        if cfg.task == "robustness":
            return run_robustness(cfg, out_dir, progress, label)
        if cfg.task == "b_posts":
            return run_b_posts(cfg, out_dir, progress, label)
        return compare_structures(cfg, out_dir, progress, label, specs)


def compare_structures(
    cfg: DictConfig,
    out_dir: Path,
    progress: bool | None = None,
    label: str | None = None,
    specs: dict[str, SimSpec] | None = None,
) -> dict[str, Any]:
    """Compare the structures side by side and write the comparison folder.

    ``specs`` are those built from ``cfg`` already, if any: a city's take a second to build.
    """
    specs = build_specs(cfg) if specs is None else specs
    required = loads(specs)
    replications, staff, series = run_replications(
        specs,
        cfg.seed,
        cfg.replications,
        timeseries=cfg.timeseries,
        reform_at=cfg.workload.reform_at,
        progress=progress,
        # a sweep job (it has a label) runs beside others: one process each, no oversubscribing
        n_jobs=1 if label is not None else cfg.n_jobs,
        event_log=event_log_writer(cfg.event_log, out_dir, cfg.org.time_unit, label is None),
    )
    baseline = next(iter(specs))
    types = [m.name for m in specs[baseline].matter_types]
    display = display_of(cfg.org)  # the office's units, for what people read; None: engine's
    hours = (
        display.engine_hours
        if display is not None
        else engine_unit_hours(cfg.org.time_unit, WorkCalendar())
    )
    summary, differences = compare(
        replications, baseline, types, cfg.confidence, dict(cfg.get("practical") or {}), hours
    )
    about = descriptions(cfg)
    speeds = b_post_speeds(cfg)
    structures = {
        name: {
            "description": about.get(name, ""),
            "policy": spec.structure.policy,
            "sections": len(spec.structure.sections),
            "staff": len(spec.structure.staff),
            "required_utilisation": required[name],
            "spec_hash": spec_hash(spec),
            **({"b_post_speed": speeds[name]} if name in speeds else {}),
        }
        for name, spec in specs.items()
    }
    info = run_info(cfg, baseline)
    result = summary_dict(summary, differences, structures, info, display)
    table = comparison_table(summary, differences, types, display)
    write_json(out_dir / SUMMARY, result)
    write_text(out_dir / COMPARISON, comparison_markdown(summary, differences, types, display))
    write_parquet(out_dir / REPLICATIONS, replications)
    write_parquet(out_dir / STAFF, staff)
    write_config(cfg, info, out_dir / CONFIG)
    if series is not None:
        write_parquet(out_dir / TIMESERIES, series)
    if cfg.figure:
        draw_figures(cfg, replications, staff, series, out_dir, types, display)
    if label is not None:
        print(f"{label}: {headline(table, list(structures))}")
        return result
    cards_text = headline_text(result)
    if cards_text:
        print(cards_text)
    print(report_text(cfg, structures, table))
    per_type = type_text(type_tables(summary, differences, types, display), len(types))
    if per_type:
        print(per_type)
    print(_("results in {path}").format(path=out_dir))
    return result


def headline(table: pd.DataFrame, structures: list[str]) -> str:
    """``wait_mean current 4.07 [3.84, 4.3], merged ...; deadline_attainment ...``."""
    parts = [
        f"{metric} " + ", ".join(f"{name} {table.at[metric, name]}" for name in structures)
        for metric in HEADLINE_METRICS
        if metric in table.index and any(table.at[metric, n] != "n/a" for n in structures)
    ]
    return "; ".join(parts)


def draw_figures(
    cfg: DictConfig,
    replications: pd.DataFrame,
    staff: pd.DataFrame,
    series: pd.DataFrame | None,
    out_dir: Path,
    types: list[str],
    display: Display | None = None,
) -> None:
    """Every figure of a comparison, as PNG and SVG (times in ``display`` units if given)."""
    # imported here: matplotlib and seaborn take seconds to import, and sweep workers
    # with figure=false never need them
    from orgsim.analysis.figures import (
        backlog_figure,
        comparison_figure,
        deadline_figure,
        run_titles,
        type_wait_figure,
        utilisation_figure,
        welch_figure,
    )

    level, unit = cfg.confidence, cfg.org.time_unit
    title = run_titles(cfg.org.name or "", cfg.replications, level)
    if series is not None:
        backlog_figure(
            series, title[BACKLOG_FIGURE], out_dir / BACKLOG_FIGURE, unit, level, display
        )
        welch_figure(series, out_dir / WELCH_FIGURE, unit, display=display)
    comparison_figure(
        replications,
        staff,
        title[COMPARISON_FIGURE],
        out_dir / COMPARISON_FIGURE,
        unit,
        level,
        display,
    )
    utilisation_figure(staff, title[UTILISATION_FIGURE], out_dir / UTILISATION_FIGURE, level)
    deadline_figure(replications, title[DEADLINE_FIGURE], out_dir / DEADLINE_FIGURE, types, level)
    type_wait_figure(
        replications, types, title[TYPES_FIGURE], out_dir / TYPES_FIGURE, unit, level, display
    )


def report_text(cfg: DictConfig, structures: dict[str, dict[str, Any]], table: Any) -> str:
    """The comparison as printed on the terminal: heading, structures, metric table."""
    lines = [
        _(
            "{office} — {replications} replications, seed {seed}, {horizon} {unit}s per run, "
            "of which the first {warmup} are warm-up and not measured; mean [{level} CI]; "
            "* = paired difference excludes 0"
        ).format(
            office=cfg.org.name or _("office"),
            replications=cfg.replications,
            seed=cfg.seed,
            horizon=f"{cfg.workload.horizon:g}",
            unit=unit_word(cfg.org.time_unit),
            warmup=f"{cfg.workload.warmup:g}",
            level=level_text(cfg.confidence),
        )
    ]
    lines += [
        "  "
        + _(
            "{name}: {description} ({sections} section(s), {staff} staff, policy {policy}, "
            "required utilisation {load}{b_posts})"
        ).format(
            name=name,
            description=info["description"],
            sections=info["sections"],
            staff=info["staff"],
            policy=info["policy"],
            load=f"{info['required_utilisation']:.2f}",
            b_posts=_b_post_note(info),
        )
        for name, info in structures.items()
    ]
    return "\n".join([*lines, render_table(table)])


def _b_post_note(info: dict[str, Any]) -> str:
    """``, B-post skills learned at speed 0.8 (b_post_speed)`` for a B-post arrangement."""
    speed = info.get("b_post_speed")
    if speed is None:
        return ""
    return _(", B-post skills learned at speed {speed} (b_post_speed)").format(speed=f"{speed:g}")


def type_text(tables: dict[str, pd.DataFrame], n_types: int) -> str:
    """The per-type tables for the terminal, or where to find them when there are many."""
    if not tables:
        return ""
    if n_types > MOST_TYPES_PRINTED:
        return _(
            "per matter type ({n} types): wait_mean.<type> and deadline_attainment.<type> in "
            "comparison.md, summary.json and the report"
        ).format(n=n_types)
    return "\n".join(
        f"\n{type_title(metric, table)}:\n{render_table(table)}" for metric, table in tables.items()
    )


def _label(hydra_cfg: Any) -> str:
    """``job 3 [workload.target_load=0.7]``: a sweep job's number and swept values."""
    swept = read_plan(Path(hydra_cfg.sweep.dir)).get("swept")
    return job_label(hydra_cfg.job.num, list(hydra_cfg.overrides.task), swept)


@hydra.main(version_base="1.3", config_path=CONF_DIR, config_name="config")
def hydra_job(cfg: DictConfig) -> None:
    """Hydra entry point; every job that gets its folder leaves a ``status.json`` there.

    A single run that fails exits non-zero (2 for bad input or an unusable output
    folder). In a sweep a failed job records ``status: failed`` with its traceback and
    returns, so the sweep goes on (the sweep's exit status tells of it at the end).
    """
    resume_collection()  # the command's set-up is over; models are webs of reference cycles
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    sweeping = hydra_cfg.mode == RunMode.MULTIRUN
    label = _label(hydra_cfg) if sweeping else None
    try:
        execute(cfg, out_dir, quiet=sweeping, label=label)
    except Exception as error:  # recorded in status.json by claim; the sweep must go on
        if sweeping:
            print(f"orgsim: {label} failed: {error}", file=sys.stderr)
            return
        if isinstance(error, ConfigError):
            fail(str(error))
        if isinstance(error, FolderError):
            fail(f"hydra.run.dir: {error}")
        if isinstance(error, OSError) and error.errno in WRITE_ERRNOS:
            fail(
                f"hydra.run.dir: cannot write {error.filename or out_dir} "
                f"({error.strerror}); choose a folder you can write to, with room to spare"
            )
        raise
