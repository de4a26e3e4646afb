"""The ``task=capacity`` and ``task=staffing`` jobs: run a search, write its folder.

Both write ``status.json`` (by the Hydra job), a JSON result with the run's identity,
a Markdown table, the per-replication table, ``config.yaml`` and a figure (PNG and SVG),
atomically and never over an earlier result unless ``overwrite=true``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig

from orgsim.experiments.build import build_specs
from orgsim.experiments.capacity_search import (
    CapacitySettings,
    attainment_curve,
    capacities,
    stability_scale,
    summarise_capacities,
)
from orgsim.experiments.outputs import (
    check_free,
    figure_paths,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.experiments.provenance import run_info, spec_hash, write_config
from orgsim.experiments.search import Target
from orgsim.experiments.staffing_search import StaffingSettings, attainment_at, staffing
from orgsim.sim.parts import total_rate
from orgsim.sim.streams import replication_seeds


def _target(cfg: DictConfig, group: str) -> Target:
    """The deadline target (``build_specs`` has checked that some deadline exists)."""
    return Target(float(cfg[group].share), cfg[group].deadline)


def _fmt(interval: dict[str, Any] | pd.Series, digits: int = 3) -> str:
    mean, low, high = interval["mean"], interval["ci_low"], interval["ci_high"]
    if pd.isna(low):
        return f"{mean:.{digits}g}"
    return f"{mean:.{digits}g} [{low:.{digits}g}, {high:.{digits}g}]"


def ratio_verdict(structure: str, ratio: dict[str, Any]) -> str:
    """Plain words on whether a structure carries more than the sum of its parts."""
    words = f"{structure} carries {_fmt(ratio)} times the demand of the sum of its parts"
    if ratio["ci_low"] > 1:
        return f"{words}: more than the parts alone (1+1>2)."
    if ratio["ci_high"] < 1:
        return f"{words}: less than the parts alone (1+1<2)."
    return f"{words}: no significant difference from the parts alone (1+1=2)."


def _files(out_dir: Path, names: tuple[str, ...], figure: str, draw: bool) -> list[Path]:
    files = [out_dir / n for n in ("status.json", "config.yaml", *names)]
    return files + (figure_paths(out_dir / figure) if draw else [])


def run_capacity(cfg: DictConfig, out_dir: Path, progress: bool | None = None) -> dict[str, Any]:
    """Capacity of every structure and of the baseline's parts, and the 1+1>2 ratios."""
    specs = build_specs(cfg)
    target = _target(cfg, "capacity")
    names = ("capacity.json", "capacity.md", "capacity.parquet", "curve.parquet")
    check_free(_files(out_dir, names, "capacity", cfg.figure), cfg.overwrite)
    settings = CapacitySettings(target, cfg.capacity.tolerance, cfg.capacity.curve_points)
    baseline = next(iter(specs))
    seeds = replication_seeds(cfg.seed, cfg.replications)
    table = capacities(specs, baseline, seeds, settings, progress)
    summary, ratios = summarise_capacities(table)
    highest = max(total_rate(s) * stability_scale(s) for s in specs.values())
    curve = attainment_curve(specs, seeds, settings, highest, progress)
    time_unit = cfg.org.time_unit
    verdicts = [ratio_verdict(r["structure"], r) for r in ratios.to_dict("records")]
    info = run_info(cfg, baseline)
    result = {
        **info,
        "target": target.describe(time_unit),
        "share": target.share,
        "deadline": target.deadline,
        "capacity_unit": f"matters per {time_unit}",
        "capacities": {r.pop("entity"): r for r in summary.to_dict("records")},
        "ratio_to_sum_of_parts": {r.pop("structure"): r for r in ratios.to_dict("records")},
        "verdicts": verdicts,
        "spec_hashes": {name: spec_hash(spec) for name, spec in specs.items()},
    }
    lines = [
        f"Capacity: largest arrival rate (matters per {time_unit}) that still gets "
        f"{target.describe(time_unit)}; {cfg.replications} replications, mean [95% CI]",
        "",
        "| entity | capacity | limited by |",
        "|---|---|---|",
        *(f"| {r.entity} | {_fmt(r._asdict())} | {r.limit} |" for r in summary.itertuples()),
        "",
        *(f"- {v}" for v in verdicts),
    ]
    write_json(out_dir / "capacity.json", result)
    write_text(out_dir / "capacity.md", "\n".join(lines) + "\n")
    write_parquet(out_dir / "capacity.parquet", table)
    write_parquet(out_dir / "curve.parquet", curve)
    write_config(cfg, info, out_dir / "config.yaml")
    if cfg.figure:
        from orgsim.analysis.search_figures import capacity_figure  # seconds to import: only here

        headline = " ".join(verdicts[1:2] or verdicts[:1])
        capacity_figure(
            table,
            summary,
            curve,
            target.share,
            f"{cfg.org.name or 'office'}: {target.describe(time_unit)}\n{headline}",
            out_dir / "capacity",
            time_unit,
        )
    print("\n".join(lines))
    print(f"results in {out_dir}")
    return result


def run_staffing(cfg: DictConfig, out_dir: Path, progress: bool | None = None) -> dict[str, Any]:
    """The fewest staff meeting the target, per structure (or per section)."""
    specs = build_specs(cfg)
    target = _target(cfg, "staffing")
    names = ("staffing.json", "staffing.md", "staffing.parquet")
    check_free(_files(out_dir, names, "staffing", cfg.figure), cfg.overwrite)
    settings = StaffingSettings(
        target, cfg.staffing.per_section, cfg.staffing.confident, cfg.staffing.most
    )
    seeds = replication_seeds(cfg.seed, cfg.replications)
    results, tried = staffing(specs, seeds, settings, progress)
    rule = "the lower end of the 95% interval" if settings.confident else "the mean"
    lines = [
        f"Staffing: fewest people for {target.describe(cfg.org.time_unit)}, judged on "
        f"{rule} of {cfg.replications} replications; attainment as mean [95% CI]",
        "",
        "| structure | section | staff now | staff needed | attainment there | one fewer |",
        "|---|---|---|---|---|---|",
    ]
    records = []
    for row in results.to_dict("records"):
        needed = row["needed_staff"]
        at = fewer = None
        if needed is not None:
            at = attainment_at(tried, row["structure"], row["section"], needed)
            fewer = attainment_at(tried, row["structure"], row["section"], needed - 1)
        records.append({**row, "attainment": at, "attainment_one_fewer": fewer})
        lines.append(
            f"| {row['structure']} | {row['section']} | {row['current_staff']} | "
            f"{needed if needed is not None else f'more than {settings.most}'} | "
            f"{_fmt(at) if at else 'n/a'} | "
            f"{_fmt(fewer) if fewer and fewer['n'] else 'overloaded' if needed else 'n/a'} |"
        )
    totals = results.groupby("structure", sort=False)["needed_staff"].sum(min_count=1)
    if settings.per_section:
        lines += ["", *(f"- {name}: {int(n)} people in all" for name, n in totals.dropna().items())]
    info = run_info(cfg, next(iter(specs)))
    result = {
        **info,
        "target": target.describe(cfg.org.time_unit),
        "rule": rule,
        "per_section": settings.per_section,
        "results": records,
    }
    write_json(out_dir / "staffing.json", result)
    write_text(out_dir / "staffing.md", "\n".join(lines) + "\n")
    write_parquet(out_dir / "staffing.parquet", tried)
    write_config(cfg, info, out_dir / "config.yaml")
    if cfg.figure:
        from orgsim.analysis.search_figures import staffing_figure  # seconds to import: only here

        staffing_figure(
            tried,
            target.share,
            f"{cfg.org.name or 'office'}: {target.describe(cfg.org.time_unit)} (mean, 95% CI)",
            out_dir / "staffing",
        )
    print("\n".join(lines))
    print(f"results in {out_dir}")
    return result
