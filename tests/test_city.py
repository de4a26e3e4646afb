"""The synthetic city (``experiment=city``): the shipped file, its size, its structures, a run.

The org file is generated (scripts/generate_city.py), so the first check is that the
shipped file is exactly the generator's output; the rest check that the city is what
docs/city.md says it is, and that its three structures run.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from orgsim.experiments.build import build_specs
from orgsim.experiments.compose import compose_config
from orgsim.sim import SimSpec, required_utilisation

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "generate_city.py"
ORGSIM = str(Path(sys.executable).parent / "orgsim")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_city", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def specs() -> dict[str, SimSpec]:
    return build_specs(compose_config(["experiment=city"]))


def test_the_shipped_file_is_the_generators_output():
    shipped = (ROOT / "conf" / "org" / "city.yaml").read_text(encoding="utf-8")
    assert shipped == _generator().generate(), "run: python scripts/generate_city.py"


def test_the_generator_check_flag_reports_an_up_to_date_file():
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout


def test_the_city_has_60_units_600_sections_and_3000_staff(specs):
    current = specs["current"].structure
    assert len({s.unit for s in current.sections}) == 60
    assert len(current.sections) == 600
    assert len(current.staff) == 3000
    sizes = Counter(m.section for m in current.staff)
    assert min(sizes.values()) == 1 and max(sizes.values()) == 10  # small sections to windows
    per_unit = Counter(s.unit for s in current.sections)
    assert min(per_unit.values()) >= 5 and max(per_unit.values()) <= 15


def test_the_three_structures_are_walls_ab_chains_and_big_sections(specs):
    assert list(specs) == ["current", "ab_chain", "big_sections"]
    current, chain, big = (specs[n].structure for n in specs)
    assert (current.policy, chain.policy, big.policy) == ("strict", "ab", "pooled")
    unit_of = {s.name: s.unit for s in current.sections}
    assert all(m.b_post and unit_of[m.b_post] == unit_of[m.section] for m in chain.staff)
    assert all(m.b_post != m.section for m in chain.staff)
    big_per_unit = Counter(s.unit for s in big.sections)
    assert set(big_per_unit.values()) == {2, 3} and len(big_per_unit) == 60
    assert len(big.staff) == 3000


def test_every_structure_is_stable_and_the_walls_are_the_busiest(specs):
    loads = {name: required_utilisation(spec) for name, spec in specs.items()}
    assert all(load < 1 for load in loads.values()), loads
    assert loads["current"] > max(loads["ab_chain"], loads["big_sections"])


def test_matters_cross_sections_within_units_and_between_units(specs):
    spec = specs["current"]
    unit_of = {s.name: s.unit for s in spec.structure.sections}
    section_of = {k: s.name for s in spec.structure.sections for k in s.handles}
    within = across = 0
    for matter_type in spec.matter_types:
        sections = [section_of[step.skill] for step in matter_type.workflow]
        units = {unit_of[s] for s in sections}
        within += len(set(sections)) > 1 and len(units) == 1
        across += len(units) > 1
    assert within >= 30 and across == 10
    surges = [m for m in spec.matter_types if m.batches]
    assert len(surges) == 60 and all(m.priority_class == "surge" for m in surges)


@pytest.mark.slow
def test_a_short_city_run_completes_and_both_reforms_cut_the_wait(tmp_path):
    out = tmp_path / "run"
    done = subprocess.run(
        [
            ORGSIM,
            "experiment=city",
            "workload.horizon=200",
            "workload.warmup=40",
            "replications=2",
            "figure=false",
            f"hydra.run.dir={out}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["structures"]) == {"current", "ab_chain", "big_sections"}
    # two replications give a wide t interval: compare the paired runs one by one
    runs = pd.read_parquet(out / "replications.parquet")
    wait = runs.pivot(index="replication", columns="structure", values="wait_mean")
    assert (wait["ab_chain"] < wait["current"]).all() and len(wait) == 2, wait
    assert (wait["big_sections"] < wait["current"]).all(), wait
