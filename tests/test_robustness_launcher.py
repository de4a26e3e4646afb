"""``robustness.launcher=true``: a run's points as jobs of the configured Hydra launcher.

Each point is one job of the launcher (joblib here, SLURM or Ray on a cluster) and runs the
same paired comparison on the same seeds as in one process, so the table is identical.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.test_cli import orgsim

SHORT = ["workload.horizon=300", "workload.warmup=30", "replications=3"]
STEADY = [
    "task=robustness",
    "robustness.ranges={workload.arrival_scale: [0.6, 1.0], org.handoff_delay.mean: [0.05, 0.5]}",
    "robustness.points=4",
    *SHORT,
]


def _run(tmp_path, name: str, *args: str):
    out = tmp_path / name
    done = orgsim(*STEADY, "figure=false", *args, f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return out, done


@pytest.mark.parametrize(
    "launcher",
    ["joblib", pytest.param("basic", marks=pytest.mark.slow), "submitit_local"],
)
def test_points_as_launcher_jobs_give_the_same_table_as_in_one_process(tmp_path, launcher):
    if launcher == "submitit_local":  # SLURM's launcher, run on this machine (extra: slurm)
        pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    here, _ = _run(tmp_path, "here")
    jobs, done = _run(tmp_path, "jobs", "robustness.launcher=true", f"hydra/launcher={launcher}")
    assert "launching 4 jobs" in done.stdout + done.stderr or launcher != "joblib"
    pd.testing.assert_frame_equal(
        pd.read_parquet(here / "robustness.parquet"), pd.read_parquet(jobs / "robustness.parquet")
    )
    result = json.loads((jobs / "robustness.json").read_text())
    assert launcher.split("_")[0] in result["launcher"].lower()
    assert json.loads((here / "robustness.json").read_text())["launcher"] is None
    assert not (jobs / "points").exists()  # the jobs' folders go once every point is back


def test_in_a_sweep_each_job_runs_its_own_points(tmp_path):
    out = tmp_path / "sweep"
    done = orgsim(
        "-m",
        *STEADY,
        "robustness.launcher=true",
        "seed=1,2",
        f"hydra.sweep.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("merged against current") == 2
    assert not list(out.glob("*/points"))
    assert len(pd.read_parquet(out / "aggregate.parquet")) == 2 * 4
