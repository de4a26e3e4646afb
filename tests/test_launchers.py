"""Sweeps through the cluster launcher presets (conf/hydra/launcher) and their optional extras.

The submitit and Ray tests run a real sweep and skip unless the extra is installed
(``pip install -e '.[slurm,ray]'``); the missing-extra test runs everywhere, CI included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

BIN = Path(sys.executable).parent
SWEEP = [
    "structure=current,merged",
    "workload=quick",
    "workload.horizon=200",
    "workload.warmup=20",
    "replications=2",
    "figure=false",
]

# Runs the real entry point with the launcher plugins hidden, as if no extra were installed.
WITHOUT_EXTRAS = """
import sys
for name in ("hydra_plugins.hydra_submitit_launcher", "hydra_plugins.hydra_ray_launcher", "ray"):
    sys.modules[name] = None
from orgsim.experiments.cli import main
sys.argv[0] = "orgsim"
main()
"""

# Stand-ins for sbatch, srun and sacct, so the slurm preset's job array runs on this machine.
SBATCH = """
import os, re, subprocess, sys, time
from pathlib import Path

script = Path(sys.argv[-1])
text = script.read_text()
Path(os.environ["SBATCH_LOG"]).write_text(text)
flags = dict(re.findall(r"^#SBATCH --([\\w-]+)=?(.*)$", text, re.M))
job = str(int(time.time() * 1000) % 10_000_000)
last = int(flags["array"].split("%")[0].split("-")[1])
for task in range(last + 1):
    env = {**os.environ, "SLURM_JOB_ID": f"{job}{task}", "SLURM_ARRAY_JOB_ID": job,
           "SLURM_ARRAY_TASK_ID": str(task), "SLURM_NTASKS": "1", "SLURM_JOB_NUM_NODES": "1",
           "SLURM_NODEID": "0", "SLURM_JOB_NODELIST": "localhost", "SLURM_PROCID": "0",
           "SLURM_LOCALID": "0"}
    out = Path(flags["output"].replace("%A", job).replace("%a", str(task)))
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.Popen(["bash", str(script)], env=env, stdout=out.open("a"),
                     stderr=subprocess.STDOUT, start_new_session=True)
print(f"Submitted batch job {job}")
"""
SRUN = """
import os, sys

args = sys.argv[1:]
while args[0].startswith("--"):
    flag = args.pop(0)
    if flag in ("--output", "--error"):
        path = args.pop(0).replace("%A", os.environ["SLURM_ARRAY_JOB_ID"])
        path = path.replace("%a", os.environ["SLURM_ARRAY_TASK_ID"]).replace("%t", "0")
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND), 1 if "out" in flag else 2)
os.execvp(args[0], args)
"""
SACCT = """
import sys

print("JobID|State|NodeList")
print("\\n".join(f"{j}|RUNNING|localhost" for f, j in zip(sys.argv, sys.argv[1:]) if f == "-j"))
"""


def orgsim(
    *args: str, cwd: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the orgsim command in a subprocess, as a user would."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), **(extra_env or {})}
    return subprocess.run(
        [str(BIN / "orgsim"), *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env
    )


def assert_sweep_ok(done: subprocess.CompletedProcess[str], sweep: Path, launcher: str) -> None:
    """Both jobs ran through ``launcher`` and the aggregate callback gathered them."""
    assert done.returncode == 0, done.stderr[-3000:]
    for job in ("0", "1"):
        assert json.loads((sweep / job / "status.json").read_text())["status"] == "ok"
        assert launcher in (sweep / job / ".hydra" / "hydra.yaml").read_text()
    assert pd.read_csv(sweep / "jobs.csv").status.tolist() == ["ok", "ok"]
    tidy = pd.read_parquet(sweep / "aggregate.parquet")
    assert len(tidy) == 2 * 2  # jobs (one structure each) x replications
    assert set(tidy.structure) == {"current", "merged"}
    assert sorted(tidy.job.unique()) == ["0", "1"]


def test_submitit_local_runs_a_sweep(tmp_path):
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    sweep = tmp_path / "sweep"
    done = orgsim(
        "-m", "hydra/launcher=submitit_local", *SWEEP, f"hydra.sweep.dir={sweep}", cwd=tmp_path
    )
    assert_sweep_ok(done, sweep, "submitit_launcher.LocalLauncher")


def test_slurm_preset_submits_one_job_array_with_its_resources(tmp_path):
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    stand_ins = tmp_path / "slurm-bin"
    stand_ins.mkdir()
    for name, code in {"sbatch": SBATCH, "srun": SRUN, "sacct": SACCT}.items():
        (stand_ins / name).write_text(f"#!{sys.executable}\n{code}")
        (stand_ins / name).chmod(0o755)
    sweep = tmp_path / "sweep"
    env = {
        "PATH": f"{stand_ins}{os.pathsep}{os.environ['PATH']}",
        "SBATCH_LOG": str(tmp_path / "sbatch.sh"),
    }
    done = orgsim(
        "-m",
        "hydra/launcher=slurm",
        "hydra.launcher.partition=short",
        *SWEEP,
        f"hydra.sweep.dir={sweep}",
        cwd=tmp_path,
        extra_env=env,
    )
    assert_sweep_ok(done, sweep, "submitit_launcher.SlurmLauncher")
    script = (tmp_path / "sbatch.sh").read_text()
    for line in ("--array=0-1%2", "--cpus-per-task=1", "--mem=2GB", "--time=60"):
        assert f"#SBATCH {line}\n" in script
    assert "#SBATCH --partition=short\n" in script
    assert f"{sweep}/.submitit/" in script  # submission files stay with the sweep


@pytest.mark.slow
def test_ray_cluster_runs_a_sweep_on_a_local_ray_cluster(tmp_path):
    pytest.importorskip("ray")
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    sweep = tmp_path / "sweep"
    done = orgsim(
        "-m", "hydra/launcher=ray_cluster", *SWEEP, f"hydra.sweep.dir={sweep}", cwd=tmp_path
    )
    assert_sweep_ok(done, sweep, "hydra_ray_launcher.ray_launcher.RayLauncher")


@pytest.mark.parametrize(
    ("preset", "extra"), [("slurm", "slurm"), ("submitit_local", "slurm"), ("ray_cluster", "ray")]
)
def test_a_preset_whose_extra_is_missing_fails_in_one_line(tmp_path, preset, extra):
    sweep = tmp_path / "sweep"
    args = ["-m", f"hydra/launcher={preset}", *SWEEP, f"hydra.sweep.dir={sweep}"]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRAS, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")},
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"orgsim: error: hydra/launcher={preset} needs the {extra} extra: "
        f"pip install -e '.[{extra}]'\n"
    )
    assert not sweep.exists()
