"""The ``orgsim --help`` screen: what the tool does and what to type, on one screen.

Hydra's generic help lists every config key and none of the shipped experiments; this
screen lists the experiments and config groups from the shipped config folder itself, so
it cannot go stale when a config is added, and points to ``--cfg job`` for the rest.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from orgsim.experiments.paths import CONF_DIR, shipped

#: Width the screen is wrapped to.
WIDTH = 100

#: Launchers that come with Hydra or its plugins rather than as presets in conf/.
BUILT_IN_LAUNCHERS = ("joblib", "basic", "submitit_local")

INTRO = """\
orgsim tests a restructuring plan for a government office before it is adopted: the same matters
run through the current structure and each proposed one, compared with 95% intervals
(confidence=0.99 for another level).

Usage:
  orgsim [key=value ...]             one run: compare the structures (or a search, with task=)
  orgsim -m key=a,b [key=c,d ...]    a sweep: one job per combination, on the local cores

Tasks (task=):
  compare    (default) every structure faces the same matters; paired differences
  capacity   the largest demand each structure carries within a deadline target ("1+1>2")
  staffing   the fewest people per structure (or section) that meet a deadline target
  b_posts    who should back up whom: B posts from a chain across sections, improved
  robustness where in ranges of uncertain assumptions the plan is better, the same or worse
"""

OUTRO = """\
Common keys: replications=10  seed=N  structure=all|NAME|A+B  baseline=current  confidence=0.95
             timeseries=true  figure=false  overwrite=true  progress=true|false  n_jobs=-1|1
             language=zh (what is printed and written for people, in Chinese: 中文)

Companion commands:
  orgsim-report PATH      one self-contained HTML report of a run, search or sweep folder
                          (--lang zh: in Chinese; --brief: a two-page brief of a run)
  orgsim-aggregate DIR    gather a partial or interrupted sweep into aggregate.parquet

orgsim --cfg job prints the full composed config; orgsim --hydra-help shows Hydra's options.
Docs: README.md, docs/org-file.md (describing your own office), docs/scenarios.md."""


def experiment_summary(name: str) -> str:
    """The one-line summary of a shipped experiment: its first comment line.

    Every ``conf/experiment/*.yaml`` opens with ``# @package _global_`` and then a
    one-line headline; the longer description follows it.
    """
    text = (Path(CONF_DIR) / "experiment" / f"{name}.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        comment = line.removeprefix("#").strip()
        if not line.startswith("#"):
            break
        if comment and not comment.startswith("@package"):
            return comment
    return ""


def _defaults() -> dict[str, str]:
    """Group -> default option, read from the primary config's defaults list."""
    config = yaml.safe_load((Path(CONF_DIR) / "config.yaml").read_text(encoding="utf-8"))
    chosen: dict[str, str] = {}
    for entry in config.get("defaults", []):
        if isinstance(entry, dict):
            for key, value in entry.items():
                chosen[key.removeprefix("override ")] = str(value)
    return chosen


def _options(group: str, names: list[str], defaults: dict[str, str]) -> str:
    """The option names, the default first."""
    default = defaults.get(group)
    ordered = [default] if default in names else []
    return ", ".join(ordered + [n for n in names if n != default])


def _group_lines(defaults: dict[str, str]) -> list[str]:
    """One wrapped entry per config group."""
    launchers = list(dict.fromkeys([*BUILT_IN_LAUNCHERS, *shipped("hydra/launcher")]))
    groups = [
        ("org", _options("org", shipped("org"), defaults) + ", or a path to a YAML file"),
        ("workload", _options("workload", shipped("workload"), defaults)),
        ("reform", _options("reform", shipped("reform"), defaults)),
        ("hydra/launcher", _options("hydra/launcher", launchers, defaults)),
    ]
    lines = ["Config groups (the first option is the default):"]
    for group, options in groups:
        lines += textwrap.wrap(
            options,
            WIDTH,
            initial_indent=f"  {group + '=':<17}",
            subsequent_indent=" " * 19,
            break_on_hyphens=False,
        )
    return lines


def _experiment_lines() -> list[str]:
    """One line per shipped experiment: its name and its headline."""
    names = shipped("experiment")
    width = max(map(len, names), default=0) + 2
    lines = ["Experiments (experiment=):"]
    lines += [f"  {name:<{width}}{experiment_summary(name)}" for name in names]
    return lines


def help_text() -> str:
    """The whole ``orgsim --help`` screen."""
    sections = [
        INTRO.rstrip("\n"),
        "\n".join(_experiment_lines()),
        "\n".join(_group_lines(_defaults())),
        OUTRO,
    ]
    return "\n\n".join(sections)
