"""Sweeps: every job leaves a status, a failed job does not stop the sweep, aggregation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

BIN = Path(sys.executable).parent
QUICK = ["workload=quick", "replications=2", "figure=false"]


def run(command: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run(
        [str(BIN / command), *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env
    )


def test_a_failed_job_is_recorded_and_the_sweep_goes_on(tmp_path):
    sweep = tmp_path / "sweep"
    (sweep / "1" / "summary.json").mkdir(parents=True)  # job 1 cannot write its summary
    done = run(
        "orgsim",
        "-m",
        "workload.target_load=0.5,0.7,0.9",
        *QUICK,
        "overwrite=true",
        f"hydra.sweep.dir={sweep}",
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr  # the sweep went on, then told of the failure
    assert "1 of 3 job(s)" in done.stderr
    assert json.loads((sweep / "0" / "status.json").read_text())["status"] == "ok"
    failed = json.loads((sweep / "1" / "status.json").read_text())
    assert failed["status"] == "failed" and "IsADirectoryError" in failed["error"]
    assert "Traceback" in failed["traceback"]
    assert json.loads((sweep / "2" / "status.json").read_text())["status"] == "ok"
    jobs = pd.read_csv(sweep / "jobs.csv")
    assert jobs.status.tolist() == ["ok", "failed", "ok"]
    tidy = pd.read_parquet(sweep / "aggregate.parquet")
    assert sorted(tidy.job.unique()) == ["0", "2"]
    assert set(tidy["workload.target_load"]) == {0.5, 0.9}  # typed as in the config
    assert len(tidy) == 2 * 2 * 2  # jobs x structures x replications
    assert (sweep / "aggregate.csv").exists()
    launcher = (sweep / "0" / ".hydra" / "hydra.yaml").read_text()
    assert "JoblibLauncher" in launcher  # local parallel sweeps by default


def test_aggregate_command_works_on_a_partial_sweep_and_never_overwrites(tmp_path):
    sweep = tmp_path / "sweep"
    done = run(
        "orgsim", "-m", "structure=current,merged", *QUICK, f"hydra.sweep.dir={sweep}", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    (sweep / "1" / "status.json").unlink()  # as if job 1 had been interrupted
    again = run("orgsim-aggregate", str(sweep), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    forced = run("orgsim-aggregate", str(sweep), "--overwrite", cwd=tmp_path)
    assert forced.returncode == 3, forced.stderr  # gathered, and told that a job is not ok
    assert "job 1: unfinished" in forced.stdout
    jobs = pd.read_csv(sweep / "jobs.csv")
    assert jobs.status.tolist() == ["ok", "unfinished"]
    tidy = pd.read_parquet(sweep / "aggregate.parquet")
    assert set(tidy.structure) == {"current"}


@pytest.mark.slow  # a whole sweep for one missing file
def test_no_sweep_figure_when_figures_are_off(tmp_path):
    sweep = tmp_path / "sweep"
    done = run(
        "orgsim",
        "-m",
        "workload.target_load=0.5,0.7",
        *QUICK,
        "figure=false",
        f"hydra.sweep.dir={sweep}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (sweep / "aggregate.parquet").exists()
    assert not (sweep / "wait_vs_load.png").exists()
    again = run("orgsim-aggregate", str(sweep), "--overwrite", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    for figure in ("wait_vs_load.png", "wait_vs_load.svg"):  # waits against the swept load
        assert (sweep / figure).stat().st_size > 10_000
