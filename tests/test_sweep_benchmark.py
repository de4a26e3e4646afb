"""The sweep benchmark keeps working: its job list matches Hydra's, and a tiny run passes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "sweep_speed.py"


def load_script():
    spec = importlib.util.spec_from_file_location("sweep_speed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["sweep_speed"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_job_list_is_the_cartesian_product_hydra_launches():
    bench = load_script()
    sweep = bench.Sweep(("current", "merged"), (0.5, 0.9), 3, 700.0, 70.0)
    jobs = sweep.jobs()
    assert [job[:2] for job in jobs] == [
        ["structure=current", "workload.target_load=0.5"],
        ["structure=current", "workload.target_load=0.9"],
        ["structure=merged", "workload.target_load=0.5"],
        ["structure=merged", "workload.target_load=0.9"],
    ]
    assert all("workload.horizon=700" in job and "replications=3" in job for job in jobs)


@pytest.mark.slow
def test_quick_run_prints_the_table_and_finds_identical_results():
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--quick",
            "--rounds=1",
            "--loads=0.5,0.9",
            "--replications=2",
            "--matters=500",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4/4 jobs in every round" in done.stdout
    for row in ("| speed-up = serial / parallel |", "| per-job overhead, tiny jobs"):
        assert row in done.stdout
