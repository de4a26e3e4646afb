"""``task=robustness``: does the plan's verdict survive what the office does not know?

The uncertain assumptions are given as ranges, by the dotted path of any numeric setting::

    robustness.ranges={org.handoff_delay.mean: [0.5, 4], workload.arrival_scale: [0.8, 1.2]}

(or nested, as in a YAML file). The ranges are sampled with SALib (Latin hypercube, Sobol or
Morris trajectories); at every point the plan and the baseline run the same replications
with the same seeds (common random numbers, at every point alike), and the point's verdict is
read from their paired difference against the metric's smallest difference that matters (the
metric registry's band, with the run's ``practical.*`` overrides; see
:mod:`orgsim.analysis.robustness_tables`). Points are spread over processes with joblib as
replications are (``n_jobs``), or, with ``robustness.launcher=true``, as jobs of the configured
Hydra launcher (joblib here; SLURM or Ray on a cluster), one job per point
(:mod:`orgsim.experiments.robustness_launch`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from omegaconf import DictConfig, OmegaConf

from orgsim.analysis.b_post_tables import metric_words
from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.results_folder import (
    CONFIG,
    ROBUSTNESS,
    ROBUSTNESS_FIGURE,
    ROBUSTNESS_MD,
    ROBUSTNESS_TABLE,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.analysis.robustness_tables import (
    band_words,
    gain,
    practical_of,
    practical_record,
    relative_band,
    robustness_markdown,
    sensitivity,
    verdict,
    verdict_shares,
)
from orgsim.analysis.units import WorkCalendar, display_of, engine_unit_hours
from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.progress import bar
from orgsim.experiments.provenance import run_info, write_config
from orgsim.experiments.robustness_launch import launched_points, launcher_name
from orgsim.experiments.runner import run_replications, workers
from orgsim.experiments.schema import hint_at

#: Ways to sample the ranges (SALib): Latin hypercube, Sobol (Saltelli) and Morris.
METHODS = ("latin", "sobol", "morris")
#: At most this many points in one run (each point is a full set of paired replications).
MOST_POINTS = 5000


def flat_ranges(ranges: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path -> range, from a flat (``a.b: [lo, hi]``) or nested mapping (or both)."""
    out: dict[str, Any] = {}
    for key, value in ranges.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat_ranges(value, path + "."))
        else:
            out[path] = value
    return out


def _range_error(path: str, problem: str) -> ConfigError:
    return ConfigError(f"robustness.ranges.{path}: {problem}")


def checked_ranges(cfg: DictConfig) -> dict[str, tuple[float, float]]:
    """The ranges as (low, high) by dotted path; ConfigError naming the first bad one."""
    given = cfg.robustness.ranges
    raw = OmegaConf.to_container(given, resolve=True) if given is not None else {}
    if not isinstance(raw, dict):
        raise ConfigError(
            f"robustness.ranges: {raw!r} is not a mapping; give path: [low, high] pairs, e.g. "
            "robustness.ranges={workload.arrival_scale: [0.8, 1.2]}"
        )
    ranges = flat_ranges({str(key): value for key, value in raw.items()})
    if not ranges:
        raise ConfigError(
            "robustness.ranges: no uncertain assumption given; give at least one, e.g. "
            "robustness.ranges={workload.arrival_scale: [0.8, 1.2]}"
        )
    out = {}
    for path, bounds in ranges.items():
        if not (isinstance(bounds, list | tuple) and len(bounds) == 2):
            raise _range_error(
                path, f"{bounds!r} is not a range; give [low, high], e.g. [0.8, 1.2]"
            )
        low, high = bounds
        if not all(isinstance(b, int | float) and math.isfinite(b) for b in (low, high)):
            raise _range_error(path, f"{bounds!r} has a bound that is not a finite number")
        if not low < high:
            raise _range_error(path, f"{bounds!r} is empty; give the lower bound first")
        current = OmegaConf.select(cfg, path, default=None)
        unset_number = current is None and hint_at(path) in (int, float)
        if not unset_number and (isinstance(current, bool) or not isinstance(current, int | float)):
            raise _range_error(
                path,
                f"there is no numeric setting at {path} (found {current!r}); give the dotted "
                "path of a number in the run's config, e.g. workload.arrival_scale",
            )
        out[path] = (float(low), float(high))
    return out


def check_robustness(cfg: DictConfig) -> None:
    """Bad robustness settings refused before the folder is touched (ConfigError)."""
    settings = cfg.robustness
    if settings.method not in METHODS:
        raise ConfigError(
            f"robustness.method: unknown method {settings.method!r}; use one of "
            f"{', '.join(METHODS)}"
        )
    if not 2 <= settings.points <= MOST_POINTS:
        raise ConfigError(
            f"robustness.points: {settings.points} is out of range; give 2 to {MOST_POINTS:,}"
        )
    found = metric_info(settings.metric)
    if found is None or found.direction == "neutral":
        raise ConfigError(
            f"robustness.metric: {settings.metric!r} is not a metric with a better direction; "
            "use one such as wait_mean, wait_p90, lead_mean, deadline_attainment or throughput"
        )
    if settings.band is not None and not 0 <= settings.band < 1:
        raise ConfigError(
            f"robustness.band: {settings.band!r} is not a relative band; give a share in "
            "[0, 1), e.g. 0.05 for 5%"
        )
    ranges = checked_ranges(cfg)
    structures = list(build_specs(cfg))
    if len(structures) < 2:
        raise ConfigError(
            "robustness.plan: the run has no structure to judge against the baseline; "
            "add one (reform=..., or structures in the org file)"
        )
    plan = settings.plan
    if plan is not None and plan not in structures[1:]:
        raise ConfigError(
            f"robustness.plan: {plan!r} is not an alternative of this run; use one of "
            f"{', '.join(structures[1:])}"
        )
    for corner in (0, 1):  # the office must build at both ends of every range
        build_specs(at_point(cfg, {p: r[corner] for p, r in ranges.items()}))


def at_point(cfg: DictConfig, values: Mapping[str, float]) -> DictConfig:
    """``cfg`` with each dotted setting set to its value (integers kept integers).

    A setting left unset (``org.handoff_delay: null``) is made with its schema's defaults
    first, so that ``org.handoff_delay.mean`` can range over a delay the office does not have.
    """
    point = cfg.copy()
    for path, value in values.items():
        segments = path.split(".")
        for end in range(1, len(segments)):
            parent = ".".join(segments[:end])
            hint = hint_at(parent)
            if OmegaConf.select(point, parent) is None and dataclasses.is_dataclass(hint):
                OmegaConf.update(point, parent, hint(), force_add=True)  # type: ignore[operator]
        whole = hint_at(path) is int or isinstance(OmegaConf.select(point, path), int)
        OmegaConf.update(point, path, round(value) if whole else float(value))
    return point


def sample_ranges(
    ranges: dict[str, tuple[float, float]], method: str, points: int, seed: int
) -> tuple[dict[str, Any], np.ndarray]:
    """The SALib problem and the sampled points (one row per point).

    ``points`` is the number of points for ``latin``; for ``sobol`` the base count N (a
    power of two; N x (assumptions + 2) points), for ``morris`` the trajectories (each of
    assumptions + 1 points).
    """
    from SALib.sample import latin, morris, sobol  # seconds to import: only here

    problem = {"num_vars": len(ranges), "names": list(ranges), "bounds": list(ranges.values())}
    if method == "sobol":
        sample = sobol.sample(problem, points, calc_second_order=False, seed=seed)
    elif method == "morris":
        sample = morris.sample(problem, points, num_levels=4, seed=seed)
    else:
        sample = latin.sample(problem, points, seed=seed)
    return problem, np.asarray(sample, float)


def paired_point(
    cfg: DictConfig, values: dict[str, float], baseline: str, plan: str, metric: str
) -> dict[str, float]:
    """One point: the plan and the baseline on the same seeds, and their paired difference."""
    specs = build_specs(at_point(cfg, values))
    pair = {baseline: specs[baseline], plan: specs[plan]}
    table = run_replications(pair, cfg.seed, cfg.replications, progress=False, n_jobs=1)[0]
    wide = table.pivot(index="replication", columns="structure", values=metric)
    difference = wide[plan] - wide[baseline]
    half = float(difference.std(ddof=1) / math.sqrt(len(difference))) * _t(cfg)
    return {
        **values,
        "baseline": float(wide[baseline].mean()),
        "plan": float(wide[plan].mean()),
        "difference": float(difference.mean()),
        "difference_low": float(difference.mean()) - half,
        "difference_high": float(difference.mean()) + half,
    }


def _t(cfg: DictConfig) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.5 + cfg.confidence / 2, cfg.replications - 1))


def evaluate(
    cfg: DictConfig,
    problem: dict[str, Any],
    sample: np.ndarray,
    plan: str,
    progress: bool | None,
    n_jobs: int | None,
    launch_into: Path | None = None,
) -> pd.DataFrame:
    """Every point's paired comparison, in sample order.

    The points run in processes of this machine (``n_jobs``), or, with ``launch_into`` (the
    run's folder), as jobs of the configured Hydra launcher
    (:mod:`orgsim.experiments.robustness_launch`); the table is the same either way.
    """
    names = problem["names"]
    specs = build_specs(cfg)
    baseline = next(iter(specs))
    metric = cfg.robustness.metric
    points = [dict(zip(names, map(float, row), strict=True)) for row in sample]
    if launch_into is not None:
        # no bar: the launcher reports its jobs itself (and returns only when all are done)
        return judged(cfg, launched_points(cfg, points, baseline, plan, metric, launch_into))
    pair = {baseline: specs[baseline], plan: specs[plan]}
    processes = workers(n_jobs, pair, cfg.replications * len(points))
    processes = min(processes, len(points))
    if processes == 1:
        done = (paired_point(cfg, p, baseline, plan, metric) for p in points)
    else:
        done = Parallel(n_jobs=processes, backend="loky", return_as="generator")(
            delayed(paired_point)(cfg, p, baseline, plan, metric) for p in points
        )
    rows = list(bar(done, len(points), "robustness points", progress))
    return judged(cfg, rows)


def judged(cfg: DictConfig, rows: list[dict[str, float]]) -> pd.DataFrame:
    """The points' table: each paired comparison, its gain, band and verdict."""
    metric = cfg.robustness.metric
    table = pd.DataFrame(rows)
    table["gain"] = [
        gain(metric, b, p) for b, p in zip(table["baseline"], table["plan"], strict=True)
    ]
    practical = practical_of(metric, _overrides(cfg), cfg.robustness.band)
    hours = engine_hours(cfg)
    table["band"] = [relative_band(practical, b, hours) for b in table["baseline"]]
    table["verdict"] = [verdict(g, b) for g, b in zip(table["gain"], table["band"], strict=True)]
    return table


def _overrides(cfg: DictConfig) -> dict[str, Any]:
    """The run's ``practical.*`` settings (None where the registry's default holds)."""
    given = cfg.get("practical")
    return dict(OmegaConf.to_container(given, resolve=True)) if given else {}  # type: ignore[arg-type]


def engine_hours(cfg: DictConfig) -> float | None:
    """Working hours in one engine time unit, to turn a band in minutes into the engine's."""
    display = display_of(cfg.org)
    if display is not None:
        return display.engine_hours
    return engine_unit_hours(str(cfg.org.time_unit), WorkCalendar())


def point_processes(n_jobs: int | None, launcher: str | None) -> int | None:
    """Processes for one run's points: ``n_jobs``, except in a sweep's job under joblib.

    ``launcher`` is the Hydra launcher's class of the sweep the run is a job of (None: not
    a sweep's job). The joblib launcher runs a sweep's jobs side by side on this machine,
    one per core, so each job evaluates its points in one process (no oversubscribing).
    Under the basic launcher jobs run one after another, and under a cluster launcher
    (submitit, ray) each job has a node of its own: there a job spreads its points over
    ``n_jobs`` processes.
    """
    if launcher is None:
        return n_jobs
    return 1 if "joblib" in launcher.lower() else n_jobs


def _sweep_launcher() -> str:
    """The launcher class of the sweep this job belongs to ('' outside a Hydra job)."""
    from hydra.core.hydra_config import HydraConfig

    try:
        return str(HydraConfig.get().launcher.get("_target_") or "")
    except ValueError:  # not inside a Hydra job
        return ""


def run_robustness(
    cfg: DictConfig, out_dir: Path, progress: bool | None = None, label: str | None = None
) -> dict[str, Any]:
    """Sample the ranges, judge the plan at every point, write the robustness folder."""
    settings = cfg.robustness
    ranges = checked_ranges(cfg)
    structures = list(build_specs(cfg))
    baseline = structures[0]
    plan = settings.plan or structures[1]
    problem, sample = sample_ranges(ranges, settings.method, settings.points, cfg.seed)
    n_jobs = point_processes(cfg.n_jobs, _sweep_launcher() if label is not None else None)
    launch_into = out_dir if settings.launcher and label is None else None
    table = evaluate(cfg, problem, sample, plan, progress, n_jobs, launch_into)
    shares = verdict_shares(table["verdict"])
    influence = sensitivity(problem, sample, table["gain"].to_numpy(), settings.method)
    practical = practical_of(settings.metric, _overrides(cfg), settings.band)
    record = practical_record(practical)
    heading = _(
        "Robustness: {plan} against {baseline} on {metric}, no practical difference within "
        "{band}; {replications} paired replications per point"
    ).format(
        plan=plan,
        baseline=baseline,
        metric=metric_words(settings.metric),
        band=band_words(record, settings.metric),
        replications=cfg.replications,
    )
    text = robustness_markdown(shares, influence, heading, len(table))
    info = run_info(cfg, baseline)
    result = {
        **info,
        "plan": plan,
        "baseline_structure": baseline,
        "metric": settings.metric,
        "band": practical.relative,
        "practical": record,
        "method": settings.method,
        "launcher": launcher_name() if launch_into is not None else None,
        "ranges": {path: list(bounds) for path, bounds in ranges.items()},
        "points": len(table),
        "shares": shares,
        "influence": influence.to_dict("records"),
        "interval_level": level_text(cfg.confidence),
    }
    write_json(out_dir / ROBUSTNESS, result)
    write_text(out_dir / ROBUSTNESS_MD, text + "\n")
    write_parquet(out_dir / ROBUSTNESS_TABLE, table)
    write_config(cfg, info, out_dir / CONFIG)
    if cfg.figure:
        from orgsim.analysis.robustness_figure import (  # seconds to import: only here
            robustness_title,
            verdict_map,
        )

        order = list(influence["assumption"]) if not influence.empty else list(ranges)
        title = robustness_title(cfg.org.name or "", plan, baseline, settings.metric)
        verdict_map(table, order[:2], title, out_dir / ROBUSTNESS_FIGURE)
    if label is not None:
        found = ", ".join(f"{_(name)} {share:.0%}" for name, share in shares.items())
        print(f"{label}: {plan} against {baseline}: {found}")
        return result
    print(text)
    print(_("results in {path}").format(path=out_dir))
    return result
