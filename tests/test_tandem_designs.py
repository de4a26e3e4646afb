"""One org file, two designs: the documented case-worker office and its tandem, pairwise.

The office is the YAML example of docs/org-file.md ("Tandem and case-worker designs in one
file"), so the documentation's example is run as written.
"""

from __future__ import annotations

import json
from pathlib import Path

from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file

DOC = Path(__file__).resolve().parent.parent / "docs" / "org-file.md"
HEADING = "### Tandem and case-worker designs in one file"


def _documented_office() -> str:
    """The first YAML block under the heading."""
    section = DOC.read_text(encoding="utf-8").split(HEADING, 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_case_workers_and_tandem_of_one_file_are_compared_pairwise(tmp_path):
    office = tmp_path / "permit_desk.yaml"
    office.write_text(_documented_office(), encoding="utf-8")
    args = [f"org={office}", "structure=current+tandem", "workload.horizon=1500"]
    args += ["workload.warmup=150", "replications=4", "figure=false"]
    out = tmp_path / "run"
    execute(compose_config(redirect_org_file(args)), out)
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["structures"]) == ["current", "tandem"]
    assert summary["structures"]["tandem"]["sections"] == 3
    diff = summary["paired_differences"]["tandem"]
    assert diff["handoffs_mean"]["mean"] == 1.0  # intake -> review is a new handoff
    assert diff["wait_mean"]["ci_low"] > 0  # the specialists lose the pooling of the desk
    assert diff["wait_mean.permit"]["mean"] == diff["wait_mean"]["mean"]
    assert abs(diff["throughput"]["mean"]) < 0.05  # the same matters, served either way
