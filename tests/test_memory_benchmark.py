"""The memory benchmark keeps working (a smoke run, not a timing: memory is never a unit test)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from orgsim.experiments.build import build_specs
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "memory.py"


def load_script():
    spec = importlib.util.spec_from_file_location("memory_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["memory_benchmark"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_office_is_a_valid_org_file_of_the_size_asked(tmp_path):
    bench = load_script()
    office = bench.Office(units=3, sections_per_unit=4, staff=50)
    org_file = tmp_path / "synthetic_test_office.yaml"
    org_file.write_text(bench.org_yaml(office))
    specs = build_specs(compose_config(redirect_org_file([f"org={org_file}"])))
    assert list(specs) == ["current", "ab_chain", "big_sections"]
    current, merged = specs["current"].structure, specs["big_sections"].structure
    assert len(current.staff) == 50 and len(current.sections) == 12
    assert len(merged.sections) == 3  # one big section per unit


@pytest.mark.slow
def test_quick_run_prints_the_table(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[1].startswith("| scenario | replications | n_jobs | peak MB main |")
    rows = [line.split("|")[1:-1] for line in lines[3:]]
    scenarios = [row[0].strip() for row in rows]
    assert scenarios.count("Huaisi") == 4
    assert any(s.startswith("synthetic city") for s in scenarios)
    assert any(s.startswith("set-up") for s in scenarios)
    parallel = [row for row in rows if row[0].strip() == "Huaisi" and row[2].strip() == "2"]
    assert all(float(row[4].replace(",", "")) > 0 for row in parallel)  # workers were measured
    assert all(float(row[3].replace(",", "")) > 50 for row in rows if row[3].strip() != "-")
