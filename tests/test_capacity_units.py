"""The capacity and staffing searches speak the office's units and language where people read.

An office that reads minutes and matters per week (``display_unit``, ``throughput_per``)
sees its capacity figure, capacity.md, staffing.md and the console in those units, in the
language chosen (``language=zh``); the JSON results keep the engine's unit and English
words, and an office without a display unit sees everything as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orgsim.analysis import search_figures, search_tables
from orgsim.analysis.formatting import interval_text
from orgsim.analysis.i18n import speaking
from orgsim.analysis.report.redraw import redraw
from orgsim.analysis.units import Display
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from tests.test_figures_chinese import _search_tables, drawn, needs_font  # noqa: F401
from tests.test_report import SEARCHES
from tests.test_search_display_units import (  # noqa: F401
    MINUTES_WEEKLY,
    WEEK_HOURS,
    _without_display,
    capacity_dir,
)

WEEKLY = Display("minute", "week")


def _capacity_figure(display: Display | None, tmp_path: Path) -> None:
    capacities, summary, curve, _tried = _search_tables()
    search_figures.capacity_figure(
        capacities, summary, curve, 0.9, "t", tmp_path / "cap", "hour", display=display
    )


def _heights(fig) -> list[float]:
    return sorted(patch.get_height() for patch in fig.axes[0].patches)


def _arrival_rates(fig) -> list[float]:
    """The curves' arrival rates and the capacities marked on them (not the target's line)."""
    lines = [line for line in fig.axes[1].lines if list(line.get_ydata()) != [0.9, 0.9]]
    return sorted({float(x) for line in lines for x in line.get_xdata()})


# --- the figure ---


def test_the_capacity_figure_counts_matters_per_the_office_s_week(drawn, tmp_path):  # noqa: F811
    _capacity_figure(None, tmp_path)
    _capacity_figure(WEEKLY, tmp_path)
    plain, weekly = drawn
    assert plain.axes[0].get_ylabel() == "matters per hour"
    assert plain.axes[1].get_xlabel() == "total arrivals per hour"
    assert weekly.axes[0].get_ylabel() == "matters per week"
    assert weekly.axes[1].get_xlabel() == "total arrivals per week"
    assert max(_heights(plain)) == pytest.approx(1.5)  # merged, in the engine's unit
    assert _heights(weekly) == pytest.approx([h * WEEK_HOURS for h in _heights(plain)])
    rates = _arrival_rates(plain)
    assert {0.5, 1.5, 1.2} <= set(rates)  # the curve's rates and the capacities marked on it
    assert _arrival_rates(weekly) == pytest.approx([r * WEEK_HOURS for r in rates])
    assert weekly.axes[1].get_ylabel() == plain.axes[1].get_ylabel()  # shares keep no unit


def test_the_capacity_figure_labels_its_period_in_chinese(drawn, tmp_path):  # noqa: F811
    with speaking("zh"):
        _capacity_figure(Display("hour", "day"), tmp_path)
    assert drawn[0].axes[0].get_ylabel() == "每工作日办件数"
    assert drawn[0].axes[1].get_xlabel() == "每工作日到件总数"


def test_target_words_say_the_deadline_in_the_office_s_unit():
    assert search_tables.target_words(0.9, 8, "hour", WEEKLY) == (
        "90% of matters done within 480 minutes"
    )
    assert search_tables.target_words(0.8, 4, "hour", Display("working_day")) == (
        "80% of matters done within 0.5 working days"
    )
    assert search_tables.target_words(0.9, 8, "hour") == "90% of matters done within 8 hours"
    assert search_tables.target_words(0.9, None, "hour", WEEKLY) == (
        "90% of matters done within their own deadlines"
    )
    with speaking("zh"):
        assert search_tables.target_words(0.9, 8, "hour", WEEKLY) == "90%的办件在 480 分钟内办结"


# --- a real search (seeded) ---


def test_a_search_writes_its_figure_and_markdown_in_the_office_s_units(capacity_dir):  # noqa: F811
    info = json.loads((capacity_dir / "capacity.json").read_text())
    assert info["target"] == "90% of matters done within 8 hours"  # the result keeps its unit
    assert info["capacity_unit"] == "matters per hour"
    markdown = (capacity_dir / "capacity.md").read_text()
    assert "(matters per week) that still gets 90% of matters done within 480 minutes" in markdown
    assert "8 hours" not in markdown and "matters per hour" not in markdown
    for entity, c in info["capacities"].items():
        shown = interval_text(*(c[k] * WEEK_HOURS for k in ("mean", "ci_low", "ci_high")))
        assert f"| {entity} | {shown} |" in markdown, entity
    svg = (capacity_dir / "capacity.svg").read_text()
    assert "<!-- matters per week -->" in svg and "<!-- total arrivals per week -->" in svg
    assert "within 480 minutes" in svg and "matters per hour" not in svg


@needs_font
def test_the_redrawn_figure_reads_the_display_as_the_capacity_page_does(
    capacity_dir,  # noqa: F811
    drawn,  # noqa: F811
    tmp_path,
):
    with speaking("zh"):
        redraw(capacity_dir, tmp_path)
        redraw(_without_display(capacity_dir, tmp_path), tmp_path)
    weekly, plain = drawn
    assert weekly.axes[0].get_ylabel() == "每周办件数"
    assert "480 分钟" in weekly._suptitle.get_text()
    assert plain.axes[0].get_ylabel() == "每小时办件数"
    assert "8 小时" in plain._suptitle.get_text()
    assert _heights(weekly) == pytest.approx([h * WEEK_HOURS for h in _heights(plain)])


def _run(tmp_path: Path, task: str, *overrides: str, label: str | None = None) -> Path:
    folder = tmp_path / task
    execute(compose_config([*SEARCHES[task], *overrides, "figure=false"]), folder, True, label)
    return folder


def test_a_chinese_capacity_search_prints_its_target_in_chinese_minutes(tmp_path, capsys):
    _run(tmp_path, "capacity", *MINUTES_WEEKLY, "language=zh")
    printed = capsys.readouterr().out
    assert "仍能做到90%的办件在 480 分钟内办结的最大到达率（每周办件数）" in printed
    assert "matters" not in printed and "minutes" not in printed


def test_a_search_without_a_display_unit_prints_as_before(tmp_path, capsys):
    folder = _run(tmp_path, "staffing")
    printed = capsys.readouterr().out
    heading = (
        "Staffing: fewest people for 80% of matters done within 4 hours, judged on the mean "
        "of 3 replications; attainment as mean [95% CI]"
    )
    assert printed.startswith(heading)
    assert (folder / "staffing.md").read_text().startswith(heading)
    info = json.loads((folder / "staffing.json").read_text())
    assert (info["target"], info["rule"]) == ("80% of matters done within 4 hours", "the mean")


def test_a_staffing_search_in_working_days_in_chinese(tmp_path, capsys):
    folder = _run(tmp_path, "staffing", "org.display_unit=working_day", "language=zh")
    heading = "人员配置：做到80%的办件在 0.5 工作日内办结的最少人数，以 3 次重复运行的均值判断"
    assert capsys.readouterr().out.startswith(heading)
    assert (folder / "staffing.md").read_text().startswith(heading)
    info = json.loads((folder / "staffing.json").read_text())  # English, the engine's unit
    assert (info["target"], info["rule"]) == ("80% of matters done within 4 hours", "the mean")


def test_a_sweep_job_s_line_speaks_the_office_s_units_and_language(tmp_path, capsys):
    _run(tmp_path, "capacity", *MINUTES_WEEKLY, "language=zh", label="job 0")
    line = capsys.readouterr().out.strip()
    assert line.startswith("job 0：承载能力（每周办件数）part:A "), line
    assert "\n" not in line
