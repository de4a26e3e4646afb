"""People's units: times and throughput shown in the office's units, converted at the edge.

The engine and the tidy files stay in ``time_unit``; the terminal, comparison.md, the report
and the figures convert once with the working calendar and label every unit.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml

from orgsim.analysis import figures
from orgsim.analysis.report import build_report, verdicts
from orgsim.analysis.report.display import shown_summary
from orgsim.analysis.summary import (
    compare,
    comparison_markdown,
    comparison_table,
    render_table,
    summary_dict,
    type_tables,
)
from orgsim.analysis.units import (
    Display,
    WorkCalendar,
    display_of,
    display_problem,
    engine_unit_hours,
)
from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.org_files import read_org_file
from orgsim.sim.results import METRICS

ORGSIM = str(Path(sys.executable).parent / "orgsim")
QUICK = ("workload=quick", "replications=2", "figure=false")


# --- conversions ---


@pytest.mark.parametrize(
    ("unit", "factor"), [("minute", 60.0), ("hour", 1.0), ("working_day", 1 / 8)]
)
def test_times_in_working_hours_are_shown_in_minutes_hours_or_working_days(unit, factor):
    display = Display(unit)
    assert display.time_factor() == pytest.approx(factor)
    assert display.factor("wait_mean") == display.factor("lead_p90.permit") == display.time_factor()


def test_a_working_day_has_the_calendar_s_hours():
    display = Display("working_day", calendar=WorkCalendar(hours_per_day=7.5))
    assert 15 * display.time_factor() == pytest.approx(2.0)  # 15 working hours = 2 days


def test_an_engine_counting_in_working_days_is_converted_too():
    calendar = WorkCalendar(hours_per_day=8)
    hours = engine_unit_hours("working day", calendar)
    assert hours == 8
    assert Display("minute", engine_hours=hours).time_factor() == 480  # 1 day = 480 min
    assert engine_unit_hours("Working Hours", calendar) == 1
    assert engine_unit_hours("minutes", calendar) == pytest.approx(1 / 60)
    assert engine_unit_hours("tick", calendar) is None


@pytest.mark.parametrize(
    ("per", "hours"), [("day", 8), ("week", 40), ("month", 2000 / 12), ("year", 2000)]
)
def test_throughput_per_working_hour_is_shown_per_day_week_month_or_year(per, hours):
    display = Display("hour", throughput_per=per)
    assert display.rate_factor() == pytest.approx(hours)
    # 0.6 an hour is 1,200 a year of 250 days of 8 hours
    assert 0.6 * Display("hour", throughput_per="year").rate_factor() == pytest.approx(1200)


def test_shares_counts_and_handoffs_keep_their_units():
    display = Display("minute")
    for metric in ("p_wait", "deadline_attainment.permit", "backlog_mean", "handoffs_mean"):
        assert display.factor(metric) == 1.0 and display.label(metric) == metric
    assert display.label("wait_mean") == "wait_mean (min)"
    assert display.label("wait_mean.red") == "wait_mean.red (min)"
    assert Display("working_day").label("lead_mean") == "lead_mean (working days)"
    assert Display("hour", "week").label("throughput") == "throughput (per week)"


def test_a_display_survives_summary_json_and_a_damaged_one_is_ignored():
    display = Display("working_day", "month", WorkCalendar(7.5, 5, 245), engine_hours=1.0)
    assert Display.from_record(json.loads(json.dumps(display.record()))) == display
    assert Display.from_record({"unit": "fortnight"}) is None
    assert Display.from_record({**display.record(), "engine_hours": -1}) is None
    assert Display.from_record(None) is None


# --- the org file's keys ---


def _org(**keys):
    return {"time_unit": "working hour", **keys}


def test_display_of_reads_the_org_keys():
    assert display_of(_org()) is None
    display = display_of(_org(display_unit="minute", hours_per_working_day=7))
    assert display == Display("minute", "day", WorkCalendar(7.0, 5.0, 250.0), 1.0)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"display_unit": "fortnight"}, "org.display_unit: 'fortnight' is not a unit"),
        ({"display_unit": "hour", "throughput_per": "decade"}, "org.throughput_per: 'decade'"),
        ({"hours_per_working_day": 30}, "org.hours_per_working_day: 30 is out of range"),
        ({"working_days_per_year": 0}, "org.working_days_per_year: 0 is out of range"),
        ({"display_unit": "minute", "time_unit": "tick"}, "time_unit 'tick' is not a time"),
        ({"display_unit": "minute", "calendar": {"open_hours": 8}}, "opening hours (calendar)"),
    ],
)
def test_bad_display_settings_are_refused_with_the_field_and_the_fix(keys, expected):
    problem = display_problem(_org(**keys))
    assert problem is not None and problem.startswith("org.") and expected in problem
    assert ";" in problem  # the fix follows


def test_the_engine_is_unchanged_by_the_display_keys():
    org = read_org_file(Path(__file__).resolve().parent.parent / "conf/org/pooling_four.yaml")
    content = yaml.safe_load(org)
    plain = build_specs({"org": content})
    shown = build_specs({"org": {**content, "display_unit": "minute", "throughput_per": "week"}})
    assert repr(plain) == repr(shown)
    with pytest.raises(ConfigError, match=r"org\.display_unit"):
        build_specs({"org": {**content, "display_unit": "second"}})


# --- tables: console and comparison.md ---

TYPES = ["permit", "licence"]


def _replications() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for structure, factor in (("current", 1.0), ("merged", 0.5)):
        for r in range(4):
            rows.append(
                {
                    "structure": structure,
                    "replication": r,
                    "seed": r,
                    **{m: float(rng.uniform(0.5, 1.5)) for m in METRICS},
                    "throughput": 0.6 + rng.normal(0, 0.01),
                    "wait_mean": factor * 2.0 + rng.normal(0, 0.05),
                    "p_wait": 0.5 + rng.normal(0, 0.01),
                    "wait_mean.permit": factor * 3.0 + rng.normal(0, 0.05),
                    "wait_mean.licence": factor * 1.0 + rng.normal(0, 0.05),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def compared():
    return compare(_replications(), "current", TYPES)


def test_tables_for_people_are_in_the_display_unit_and_labelled(compared):
    summary, differences = compared
    display = Display("minute")
    raw = comparison_table(summary, differences, TYPES)
    shown = comparison_table(summary, differences, TYPES, display)
    assert list(shown.index) == list(raw.index)  # looked up by metric name, as before
    wait = summary.set_index(["structure", "metric"]).at[("current", "wait_mean"), "mean"]
    assert shown.at["wait_mean", "current"].startswith(f"{wait * 60:.3g}")
    console = render_table(shown)
    assert "wait_mean (min)" in console and "throughput (per working day)" in console
    assert re.search(r"^p_wait\s", console, re.M)  # a share keeps its name, no unit
    markdown = comparison_markdown(summary, differences, TYPES, display)
    assert "| wait_mean (min) |" in markdown and "| throughput (per working day) |" in markdown
    assert "## Mean wait per matter type (min)" in markdown
    per_type = type_tables(summary, differences, TYPES, display)["wait_mean"]
    permit = summary.set_index(["structure", "metric"]).at[("merged", "wait_mean.permit"), "mean"]
    assert per_type.at["permit", "merged"].startswith(f"{permit * 60:.3g}")


def test_without_a_display_the_tables_are_as_before(compared):
    summary, differences = compared
    markdown = comparison_markdown(summary, differences, TYPES)
    assert markdown == comparison_markdown(summary, differences, TYPES, None)
    assert "(min)" not in markdown and "| wait_mean |" in markdown
    assert "## Mean wait per matter type\n" in markdown


def test_summary_json_keeps_engine_values_and_records_the_display(compared):
    summary, differences = compared
    plain = summary_dict(summary, differences, {"current": {}, "merged": {}}, {})
    shown = summary_dict(summary, differences, {"current": {}, "merged": {}}, {}, Display("minute"))
    assert "display" not in plain and shown["display"]["unit"] == "minute"
    assert shown["structures"] == plain["structures"]
    assert shown["paired_differences"] == plain["paired_differences"]


def test_report_verdicts_speak_the_display_unit(compared):
    summary, differences = compared
    result = summary_dict(
        summary,
        differences,
        {"current": {}, "merged": {}},
        {"baseline": "current"},
        Display("minute"),
    )
    sentences = " ".join(v.text for v in verdicts(result)["merged"])
    assert "minutes" in sentences and "matters per working day" in sentences
    once = shown_summary(result)
    assert shown_summary(once) is once  # converting twice changes nothing
    raw = result["structures"]["current"]["metrics"]["wait_mean"]["mean"]
    assert once["structures"]["current"]["metrics"]["wait_mean"]["mean"] == raw * 60


# --- figures ---


@pytest.fixture
def drawn(monkeypatch):
    """Figures drawn by ``orgsim.analysis.figures`` are kept here instead of being saved."""
    kept: list[plt.Figure] = []

    def keep(fig, path):
        kept.append(fig)
        return [path]

    monkeypatch.setattr(figures, "save", keep)
    yield kept
    plt.close("all")


def _staff_and_series() -> tuple[pd.DataFrame, pd.DataFrame]:
    staff = pd.DataFrame(
        [
            {"structure": s, "replication": r, "staff": p, "section": "A", "utilisation": 0.7}
            for s in ("current", "merged")
            for r in range(4)
            for p in ("wang", "li")
        ]
    )
    series = pd.DataFrame(
        [
            {"structure": s, "replication": r, "time": float(t), "in_system": t % 5, "waiting": 1}
            for s in ("current", "merged")
            for r in range(4)
            for t in range(8, 161, 8)
        ]
    )
    return staff, series


def test_figure_axes_are_in_the_display_unit_and_say_so(drawn, tmp_path):
    staff, series = _staff_and_series()
    days = Display("working_day")
    figures.comparison_figure(
        _replications(), staff, "t", tmp_path / "c", "working hour", display=days
    )
    figures.type_wait_figure(
        _replications(), TYPES, "t", tmp_path / "t", "working hour", display=Display("minute")
    )
    figures.backlog_figure(series, "t", tmp_path / "b", "working hour", display=days)
    figures.welch_figure(series, tmp_path / "w", "working hour", window=2, display=days)
    labels = [ax.get_xlabel() for fig in drawn for ax in fig.axes]
    assert "mean wait (working days)" in labels
    assert any(label.startswith("mean wait (minutes)") for label in labels)
    assert labels.count("time (working days)") == 3  # two backlog panels and Welch's plot
    backlog = drawn[2].axes[0]
    assert max(line.get_xdata().max() for line in backlog.get_lines()) == pytest.approx(20)


# --- a whole run, as a user runs it ---


def _orgsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ORGSIM, *QUICK, *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_run_shows_its_office_units_and_keeps_raw_tables(tmp_path):
    plain, shown = tmp_path / "plain", tmp_path / "shown"
    assert _orgsim(f"hydra.run.dir={plain}", cwd=tmp_path).returncode == 0
    done = _orgsim(
        "org.display_unit=minute",
        "org.throughput_per=week",
        f"hydra.run.dir={shown}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "wait_mean (min)" in done.stdout and "throughput (per week)" in done.stdout
    markdown = (shown / "comparison.md").read_text(encoding="utf-8")
    assert "| wait_mean (min) |" in markdown and "| throughput (per week) |" in markdown
    assert "(min)" not in (plain / "comparison.md").read_text(encoding="utf-8")
    # the tidy tables keep the engine's unit: the same numbers as the run without display
    for name in ("replications.parquet", "staff.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(plain / name), pd.read_parquet(shown / name))
    raw, kept = (json.loads((d / "summary.json").read_text()) for d in (plain, shown))
    assert kept["structures"] == raw["structures"] and kept["display"]["unit"] == "minute"
    page = build_report(shown)
    assert "wait_mean (min)" in page and "Times are in minutes" in page
    wait = kept["structures"]["current"]["metrics"]["wait_mean"]["mean"]
    assert not math.isclose(wait, wait * 60)


def test_a_bad_display_unit_is_one_line_exit_2_and_no_folder(tmp_path):
    out = tmp_path / "run"
    done = _orgsim("org.display_unit=fortnight", f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orgsim: error: org.display_unit: ")
    assert not out.exists()
