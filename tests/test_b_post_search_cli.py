"""``task=b_posts`` through the real command: a busy chain office, an idle office, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from orgsim.analysis.report import build_report
from tests.test_cli import orgsim


def org_file(tmp_path, sections: int, per: int, load: float) -> str:
    """An office of one-kind-of-work sections whose people can do only their own work."""
    org = {
        "name": "backups",
        "time_unit": "hour",
        "matter_types": {
            f"t{i}": {
                "arrival_rate": load * per,
                "service": {"distribution": "exponential", "mean": 1.0},
            }
            for i in range(sections)
        },
        "sections": {f"S{i}": {"handles": [f"t{i}"]} for i in range(sections)},
        "staff": {
            f"p{i}": {"section": f"S{i}", "skills": {f"t{i}": 1.0}, "count": per}
            for i in range(sections)
        },
    }
    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump(org))
    return str(path)


def test_busy_office_gets_a_chain_that_beats_pairs_and_dedicated_posts(tmp_path):
    out = tmp_path / "run"
    done = orgsim(
        "task=b_posts",
        f"org={org_file(tmp_path, 5, 1, 0.85)}",
        "b_posts.speed=1.0",
        "b_posts.evaluations=8",
        "workload.horizon=2500",
        "workload.warmup=250",
        "replications=5",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "B posts recommended" in done.stdout and "closes the chain" in done.stdout
    result = json.loads((out / "b_posts.json").read_text())
    assert result["recommended"] is True
    by_name = {c["name"]: c for c in result["comparisons"]}
    assert by_name["recommended"]["verdict"] == "better"
    assert by_name["recommended"]["gain"]["ci_low"] > 0
    assert by_name["chain"]["mean"] < by_name["pairs"]["mean"] < by_name["dedicated"]["mean"]
    assert {r["person"] for r in result["posts"]} == {f"p{i}" for i in range(5)}
    assert all(r["recommended_b_post"] for r in result["posts"])
    tried = pd.read_parquet(out / "b_posts.parquet")
    assert len(tried) == 7 and set(tried.columns) >= {"change", "person", "mean", "kept"}
    for name in ("b_posts.md", "config.yaml", "status.json", "b_posts.png", "b_posts.svg"):
        assert (out / name).stat().st_size > 0, name
    page = build_report(out)
    assert "Who backs up whom, and why" in page and "closes the chain" in page
    assert "data:image/png;base64," in page and "Gain of each set of B posts" in page
    assert all(f"<strong>p{i}</strong>" in page for i in range(5))


def test_idle_office_is_told_b_posts_are_not_needed(tmp_path):
    out = tmp_path / "run"
    done = orgsim(
        "task=b_posts",
        f"org={org_file(tmp_path, 4, 2, 0.05)}",
        "b_posts.evaluations=12",
        "workload.horizon=1000",
        "replications=3",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "No B posts recommended" in done.stdout
    result = json.loads((out / "b_posts.json").read_text())
    assert result["recommended"] is False
    assert {r["recommended_b_post"] for r in result["posts"]} == {"unnecessary"}
    recommended = result["comparisons"][0]
    assert recommended["verdict"] == "no practical difference"
    assert not recommended["gain"]["ci_low"] > 0 or recommended["gain"]["mean"] <= result["band"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["b_posts.evaluations=0"], "b_posts.evaluations"),
        (["b_posts.metric=speediness"], "b_posts.metric"),
        (["b_posts.most_new_skills=-1"], "b_posts.most_new_skills"),
        (["b_posts.speed=0"], "b_posts.speed"),
        (["b_posts.learning_start=1.5"], "b_posts.learning_start"),
        (["b_posts.learning_matters=0"], "b_posts.learning_matters"),
    ],
)
def test_bad_b_post_settings_fail_in_one_line_without_output(tmp_path, args, field):
    out = tmp_path / "run"
    done = orgsim("task=b_posts", *args, "replications=2", f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], done.stderr
    assert not out.exists()


@pytest.mark.slow  # a whole sweep of searches; gathering is tested on run sweeps
def test_b_post_sweep_gathers_every_jobs_candidates(tmp_path):
    out = tmp_path / "sweep"
    done = orgsim(
        "-m",
        "task=b_posts",
        "org=pooling_four",
        "b_posts.evaluations=3",
        "workload.horizon=200",
        "workload.warmup=20",
        "replications=2",
        "seed=1,2",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("B posts recommended") == 2  # one line per job ("No B posts ...")
    gathered = pd.read_parquet(out / "aggregate.parquet")
    assert set(gathered["seed"]) == {1, 2} and set(gathered["change"]) <= {"give", "take away"}
