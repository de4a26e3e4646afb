"""Differences that matter: the metric registry, practical bands and intervals within bounds."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.metric_registry import (
    FAMILIES,
    REGISTRY,
    Practical,
    PracticalError,
    names,
    practical_settings,
)
from orgsim.analysis.report import verdict
from orgsim.analysis.report.verdicts import family_verdicts, verdicts
from orgsim.analysis.stats import bounded_interval, t_interval
from orgsim.analysis.summary import compare, summary_dict
from orgsim.analysis.units import TIME_METRICS
from orgsim.experiments.build import ConfigError, check_run_settings
from orgsim.experiments.compose import compose_config
from orgsim.sim.results import (
    CLASS_METRICS,
    HIGHER_IS_BETTER,
    METRICS,
    NEUTRAL_METRICS,
    OPTIONAL_METRICS,
)

ORGSIM = str(Path(sys.executable).with_name("orgsim"))


def test_the_registry_describes_every_metric_the_engine_computes_and_agrees_with_it():
    assert set(METRICS) | set(OPTIONAL_METRICS) | set(CLASS_METRICS) <= set(REGISTRY)
    assert names(direction="higher") == HIGHER_IS_BETTER
    assert names(direction="neutral") == NEUTRAL_METRICS
    assert names(kind="time") == TIME_METRICS
    assert FAMILIES["wait"][:4] == ["wait_mean", "wait_p50", "wait_p90", "wait_p95"]
    assert all(REGISTRY[m].bounds == (0.0, 1.0) for m in names(kind="share"))
    assert all(REGISTRY[m].meaning for m in METRICS)


def test_a_band_is_the_larger_of_the_relative_and_the_absolute_part_in_engine_units():
    wait = REGISTRY["wait_mean"].practical
    assert wait.band(0.1, engine_hours=1.0) == pytest.approx(1 / 60)  # 1 minute in hours
    assert wait.band(4.0, engine_hours=1.0) == pytest.approx(0.2)  # 5% of 4 hours
    assert wait.band(3.0, engine_hours=1 / 60) == pytest.approx(1.0)  # engine unit: minute
    assert wait.band(0.01, engine_hours=8.0) == pytest.approx(1 / 480)  # a working day
    assert REGISTRY["deadline_attainment"].practical.band(0.9) == pytest.approx(0.01)
    assert wait.text() == "5% or 1 minute, whichever is larger"


def test_a_run_overrides_a_metric_or_a_whole_family_and_the_metric_wins():
    settings = practical_settings({"wait": "10%", "wait_mean": 0.05, "lead_mean": None})
    assert settings["wait_p90"] == Practical(relative=0.1)
    assert settings["wait_mean"] == Practical(absolute=0.05)
    assert settings["lead_mean"] == REGISTRY["lead_mean"].practical
    with pytest.raises(PracticalError, match=r"practical\.wiat: not a metric or family"):
        practical_settings({"wiat": 1})
    for bad in (-1, "abc", "x%", math.inf, True):
        with pytest.raises(PracticalError, match=r"practical\.wait_mean: "):
            practical_settings({"wait_mean": bad})


def test_a_bad_practical_setting_is_a_config_error_and_the_command_exits_2(tmp_path):
    with pytest.raises(ConfigError, match=r"^practical\.wait_p90: "):
        check_run_settings(compose_config(["workload=quick", "practical.wait_p90=-2"]))
    out = tmp_path / "run"
    done = subprocess.run(
        [ORGSIM, "workload=quick", "practical.wait_mean=soon", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("orgsim: error: practical.wait_mean: ")
    assert len(done.stderr.splitlines()) == 1 and not out.exists()


# The cases of the issue: attainment near 1 with a Student-t interval reaching 1.03, a
# final backlog whose interval went below zero.
ATTAINMENT = np.array([1.0, 1.0, 0.9, 1.0, 1.0])
BACKLOG = np.array([0.0, 0.0, 9.0, 1.0, 0.0])


def test_an_attainment_interval_stays_within_0_and_1():
    plain = t_interval(ATTAINMENT)
    assert plain.ci_high > 1.03  # what the reports used to show
    kept = bounded_interval(ATTAINMENT, lower=0.0, upper=1.0)
    assert kept.mean == plain.mean and 0 < kept.ci_low < kept.mean < kept.ci_high < 1


def test_a_backlog_interval_stays_at_or_above_zero():
    plain = t_interval(BACKLOG)
    assert plain.ci_low < 0
    kept = bounded_interval(BACKLOG, lower=0.0)
    assert kept.mean == plain.mean and 0 < kept.ci_low < kept.mean < kept.ci_high
    assert kept.ci_high > plain.ci_high  # the log scale keeps the long upper tail


def test_an_interval_already_within_bounds_is_the_student_t_interval():
    values = np.array([0.6, 0.62, 0.58, 0.61])
    assert bounded_interval(values, lower=0.0, upper=1.0) == t_interval(values)
    everything_met = bounded_interval(np.ones(5), lower=0.0, upper=1.0)
    assert (everything_met.ci_low, everything_met.ci_high) == (1.0, 1.0)


def _table(rows: dict[str, dict[str, np.ndarray]]) -> pd.DataFrame:
    """A replications table: every engine metric 0.5 unless given."""
    n = len(next(iter(next(iter(rows.values())).values())))
    out = []
    for structure, given in rows.items():
        for r in range(n):
            values = {m: 0.5 for m in METRICS}
            values.update({m: float(v[r]) for m, v in given.items()})
            out.append({"structure": structure, "replication": r, "seed": r, **values})
    return pd.DataFrame(out)


def test_compare_bounds_each_structure_and_keeps_paired_differences_unbounded():
    table = _table(
        {
            "current": {"deadline_attainment": ATTAINMENT, "backlog_final": BACKLOG},
            "merged": {"deadline_attainment": ATTAINMENT - 0.1, "backlog_final": BACKLOG + 2},
        }
    )
    summary, differences = compare(table, "current")
    rows = summary.set_index(["structure", "metric"])
    assert rows.loc[("current", "deadline_attainment"), "ci_high"] < 1
    assert rows.loc[("current", "backlog_final"), "ci_low"] >= 0
    diff = differences.set_index("metric").loc["deadline_attainment"]
    plain = t_interval(np.full(5, -0.1))
    assert (diff["ci_low"], diff["ci_high"]) == pytest.approx((plain.ci_low, plain.ci_high))


def _twelve_seconds_more() -> pd.DataFrame:
    """A small office at 41% load: the mean wait rises by about 12 seconds (hours)."""
    rng = np.random.default_rng(41)
    base = 0.2 + rng.normal(0, 0.02, 10)
    return _table(
        {
            "current": {"wait_mean": base},
            "merged": {"wait_mean": base + 12 / 3600 + rng.normal(0, 0.0002, 10)},
        }
    )


def test_a_mean_wait_twelve_seconds_longer_is_no_practical_difference():
    summary, differences = compare(_twelve_seconds_more(), "current")
    row = differences.set_index("metric").loc["wait_mean"]
    assert row["significant"] and row["ci_low"] > 0  # statistically, it is worse
    assert row["practical_band"] == pytest.approx(1 / 60)
    result = summary_dict(
        summary, differences, {"current": {}, "merged": {}}, {"time_unit": "hour"}
    )
    found = {v.metric: v for v in verdicts(result)["merged"]}
    wait = found["wait_mean"]
    assert wait.kind == "same" and wait.negligible and wait.family == "wait"
    assert wait.text.startswith("No practical difference in mean wait between current and merged")
    assert "within the ±0.0167 hours that matter" in wait.text


def test_a_smaller_band_makes_the_same_rise_worse():
    summary, differences = compare(_twelve_seconds_more(), "current", practical={"wait": 0.001})
    result = summary_dict(
        summary, differences, {"current": {}, "merged": {}}, {"time_unit": "hour"}
    )
    assert {v.metric: v.kind for v in verdicts(result)["merged"]}["wait_mean"] == "worse"


def test_an_interval_that_reaches_beyond_the_band_keeps_its_verdict():
    diff = {"mean": -0.5, "ci_low": -0.9, "ci_high": -0.1, "p_value": 0.01, "p_holm": 0.01}
    found = verdict("wait_mean", "m", "c", 2.0, 1.5, diff, band=0.2)
    assert found.kind == "better" and not found.negligible
    share = {"mean": 0.004, "ci_low": 0.002, "ci_high": 0.006, "p_value": 0.001, "p_holm": 0.001}
    tiny = verdict("deadline_attainment", "m", "c", 0.9, 0.904, share, band=0.01)
    assert tiny.negligible and "±1 percentage point that matter" in tiny.text


def test_a_tally_counts_the_wait_family_once():
    summary, differences = compare(_twelve_seconds_more(), "current", practical={"wait": 0.001})
    result = summary_dict(
        summary, differences, {"current": {}, "merged": {}}, {"time_unit": "hour"}
    )
    items = verdicts(result)["merged"]
    heads = family_verdicts(items)
    assert [v.metric for v in heads if v.family == "wait"] == ["wait_mean"]
    assert len(heads) == len({v.family for v in items})
    assert sum(v.kind == "worse" for v in heads) == 1  # wait_mean; p50..p95 not counted again
