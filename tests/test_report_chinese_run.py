"""The run report in Chinese: its units, headings, verdicts and headline card."""

from __future__ import annotations

from orgsim.analysis.i18n import speaking
from orgsim.analysis.units import Display


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
