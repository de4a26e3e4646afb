"""The words a workbook may use for fixed choices, in Chinese and English.

Each choice has a canonical name (the org file's own word, e.g. ``lognormal``), the word
the workbook writes in each language, and other spellings people type (``每年``, ``yearly``,
``h``). Reading accepts any of them in either language, so a Chinese workbook with an
English word in it (or the reverse) still imports.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

LANGUAGES = ("zh", "en")


def normal(text: str) -> str:
    """Text compared loosely: full-width forms folded, case and surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class Choices:
    """A fixed set of choices: canonical name -> (Chinese word, English word), and synonyms."""

    what: str
    words: dict[str, tuple[str, str]]
    synonyms: dict[str, str] = field(default_factory=dict)

    def word(self, canonical: str, lang: str) -> str:
        """The word the workbook writes for ``canonical`` in ``lang``."""
        zh, en = self.words[canonical]
        return zh if lang == "zh" else en

    def listed(self, lang: str) -> list[str]:
        """Every word of ``lang``, in order (for drop-down lists and error messages)."""
        return [self.word(c, lang) for c in self.words]

    def canonical(self, text: str) -> str | None:
        """The canonical name ``text`` stands for, or None."""
        key = normal(text)
        for name, (zh, en) in self.words.items():
            if key in (normal(name), normal(zh), normal(en)):
                return name
        return self.synonyms.get(key)


PERIOD = Choices(
    "period",
    {
        "year": ("年", "year"),
        "month": ("月", "month"),
        "week": ("周", "week"),
        "day": ("日", "day"),
        "hour": ("工作小时", "working hour"),
    },
    {
        "每年": "year",
        "年度": "year",
        "全年": "year",
        "yearly": "year",
        "annual": "year",
        "a year": "year",
        "per year": "year",
        "每月": "month",
        "月度": "month",
        "monthly": "month",
        "a month": "month",
        "per month": "month",
        "每周": "week",
        "星期": "week",
        "weekly": "week",
        "a week": "week",
        "per week": "week",
        "每日": "day",
        "每天": "day",
        "天": "day",
        "工作日": "day",
        "daily": "day",
        "a day": "day",
        "per day": "day",
        "working day": "day",
        "小时": "hour",
        "每小时": "hour",
        "hour": "hour",
        "per hour": "hour",
        "per working hour": "hour",
    },
)

DURATION = Choices(
    "unit",
    {
        "minute": ("分钟", "minutes"),
        "hour": ("小时", "hours"),
        "day": ("工作日", "working days"),
    },
    {
        "分": "minute",
        "min": "minute",
        "mins": "minute",
        "minute": "minute",
        "时": "hour",
        "h": "hour",
        "hr": "hour",
        "hrs": "hour",
        "hour": "hour",
        "working hours": "hour",
        "工作小时": "hour",
        "天": "day",
        "日": "day",
        "d": "day",
        "day": "day",
        "days": "day",
        "working day": "day",
    },
)

DISTRIBUTION = Choices(
    "distribution",
    {
        "exponential": ("指数", "exponential"),
        "deterministic": ("固定", "fixed"),
        "lognormal": ("对数正态", "lognormal"),
        "gamma": ("伽马", "gamma"),
    },
    {
        "指数分布": "exponential",
        "固定值": "deterministic",
        "定值": "deterministic",
        "constant": "deterministic",
        "对数正态分布": "lognormal",
        "伽马分布": "gamma",
    },
)

POLICY = Choices(
    "policy",
    {"strict": ("按科室", "strict"), "ab": ("AB岗", "ab"), "pooled": ("统筹", "pooled")},
    {"a/b": "ab", "ab岗制": "ab", "大科室": "pooled", "pool": "pooled"},
)

B_RULE = Choices(
    "B-post rule",
    {
        "idle": ("本岗空闲时", "idle"),
        "a_absent": ("A岗不在时", "a_absent"),
        "threshold": ("积压达阈值时", "threshold"),
    },
)

ON_INTERRUPT = Choices(
    "on interrupt",
    {"resume": ("回来续办", "resume"), "handover": ("移交他人", "handover")},
)

OWNERSHIP = Choices(
    "ownership",
    {"pass": ("流水线", "pass"), "keep": ("一人通办", "keep")},
    {"承办人": "keep", "assembly line": "pass", "case handler": "keep"},
)

ARRANGEMENT = Choices(
    "B-post arrangement",
    {
        "none": ("无", "none"),
        "pairs": ("两两互为B岗", "pairs"),
        "chain": ("链式", "chain"),
        "full": ("全员互通", "full"),
    },
)

BOOLEAN = Choices(
    "yes or no",
    {"true": ("是", "yes"), "false": ("否", "no")},
    {
        "true": "true",
        "false": "false",
        "y": "true",
        "n": "false",
        "1": "true",
        "0": "false",
        "对": "true",
        "有": "true",
        "无": "false",
        "不": "false",
    },
)

#: Units results are shown in (``display_unit``); ``none`` leaves them as simulated.
DISPLAY_UNIT = Choices(
    "display unit",
    {
        "minute": ("分钟", "minutes"),
        "hour": ("小时", "hours"),
        "working_day": ("工作日", "working days"),
        "none": ("不换算", "as simulated"),
    },
    {
        "分": "minute",
        "min": "minute",
        "minute": "minute",
        "h": "hour",
        "hour": "hour",
        "working hours": "hour",
        "工作小时": "hour",
        "天": "working_day",
        "日": "working_day",
        "day": "working_day",
        "days": "working_day",
        "working day": "working_day",
        "原样": "none",
        "不显示换算": "none",
        "none": "none",
    },
)

#: Periods throughput is shown per (``throughput_per``); a day is a working day.
THROUGHPUT_PER = Choices(
    "throughput period",
    {
        "day": ("日", "working day"),
        "week": ("周", "week"),
        "month": ("月", "month"),
        "year": ("年", "year"),
    },
    {
        "每日": "day",
        "每天": "day",
        "天": "day",
        "工作日": "day",
        "day": "day",
        "daily": "day",
        "每周": "week",
        "weekly": "week",
        "每月": "month",
        "monthly": "month",
        "每年": "year",
        "yearly": "year",
    },
)

#: How a co-located pool borrows people from another unit (``borrow_rule``).
BORROW_RULE = Choices(
    "borrowing rule",
    {"per_matter": ("逐件借用", "per_matter"), "period": ("定期借调", "period")},
    {"逐件": "per_matter", "借调": "period", "per matter": "per_matter"},
)

#: Reforms of the plan sheet: the org file's structure field -> (Chinese, English) label.
CHANGE = Choices(
    "change",
    {
        "description": ("说明", "description"),
        "units": ("划转单位", "units"),
        "co_locate": ("合署办公", "co_locate"),
        "merge": ("合并科室", "merge"),
        "merge_units": ("大部制(撤销科室界限)", "merge_units"),
        "split": ("拆分科室", "split"),
        "move_handles": ("调整职责", "move_handles"),
        "b_post_arrangement": ("B岗安排", "b_post_arrangement"),
        "b_post_speed": ("B岗熟练度", "b_post_speed"),
        "b_posts": ("设B岗", "b_posts"),
        "b_rule": ("B岗规则", "b_rule"),
        "b_threshold": ("B岗阈值", "b_threshold"),
        "drop_matter_types": ("取消事项", "drop_matter_types"),
        "borrow_delay": ("借调手续", "borrow_delay"),
        "coordination_cost": ("协调成本", "coordination_cost"),
        "learning_start": ("磨合起点", "learning_start"),
        "learning_matters": ("磨合件数", "learning_matters"),
        "skip_steps": ("取消环节", "skip_steps"),
        "add_skills": ("增加技能", "add_skills"),
        "remove_skills": ("取消技能", "remove_skills"),
        "remove_staff": ("减员", "remove_staff"),
        "cut_share": ("精简比例", "cut_share"),
        "two_way_selection": ("双向选择", "two_way_selection"),
        "policy": ("边界政策", "policy"),
        "handoff_delay": ("科室间移交", "handoff_delay"),
        "consultation_delay": ("单位间征询", "consultation_delay"),
        "ownership": ("承办方式", "ownership"),
        "rework_probability": ("推诿扯皮(退回率)", "rework_probability"),
        "rework_share": ("返工工作量", "rework_share"),
        "rework_sign_offs": ("签批环节退回", "rework_sign_offs"),
        "consolidate": ("共性事务合并", "consolidate"),
        "consolidate_factor": ("共性事务合并系数", "consolidate_factor"),
        "borrow_rule": ("借调规则", "borrow_rule"),
        "borrow_threshold": ("借调阈值", "borrow_threshold"),
        "borrow_period": ("借调期限", "borrow_period"),
    },
    {
        "大部制": "merge_units",
        "撤销科室": "merge_units",
        "大科室": "merge",
        "ab岗": "b_posts",
        "b岗": "b_posts",
        "推诿扯皮": "rework_probability",
        "退回率": "rework_probability",
        "合并系数": "consolidate_factor",
    },
)
