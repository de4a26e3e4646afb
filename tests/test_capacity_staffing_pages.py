"""The capacity and staffing pages show the capacity index and name the people who change."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from orgsim.analysis.report import build_report
from orgsim.analysis.report.formatting import fmt, fmt_interval
from orgsim.analysis.search_tables import who_changes
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config

CAPACITY = [
    "experiment=one_plus_one",
    "workload.horizon=600",
    "workload.warmup=60",
    "replications=3",
    "capacity.tolerance=0.1",
    "capacity.curve_points=2",
    "figure=false",
]
STAFFING = ["experiment=staffing_demo", "workload.horizon=600", "replications=3", "figure=false"]


def _run(tmp_path: Path, overrides: list[str]) -> Path:
    execute(compose_config(overrides), tmp_path, quiet=True)
    (tmp_path / "status.json").write_text(json.dumps({"status": "ok"}))  # as the Hydra job does
    return tmp_path


@pytest.fixture(scope="module")
def capacity_dir(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("capacity"), CAPACITY)


def test_the_capacity_page_judges_against_the_walled_office(capacity_dir):
    info = json.loads((capacity_dir / "capacity.json").read_text())
    page = build_report(capacity_dir)
    assert info["capacity_index"]["current"]["mean"] == 1.0  # the current office is walled
    assert info["verdicts"][0].startswith("current carries 1 [1, 1] times the demand of the")
    assert "the walled office (sections side by side)" in page
    for structure, r in info["capacity_index"].items():
        assert f"{fmt(r['mean'])} {fmt_interval(r['ci_low'], r['ci_high'])}" in page, structure
    for structure, r in info["ratio_to_sum_of_parts"].items():
        assert f"{fmt(r['mean'])} {fmt_interval(r['ci_low'], r['ci_high'])}" in page, structure
    cards = page[: page.index("What was searched</h2>")]
    assert "for the walled office" in cards and "1+1=2" in cards


def test_the_staffing_page_names_who_is_added(tmp_path):
    folder = _run(tmp_path, STAFFING)
    info = json.loads((folder / "staffing.json").read_text())
    page = build_report(folder)
    section_a = next(r for r in info["results"] if r["section"] == "A")
    assert section_a["added"][0]["copy_of"] == "wang" and section_a["removed"] == []
    assert section_a["attainment"]["ci_low"] <= section_a["attainment"]["mean"]
    assert escape(who_changes(section_a)) in page
    assert "order of the staff list plays no part" in page
