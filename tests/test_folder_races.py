"""Runs and sweeps started together into one folder never mix their files.

The folder is locked from the first check (before Hydra writes its record there) to the
end of the run, so of two commands started at once one works and the other is refused
with one line, and the folder holds one run's results, record and status only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from orgsim.analysis.results_folder import (
    AGGREGATE,
    CONFIG,
    HYDRA_DIR,
    JOBS,
    SUMMARY,
    SWEEP_PLAN,
    read_status,
)

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
QUICK = ["workload=quick", "replications=2", "figure=false"]


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start ``orgsim`` without waiting for it."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.Popen(
        [str(BIN / "orgsim"), *args],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def outcomes(*processes: subprocess.Popen[str]) -> list[tuple[int, str]]:
    """Each process's exit status and standard error, once all have ended."""
    done = []
    for process in processes:
        _, err = process.communicate(timeout=300)
        done.append((process.returncode, err))
    return done


def test_two_runs_started_together_leave_one_runs_files(tmp_path: Path) -> None:
    run = tmp_path / "run"
    first = start(*QUICK, "seed=1", f"hydra.run.dir={run}", cwd=tmp_path)
    second = start(*QUICK, "seed=2", "overwrite=true", f"hydra.run.dir={run}", cwd=tmp_path)
    ended = outcomes(first, second)
    assert sorted(code for code, _ in ended) == [0, 2], ended
    refused = next(err for code, err in ended if code == 2)
    assert refused.startswith("orgsim: error: hydra.run.dir: ") and len(refused.splitlines()) == 1
    assert "Traceback" not in refused
    seed = yaml.safe_load((run / CONFIG).read_text())["seed"]
    assert f"seed={seed}" in (run / HYDRA_DIR / "overrides.yaml").read_text()  # same run's record
    assert yaml.safe_load((run / HYDRA_DIR / "config.yaml").read_text())["seed"] == seed
    assert json.loads((run / SUMMARY).read_text())["seed"] == seed
    assert (read_status(run) or {})["status"] == "ok"


def test_two_sweeps_started_together_leave_one_sweeps_jobs(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    common = [*QUICK, "hydra/launcher=basic", f"hydra.sweep.dir={sweep}"]
    first = start("-m", "workload.arrival_scale=0.5,0.6", *common, cwd=tmp_path)
    second = start("-m", "workload.arrival_scale=0.9,1.0", "overwrite=true", *common, cwd=tmp_path)
    ended = outcomes(first, second)
    assert sorted(code for code, _ in ended) == [0, 2], ended
    refused = next(err for code, err in ended if code == 2)
    assert refused.startswith("orgsim: error: hydra.sweep.dir: ") and "Traceback" not in refused
    planned = json.loads((sweep / SWEEP_PLAN).read_text())["jobs"]
    jobs = pd.read_csv(sweep / JOBS)
    assert jobs.status.tolist() == ["ok", "ok"]
    for job, overrides in zip(jobs.to_dict("records"), planned, strict=True):
        config = yaml.safe_load((sweep / str(job["job"]) / CONFIG).read_text())
        value = config["workload"]["arrival_scale"]
        assert job["workload.arrival_scale"] == value  # the job's own value, no other's
        assert f"workload.arrival_scale={value}" in overrides  # and the plan of its sweep


def test_a_jobs_values_come_from_its_own_config_not_from_the_plan(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    common = [*QUICK, "hydra/launcher=basic", f"hydra.sweep.dir={sweep}"]
    ((code, err),) = outcomes(start("-m", "workload.arrival_scale=0.5,0.6", *common, cwd=tmp_path))
    assert code == 0, err
    plan = json.loads((sweep / SWEEP_PLAN).read_text())
    plan["jobs"] = [[o.replace("0.5", "0.9") for o in job] for job in plan["jobs"]]
    (sweep / SWEEP_PLAN).write_text(json.dumps(plan))  # a plan that says otherwise
    gathered = subprocess.run(
        [str(BIN / "orgsim-aggregate"), str(sweep), "--overwrite"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert gathered.returncode == 0, gathered.stderr
    tidy = pd.read_parquet(sweep / AGGREGATE)
    assert sorted(tidy["workload.arrival_scale"].unique()) == [0.5, 0.6]
    assert tidy["workload.arrival_scale"].dtype == "float64"


def test_the_contract_module_is_light_and_analysis_never_imports_experiments() -> None:
    code = (
        "import sys, orgsim.analysis.results_folder; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('hydra', 'matplotlib', 'seaborn', 'omegaconf') or m.startswith('orgsim.experiments')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "analysis").rglob("*.py")
        if "orgsim.experiments" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    assert not (ROOT / "experiments" / "outputs.py").exists()  # one contract, in one place
