"""``task=capacity`` and ``task=staffing`` through the real command, and their bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.test_cli import orgsim

SMALL = ["workload.horizon=400", "workload.warmup=40", "replications=3"]


def test_capacity_task_writes_its_result_folder(tmp_path):
    out = tmp_path / "cap"
    done = orgsim(
        "task=capacity",
        "capacity.deadline=8",
        "capacity.tolerance=0.05",
        "capacity.curve_points=3",
        *SMALL,
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "sum of parts" in done.stdout and "times the demand" in done.stdout
    result = json.loads((out / "capacity.json").read_text())
    assert result["target"] == "90% of matters done within 8 hours"
    assert set(result["capacities"]) == {
        "part:A", "part:B", "part:C", "part:D", "sum of parts", "walled office", "current",
        "merged",
    }  # fmt: skip
    assert set(result["ratio_to_sum_of_parts"]) == {"current", "merged"}
    assert set(result["capacity_index"]) == {"current", "merged"}
    assert "times the demand of the walled office" in done.stdout
    table = pd.read_parquet(out / "capacity.parquet")
    assert len(table) == 3 * 7 and (table["capacity"] > 0).all()
    assert len(pd.read_parquet(out / "curve.parquet")) == 2 * 3 * 3
    for name in ("capacity.png", "capacity.svg", "capacity.md", "config.yaml", "status.json"):
        assert (out / name).stat().st_size > 0, name


def test_staffing_task_writes_its_result_folder(tmp_path):
    out = tmp_path / "staff"
    done = orgsim("experiment=staffing_demo", *SMALL, f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "staffing.json").read_text())
    assert {r["section"] for r in result["results"]} == {"A", "B", "C", "D", "ABCD"}
    assert all(r["needed_staff"] >= 1 for r in result["results"])
    for name in ("staffing.png", "staffing.svg", "staffing.md", "staffing.parquet"):
        assert (out / name).stat().st_size > 0, name


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["task=optimise"], "task: unknown task 'optimise'"),
        (["task=capacity", "capacity.share=1.5"], "capacity.share: 1.5 is not a share"),
        (["task=capacity", "capacity.deadline=-2"], "capacity.deadline: -2"),
        (["task=capacity", "capacity.tolerance=0.9"], "capacity.tolerance"),
        (["task=staffing", "staffing.most=0"], "staffing.most"),
        (
            ["task=staffing", *(f"org.matter_types.{t}.deadline=null" for t in "abcd")],
            "staffing.deadline: no matter type",
        ),
    ],
)
def test_bad_search_settings_fail_in_one_line_without_output(tmp_path, args, field):
    out = tmp_path / "run"
    done = orgsim(*args, *SMALL, f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], done.stderr
    assert not out.exists()
