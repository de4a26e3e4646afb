"""The sweep, capacity and staffing pages in Chinese: field terms, no English left, offline.

``orgsim-report --lang zh`` builds each page inside ``speaking("zh")``: headings, tables,
sentences, the "1+1>2" verdicts and the people a staffing answer adds or removes are
Chinese; structure and people's names stay as written, and English stays the default.
"""

from __future__ import annotations

import json
from html import escape

import pytest

from orgsim.analysis.i18n import speaking
from orgsim.analysis.report import build_report
from orgsim.analysis.search_tables import index_verdict, who_changes
from tests.offline_page import assert_images_drawn_and_photograph, offline_page
from tests.test_report import (  # noqa: F401  (fixtures: a real sweep and two real searches)
    BROWSER_ARGS,
    _browser,
    capacity_dir,
    run_dir,
    staffing_dir,
    sweep_dir,
)

#: Per page: Chinese it must show, and English of its own it must not.
CHINESE = {
    "sweep": (
        [
            "orgsim 参数扫描报告",
            "本次参数扫描的作业及其状态",
            "重复运行汇总",
            "各作业：与现行结构（基准）对比的结论",
            "失败",
            "平均等待时间",
        ],
        [
            "Jobs of this sweep and their status",
            "Summary over replications",
            "Per job: verdicts against the baseline",
            "not ok (failed, unfinished",
            "This job's files",
            "replications): mean [",
        ],
    ),
    "capacity": (
        [
            "orgsim 承载能力测算报告",
            "整体是否大于部分之和？",
            "各组织结构及其各部分的承载能力",
            "科室 <strong>A</strong> 单独运行",
            "分隔办公",
            "限制因素",
        ],
        [
            "Is the whole more than the sum of its parts?",
            "Capacity of each structure and its parts",
            "What was searched",
            "times the demand of",
            "What limits each capacity",
            "Reproducing this search",
        ],
    ),
    "staffing": (
        [
            "orgsim 人员配置测算报告",
            "需要多少人？",
            "各科室所需人数",
            "全部科室",
            "比现有的 4 人多 4 人",
            "少一人时的按时限办结率",
        ],
        [
            "How many people are needed?",
            "Staff needed section by section",
            "all sections",
            "there now",
            "What was searched",
            "Files of this search",
        ],
    ),
}


@pytest.mark.parametrize("kind", list(CHINESE))
def test_the_page_speaks_chinese_with_the_field_terms(kind, request):
    folder = request.getfixturevalue(f"{kind}_dir")
    page = build_report(folder, language="zh")
    assert '<html lang="zh-CN">' in page
    chinese, english = CHINESE[kind]
    assert all(word in page for word in chinese), [w for w in chinese if w not in page]
    assert not [sentence for sentence in english if sentence in page]
    assert "current" in page and "merged" in page  # structure names stay as written
    english_page = build_report(folder)
    assert '<html lang="en">' in english_page and english[0] in english_page


def test_the_capacity_verdicts_are_said_again_in_chinese_with_their_numbers(request):
    folder = request.getfixturevalue("capacity_dir")
    info = json.loads((folder / "capacity.json").read_text())
    page = build_report(folder, language="zh")
    cards = page[: page.index("测算内容</h2>")]
    for structure, index in info["capacity_index"].items():
        with speaking("zh"):
            said = index_verdict(structure, index)
        assert said.startswith(f"{structure}承载的需求是分隔办公")
        assert escape(said[len(structure) :]) in cards  # the name is set in bold before it
    assert "1+1&gt;2" in cards and "更多（1+1&gt;2）" in cards
    assert info["verdicts"][0] not in page  # the English sentence capacity.json keeps


def test_the_people_a_staffing_answer_adds_are_named_in_chinese(request):
    folder = request.getfixturevalue("staffing_dir")
    info = json.loads((folder / "staffing.json").read_text())
    page = build_report(folder, language="zh")
    section_a = next(r for r in info["results"] if r["section"] == "A")
    with speaking("zh"):
        said = who_changes(section_a)
    assert said.startswith("增加 wang#1（复制wang，科室 A，A岗 A；技能 ") and escape(said) in page
    assert who_changes(section_a).startswith("add wang#1 (a copy of wang, section A")
    assert "无人变动" in page  # merged keeps its staff


@pytest.mark.parametrize("kind", list(CHINESE))
def test_the_chinese_page_renders_offline_in_chromium(kind, request, tmp_path):
    folder = request.getfixturevalue(f"{kind}_dir")
    html = tmp_path / "report.html"
    html.write_text(build_report(folder, language="zh"), encoding="utf-8")
    with offline_page(html) as (page, outside):
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        text = page.locator("body").inner_text()
        assert CHINESE[kind][0][1] in text, text[:500]
        tables = page.locator("table")
        assert tables.count() > 0 and tables.first.is_visible()
        assert_images_drawn_and_photograph(page, tmp_path / f"{kind}.png")
    assert outside == [], outside
