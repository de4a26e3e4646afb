"""Figures in Chinese: every word drawn is translated, and a Chinese report redraws them.

Figures are drawn in English when a run ends; ``orgsim-report --lang zh`` draws the ones
it shows again from the folder's own tables (``analysis.report.redraw``). Sweep figures
speak the office's display unit (``display_unit``) like the run figures do.
"""

from __future__ import annotations

import base64
import re
import shutil
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from orgsim.analysis import figures, search_figures, search_tables, sweep_figures
from orgsim.analysis.i18n import speaking
from orgsim.analysis.plotting import chinese_font
from orgsim.analysis.report import build_report
from orgsim.analysis.report.redraw import redraw, redrawable
from orgsim.analysis.units import Display
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from tests.test_figures import _tables

CHINESE = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[a-z]{4,}\b")
#: Names the figures draw as written (structures, staff, sections, types): never translated.
NAMES = {"current", "merged", "wang", "permit", "licence", "B"}

needs_font = pytest.mark.skipif(
    chinese_font() is None, reason="no Chinese font installed (make fonts installs one)"
)


@pytest.fixture
def drawn(monkeypatch):
    """Figures drawn by ``orgsim.analysis`` are kept here instead of being saved."""
    kept: list[plt.Figure] = []

    def keep(fig, path):
        kept.append(fig)
        return [path]

    for module in (figures, sweep_figures, search_figures):
        monkeypatch.setattr(module, "save", keep)
    yield kept
    plt.close("all")


def _words(fig: plt.Figure) -> list[str]:
    """Every title, axis label, legend title and note a figure shows (not tick labels)."""
    found = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        found += [
            ax.get_title(),
            ax.get_xlabel(),
            ax.get_ylabel(),
            *(t.get_text() for t in ax.texts),
        ]
        legend = ax.get_legend()
        if legend is not None:
            found.append(legend.get_title().get_text())
    return [text for text in found if text.strip()]


def _english_left(text: str) -> list[str]:
    """English words in ``text`` apart from names and setting paths (``workload.target_load``)."""
    plain = re.sub(r"\S*[._]\S*", " ", text)
    return [w for w in LATIN_WORD.findall(plain) if w not in NAMES and w != "welch"]


def _no_missing_glyphs(fig: plt.Figure, tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "check.png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:2]


def _search_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A capacity search's three tables and a staffing search's tried counts."""
    names = ["current", "merged"]
    capacities = pd.DataFrame(
        {"kind": "structure", "entity": names * 2, "replication": [0, 0, 1, 1], "capacity": 1.0}
    )
    summary = pd.DataFrame(
        {
            "entity": ["part:审批科", "part:B", "sum of parts", "walled office", *names],
            "mean": [0.6, 0.5, 1.1, 1.2, 1.2, 1.5],
            "ci_low": [0.5, 0.4, 1.0, 1.1, 1.1, 1.4],
            "ci_high": [0.7, 0.6, 1.2, 1.3, 1.3, 1.6],
        }
    )
    curve = pd.DataFrame(
        [
            {"structure": s, "arrival_rate": rate, "replication": r, "attainment": 1 - rate / 3}
            for s in names
            for rate in (0.5, 1.0, 1.5)
            for r in range(2)
        ]
    )
    tried = pd.DataFrame(
        [
            {
                "structure": s,
                "section": section,
                "staff": staff,
                "replication": r,
                "attainment": 0.5 + 0.2 * staff,
                "overloaded": staff == 1,
            }
            for s, section in (("current", "审批科"), ("merged", "(whole)"))
            for staff in (1, 2, 3)
            for r in range(2)
        ]
    )
    return capacities, summary, curve, tried


@needs_font
def test_every_figure_drawn_in_chinese_has_chinese_words_and_every_glyph(drawn, tmp_path):
    table, staff, series = _tables(["current", "merged"], zero_idle=False)
    table = table.assign(**{"wait_mean.permit": 1.0, "wait_mean.licence": 2.0})
    sweep = table.assign(**{"workload.target_load": np.tile(["0.5", "0.9", "0.7"], 2)})
    capacities, summary, curve, tried = _search_tables()
    indexes = {"current": {"mean": 1, "ci_low": 1, "ci_high": 1}, "merged": {"mean": 1.3}}
    with speaking("zh"):
        titles = figures.run_titles("县审批局", 3, 0.95)
        figures.comparison_figure(table, staff, titles["comparison"], tmp_path / "c", "hour")
        figures.utilisation_figure(staff, titles["utilisation"], tmp_path / "u")
        figures.deadline_figure(table, titles["deadline"], tmp_path / "d")
        figures.type_wait_figure(
            table, ["permit", "licence"], titles["types"], tmp_path / "t", "working hour"
        )
        figures.backlog_figure(series, titles["backlog"], tmp_path / "b", "working hour")
        figures.welch_figure(series, tmp_path / "w", "minute")
        sweep_figures.draw_sweep(sweep, ["workload.target_load"], {}, tmp_path / "s")
        target = search_tables.target_words(0.9, 8, "hour")
        search_figures.capacity_figure(
            capacities,
            summary,
            curve,
            0.9,
            search_figures.capacity_title("", target, indexes, []),
            tmp_path / "cap",
            "hour",
        )
        search_figures.staffing_figure(
            tried, 0.9, search_figures.staffing_title("", target, 0.95), tmp_path / "staff"
        )
    assert len(drawn) == 9
    for fig in drawn:
        words = _words(fig)
        assert words and all(CHINESE.search(t) or t in NAMES for t in words), words
        assert not [w for text in words for w in _english_left(text)], words
        _no_missing_glyphs(fig, tmp_path)
    comparison, *_ = drawn
    assert comparison._suptitle.get_text() == "县审批局：重复运行 3 次，95%置信区间"
    assert comparison.axes[0].get_xlabel() == "平均等待时间（小时）"
    capacity = drawn[7]
    ticks = [t.get_text() for t in capacity.axes[0].get_xticklabels()]
    assert ticks[:2] == ["各部分之和", "分隔办公"]
    assert "merged：承载能力指数 1.3，1+1=?" in capacity._suptitle.get_text()


def test_english_figures_keep_their_words(drawn, tmp_path):
    table, staff, _ = _tables(["current", "merged"], zero_idle=False)
    titles = figures.run_titles("", 3, 0.9)
    figures.comparison_figure(
        table, staff, titles["comparison"], tmp_path / "c", "working hour", 0.9
    )
    assert drawn[0]._suptitle.get_text() == "office: 3 replications, 90% intervals"
    assert drawn[0].axes[0].get_title() == "Mean wait (90% CI)"
    assert drawn[0].axes[0].get_xlabel() == "mean wait (working hours)"
    assert search_tables.target_words(0.8, 1, "hour") == "80% of matters done within 1 hour"
    assert search_tables.target_words(0.9, None, "hour") == (
        "90% of matters done within their own deadlines"
    )


# --- sweep figures in the office's display unit -------------------------------------------


def _sweep(x: str, values: list[str]) -> pd.DataFrame:
    table, _, _ = _tables(["current", "merged"], zero_idle=False)
    return table.assign(**{x: np.tile(values, 2), "wait_mean": 2.0})


def test_sweep_times_are_drawn_in_the_display_unit_with_the_unit_on_the_axis(drawn, tmp_path):
    minutes = Display("minute")
    sweep = _sweep("workload.horizon", ["100", "200", "300"])
    sweep_figures.load_figure(
        sweep, "workload.horizon", "t", tmp_path / "s", None, "hour", display=minutes
    )
    wait = drawn[0].axes[0]
    assert wait.get_ylabel() == "mean wait (minutes)"
    assert wait.get_xlabel() == "horizon (minutes)"
    assert set(np.round(wait.lines[0].get_ydata(), 6)) == {120.0}  # 2 hours
    assert set(wait.lines[0].get_xdata()) == {6000.0, 12000.0, 18000.0}

    days = {"run": {"time_unit": "working hour"}, "org": {"display_unit": "working_day"}}
    loads = _sweep("workload.target_load", ["0.5", "0.9", "0.7"])
    sweep_figures.draw_sweep(loads, ["workload.target_load"], days, tmp_path / "d")
    assert drawn[1].axes[0].get_ylabel() == "mean wait (working days)"
    assert set(np.round(drawn[1].axes[0].lines[0].get_ydata(), 6)) == {0.25}  # 2 h of 8
    with speaking("zh"):
        sweep_figures.draw_sweep(loads, ["workload.target_load"], days, tmp_path / "z")
    assert drawn[2].axes[0].get_ylabel() == "平均等待时间（工作日）"


def test_a_sweep_without_a_display_unit_keeps_the_engine_unit(drawn, tmp_path):
    run = {"run": {"time_unit": "working hour", "confidence": 0.9}, "org": {"name": "x"}}
    loads = _sweep("workload.target_load", ["0.5", "0.9", "0.7"])
    sweep_figures.draw_sweep(loads, ["workload.target_load"], run, tmp_path / "s")
    assert drawn[0].axes[0].get_ylabel() == "mean wait (working hours)"
    assert drawn[0].axes[0].get_title() == "Mean wait (90% band)"
    assert (
        drawn[0]._suptitle.get_text() == "Sweep over workload.target_load: mean of the replications"
    )


# --- the Chinese report redraws its figures -----------------------------------------------


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A real run with its figures, and one figure orgsim does not know."""
    out = tmp_path_factory.mktemp("run")
    execute(compose_config(["workload=quick", "replications=2"]), out, quiet=True)
    shutil.copy(out / "comparison.png", out / "my_chart.png")
    return out


def _embedded(page: str) -> list[bytes]:
    return [base64.b64decode(d) for d in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


@needs_font
def test_the_chinese_report_embeds_figures_drawn_again_and_the_english_one_as_drawn(run_dir):
    english = _embedded(build_report(run_dir))
    chinese = _embedded(build_report(run_dir, language="zh"))
    known = redrawable(run_dir)
    assert set(known) >= {"comparison", "utilisation", "deadline", "types"}
    assert len(english) == len(chinese) == len(known) + 1
    in_folder = {p.read_bytes() for p in run_dir.glob("*.png")}
    assert all(png in in_folder for png in english)  # English: exactly as drawn
    redrawn = [png for png in chinese if png not in in_folder]
    assert len(redrawn) == len(known)  # every known figure drawn again
    assert (run_dir / "my_chart.png").read_bytes() in chinese  # an unknown one as it is


@needs_font
def test_a_figure_whose_table_is_gone_is_shown_as_drawn(run_dir, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(run_dir, folder)
    (folder / "staff.parquet").unlink()  # comparison and utilisation need it
    with speaking("zh"):
        drawn = redraw(folder, tmp_path)
    assert "comparison.png" not in drawn and "utilisation.png" not in drawn
    assert "deadline.png" in drawn and drawn["deadline.png"].stat().st_size > 5_000
    assert not list(tmp_path.glob("*.svg"))  # a page embeds the PNG alone
    with speaking("zh"):
        assert set(redraw(folder, tmp_path, ["types"])) == {"types.png"}


def test_without_a_chinese_font_nothing_is_drawn_again(run_dir, tmp_path, monkeypatch):
    import orgsim.analysis.plotting as plotting

    monkeypatch.setattr(plotting, "chinese_font", lambda: None)
    with speaking("zh"):
        assert redraw(run_dir, tmp_path) == {}
    assert not list(tmp_path.iterdir())
