"""The sweep, capacity and staffing pages in the office's units (the org's ``display_unit``).

Times are shown in the office's unit and demand rates (capacities, throughput) per its
period, every unit labelled; the result files keep the engine's unit, and a page whose
office sets no display unit reads as before.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

import pandas as pd
import pytest
import yaml

from orgsim.analysis.report import build_report, sweep_tables
from orgsim.analysis.report.formatting import fmt, fmt_interval
from orgsim.analysis.report.sweep_files import sweep_display
from orgsim.analysis.stats import t_interval
from orgsim.analysis.units import Display, WorkCalendar
from orgsim.experiments.aggregate import aggregate
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from tests.test_report import QUICK, SEARCHES

#: Minutes and matters per week: a week is 5 working days of 8 hours.
MINUTES_WEEKLY = ["org.display_unit=minute", "org.throughput_per=week"]
WEEK_HOURS = 40


def _search(root: Path, task: str, display: list[str]) -> Path:
    execute(compose_config([*SEARCHES[task], *display]), root, quiet=True)
    (root / "status.json").write_text(json.dumps({"status": "ok"}))  # as the Hydra job does
    return root


@pytest.fixture(scope="module")
def capacity_dir(tmp_path_factory) -> Path:
    """A capacity search of an office that reads minutes and matters per week."""
    return _search(tmp_path_factory.mktemp("capacity"), "capacity", MINUTES_WEEKLY)


@pytest.fixture(scope="module")
def staffing_dir(tmp_path_factory) -> Path:
    """A staffing search of an office that reads working days."""
    return _search(
        tmp_path_factory.mktemp("staffing"), "staffing", ["org.display_unit=working_day"]
    )


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory) -> Path:
    """A sweep over two loads of an office that reads minutes and matters per week."""
    sweep = tmp_path_factory.mktemp("sweep")
    for job, load in (("0", "0.5"), ("1", "0.8")):
        folder = sweep / job
        overrides = [*QUICK, *MINUTES_WEEKLY, f"workload.target_load={load}", "figure=false"]
        (folder / ".hydra").mkdir(parents=True)
        (folder / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
        execute(compose_config(overrides), folder)
        (folder / "status.json").write_text(json.dumps({"status": "ok"}))
    aggregate(sweep)
    return sweep


def _without_display(folder: Path, tmp_path: Path) -> Path:
    """A copy of a search folder whose saved org sets no display unit."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    config = yaml.safe_load((copy / "config.yaml").read_text(encoding="utf-8"))
    for key in ("display_unit", "throughput_per"):
        config["org"].pop(key, None)
    (copy / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return copy


# --- capacity ---


def test_capacities_are_shown_per_week_and_the_deadline_in_minutes(capacity_dir):
    info = json.loads((capacity_dir / "capacity.json").read_text())
    assert info["capacity_unit"] == "matters per hour"  # the result file keeps the engine's
    page = build_report(capacity_dir)
    assert '<th scope="col">capacity (matters per week)</th>' in page
    assert "90% of matters done within 480 minutes" in page and "within 8 hours" not in page
    assert "Capacities are counted in matters per week and the deadline in minutes" in page
    for entity, c in info["capacities"].items():
        low, high = c["ci_low"] * WEEK_HOURS, c["ci_high"] * WEEK_HOURS
        row = f'{fmt(c["mean"] * WEEK_HOURS)}</td><td class="num">{fmt_interval(low, high)}'
        assert row in page, entity
    for structure, r in info["capacity_index"].items():  # ratios have no unit
        assert f"{fmt(r['mean'])} {fmt_interval(r['ci_low'], r['ci_high'])}" in page, structure
    merged = fmt(info["capacities"]["merged"]["mean"] * WEEK_HOURS)
    assert f"{merged} matters per week, against" in page  # the verdict card


def test_a_capacity_page_without_a_display_unit_keeps_the_engine_s_unit(capacity_dir, tmp_path):
    plain = _without_display(capacity_dir, tmp_path)
    info = json.loads((plain / "capacity.json").read_text())
    page = build_report(plain)
    assert '<th scope="col">capacity (matters per hour)</th>' in page
    assert "90% of matters done within 8 hours" in page and "minutes" not in page
    assert "Capacities are counted in" not in page
    c = info["capacities"]["merged"]
    assert f'{fmt(c["mean"])}</td><td class="num">{fmt_interval(c["ci_low"], c["ci_high"])}' in page


def test_the_capacity_units_are_labelled_in_chinese(capacity_dir):
    page = build_report(capacity_dir, language="zh")
    assert "承载能力（每周办件数）" in page and "480 分钟" in page
    assert "承载能力以每周办件数计，时限以分钟计" in page


# --- staffing ---


def test_the_staffing_deadline_is_in_working_days(staffing_dir, tmp_path):
    page = build_report(staffing_dir)
    assert "80% of matters done within 0.5 working days" in page  # 4 hours of an 8-hour day
    assert escape("The deadline is in working days, converted from the simulation's hours") in page
    chinese = build_report(staffing_dir, language="zh")
    assert "80%的办件在 0.5 工作日内办结" in chinese and "时限以工作日计" in chinese
    plain = build_report(_without_display(staffing_dir, tmp_path))
    assert "80% of matters done within 4 hours" in plain and "working day" not in plain


# --- sweeps ---


def test_the_sweep_tables_are_in_minutes_and_matters_per_week(sweep_dir):
    tidy = pd.read_parquet(sweep_dir / "aggregate.parquet")
    summary = json.loads((sweep_dir / "0" / "summary.json").read_text())
    assert summary["display"]["unit"] == "minute"
    page = build_report(sweep_dir)
    assert "<code>wait_mean (min)</code>" in page and "<code>throughput (per week)</code>" in page
    assert "<code>p_wait</code>" in page  # a share keeps its name, no unit
    assert "Times are shown in minutes and throughput in matters per week" in page
    rows = tidy[(tidy["workload.target_load"].astype(str) == "0.8") & (tidy.structure == "merged")]
    for column, factor in (("wait_mean", 60), ("throughput", WEEK_HOURS)):
        found = t_interval(rows[column] * factor)
        shown = f"{fmt(found.mean)} {fmt_interval(found.ci_low, found.ci_high)}"
        assert shown in page, column
    verdicts = page[page.index('id="per-job"') :]
    assert " minutes (difference " in verdicts  # each job's verdicts speak the same unit
    chinese = build_report(sweep_dir, language="zh")
    assert "平均等待时间（分钟）" in chinese and "办结量（每周）" in chinese


def test_sweep_tables_convert_only_when_given_a_display(sweep_dir):
    tidy = pd.read_parquet(sweep_dir / "aggregate.parquet")
    swept = ["workload.target_load"]
    plain = dict(sweep_tables(tidy, swept))
    shown = dict(sweep_tables(tidy, swept, display=Display("minute")))
    assert list(plain) == list(shown)  # the same settings, titled alike
    title = next(iter(plain))
    wait, share = plain[title].at["wait_mean", "merged"], plain[title].at["p_wait", "merged"]
    assert shown[title].at["p_wait", "merged"] == share
    assert shown[title].at["wait_mean", "merged"] != wait
    assert pd.read_parquet(sweep_dir / "aggregate.parquet").equals(tidy)  # files untouched


def test_a_sweep_s_display_comes_from_a_job_s_saved_org_when_no_summary_records_it(tmp_path):
    jobs = pd.DataFrame({"job": ["0"], "status": ["ok"]})
    (tmp_path / "0").mkdir()
    org = {"time_unit": "working hour", "display_unit": "working_day", "hours_per_working_day": 7.5}
    (tmp_path / "0" / "config.yaml").write_text(yaml.safe_dump({"org": org}))
    found = sweep_display(tmp_path, jobs, [])
    assert found == Display("working_day", calendar=WorkCalendar(hours_per_day=7.5))
    recorded = Display("minute").record()
    assert sweep_display(tmp_path, jobs, [{"display": recorded}]) == Display("minute")
    org["display_unit"] = "fortnight"  # a damaged setting shows the engine's unit
    (tmp_path / "0" / "config.yaml").write_text(yaml.safe_dump({"org": org}))
    assert sweep_display(tmp_path, jobs, []) is None
    (tmp_path / "0" / "config.yaml").write_text(yaml.safe_dump({"org": {"name": "x"}}))
    assert sweep_display(tmp_path, jobs, []) is None
