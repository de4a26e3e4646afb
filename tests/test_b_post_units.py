"""The B-post recommendation in the office's units: an office that reads minutes sees minutes.

``task=b_posts`` records its numbers in the engine's unit and, when the org sets
``display_unit``, the display (``Display.record()``) in b_posts.json; b_posts.md, the console,
the page and the figure (drawn again in Chinese too) show the gains, means and the practical
band converted and labelled. An office without a display unit sees everything as before.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
import yaml

from orgsim.analysis import b_post_figure
from orgsim.analysis.b_post_tables import b_posts_markdown, headline, shown_reason, shown_units
from orgsim.analysis.i18n import speaking
from orgsim.analysis.report import build_report
from orgsim.analysis.report.redraw import redraw
from orgsim.analysis.units import Display
from tests.test_cli import orgsim
from tests.test_figures_chinese import needs_font

RUN = [
    "task=b_posts",
    "org=four_specialists",
    "b_posts.speed=1.0",
    "b_posts.evaluations=3",
    "workload.horizon=1500",
    "workload.warmup=150",
    "replications=4",
]
MINUTES = Display("minute").record()


def _search(root: Path, *overrides: str) -> tuple[Path, str]:
    out = root / "run"
    done = orgsim(*RUN, *overrides, f"hydra.run.dir={out}", cwd=root)
    assert done.returncode == 0, done.stderr
    return out, done.stdout


@pytest.fixture(scope="module")
def minutes_run(tmp_path_factory) -> tuple[Path, str]:
    """The four specialists' B posts, read in minutes."""
    return _search(tmp_path_factory.mktemp("minutes"), "org.display_unit=minute")


@pytest.fixture(scope="module")
def hours_run(tmp_path_factory) -> tuple[Path, str]:
    """The same search (same seed) of the same office, read in the engine's hours."""
    return _search(tmp_path_factory.mktemp("hours"))


def _json(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "b_posts.json").read_text(encoding="utf-8"))


def _without_display(folder: Path, tmp_path: Path) -> Path:
    """A copy of a B-post folder recording no display, whose org sets no display unit."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    result = _json(copy)
    result.pop("display")
    (copy / "b_posts.json").write_text(json.dumps(result), encoding="utf-8")
    config = yaml.safe_load((copy / "config.yaml").read_text(encoding="utf-8"))
    config["org"]["display_unit"] = None
    (copy / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return copy


# --- the run ---


def test_b_posts_json_keeps_hours_and_records_the_minutes(minutes_run, hours_run):
    minutes, hours = _json(minutes_run[0]), _json(hours_run[0])
    assert minutes.pop("display") == MINUTES and "display" not in hours
    assert minutes["gain_unit"] == "hour"
    assert minutes["comparisons"] == hours["comparisons"]  # the engine's numbers, unchanged
    assert minutes["band"] == hours["band"] and minutes["current_mean"] == hours["current_mean"]
    assert minutes["headline"] == hours["headline"]  # recorded in the engine's unit


def test_b_posts_md_and_the_console_say_minutes_and_the_gain_is_sixty_times(minutes_run):
    folder, stdout = minutes_run
    result = _json(folder)
    gain = result["comparisons"][0]["gain"]
    text = (folder / "b_posts.md").read_text(encoding="utf-8")
    assert result["recommended"] is True
    shown = f"by {60 * gain['mean']:.3g} minutes [{60 * gain['ci_low']:.3g}, "
    assert shown in text and shown in stdout
    assert "| wait_mean (min) | gain over current [95% CI] (min) |" in text
    assert f"| {60 * result['comparisons'][0]['mean']:.4g} |" in text
    assert "hours" not in text


def test_without_a_display_the_run_is_as_before(minutes_run, hours_run):
    """The same search without display_unit writes b_posts.md as it always did."""
    plain = _json(minutes_run[0])
    del plain["display"]
    text = (hours_run[0] / "b_posts.md").read_text(encoding="utf-8")
    assert text == b_posts_markdown(plain) + "\n"
    assert "hours" in text and "minute" not in text and "(min)" not in text


# --- the page and the figure ---


def test_the_page_says_minutes_and_shows_the_gain_in_them(minutes_run):
    folder = minutes_run[0]
    result = _json(folder)
    gain = result["comparisons"][0]["gain"]
    page = build_report(folder)
    assert f"by {60 * gain['mean']:.3g} minutes" in page
    assert '<th scope="col">wait_mean (min)</th>' in page
    assert '<th scope="col">gain (min)</th>' in page
    assert "gain in wait_mean (min) over the current posts" in page
    chinese = build_report(folder, language="zh")
    assert f"改进 {60 * gain['mean']:.3g}分钟" in chinese
    assert '<th scope="col">平均等待时间（分钟）</th>' in chinese


def _text(page: str, folder: Path) -> str:
    """A page without its folder's path and its figures (the minutes run drew its own)."""
    page = page.replace(str(folder.resolve()), "FOLDER")
    return re.sub(r"data:image/png;base64,[^\"]+", "IMAGE", page)


def test_a_page_without_a_display_is_as_the_hours_run(minutes_run, hours_run, tmp_path):
    plain = _without_display(minutes_run[0], tmp_path)
    for language in ("en", "zh"):
        page = build_report(plain, language=language)
        before = build_report(hours_run[0], language=language)
        assert _text(page, plain) == _text(before, hours_run[0])
    assert "(min)" not in build_report(plain)


def test_the_page_reads_the_org_s_display_unit_when_b_posts_json_records_none(
    minutes_run, tmp_path
):
    """A folder written before b_posts.json recorded the display: config.yaml's org says it."""
    copy = tmp_path / "older"
    shutil.copytree(minutes_run[0], copy)
    result = _json(copy)
    del result["display"]
    (copy / "b_posts.json").write_text(json.dumps(result), encoding="utf-8")
    assert "wait_mean (min)" in build_report(copy)


@pytest.fixture
def b_post_figures(monkeypatch):
    """B-post figures kept here instead of being saved."""
    kept: list[plt.Figure] = []

    def keep(fig, path):
        kept.append(fig)
        return [path]

    monkeypatch.setattr(b_post_figure, "save", keep)
    yield kept
    plt.close("all")


def _gains(fig: plt.Figure) -> list[float]:
    """The gains marked on the figure, one per set of posts."""
    return [float(line.get_xdata()[0]) for line in fig.axes[0].lines if line.get_marker() == "o"]


def test_the_figure_draws_and_labels_minutes(b_post_figures, tmp_path):
    plain, minutes = _sample(), {**_sample(), "display": MINUTES}
    b_post_figure.b_posts_figure(plain, "o", tmp_path / "f")
    b_post_figure.b_posts_figure(minutes, "o", tmp_path / "f")
    hours_fig, minutes_fig = b_post_figures
    assert hours_fig.axes[0].get_xlabel().endswith("(hours) (> 0 is better)")
    assert minutes_fig.axes[0].get_xlabel().endswith("(minutes) (> 0 is better)")
    assert _gains(minutes_fig) == pytest.approx([60 * g for g in _gains(hours_fig)])
    ticks = [t.get_text() for t in minutes_fig.axes[0].get_yticklabels()]
    assert ticks[0].endswith("mean 60 minutes")  # 1 working hour
    assert "(±1)" in [t.get_text() for t in minutes_fig.axes[0].get_legend().get_texts()][-1]
    assert "mean wait 90 minutes" in minutes_fig._suptitle.get_text()


@needs_font
def test_the_chinese_figure_is_drawn_again_in_minutes(minutes_run, b_post_figures, tmp_path):
    with speaking("zh"):
        redraw(minutes_run[0], tmp_path / "a")
        redraw(_without_display(minutes_run[0], tmp_path), tmp_path / "b")
    minutes_fig, hours_fig = b_post_figures
    assert "（分钟）" in minutes_fig.axes[0].get_xlabel()
    assert "（小时）" in hours_fig.axes[0].get_xlabel()
    assert _gains(minutes_fig) == pytest.approx([60 * g for g in _gains(hours_fig)])


# --- the sentences ---


def _sample(recommended: bool = True, metric: str = "wait_mean") -> dict[str, Any]:
    """A small recommendation as b_posts.json holds it, in working hours."""
    gain = {"mean": 0.5, "ci_low": 0.25, "ci_high": 0.75, "half_width": 0.25}
    posts = [
        {
            "person": "li",
            "a_post": "B",
            "a_post_load": 0.8,
            "current_b_post": None,
            "recommended_b_post": "C" if recommended else "unnecessary",
            "why": "given by the search: improves wait_mean by 0.25 on the search's replications",
            "why_key": "given" if recommended else "unnecessary",
            "why_values": {"metric": metric, "gain": 0.25} if recommended else {},
        },
        {
            "person": "wang",
            "a_post": "A",
            "a_post_load": 0.8,
            "current_b_post": "B",
            "recommended_b_post": "D" if recommended else "unnecessary",
            "why": "moved by the search: improves wait_mean by 1 on the search's replications",
            "why_key": "moved" if recommended else "unnecessary",
            "why_values": {"metric": metric, "gain": 1.0 / 60} if recommended else {},
        },
    ]
    return {
        "recommended": recommended,
        "metric": metric,
        "band": 1 / 60,
        "interval_level": "95%",
        "gain_unit": "hour",
        "current_mean": 1.5,
        "search": {
            "candidates": 5,
            "replications": 4,
            "same_unit": True,
            "most_new_skills": None,
            "speed": 1.0,
            "learning_start": None,
        },
        "posts": posts,
        "comparisons": [
            {
                "name": "recommended",
                "new_skills": 2,
                "mean": 1.0,
                "gain": gain,
                "verdict": "better" if recommended else "no practical difference",
                "posts": {},
            },
            {
                "name": "dedicated",
                "new_skills": 0,
                "mean": 1.5,
                "gain": {"mean": 0.0, "ci_low": 0.0, "ci_high": 0.0, "half_width": 0.0},
                "verdict": "no practical difference",
                "posts": {},
            },
        ],
    }


def test_the_band_and_the_reasons_gains_are_in_minutes_too():
    result = {**_sample(recommended=False), "display": MINUTES}
    assert headline(result).endswith(
        "(gain 30 minutes [15, 45], smallest difference that matters 1 minute)"
    )
    with speaking("zh"):
        assert "改进 30分钟 [15, 45]，实际意义阈值 1分钟" in headline(result)
    minutes = {**_sample(), "display": MINUTES}
    shown = shown_units(minutes)
    given, moved = _sample()["posts"]
    assert shown_reason(given, shown) == (
        "given by the search: improves wait_mean by 15 minutes on the search's replications"
    )
    assert "by 1 minute on" in shown_reason(moved, shown)
    with speaking("zh"):
        assert (
            shown_reason(given, shown_units(minutes))
            == "测算中新设：在测算的重复运行上使平均等待时间改进 15分钟"
        )


def test_throughput_is_counted_per_the_office_s_period():
    week = Display("minute", "week").record()
    result = {**_sample(metric="throughput"), "gain_unit": None, "display": week}
    assert "by 20 matters per week [10, 30]" in headline(result)  # 0.5 an hour, 40 h a week
    assert "| throughput (per week) | gain over current [95% CI] (per week) |" in (
        b_posts_markdown(result)
    )


def test_working_days_divide_by_the_office_s_working_day():
    days = Display("working_day", calendar=Display("hour").calendar).record()
    text = b_posts_markdown({**_sample(), "display": days})
    assert "by 0.0625 working days [0.0312, 0.0938]" in text  # 8 working hours a day


#: b_posts.md of :func:`_sample` in working hours, as it was written before offices could read
#: their results in other units (pinned from that version).
PINNED = {
    (True, "en"): (
        "## B posts recommended: 2 people, 2 new skills; wait_mean better than "
        "with the current posts by 0.5 hours [0.25, 0.75]\n\nSearch: a chain across "
        "sections, improved one person at a time over 5 candidates on 4 replications "
        "with common random numbers; gains judged on 4 fresh paired replications "
        "(95% CI, &gt; 0 is better than the current posts). Limits: sections of "
        "the same unit, no limit on new skills, learned at 1 of nominal speed.\n\n| "
        "person | A post | current B post | recommended B post | why |\n|---|---|---|---|---|\n| "
        "li | B | - | C | given by the search: improves wait_mean by 0.25 on the "
        "search's replications |\n| wang | A | B | D | moved by the search: improves "
        "wait_mean by 0.0167 on the search's replications |\n\n| posts | new skills "
        "| wait_mean | gain over current [95% CI] | verdict |\n|---|---|---|---|---|\n| "
        "recommended | 2 | 1 | 0.5 [0.25, 0.75] | better |\n| dedicated | 0 | 1.5 "
        "| 0 [0, 0] | no practical difference |"
    ),
    (True, "zh"): (
        "## 建议设置B岗：2 名工作人员，新增技能 2 项；平均等待时间比现"
        "行B岗改进 0.5小时 [0.25, 0.75]\n\n测算方法：从跨科室"
        "的链式B岗出发，每次调整一名工作人员，共试 5 个候选方案，每个方案 "
        "4 次重复运行（共同随机数）；改进在另外 4 次新的配对重复运行上评判"
        "（95%置信区间，&gt; 0 表示优于现行B岗）。限制条件：限同一单"
        "位内的科室，新增技能不设上限，新技能按标准速度的 1 办理。\n\n| 工"
        "作人员 | A岗 | 现行B岗 | 建议B岗 | 理由 |\n|---|"
        "---|---|---|---|\n| li | B | - | C |"
        " 测算中新设：在测算的重复运行上使平均等待时间改进 0.25 |\n| "
        "wang | A | B | D | 测算中调整：在测算的重复运行上使"
        "平均等待时间改进 0.0167 |\n\n| B岗方案 | 新增技能 | "
        "平均等待时间 | 相对现行的改进 [95%置信区间] | 结论 |\n|"
        "---|---|---|---|---|\n| 建议方案 | 2 | 1"
        " | 0.5 [0.25, 0.75] | 更好 |\n| 专岗（不设B"
        "岗） | 0 | 1.5 | 0 [0, 0] | 无实际差别 |"
    ),
    (False, "en"): (
        "## No B posts recommended: the best found makes no practical difference "
        "to wait_mean (gain 0.5 [0.25, 0.75], smallest difference that matters "
        "0.0167)\n\nSearch: a chain across sections, improved one person at a time "
        "over 5 candidates on 4 replications with common random numbers; gains "
        "judged on 4 fresh paired replications (95% CI, &gt; 0 is better than the "
        "current posts). Limits: sections of the same unit, no limit on new skills, "
        "learned at 1 of nominal speed.\n\n| person | A post | current B post | recommended "
        "B post | why |\n|---|---|---|---|---|\n| li | B | - | unnecessary | B posts "
        "make no practical difference in this office |\n| wang | A | B | unnecessary "
        "| B posts make no practical difference in this office |\n\n| posts | new "
        "skills | wait_mean | gain over current [95% CI] | verdict |\n|---|---|---|---|---|\n| "
        "recommended | 2 | 1 | 0.5 [0.25, 0.75] | no practical difference |\n| dedicated "
        "| 0 | 1.5 | 0 [0, 0] | no practical difference |"
    ),
    (False, "zh"): (
        "## 不建议设置B岗：找到的最佳方案对平均等待时间无实际差别（改进 0"
        ".5 [0.25, 0.75]，实际意义阈值 0.0167）\n\n测算方"
        "法：从跨科室的链式B岗出发，每次调整一名工作人员，共试 5 个候选方案"
        "，每个方案 4 次重复运行（共同随机数）；改进在另外 4 次新的配对重"
        "复运行上评判（95%置信区间，&gt; 0 表示优于现行B岗）。限制条"
        "件：限同一单位内的科室，新增技能不设上限，新技能按标准速度的 1 办理"
        "。\n\n| 工作人员 | A岗 | 现行B岗 | 建议B岗 | 理由 |"
        "\n|---|---|---|---|---|\n| li | B | -"
        " | 无需设置 | 本单位设置B岗无实际差别 |\n| wang | A"
        " | B | 无需设置 | 本单位设置B岗无实际差别 |\n\n| B岗方"
        "案 | 新增技能 | 平均等待时间 | 相对现行的改进 [95%置信区"
        "间] | 结论 |\n|---|---|---|---|---|\n| 建"
        "议方案 | 2 | 1 | 0.5 [0.25, 0.75] | 无实"
        "际差别 |\n| 专岗（不设B岗） | 0 | 1.5 | 0 [0, "
        "0] | 无实际差别 |"
    ),
}


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("recommended", [True, False])
def test_without_a_display_b_posts_md_is_as_pinned(recommended, language):
    with speaking(language):
        assert b_posts_markdown(_sample(recommended)) == PINNED[(recommended, language)]
