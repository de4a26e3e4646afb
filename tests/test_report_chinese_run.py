"""The run report in Chinese: its units, verdicts, headline card and page, and English kept."""

from __future__ import annotations

import re

from orgsim.analysis.i18n import speaking
from orgsim.analysis.report import build_report, verdict
from orgsim.analysis.report.headline import cards, headline_text
from orgsim.analysis.units import Display
from tests.offline_page import assert_images_drawn_and_photograph, offline_page
from tests.test_headline import _summary
from tests.test_report import BROWSER_ARGS, _browser, _diff, run_dir  # noqa: F401 (fixture)

#: Headings and sentences of the English run page that a Chinese page must not show.
ENGLISH_TEXT = (
    "What was compared",
    "Verdicts",
    "Results per structure",
    "Paired differences against the baseline",
    "Per matter type",
    "Reproducing this run",
    "Structures compared",
    "Run settings",
    "Replication seeds",
    "Package versions",
    "Higher is better",
    "no significant difference",
    "Holm-adjusted",
    "against current",
    "waits ",
    "interval",
)


def test_unit_words_and_labels_are_chinese_under_chinese_and_english_otherwise():
    minutes, weekly = Display("minute"), Display("hour", "week")
    with speaking("zh"):
        assert minutes.label("wait_mean") == "平均等待时间（分钟）"
        assert minutes.label("wait_mean.red") == "平均等待时间.red（分钟）"
        assert Display("working_day").label("lead_mean").endswith("（工作日）")
        assert weekly.label("throughput") == "办结量（每周）"
        assert minutes.time_word == "分钟" and minutes.rate_words == "每工作日办件数"
    assert minutes.label("wait_mean") == "wait_mean (min)"
    assert weekly.label("throughput") == "throughput (per week)"
    assert minutes.time_word == "minute" and minutes.rate_words == "matters per working day"


def test_a_verdict_is_one_chinese_sentence_with_the_same_numbers():
    diff = _diff(-3.32, -3.5, -3.1, 0.001)
    with speaking("zh"):
        better = verdict("wait_mean", "大科室", "现行结构", 4.07, 0.75, diff, "工作小时")
        unclear = verdict("throughput", "大科室", "现行结构", 3, 3.1, _diff(0.1, -0.2, 0.4, 0.4))
    assert better.kind == "better"
    assert better.text == (
        "大科室方案使平均等待时间从 4.07 工作小时缩减至 0.75 工作小时"
        "（差值 \u22123.32，95%置信区间 [\u22123.5, \u22123.1]；Holm 校正后 p = 0.001）。"
    )
    assert unclear.text.startswith("办结量无统计上显著的差别：现行结构为 3 件/小时，")
    assert unclear.text.endswith("（差值 +0.1，95%置信区间 [\u22120.2, 0.4]；置信区间包含 0）。")


def test_the_headline_card_reads_as_one_chinese_sentence_in_the_offices_units():
    shown = _summary(Display(unit="minute", throughput_per="week"))
    with speaking("zh"):
        (card,) = cards(shown)
        sentence, printed = card.sentence, headline_text(shown)
    assert sentence == (
        "与current相比，big_sections：平均等待时间缩短 72 分钟 [71.6, 72.4]（第90百分位数缩短 "
        "180 分钟 [180, 181]），按时限办结率提高 2.02 个百分点 [1.96, 2.09]，办结量无实际差别，"
        "工作分配的均衡程度无实际差别，不再有人在他人办件等待时空闲。"
    )
    assert "  等待时间：更好；按时限办结率：更好；办结量：无实际差别；" in printed
    (english,) = cards(shown)  # the same summary in English afterwards: unchanged
    assert english.sentence.startswith("big_sections against current: waits 72 minutes less")


def _own_text(page: str) -> str:
    """The page's own words: no figures, no config.yaml, no tags."""
    page = re.sub(r"<pre>.*?</pre>", "", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return re.sub(r"<[^>]+>", " ", page)


def test_a_chinese_run_page_has_chinese_headings_verdicts_and_headline(run_dir):  # noqa: F811
    english_before = build_report(run_dir)
    page = build_report(run_dir, language="zh")
    assert '<html lang="zh-CN">' in page
    for heading in (
        "要点",
        "比较对象",
        "结论",
        "各组织结构的结果",
        "与基准的配对差值",
        "重现本次运行",
    ):
        assert f">{heading}</h2>" in page, heading
    assert "<caption>参与比较的组织结构</caption>" in page
    assert "<caption>运行设置</caption>" in page
    assert re.search(
        r'<span class="tag (better|worse|same|change)">(更好|更差|无差别|变化)</span>', page
    )
    assert '<div class="big">merged 对比 current</div><p>与current相比，merged：' in page
    assert "<td><code>平均等待时间</code></td>" in page  # metric rows named in Chinese
    text = _own_text(page)
    left = [sentence for sentence in ENGLISH_TEXT if sentence in text]
    assert left == [], left
    # English stays as it was, and a Chinese build leaves no trace on the next English one
    english = build_report(run_dir)
    assert english == english_before
    assert '<html lang="en">' in english and '<h2 id="verdicts">Verdicts</h2>' in english
    assert '<div class="big">merged against current</div><p>merged against current: ' in english
    assert "<caption>Structures compared</caption>" in english


def test_the_chinese_run_page_renders_offline_in_chromium(run_dir, tmp_path):  # noqa: F811
    html = tmp_path / "report.html"
    html.write_text(build_report(run_dir, language="zh"), encoding="utf-8")
    with offline_page(html) as (page, outside):
        text = page.locator("body").inner_text()
        assert "结论" in text and "与current相比" in text, text[:300]
        assert_images_drawn_and_photograph(page, tmp_path / "zh.png")
    assert outside == [], outside
