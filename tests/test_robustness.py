"""``task=robustness``: where in the plausible range the plan wins, and which assumption decides.

Two offices: short and long matters (merging helps while reviews are short and hurts when they
are long, so the verdict flips inside the range) and four identical one-person sections
(merging wins everywhere in the range). Short horizons and few points keep them fast.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.report import build_report
from orgsim.analysis.robustness_tables import (
    gain,
    practical_of,
    relative_band,
    sensitivity,
    verdict,
    verdict_shares,
)
from orgsim.experiments.compose import compose_config
from orgsim.experiments.robustness import at_point, evaluate, flat_ranges, sample_ranges
from tests.test_cli import orgsim

SHORT = ["workload.horizon=300", "workload.warmup=30", "replications=3"]
REVIEW_LENGTH = "org.matter_types.site_review.service.mean"
FLIPS = [
    "experiment=pooling_hurts",
    "task=robustness",
    f"robustness.ranges={{{REVIEW_LENGTH}: [0.1, 10], workload.arrival_scale: [0.7, 1.0]}}",
    "robustness.points=30",
]


def test_verdict_flips_with_the_length_of_reviews(tmp_path):
    out = tmp_path / "flip"
    done = orgsim(*FLIPS, *SHORT, f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "share of the range" in done.stdout
    result = json.loads((out / "robustness.json").read_text())
    assert result["plan"] == "merged" and result["baseline_structure"] == "current"
    assert result["shares"]["better"] > 0.25 and result["shares"]["worse"] > 0.25
    assert result["influence"][0]["assumption"] == REVIEW_LENGTH
    table = pd.read_parquet(out / "robustness.parquet")
    assert len(table) == 30
    short = table[table[REVIEW_LENGTH] < 1.0]
    long = table[table[REVIEW_LENGTH] > 7.0]
    assert len(short) and (short["verdict"] == "better").all()
    assert len(long) and (long["verdict"] == "worse").all()
    for name in ("robustness.png", "robustness.svg", "robustness.md", "config.yaml"):
        assert (out / name).stat().st_size > 0, name


def test_merging_identical_sections_wins_over_the_whole_range(tmp_path):
    out = tmp_path / "steady"
    done = orgsim(
        "task=robustness",
        "robustness.ranges={workload.arrival_scale: [0.6, 1.05]}",
        "robustness.points=8",
        *SHORT,
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "robustness.json").read_text())
    assert result["shares"] == {"better": 1.0, "no practical difference": 0.0, "worse": 0.0}
    table = pd.read_parquet(out / "robustness.parquet")
    assert (table["plan"] < table["baseline"]).all()


def test_points_in_parallel_give_the_same_table_as_in_one_process():
    cfg = compose_config([*FLIPS, *SHORT])
    problem, sample = sample_ranges(
        {REVIEW_LENGTH: (0.1, 10.0), "workload.arrival_scale": (0.7, 1.0)}, "latin", 4, 1
    )
    one = evaluate(cfg, problem, sample, "merged", False, 1)
    two = evaluate(cfg, problem, sample, "merged", False, 2)
    pd.testing.assert_frame_equal(one, two)


def test_nested_and_dotted_ranges_are_the_same_ranges():
    nested = {"org": {"handoff_delay": {"mean": [0.5, 4]}}, "workload.arrival_scale": [0.8, 1.2]}
    assert flat_ranges(nested) == {
        "org.handoff_delay.mean": [0.5, 4],
        "workload.arrival_scale": [0.8, 1.2],
    }


def test_gain_is_in_the_plans_favour_whatever_the_direction():
    assert gain("wait_mean", 2.0, 1.0) == pytest.approx(0.5)
    assert gain("deadline_attainment", 0.8, 0.88) == pytest.approx(0.1)
    assert gain("throughput", 10.0, 9.0) == pytest.approx(-0.1)
    band = relative_band(practical_of("wait_mean"), 2.0, 1.0)  # 5% of 2 hours > 1 minute
    assert band == pytest.approx(0.05)
    assert [verdict(g, band) for g in (0.2, 0.04, -0.04, -0.2)] == [
        "better",
        "no practical difference",
        "no practical difference",
        "worse",
    ]
    shares = verdict_shares(pd.Series(["better", "better", "worse", "better"]))
    assert shares == {"better": 0.75, "no practical difference": 0.0, "worse": 0.25}


def test_sobol_indices_name_the_assumption_that_drives_a_known_function():
    problem, sample = sample_ranges({"a": (0.0, 1.0), "b": (0.0, 1.0)}, "sobol", 256, 3)
    gains = 5 * sample[:, 0] + 0.1 * sample[:, 1]
    found = sensitivity(problem, sample, gains, "sobol")
    assert list(found["assumption"]) == ["a", "b"]
    assert found["influence"].iloc[0] == pytest.approx(1.0, abs=0.1)
    assert (found["influence_conf"] > 0).all() and np.isfinite(found["S1"]).all()


def test_morris_effects_name_the_assumption_that_drives_a_known_function():
    problem, sample = sample_ranges({"a": (0.0, 1.0), "b": (0.0, 1.0)}, "morris", 20, 3)
    found = sensitivity(problem, sample, 0.1 * sample[:, 0] + 3 * sample[:, 1], "morris")
    assert list(found["assumption"]) == ["b", "a"]
    assert found["influence"].iloc[0] == pytest.approx(3.0, rel=0.01)


def test_rbd_fast_indices_of_a_latin_hypercube_name_the_driving_assumption():
    problem, sample = sample_ranges({"a": (0.0, 1.0), "b": (0.0, 1.0)}, "latin", 40, 3)
    found = sensitivity(problem, sample, sample[:, 0] + 0.05 * sample[:, 1], "latin")
    assert list(found["assumption"]) == ["a", "b"]
    assert found["influence"].iloc[0] > 0.8 and (found["influence_conf"] >= 0).all()


def test_too_few_latin_points_say_so_rather_than_guess():
    problem, sample = sample_ranges({"a": (0.0, 1.0)}, "latin", 8, 3)
    assert sensitivity(problem, sample, sample[:, 0], "latin").empty


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([], "robustness.ranges: no uncertain assumption"),
        (["robustness.ranges={workload.arival_scale: [1, 2]}"], "no numeric setting"),
        (["robustness.ranges={workload.arrival_scale: [1.2, 0.8]}"], "is empty"),
        (["robustness.ranges={workload.arrival_scale: 1.2}"], "is not a range"),
        (["robustness.ranges={org.name: [1, 2]}"], "robustness.ranges.org.name"),
        (["robustness.ranges={workload.arrival_scale: [0.8, 1]}", "robustness.method=x"], "method"),
        (["robustness.ranges={workload.arrival_scale: [0.8, 1]}", "robustness.points=1"], "points"),
        (["robustness.ranges={workload.arrival_scale: [0.8, 1]}", "robustness.plan=nope"], "plan"),
        (["robustness.ranges={workload.arrival_scale: [0.8, 1]}", "robustness.band=2"], "band"),
    ],
)
def test_bad_robustness_settings_fail_in_one_line_without_output(tmp_path, args, field):
    out = tmp_path / "run"
    done = orgsim("task=robustness", *args, *SHORT, f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], done.stderr
    assert not out.exists()


@pytest.mark.slow
def test_sobol_run_over_four_assumptions_finds_the_review_length(tmp_path):
    out = tmp_path / "sobol"
    done = orgsim(
        "experiment=pooling_hurts",
        "task=robustness",
        "robustness.method=sobol",
        "robustness.points=32",
        f"robustness.ranges={{{REVIEW_LENGTH}: [0.1, 10], workload.arrival_scale: [0.7, 1.0],"
        " org.matter_types.registration.service.mean: [0.08, 0.12],"
        " org.matter_types.registration.deadline: [1, 3]}",
        "workload.horizon=2000",
        "workload.warmup=200",
        "replications=5",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "robustness.json").read_text())
    assert result["points"] == 32 * 6
    top = result["influence"][0]
    assert top["assumption"] == REVIEW_LENGTH and top["influence"] > 0.5
    assert result["influence"][-1]["influence"] < 0.1


@pytest.mark.slow  # test_robustness_launcher.py runs robustness inside a sweep by default
def test_robustness_runs_sweep_through_the_launcher_and_gather(tmp_path):
    out = tmp_path / "sweep"
    done = orgsim(
        "-m",
        "task=robustness",
        "robustness.ranges={workload.arrival_scale: [0.6, 1.0]}",
        "robustness.points=4",
        *SHORT,
        "seed=1,2",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("merged against current: better 100%") == 2
    gathered = pd.read_parquet(out / "aggregate.parquet")
    assert len(gathered) == 2 * 4 and set(gathered["seed"]) == {1, 2}


def test_a_delay_the_office_does_not_have_can_still_range():
    cfg = compose_config(SHORT)
    assert cfg.org.handoff_delay is None
    point = at_point(cfg, {"org.handoff_delay.mean": 2.5, "org.absence.rate": 0.02})
    assert point.org.handoff_delay.mean == 2.5 and point.org.handoff_delay.distribution
    assert point.org.absence.rate == 0.02 and cfg.org.handoff_delay is None


def test_report_page_of_a_robustness_folder(tmp_path):
    out = tmp_path / "steady"
    done = orgsim(
        "task=robustness",
        "robustness.ranges={workload.arrival_scale: [0.6, 1.0]}",
        "robustness.points=4",
        *SHORT,
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = build_report(out)
    assert "100%</div><p>of the range: <strong>merged</strong> better" in page
    assert "workload.arrival_scale" in page and "data:image/png;base64," in page
