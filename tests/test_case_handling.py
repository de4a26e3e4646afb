"""The permit office (``experiment=case_handling``): four designs built as the file says.

Checks the structures the reforms make (sections, skills, ownership), then a short run:
the assembly line hands every permit over three times, the case-handler designs twice,
and keeping the case changes the waits against passing in the same pooled section.
"""

from __future__ import annotations

import json

import pytest

from orgsim.experiments.app import execute
from orgsim.experiments.build import build_specs
from orgsim.experiments.compose import compose_config
from orgsim.sim import SimSpec


@pytest.fixture(scope="module")
def specs() -> dict[str, SimSpec]:
    return build_specs(compose_config(["experiment=case_handling"]))


def test_the_four_designs(specs):
    assert list(specs) == ["current", "sections_keep", "pooled_keep", "pooled_pass"]
    permit = specs["current"].matter_types[0]
    assert [s.skill for s in permit.workflow][2] == "sign"
    current = specs["current"]
    assert {current.ownership(m) for m in current.matter_types} == {"pass"}
    keep = specs["sections_keep"]
    assert [s.name for s in keep.structure.sections] == ["enterprise", "individual", "head"]
    assert all(keep.ownership(m) == "keep" for m in keep.matter_types)
    assert all(specs["pooled_keep"].ownership(m) == "keep" for m in keep.matter_types)
    assert all(specs["pooled_pass"].ownership(m) == "pass" for m in keep.matter_types)
    clerk = next(m for m in keep.structure.staff if m.name == "clerk_1")
    assert clerk.section == "enterprise" and clerk.speed("review_enterprise") == 0.9


def test_a_short_run_counts_the_handoffs_and_the_effect_of_keeping(tmp_path):
    args = ["experiment=case_handling", "workload.horizon=1500", "workload.warmup=150"]
    args += ["replications=4", "figure=false"]
    execute(compose_config(args), tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    means = {
        name: {k: v["mean"] for k, v in structure["metrics"].items()}
        for name, structure in summary["structures"].items()
    }
    assert means["current"]["handoffs_mean"] == 3.0  # window -> review -> head -> window
    for design in ("sections_keep", "pooled_keep", "pooled_pass"):
        assert means[design]["handoffs_mean"] == 2.0  # to the head and back
    # the same people and permits: keeping or passing the case changes only the waits
    assert means["pooled_keep"]["wait_mean"] != pytest.approx(means["pooled_pass"]["wait_mean"])
    assert means["pooled_keep"]["work_mean"] == pytest.approx(
        means["pooled_pass"]["work_mean"], rel=0.02
    )
