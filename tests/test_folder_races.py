"""Runs and sweeps started together into one folder never mix their files.

The folder is locked from the first check (before Hydra writes its record there) to the
end of the run, so a command started while another holds the folder is refused with one
line, and the folder holds one run's results, record and status only. To make "while
another holds it" certain rather than a matter of timing, the first command is paused
(SIGSTOP) as soon as it holds the folder and resumed once the second has ended; the
commands started at the very same moment may also run one after the other (a quick run
can end before the other starts), so there only the folder's consistency is asserted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from orgsim.analysis.results_folder import (
    AGGREGATE,
    CONFIG,
    HYDRA_DIR,
    JOBS,
    LOCK,
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


def holds_lock(process: subprocess.Popen[str], folder: Path) -> bool:
    """Whether ``process`` holds ``folder``'s lock, read from /proc/locks.

    Read rather than probed: trying the lock here could take it for a moment and make
    the command it watches be refused.
    """
    try:
        inode = (folder / LOCK).stat().st_ino
    except FileNotFoundError:
        return False
    held = Path("/proc/locks").read_text().splitlines()
    return any(
        line.split()[4] == str(process.pid) and line.split()[5].endswith(f":{inode}")
        for line in held
        if "FLOCK" in line and "->" not in line
    )


def paused_once_holding(process: subprocess.Popen[str], folder: Path) -> None:
    """Stop ``process`` as soon as it holds ``folder`` (its lock is taken)."""
    deadline = time.monotonic() + 120
    while not holds_lock(process, folder):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the first command never took the folder"
        time.sleep(0.01)
    process.send_signal(signal.SIGSTOP)


def assert_one_runs_files(run: Path) -> None:
    """The folder's results, Hydra record and status all come from one run."""
    seed = yaml.safe_load((run / CONFIG).read_text())["seed"]
    assert f"seed={seed}" in (run / HYDRA_DIR / "overrides.yaml").read_text()  # same run's record
    assert yaml.safe_load((run / HYDRA_DIR / "config.yaml").read_text())["seed"] == seed
    assert json.loads((run / SUMMARY).read_text())["seed"] == seed
    assert (read_status(run) or {})["status"] == "ok"


def test_a_run_started_while_another_holds_the_folder_is_refused(tmp_path: Path) -> None:
    run = tmp_path / "run"
    first = start(*QUICK, "seed=1", f"hydra.run.dir={run}", cwd=tmp_path)
    paused_once_holding(first, run)
    try:
        second = start(*QUICK, "seed=2", "overwrite=true", f"hydra.run.dir={run}", cwd=tmp_path)
        ((code, refused),) = outcomes(second)
    finally:
        first.send_signal(signal.SIGCONT)
    ((first_code, first_err),) = outcomes(first)
    assert first_code == 0, first_err
    assert code == 2, refused
    assert refused.startswith("orgsim: error: hydra.run.dir: ") and len(refused.splitlines()) == 1
    assert "in use by another" in refused and "Traceback" not in refused
    assert_one_runs_files(run)
    assert yaml.safe_load((run / CONFIG).read_text())["seed"] == 1


@pytest.mark.slow  # timing-dependent; the paused tests check the lock by default
def test_two_runs_started_together_leave_one_runs_files(tmp_path: Path) -> None:
    run = tmp_path / "run"
    first = start(*QUICK, "seed=1", f"hydra.run.dir={run}", cwd=tmp_path)
    second = start(*QUICK, "seed=2", "overwrite=true", f"hydra.run.dir={run}", cwd=tmp_path)
    ended = outcomes(first, second)
    codes = [code for code, _ in ended]
    # Overlapping, one is refused; one after the other, the second replaces the first's
    # files (it asked to overwrite) or, the other way round, the first is refused.
    assert sorted(codes) in ([0, 2], [0, 0]), ended
    for code, err in ended:
        if code == 2:
            assert err.startswith("orgsim: error: hydra.run.dir: ") and len(err.splitlines()) == 1
    assert_one_runs_files(run)


def test_a_sweep_started_while_another_holds_the_folder_is_refused(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    common = [*QUICK, "hydra/launcher=basic", f"hydra.sweep.dir={sweep}"]
    first = start("-m", "workload.arrival_scale=0.5,0.6", *common, cwd=tmp_path)
    paused_once_holding(first, sweep)
    try:
        second = start(
            "-m", "workload.arrival_scale=0.9,1.0", "overwrite=true", *common, cwd=tmp_path
        )
        ((code, refused),) = outcomes(second)
    finally:
        first.send_signal(signal.SIGCONT)
    ((first_code, first_err),) = outcomes(first)
    assert first_code == 0, first_err
    assert code == 2, refused
    assert refused.startswith("orgsim: error: hydra.sweep.dir: ") and "Traceback" not in refused
    planned = json.loads((sweep / SWEEP_PLAN).read_text())["jobs"]
    jobs = pd.read_csv(sweep / JOBS)
    assert jobs.status.tolist() == ["ok", "ok"]
    for job, overrides in zip(jobs.to_dict("records"), planned, strict=True):
        config = yaml.safe_load((sweep / str(job["job"]) / CONFIG).read_text())
        value = config["workload"]["arrival_scale"]
        assert value in (0.5, 0.6)  # the first sweep's values: nothing of the refused one
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
