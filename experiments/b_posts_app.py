"""The ``task=b_posts`` job: recommend who should back up whom, write its folder.

Writes ``b_posts.json`` (the recommendation, its gain and the run's identity),
``b_posts.md`` (the same as tables), ``b_posts.parquet`` (every candidate the search tried),
``config.yaml`` and the figure ``b_posts.png``/``.svg`` (each set of posts' gain over the
current posts, with its interval), atomically and never over an earlier result unless
``overwrite=true``. :func:`recommend` is the search alone, for the Python API. b_posts.json
keeps the engine's unit and records the office's units (``display``, from the org's
``display_unit``), in which the console, b_posts.md and the figure show the numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig

from orgsim.analysis.b_post_tables import (
    UNNECESSARY,
    Reason,
    b_posts_markdown,
    basis,
    headline,
    reason,
    shown_headline,
)
from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.metric_registry import practical_settings
from orgsim.analysis.results_folder import (
    B_POSTS,
    B_POSTS_FIGURE,
    B_POSTS_MD,
    B_POSTS_TABLE,
    CONFIG,
    write_json,
    write_parquet,
    write_text,
)
from orgsim.analysis.units import WorkCalendar, display_of, engine_unit_hours
from orgsim.experiments.b_post_search import (
    BPostLimits,
    Posts,
    SearchSettings,
    compare_to_current,
    local_search,
    metric_values,
    pattern_posts,
    section_loads,
    verdict,
)
from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.progress import bar
from orgsim.experiments.provenance import run_info, write_config
from orgsim.sim import SimSpec
from orgsim.sim.streams import replication_seeds

#: Most candidates one search may try (each is a full set of replications).
MOST_EVALUATIONS = 10_000


def check_b_posts(cfg: DictConfig) -> None:
    """Bad ``b_posts`` settings refused before the folder is touched (ConfigError)."""
    settings = cfg.b_posts
    if settings.metric not in practical_settings(None):
        raise ConfigError(
            f"b_posts.metric: unknown metric {settings.metric!r}; use one such as wait_mean, "
            "wait_p90, lead_mean or deadline_attainment"
        )
    if not 1 <= settings.evaluations <= MOST_EVALUATIONS:
        raise ConfigError(
            f"b_posts.evaluations: {settings.evaluations} is out of range; give 1 to "
            f"{MOST_EVALUATIONS:,} (each candidate is a full set of replications)"
        )
    most = settings.most_new_skills
    if most is not None and most < 0:
        raise ConfigError(
            f"b_posts.most_new_skills: {most} is negative; give a number of skills >= 0, "
            "or null for no limit"
        )
    if not 0 < settings.speed <= 10:
        raise ConfigError(
            f"b_posts.speed: {settings.speed!r} is not a speed; give a share of nominal speed "
            "such as 0.8"
        )
    start = settings.learning_start
    if start is not None and not 0 < start <= 1:
        raise ConfigError(
            f"b_posts.learning_start: {start!r} is not a share of full speed; give one in "
            "(0, 1], e.g. 0.5, or null for no learning curve"
        )
    if not settings.learning_matters > 0:
        raise ConfigError(
            f"b_posts.learning_matters: {settings.learning_matters!r} is not positive; give "
            "the matters of practice that halve the learning gap, e.g. 20"
        )


def _settings(cfg: DictConfig, spec: SimSpec, seeds: list[int]) -> SearchSettings:
    given = cfg.b_posts
    limits = BPostLimits(
        same_unit=bool(given.same_unit),
        most_new_skills=given.most_new_skills,
        speed=float(given.speed),
        learning_start=given.learning_start,
        learning_matters=float(given.learning_matters),
    )
    metric = str(given.metric)
    practical = practical_settings(cfg.practical)[metric]
    current = float(pd.Series(metric_values(spec, seeds[:2], metric)).mean())
    hours = engine_unit_hours(str(cfg.org.time_unit), WorkCalendar())
    band = practical.band(current, hours)
    return SearchSettings(limits, metric, int(given.evaluations), band, float(cfg.confidence))


def _rows(spec: SimSpec, posts: Posts, reasons: dict[str, Reason], needed: bool) -> list[dict]:
    loads = section_loads(spec)
    rows = []
    for member in sorted(spec.structure.staff, key=lambda m: m.name):
        home = member.a_post or member.section
        chosen = posts.get(member.name)
        if not needed:
            recommended, why = UNNECESSARY, reason("unnecessary")
        elif chosen is None:
            recommended = None
            why = reasons.get(member.name) or reason("nowhere")
        else:
            recommended = chosen
            why = reasons.get(member.name) or Reason("")
        rows.append(
            {
                "person": member.name,
                "a_post": home,
                "a_post_load": loads.get(home, float("nan")),
                "current_b_post": member.b_post,
                "recommended_b_post": recommended,
                "why": str(why),
                "why_key": getattr(why, "key", None),
                "why_values": getattr(why, "values", None),
            }
        )
    return rows


def recommend(cfg: DictConfig, progress: bool | None = None) -> tuple[dict[str, Any], pd.DataFrame]:
    """Recommend B posts for the baseline office and judge them against its current posts.

    Returns:
        The result (as b_posts.json holds it) and every candidate the search tried.
    """
    specs = build_specs(cfg)
    baseline = next(iter(specs))
    spec = specs[baseline]
    seeds = replication_seeds(cfg.seed, 2 * cfg.replications)
    search_seeds, verdict_seeds = seeds[: cfg.replications], seeds[cfg.replications :]
    settings = _settings(cfg, spec, search_seeds)
    limits = settings.limits
    total = settings.evaluations + 5
    ticks = iter(bar(range(total), total, "B-post search", progress))

    def tick() -> None:
        next(ticks, None)

    chain, reasons = pattern_posts(spec, limits, "chain")
    found = local_search(spec, search_seeds, settings, chain, reasons, tick)
    candidates = {
        "recommended": found.posts,
        "chain": chain,
        "pairs": pattern_posts(spec, limits, "pairs")[0],
        "dedicated": pattern_posts(spec, limits, "dedicated")[0],
    }
    current_mean, comparisons = compare_to_current(spec, candidates, verdict_seeds, settings, tick)
    for _tick in ticks:  # the bar closes even when the search stopped early
        pass
    recommended = comparisons[0]
    judged = verdict(recommended.gain, settings.band)
    any_post = any(s is not None for s in found.posts.values())
    needed = judged == "better" and any_post
    found_info = metric_info(settings.metric)
    timed = found_info is not None and found_info.kind == "time"
    info = run_info(cfg, baseline)
    result: dict[str, Any] = {
        **info,
        "recommended": needed,
        "metric": settings.metric,
        "band": settings.band,
        "interval_level": level_text(cfg.confidence),
        "gain_unit": str(cfg.org.time_unit) if timed else None,
        "search": {
            "candidates": len(found.steps) + 1,
            "replications": int(cfg.replications),
            "same_unit": limits.same_unit,
            "most_new_skills": limits.most_new_skills,
            "speed": limits.speed,
            "learning_start": limits.learning_start,
        },
        "current_mean": current_mean,
        "posts": _rows(spec, found.posts, found.reasons, needed),
        "comparisons": [
            {
                "name": c.name,
                "new_skills": c.new_skills,
                "mean": c.mean,
                "gain": c.gain.as_dict(),
                "verdict": verdict(c.gain, settings.band),
                "posts": {p: s for p, s in c.posts.items() if s is not None},
            }
            for c in comparisons
        ],
    }
    result["headline"] = headline(result)  # in the engine's unit, as the numbers are recorded
    result["basis"] = basis(result)
    display = display_of(cfg.org)  # build_specs has checked the org's display settings
    if display is not None:
        result["display"] = display.record()
    tried = pd.DataFrame(
        [
            {
                "change": s.change,
                "person": s.person,
                "section": s.section,
                "mean": s.mean,
                "kept": s.kept,
            }
            for s in found.steps
        ],
        columns=["change", "person", "section", "mean", "kept"],
    )
    return result, tried


def run_b_posts(
    cfg: DictConfig, out_dir: Path, progress: bool | None = None, label: str | None = None
) -> dict[str, Any]:
    """Recommend B posts for the baseline office, write its folder and the figure."""
    result, tried = recommend(cfg, progress)
    text = b_posts_markdown(result)
    write_json(out_dir / B_POSTS, result)
    write_text(out_dir / B_POSTS_MD, text + "\n")
    write_parquet(out_dir / B_POSTS_TABLE, tried)
    write_config(cfg, run_info(cfg, result["baseline"]), out_dir / CONFIG)
    if cfg.figure:
        from orgsim.analysis.b_post_figure import b_posts_figure  # seconds to import: only here

        b_posts_figure(result, cfg.org.name or "", out_dir / B_POSTS_FIGURE)
    if label is not None:
        print(f"{label}: {shown_headline(result)}")
        return result
    print(text)
    print(_("results in {path}").format(path=out_dir))
    return result
