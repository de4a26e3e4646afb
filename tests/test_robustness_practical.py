"""``task=robustness`` judges with the metric registry's practical band and the run's overrides.

A point is "no practical difference" when the plan's change is smaller than the metric's
smallest difference that matters, as every other verdict of orgsim reads it: the registry's
default (a wait: 5% or 1 minute, whichever is larger), changed per run by ``practical.*``.
"""

from __future__ import annotations

import json

import pytest

from orgsim.analysis.metric_registry import Practical
from orgsim.analysis.report import build_report
from orgsim.analysis.robustness_tables import (
    band_words,
    practical_of,
    practical_record,
    relative_band,
    verdict_shares,
)
from orgsim.experiments.compose import compose_config
from orgsim.experiments.robustness import evaluate, point_processes, sample_ranges
from tests.test_cli import orgsim

SHORT = ["workload.horizon=300", "workload.warmup=30", "replications=3"]
STEADY = ["task=robustness", "robustness.ranges={workload.arrival_scale: [0.6, 1.0]}"]


def _shares(*overrides: str) -> dict[str, float]:
    cfg = compose_config([*STEADY, *SHORT, *overrides])
    problem, sample = sample_ranges({"workload.arrival_scale": (0.6, 1.0)}, "latin", 6, 1)
    table = evaluate(cfg, problem, sample, "merged", False, 1)
    return verdict_shares(table["verdict"])


def test_a_practical_override_changes_the_verdict_shares():
    assert _shares() == {"better": 1.0, "no practical difference": 0.0, "worse": 0.0}
    # merging four busy sections cuts the mean wait by far less than 99% of it
    wide = {"better": 0.0, "no practical difference": 1.0, "worse": 0.0}
    assert _shares("practical.wait_mean=99%") == wide
    assert _shares("practical.wait=99%") == wide  # a family's name sets its members
    assert _shares("practical.wait_mean=1000") == wide  # an amount in the engine's unit


def test_the_band_is_the_registrys_unless_the_run_says_otherwise():
    assert practical_of("wait_mean") == Practical(0.05, 1.0, in_minutes=True)
    assert practical_of("wait_mean", {"wait_mean": "10%"}) == Practical(relative=0.1)
    assert practical_of("wait_mean", {"wait": 0.5}) == Practical(absolute=0.5)
    assert practical_of("deadline_attainment") == Practical(absolute=0.01)
    assert practical_of("wait_mean", {"wait_mean": "10%"}, band=0.2) == Practical(relative=0.2)
    # 1 minute is more than 5% of a 0.1-hour wait: the band is 1/6 of the baseline there
    assert relative_band(practical_of("wait_mean"), 0.1, 1.0) == pytest.approx(1 / 6)
    assert relative_band(practical_of("wait_mean"), 10.0, 1.0) == pytest.approx(0.05)
    assert band_words(practical_record(practical_of("wait_mean")), "wait_mean") == (
        "5% of the baseline's value or 1 minute, whichever is larger"
    )
    attainment = practical_record(practical_of("deadline_attainment"))
    assert band_words(attainment, "deadline_attainment") == "1 percentage point"


def test_the_page_states_the_band_the_run_used(tmp_path):
    out = tmp_path / "run"
    done = orgsim(
        *STEADY,
        "robustness.points=3",
        "practical.wait_mean=99%",
        "figure=false",
        *SHORT,
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "robustness.json").read_text())
    assert result["practical"] == {"relative": 0.99, "absolute": 0.0, "in_minutes": False}
    assert result["shares"]["no practical difference"] == 1.0
    assert "no practical difference within 99% of the baseline's value" in done.stdout
    page = build_report(out)
    assert "a change smaller than 99% of the baseline&#x27;s value" in page


def test_a_metric_without_a_better_direction_is_refused_in_one_line(tmp_path):
    out = tmp_path / "run"
    done = orgsim(
        *STEADY, "robustness.metric=utilisation_mean", *SHORT, f"hydra.run.dir={out}", cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "robustness.metric" in lines[0], done.stderr
    assert not out.exists()


def test_a_sweep_job_spreads_its_points_unless_joblib_already_fills_the_cores():
    joblib = "hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher"
    slurm = "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
    basic = "hydra._internal.core_plugins.basic_launcher.BasicLauncher"
    assert point_processes(4, None) == 4  # a single run
    assert point_processes(4, joblib) == 1
    assert point_processes(4, slurm) == 4 and point_processes(-1, basic) == -1
