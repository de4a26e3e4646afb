"""The engine benchmark keeps working (a smoke run, not a timing: speed is never a unit test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "engine_speed.py"


def test_a_tiny_engine_benchmark_runs_each_engine_in_its_own_process(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--matters", "3000", "--rounds", "1", "--skip-ciw"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # not the repository: the engine must come from the installed package
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line[:1].isalpha()}
    assert "orgsim" in rows and "pure" in rows
    assert "vs SimPy" in done.stdout


OFFICE_SIZE = SCRIPT.parent / "office_size.py"


@pytest.mark.slow  # the benchmark script end to end; the benchmark itself is run by hand
def test_a_tiny_office_size_benchmark_prints_every_office(tmp_path):
    done = subprocess.run(
        [sys.executable, str(OFFICE_SIZE), "--matters", "2000", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for office in ("1 x 12", "256 x 4 pooled", "1 x 1,000"):
        assert office in done.stdout
    assert "worst row:" in done.stdout and "SimPy floor" in done.stdout
