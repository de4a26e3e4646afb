"""The Python API for notebooks and scripts: load an office, compare its structures.

No Hydra knowledge is needed: an office is named by a shipped scenario (``pooling_demo``),
a shipped office (``pooling_four``) or a path to an org file, and settings are changed
with the same ``key=value`` overrides the command line takes. The tables returned are the
ones ``orgsim`` writes to its results folder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig

from orgsim.analysis.summary import compare as summarise_comparison
from orgsim.analysis.summary import comparison_table, render_markdown, type_tables
from orgsim.experiments.build import ConfigError, build_specs, check_run_settings, descriptions
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file
from orgsim.experiments.paths import shipped
from orgsim.experiments.runner import run_replications
from orgsim.experiments.schema import Config
from orgsim.sim import SimSpec, required_utilisation


def list_scenarios() -> dict[str, list[str]]:
    """The shipped scenarios (``experiment``) and offices (``org``) ``load_office`` takes."""
    return {"experiment": shipped("experiment"), "org": shipped("org")}


@dataclass(frozen=True)
class Office:
    """An office and its structures, validated and ready to run.

    Attributes:
        name: the office's name.
        specs: structure name -> engine spec, the baseline first.
        descriptions: structure name -> one-line description.
        config: the whole composed config (seed, replications, workload, ...), as
            ``orgsim --cfg job`` would show it.
    """

    name: str
    specs: dict[str, SimSpec]
    descriptions: dict[str, str]
    config: DictConfig = field(repr=False)

    @property
    def baseline(self) -> str:
        """The structure the others are compared with."""
        return next(iter(self.specs))

    def required_utilisation(self) -> dict[str, float]:
        """Per structure, the smallest possible busiest-person utilisation (>= 1: overloaded)."""
        return {name: required_utilisation(spec) for name, spec in self.specs.items()}


def _choice(path_or_name: str | Path) -> list[str]:
    """The overrides that select an office given by name or path."""
    text = str(path_or_name)
    if isinstance(path_or_name, Path) or text.endswith((".yaml", ".yml")) or "/" in text:
        return redirect_org_file([f"org={text}"])
    if text in shipped("experiment"):
        return [f"experiment={text}"]
    if text in shipped("org"):
        return [f"org={text}"]
    raise ConfigError(
        f"office {text!r} is neither a shipped scenario nor an org file; use a path to a "
        f"YAML file, a scenario ({', '.join(shipped('experiment'))}) or an office "
        f"({', '.join(shipped('org'))})"
    )


def load_office(path_or_name: str | Path, overrides: Sequence[str] = ()) -> Office:
    """Load and validate an office, ready for :func:`compare`.

    Args:
        path_or_name: a shipped scenario (``bengbu_nrpb``; see :func:`list_scenarios`),
            a shipped office (``pooling_four``) or the path of an org file.
        overrides: settings as on the command line, e.g.
            ``["workload.horizon=2000", "structure=current+merged"]``.

    Raises:
        ConfigError: with one line naming the field and the fix.
    """
    cfg = compose_config([*_choice(path_or_name), *overrides])
    check_run_settings(cfg)
    specs = build_specs(cfg)
    about = descriptions(cfg)
    return Office(
        name=cfg.org.name or str(path_or_name),
        specs=specs,
        descriptions={name: about.get(name, "") for name in specs},
        config=cfg,
    )


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: tidy tables, as in a results folder.

    Attributes:
        replications: one row per structure and replication, one column per metric.
        staff: utilisation of every staff member in every replication.
        summary: one row per structure and metric: mean, interval (at the run's
            ``confidence``, 95% by default), half-width, n.
        differences: paired differences (alternative - baseline) with intervals,
            p-values and Holm-adjusted p-values.
        baseline: the structure the others are compared with.
        timeseries: with ``timeseries=True``, the models' state per time unit.
        matter_types: the matter types, in order; per-type metrics are named after them
            (``wait_mean.<type>``, ``deadline_attainment.<type>``).
    """

    replications: pd.DataFrame
    staff: pd.DataFrame
    summary: pd.DataFrame
    differences: pd.DataFrame
    baseline: str
    timeseries: pd.DataFrame | None = None
    matter_types: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """Metrics as rows: each structure's mean [CI] and each paired difference.

        Per-type metrics are in :meth:`type_tables`.
        """
        return comparison_table(self.summary, self.differences, self.matter_types)

    def type_tables(self) -> dict[str, pd.DataFrame]:
        """``wait_mean`` and ``deadline_attainment`` -> a table with one row per matter type."""
        return type_tables(self.summary, self.differences, self.matter_types)

    def _repr_markdown_(self) -> str:
        return render_markdown(self.table())


def compare(
    office: Office | Mapping[str, SimSpec],
    replications: int | None = None,
    seed: int | None = None,
    timeseries: bool = False,
    progress: bool = False,
    n_jobs: int | None = None,
    confidence: float | None = None,
) -> Comparison:
    """Run every structure of ``office`` on the same demand, replication by replication.

    Args:
        office: from :func:`load_office`, or structure name -> spec (the first is the
            baseline) for specs built by hand.
        replications: how many (default: the office's config, 10 unless overridden).
        seed: the base seed (default: the office's config).
        timeseries: step one time unit at a time and keep the time series.
        progress: show a progress bar.
        n_jobs: processes for the replications: -1 every core, 1 this process only; None
            every core when the run is long enough to gain. Results are the same either way.
        confidence: the level of every interval (default: the office's config, 0.95 unless
            overridden with ``confidence=...``).
    """
    if isinstance(office, Office):
        specs, cfg = office.specs, office.config
        replications = cfg.replications if replications is None else replications
        seed = cfg.seed if seed is None else seed
        reform_at = cfg.workload.reform_at
        confidence = cfg.confidence if confidence is None else confidence
    else:
        specs, reform_at = dict(office), None
        confidence = Config.confidence if confidence is None else confidence
        replications = Config.replications if replications is None else replications
        seed = Config.seed if seed is None else seed
    if not specs:
        raise ConfigError("office: no structures to compare; give at least one")
    if not 0 < confidence < 1:
        raise ConfigError(
            f"confidence: {confidence!r} is not a level between 0 and 1; give one such as 0.95"
        )
    if replications < 2:
        raise ConfigError(f"replications: {replications} is too few for an interval; use 2 or more")
    table, staff, series = run_replications(
        dict(specs),
        seed,
        replications,
        timeseries=timeseries,
        reform_at=reform_at,
        progress=progress,
        n_jobs=n_jobs,
    )
    baseline = next(iter(specs))
    types = tuple(m.name for m in specs[baseline].matter_types)
    summary, differences = summarise_comparison(table, baseline, types, confidence)
    return Comparison(table, staff, summary, differences, baseline, series, types)


@dataclass(frozen=True)
class BPostRecommendation:
    """The result of :func:`recommend_b_posts`: who should back up whom, and what it gains.

    Attributes:
        recommended: whether B posts are recommended (False: none makes a practical
            difference, and every person's recommended post is ``unnecessary``).
        headline: the answer in one sentence.
        posts: one row per person: ``person``, ``a_post``, ``a_post_load``,
            ``current_b_post``, ``recommended_b_post``, ``why``.
        comparisons: one row per set of posts (``recommended``, ``chain``, ``pairs``,
            ``dedicated``): ``new_skills``, ``mean`` of the metric, the paired ``gain`` over
            the current posts (> 0 is better) with ``gain_low`` and ``gain_high`` (its
            interval at the office's confidence), and the ``verdict``.
        tried: every candidate the local search tried, its mean and whether it was kept.
        metric: the metric improved.
        band: its smallest difference that matters, in the engine's unit.
        current_mean: the metric with the current posts.
        result: everything, as ``b_posts.json`` holds it.
    """

    recommended: bool
    headline: str
    posts: pd.DataFrame
    comparisons: pd.DataFrame
    tried: pd.DataFrame
    metric: str
    band: float
    current_mean: float
    result: dict = field(repr=False)

    @property
    def gain(self) -> tuple[float, float, float]:
        """The recommendation's gain over the current posts: (mean, low, high)."""
        first = self.comparisons.iloc[0]
        return float(first["gain"]), float(first["gain_low"]), float(first["gain_high"])

    def _repr_markdown_(self) -> str:
        from orgsim.analysis.b_post_tables import b_posts_markdown

        return b_posts_markdown(self.result)


def recommend_b_posts(
    office: Office | str | Path,
    replications: int | None = None,
    seed: int | None = None,
    progress: bool = False,
) -> BPostRecommendation:
    """Recommend B posts for the office's baseline structure, as ``task=b_posts`` does.

    The office's limits and search settings are its ``b_posts.*`` settings, given to
    :func:`load_office` as overrides (``["b_posts.most_new_skills=3"]``).

    Args:
        office: from :func:`load_office`, or a name or path it takes.
        replications: replications per candidate, and as many fresh ones for the gain
            (default: the office's config).
        seed: the base seed (default: the office's config).
        progress: show a progress bar.

    Raises:
        ConfigError: with one line naming the field and the fix.
    """
    from orgsim.experiments.b_posts_app import check_b_posts, recommend

    if not isinstance(office, Office):
        office = load_office(office)
    cfg = office.config.copy()
    cfg.task = "b_posts"
    if replications is not None:
        cfg.replications = replications
    if seed is not None:
        cfg.seed = seed
    if cfg.replications < 2:
        raise ConfigError(
            f"replications: {cfg.replications} is too few for an interval; use 2 or more"
        )
    check_b_posts(cfg)
    result, tried = recommend(cfg, progress)
    comparisons = pd.DataFrame(
        [
            {
                "name": c["name"],
                "new_skills": c["new_skills"],
                "mean": c["mean"],
                "gain": c["gain"]["mean"],
                "gain_low": c["gain"]["ci_low"],
                "gain_high": c["gain"]["ci_high"],
                "verdict": c["verdict"],
            }
            for c in result["comparisons"]
        ]
    )
    posts = pd.DataFrame(result["posts"]).drop(columns=["why_key", "why_values"])
    return BPostRecommendation(
        recommended=bool(result["recommended"]),
        headline=str(result["headline"]),
        posts=posts,
        comparisons=comparisons,
        tried=tried,
        metric=str(result["metric"]),
        band=float(result["band"]),
        current_mean=float(result["current_mean"]),
        result=result,
    )
