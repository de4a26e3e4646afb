"""The ``task=capacity`` and ``task=staffing`` jobs: run a search, write its folder.

Both write ``status.json`` (by the Hydra job), a JSON result with the run's identity,
a Markdown table, the per-replication table, ``config.yaml`` and a figure (PNG and SVG),
atomically and never over an earlier result unless ``overwrite=true``. What people read
(the console, the Markdown, the figure) is in the language chosen and in the office's
units (``display_unit``, ``throughput_per``); the JSON result keeps the engine's unit
and English words, from which the pages rebuild their text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig

from orgsim.analysis.formatting import interval_text, level_text
from orgsim.analysis.i18n import N_, _
from orgsim.analysis.results_folder import (
    CAPACITY,
    CAPACITY_FIGURE,
    CAPACITY_MD,
    CAPACITY_TABLE,
    CONFIG,
    CURVE,
    STAFFING,
    STAFFING_FIGURE,
    STAFFING_MD,
    STAFFING_TABLE,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.analysis.search_tables import (
    capacity_markdown,
    index_verdict,
    staffing_markdown,
    target_words,
)
from orgsim.analysis.units import PERIOD_WORDS, Display, display_of
from orgsim.experiments.build import build_specs
from orgsim.experiments.capacity_search import (
    CapacitySettings,
    attainment_curve,
    capacities,
    capacity_indexes,
    stability_scale,
    summarise_capacities,
)
from orgsim.experiments.provenance import run_info, spec_hash, write_config
from orgsim.experiments.search import Target
from orgsim.experiments.staffing_search import StaffingSettings, attainment_at, staffing
from orgsim.sim.parts import total_rate
from orgsim.sim.streams import replication_seeds

#: How a staff count is judged against the target (English in staffing.json, shown with ``_()``).
RULE_MEAN = N_("the mean")
RULE_LOWER_END = N_("the lower end of the {level} interval")


def _target(cfg: DictConfig, group: str) -> Target:
    """The deadline target (``build_specs`` has checked that some deadline exists)."""
    return Target(float(cfg[group].share), cfg[group].deadline)


def _target_shown(target: Target, time_unit: str, display: Display | None) -> str:
    """The target as people read it: in the language chosen, the deadline in their unit."""
    return target_words(target.share, target.deadline, time_unit, display)


def _per_period(
    summary: pd.DataFrame, time_unit: str, display: Display | None
) -> tuple[pd.DataFrame, str]:
    """The capacities per the office's period, and that period (English, shown with ``_()``).

    Without a display, the capacities as found, per the engine's time unit.
    """
    from orgsim.analysis.search_figures import capacities_per_period

    per = time_unit if display is None else PERIOD_WORDS[display.throughput_per]
    return capacities_per_period(summary, display), per


def run_capacity(
    cfg: DictConfig, out_dir: Path, progress: bool | None = None, label: str | None = None
) -> dict[str, Any]:
    """Capacity of every structure and of the baseline's parts, and the 1+1>2 ratios.

    A sweep job (with a ``label``) prints one line of capacities, not the whole table.
    """
    specs = build_specs(cfg)
    target = _target(cfg, "capacity")
    settings = CapacitySettings(target, cfg.capacity.tolerance, cfg.capacity.curve_points)
    baseline = next(iter(specs))
    seeds = replication_seeds(cfg.seed, cfg.replications)
    table = capacities(specs, baseline, seeds, settings, progress)
    summary, ratios = summarise_capacities(table, cfg.confidence)
    indexes = capacity_indexes(table, cfg.confidence)
    highest = max(total_rate(s) * stability_scale(s) for s in specs.values())
    curve = attainment_curve(specs, seeds, settings, highest, progress)
    time_unit = cfg.org.time_unit
    display = display_of(cfg.org)  # build_specs has checked the org's display settings
    shown_target = _target_shown(target, time_unit, display)
    shown, per = _per_period(summary, time_unit, display)
    by_structure = {r.pop("structure"): r for r in ratios.to_dict("records")}
    by_index = {r.pop("structure"): r for r in indexes.to_dict("records")}
    verdicts = [index_verdict(structure, r) for structure, r in by_index.items()]
    info = run_info(cfg, baseline)
    result = {
        **info,
        "target": target.describe(time_unit),
        "share": target.share,
        "deadline": target.deadline,
        "capacity_unit": f"matters per {time_unit}",
        "capacities": {r.pop("entity"): r for r in summary.to_dict("records")},
        "capacity_index": by_index,
        "ratio_to_sum_of_parts": by_structure,
        "verdicts": verdicts,
        "spec_hashes": {name: spec_hash(spec) for name, spec in specs.items()},
    }
    text = capacity_markdown(
        shown.to_dict("records"),
        by_structure,
        shown_target,
        per,
        cfg.replications,
        cfg.confidence,
        by_index,
    )
    write_json(out_dir / CAPACITY, result)
    write_text(out_dir / CAPACITY_MD, text + "\n")
    write_parquet(out_dir / CAPACITY_TABLE, table)
    write_parquet(out_dir / CURVE, curve)
    write_config(cfg, info, out_dir / CONFIG)
    if cfg.figure:
        from orgsim.analysis.search_figures import capacity_figure, capacity_title

        capacity_figure(
            table,
            summary,
            curve,
            target.share,
            capacity_title(cfg.org.name or "", shown_target, by_index, verdicts),
            out_dir / CAPACITY_FIGURE,
            time_unit,
            cfg.confidence,
            display,
        )
    if label is not None:
        found = (
            f"{r.entity} {interval_text(r.mean, r.ci_low, r.ci_high)}" for r in shown.itertuples()
        )
        line = _("{label}: capacity (matters per {unit}) {capacities}")
        print(line.format(label=label, unit=_(per), capacities=", ".join(found)))
        return result
    print(text)
    print(_("results in {path}").format(path=out_dir))
    return result


def run_staffing(
    cfg: DictConfig, out_dir: Path, progress: bool | None = None, label: str | None = None
) -> dict[str, Any]:
    """The fewest staff meeting the target, per structure (or per section).

    A sweep job (with a ``label``) prints one line of staff needed, not the whole table.
    """
    specs = build_specs(cfg)
    target = _target(cfg, "staffing")
    settings = StaffingSettings(
        target,
        cfg.staffing.per_section,
        cfg.staffing.confident,
        cfg.staffing.most,
        cfg.confidence,
    )
    level = level_text(cfg.confidence)
    seeds = replication_seeds(cfg.seed, cfg.replications)
    results, tried = staffing(specs, seeds, settings, progress)
    rule = RULE_LOWER_END if settings.confident else RULE_MEAN
    display = display_of(cfg.org)  # build_specs has checked the org's display settings
    shown_target = _target_shown(target, cfg.org.time_unit, display)
    heading = _(
        "Staffing: fewest people for {target}, judged on {rule} of {replications} "
        "replications; attainment as mean [{level} CI]"
    ).format(
        target=shown_target,
        rule=_(rule).format(level=level),
        replications=cfg.replications,
        level=level,
    )
    records = []
    for row in results.to_dict("records"):
        needed = row["needed_staff"]
        at = fewer = None
        if needed is not None:
            where = (tried, row["structure"], row["section"])
            at = attainment_at(*where, needed, cfg.confidence)
            fewer = attainment_at(*where, needed - 1, cfg.confidence)
        records.append({**row, "attainment": at, "attainment_one_fewer": fewer})
    text = staffing_markdown(records, heading, settings.most, settings.per_section)
    info = run_info(cfg, next(iter(specs)))
    result = {
        **info,
        "target": target.describe(cfg.org.time_unit),
        "rule": rule.format(level=level),
        "per_section": settings.per_section,
        "results": records,
    }
    write_json(out_dir / STAFFING, result)
    write_text(out_dir / STAFFING_MD, text + "\n")
    write_parquet(out_dir / STAFFING_TABLE, tried)
    write_config(cfg, info, out_dir / CONFIG)
    if cfg.figure:
        from orgsim.analysis.search_figures import staffing_figure, staffing_title

        staffing_figure(
            tried,
            target.share,
            staffing_title(cfg.org.name or "", shown_target, cfg.confidence),
            out_dir / STAFFING_FIGURE,
            cfg.confidence,
        )
    if label is not None:
        needed = (
            f"{r['structure']}{'/' + str(r['section']) if settings.per_section else ''} "
            f"{r['needed_staff'] if r['needed_staff'] is not None else f'>{settings.most}'}"
            for r in records
        )
        print(_("{label}: staff needed {counts}").format(label=label, counts=", ".join(needed)))
        return result
    print(text)
    print(_("results in {path}").format(path=out_dir))
    return result
