"""The confidence level is a setting: every interval, verdict and text follows it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.formatting import level_text
from orgsim.analysis.report import build_report, verdict
from orgsim.analysis.report.verdict_html import significance_note
from orgsim.analysis.summary import compare
from orgsim.experiments.app import execute
from orgsim.experiments.build import ConfigError, check_run_settings
from orgsim.experiments.capacity_search import summarise_capacities
from orgsim.experiments.compose import compose_config
from orgsim.sim.results import METRICS


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = [
        {
            "structure": s,
            "replication": r,
            "seed": r,
            **{m: float(rng.uniform()) for m in METRICS},
            "wait_mean": shift + rng.normal(),
        }
        for s, shift in (("current", 2.0), ("merged", 1.0))
        for r in range(6)
    ]
    return pd.DataFrame(rows)


def test_level_text_reads_as_people_write_it():
    assert [level_text(c) for c in (0.95, 0.9, 0.995, 0.5)] == ["95%", "90%", "99.5%", "50%"]


def test_intervals_widen_with_the_level_and_means_stay():
    narrow, _ = compare(_table(), "current", confidence=0.8)
    wide, wide_diff = compare(_table(), "current", confidence=0.99)
    default, default_diff = compare(_table(), "current")
    pick = lambda t: t[t["metric"] == "wait_mean"].set_index("structure")  # noqa: E731
    assert (pick(narrow)["half_width"] < pick(default)["half_width"]).all()
    assert (pick(default)["half_width"] < pick(wide)["half_width"]).all()
    assert np.allclose(pick(narrow)["mean"], pick(wide)["mean"])
    assert wide_diff["half_width"].iloc[0] > default_diff["half_width"].iloc[0]


def test_verdicts_judge_at_one_minus_the_level_and_say_the_level():
    diff = {"mean": -1.0, "ci_low": -1.9, "ci_high": -0.1, "p_value": 0.03, "p_holm": 0.03}
    at_95 = verdict("wait_mean", "m", "c", 2.0, 1.0, diff)
    at_99 = verdict("wait_mean", "m", "c", 2.0, 1.0, diff, confidence=0.99)
    assert at_95.kind == "better" and "95% interval" in at_95.text
    assert at_99.kind == "same" and "99% interval" in at_99.text and "not below 0.01" in at_99.text
    assert "below 0.1;" in significance_note(1, 0.9) and "90% interval" in significance_note(1, 0.9)


def test_capacity_intervals_follow_the_level():
    table = pd.DataFrame(
        [
            {"entity": e, "replication": r, "capacity": c + 0.1 * r, "limit": "x", "kind": k}
            for r in range(5)
            for e, c, k in (("part:A", 1.0, "part"), ("merged", 2.5, "structure"))
        ]
    )
    narrow, _ = summarise_capacities(table, 0.8)
    wide, _ = summarise_capacities(table, 0.99)
    assert (narrow["half_width"] < wide["half_width"]).all()


@pytest.mark.parametrize("level", ["1.5", "0", "1", "-0.2", "nan", "inf"])
def test_a_level_outside_zero_to_one_is_refused_in_one_line(level):
    with pytest.raises(ConfigError) as caught:
        check_run_settings(compose_config([f"confidence={level}"]))
    message = str(caught.value)
    assert message.startswith("confidence: ") and "0.95" in message and "\n" not in message


def test_a_run_at_90_percent_says_so_everywhere(tmp_path, capsys):
    execute(compose_config(["workload=quick", "replications=3", "confidence=0.9"]), tmp_path)
    printed = capsys.readouterr().out
    assert "mean [90% CI]" in printed
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["confidence"] == 0.9
    assert "confidence: 0.9" in (tmp_path / "config.yaml").read_text()
    page = build_report(tmp_path)
    assert "90% interval" in page and "95%" not in page
    assert "confidence level of the intervals</td><td>90%" in page
