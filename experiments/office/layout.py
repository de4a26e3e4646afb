"""The sheets of an office workbook and their columns, in Chinese and English.

One sheet per concept. Table sheets have one row per thing (a section, a person, a matter
type, ...); settings sheets (office, calendar) have one row per setting. Every column has a
key used in the code and a header in each language; reading accepts either header.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgsim.experiments.office.vocabulary import normal


@dataclass(frozen=True)
class Column:
    """A column: its key, its header in Chinese and English, what to write in it, width."""

    key: str
    zh: str
    en: str
    help_zh: str = ""
    help_en: str = ""
    width: int = 14

    def header(self, lang: str) -> str:
        """The header written in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def help(self, lang: str) -> str:
        """What to write in the column, in ``lang``."""
        return self.help_zh if lang == "zh" else self.help_en

    def matches(self, text: str) -> bool:
        """Whether a header cell names this column (either language, or the key)."""
        return normal(text) in (normal(self.zh), normal(self.en), normal(self.key))


@dataclass(frozen=True)
class Sheet:
    """A sheet: its key, its name in Chinese and English, its columns."""

    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    settings: bool = False

    def name(self, lang: str) -> str:
        """The sheet name written in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def matches(self, text: str) -> bool:
        """Whether a sheet (or CSV file stem) name is this sheet's, in either language."""
        return normal(text) in (normal(self.zh), normal(self.en), normal(self.key))

    def column(self, key: str) -> Column:
        """The column with ``key``."""
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Setting:
    """A row of a settings sheet: its key and its label in Chinese and English."""

    key: str
    zh: str
    en: str
    help_zh: str = ""
    help_en: str = ""

    def label(self, lang: str) -> str:
        """The label written in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def help(self, lang: str) -> str:
        """What the setting means, in ``lang``."""
        return self.help_zh if lang == "zh" else self.help_en

    def matches(self, text: str) -> bool:
        """Whether a label cell names this setting (either language, or the key)."""
        return normal(text) in (normal(self.zh), normal(self.en), normal(self.key))


def _time_columns(
    prefix_zh: str = "办理时长", prefix_en: str = "handling time"
) -> tuple[Column, ...]:
    return (
        Column(
            "time",
            prefix_zh,
            prefix_en,
            "平均每件所需时间(标准熟练度)",
            "mean work per matter at nominal speed",
            12,
        ),
        Column(
            "time_unit",
            "时长单位",
            "time unit",
            "分钟 / 小时 / 工作日",
            "minutes / hours / working days",
            11,
        ),
        Column(
            "distribution",
            "时长分布",
            "distribution",
            "指数 / 固定 / 对数正态 / 伽马(不确定时用指数)",
            "exponential / fixed / lognormal / gamma (exponential when unsure)",
            12,
        ),
        Column(
            "cv",
            "离散系数",
            "spread (sd/mean)",
            "标准差/均值, 如 0.8; 对数正态和伽马必填",
            "standard deviation / mean, e.g. 0.8; needed for lognormal and gamma",
            12,
        ),
    )


_SETTING_COLUMNS = (
    Column("setting", "项目", "setting", width=26),
    Column("value", "值", "value", width=40),
    Column("unit", "单位", "unit", width=12),
    Column("distribution", "分布", "distribution", width=12),
    Column("cv", "离散系数", "spread (sd/mean)", width=14),
    Column("note", "说明", "note", width=70),
)

OFFICE_SETTINGS = (
    Setting("name", "名称", "name", "单位或办公室名称", "the office's name"),
    Setting(
        "description",
        "简介",
        "description",
        "现行结构的一句话描述",
        "one line about the current structure",
    ),
    Setting(
        "source",
        "资料来源",
        "source",
        "数据从哪里来; 写明哪些是假设",
        "where the facts come from; say what is assumed",
    ),
    Setting(
        "policy",
        "边界政策",
        "policy",
        "按科室: 只办本科室事项; AB岗: 本岗空闲时办B岗事项; 统筹: 再办本(合并)科室任何事项",
        "strict: own section only; ab: B-post work when own is done; pooled: then any "
        "work of the (merged) section",
    ),
    Setting(
        "b_rule",
        "B岗规则",
        "b_rule",
        "本岗空闲时 / A岗不在时 / 积压达阈值时",
        "idle / a_absent / threshold",
    ),
    Setting(
        "b_threshold",
        "B岗阈值",
        "b_threshold",
        "积压多少件时B岗介入(配合“积压达阈值时”)",
        "queue length at which B posts step in (with threshold)",
    ),
    Setting(
        "coordination_cost",
        "协调成本",
        "coordination_cost",
        "n人科室中每人因协调损失 成本×(n−1) 的速度",
        "each of n people loses cost×(n−1) of speed",
    ),
    Setting(
        "handoff_delay",
        "科室间移交",
        "handoff_delay",
        "同一单位内科室之间移交一件事项所需时间",
        "transfer time between sections of one unit",
    ),
    Setting(
        "consultation_delay",
        "单位间征询",
        "consultation_delay",
        "单位之间相互致函征询所需时间",
        "transfer time between units (consultation letters)",
    ),
    Setting(
        "absence_rate",
        "请假次数(每人)",
        "absences per person",
        "每人请假、培训、会议、下派的次数; 单位列写统计周期(年/月/周/日)",
        "absences per person; the unit column gives the period (year/month/week/day)",
    ),
    Setting(
        "absence_duration",
        "请假时长",
        "absence duration",
        "每次平均离岗时间",
        "mean time away per absence",
    ),
    Setting(
        "on_interrupt", "请假时在办事项", "on_interrupt", "回来续办 / 移交他人", "resume / handover"
    ),
    Setting(
        "rework_probability",
        "推诿扯皮(退回率)",
        "rework (send-back share)",
        "事项从一个科室移交另一科室时被退回的比例, 如 0.15 或 15%; 0 = 不退回",
        "the share of matters passed to another section that are sent back, e.g. 0.15 or "
        "15%; 0 = none",
    ),
    Setting(
        "rework_share",
        "返工工作量",
        "rework share",
        "退回后重做上一环节所需工作量占原工作量的比例, 如 0.5; 空白 = 1(全部重做)",
        "what doing the step again costs, as a share of its work, e.g. 0.5; blank = 1 (all)",
    ),
    Setting(
        "rework_sign_offs",
        "签批环节退回",
        "sign-offs send back",
        "是: 移交给领导签批(或从签批移出)也会被退回; 否: 只在平级科室之间推诿扯皮",
        "yes: crossings into or out of a sign-off are sent back too; no: between peer "
        "sections only",
    ),
    Setting(
        "display_unit",
        "显示单位",
        "display unit",
        "结果中时间的显示单位: 分钟 / 小时 / 工作日 / 不换算(按工作小时原样); "
        "空白 = 办理时长最常用的单位",
        "the unit results show times in: minutes / hours / working days / as simulated "
        "(working hours); blank = the unit most handling times are written in",
    ),
    Setting(
        "throughput_per",
        "办件量显示周期",
        "throughput shown per",
        "结果中办件量按 日 / 周 / 月 / 年 显示(配合显示单位); 空白 = 日(工作日)",
        "results show throughput per working day / week / month / year (with a display "
        "unit); blank = working day",
    ),
)

CALENDAR_SETTINGS = (
    Setting("hours_per_day", "每天工作小时", "working hours a day", "如 8", "e.g. 8"),
    Setting("days_per_week", "每周工作日", "working days a week", "如 5", "e.g. 5"),
    Setting(
        "days_per_year",
        "每年工作日",
        "working days a year",
        "如 250; 每月按全年的 1/12 计",
        "e.g. 250; a month is a twelfth of it",
    ),
)

OFFICE = Sheet("office", "办公室", "office", _SETTING_COLUMNS, settings=True)
CALENDAR = Sheet("calendar", "工作日历", "calendar", _SETTING_COLUMNS, settings=True)

SECTIONS = Sheet(
    "sections",
    "科室",
    "sections",
    (
        Column("name", "科室", "section", "科室名称, 不重复", "the section's name, unique", 18),
        Column(
            "unit",
            "所属单位",
            "unit",
            "部门或局; 空白 = office",
            "department or bureau; blank = office",
            18,
        ),
        Column(
            "handles",
            "职责(事项或环节)",
            "handles (matter types or steps)",
            "本科室负责的事项或流程环节的技能, 用逗号或顿号分隔; 每项只属于一个科室",
            "the matter types or step skills whose queue it owns, separated by commas; "
            "each belongs to exactly one section",
            40,
        ),
        Column("description", "说明", "description", width=30),
    ),
)

STAFF = Sheet(
    "staff",
    "人员",
    "staff",
    (
        Column("name", "姓名", "name", "不重复", "unique", 14),
        Column(
            "section",
            "科室",
            "section",
            "所在科室(下拉选择)",
            "the section they sit in (drop-down)",
            16,
        ),
        Column("a_post", "A岗", "A post", "空白 = 所在科室", "blank = their own section", 16),
        Column("b_post", "B岗", "B post", "后备科室, 可空", "a backup section, or blank", 16),
        Column(
            "absences",
            "请假次数(每年)",
            "absences a year",
            "空白 = 按办公室设置",
            "blank = the office's setting",
            14,
        ),
        Column(
            "count",
            "人数",
            "count",
            "相同的人有几位(姓名_1, 姓名_2, ...); 空白 = 1",
            "this many identical people (name_1, name_2, ...); blank = 1",
            8,
        ),
    ),
)

SKILLS = Sheet(
    "skills",
    "人员技能",
    "skills",
    (
        Column("person", "姓名", "name", "人员表中的姓名", "a name from the staff sheet", 14),
        Column(
            "skill",
            "技能(事项或环节)",
            "skill (matter type or step)",
            "能办理的事项, 或流程环节的技能(下拉选择)",
            "a matter type, or a step's skill (drop-down)",
            24,
        ),
        Column(
            "speed",
            "熟练度",
            "speed",
            "1 = 标准速度, 2 = 快一倍, 0.8 = 八成",
            "1 = nominal, 2 = twice as fast, 0.8 = 80%",
            10,
        ),
    ),
)

MATTERS = Sheet(
    "matters",
    "事项",
    "matter types",
    (
        Column(
            "name", "事项", "matter type", "事项名称, 不重复", "the matter type's name, unique", 20
        ),
        Column("description", "说明", "description", width=24),
        Column("count", "办件量", "count", "每个统计周期办件数", "matters per period", 10),
        Column("period", "统计周期", "per", "年 / 月 / 周 / 日", "year / month / week / day", 9),
        *_time_columns(),
        Column(
            "deadline",
            "时限(工作日)",
            "deadline (working days)",
            "从受理到办结的时限, 可空",
            "time limit from arrival to completion, or blank",
            12,
        ),
        Column(
            "priority",
            "优先级",
            "priority",
            "数字越大越先办; 空白 = 0",
            "a higher number is served first; blank = 0",
            8,
        ),
        Column(
            "priority_class",
            "督办等级",
            "priority class",
            "如 红/橙/黄, 可空",
            "such as red, or blank",
            10,
        ),
        Column(
            "ownership",
            "承办方式",
            "ownership",
            "流水线: 每环节回到队列; 一人通办: 受理人办到底",
            "pass: each step back to its queue; keep: a case handler takes it through",
            11,
        ),
    ),
)

STEPS = Sheet(
    "steps",
    "流程",
    "steps",
    (
        Column(
            "matter",
            "事项",
            "matter type",
            "按顺序逐行填写各环节",
            "one row per step, in order",
            20,
        ),
        Column("step", "环节", "step", "环节名称", "the step's name", 16),
        Column(
            "skill",
            "技能",
            "skill",
            "由哪个科室、哪些人办理; 空白 = 环节名称",
            "the kind of work; blank = the step's name",
            20,
        ),
        *_time_columns(),
        Column("approval", "审批", "approval", "是 = 领导签批环节", "yes = a sign-off", 8),
    ),
)

PROFILES = Sheet(
    "profiles",
    "需求波动",
    "profiles",
    (
        Column("matter", "事项", "matter type", width=20),
        Column("name", "名称", "name", "如 每日, 每周", "e.g. day, week", 12),
        Column("period", "周期", "period", "一个周期的长度", "length of one period", 8),
        Column(
            "period_unit", "周期单位", "period unit", "小时 / 工作日", "hours / working days", 10
        ),
        Column(
            "multipliers",
            "系数",
            "multipliers",
            "周期内等分各段的办件量倍数, 逗号分隔",
            "rate multipliers of equal slices, comma separated",
            40,
        ),
    ),
)

BATCHES = Sheet(
    "batches",
    "突击任务",
    "batches",
    (
        Column("matter", "事项", "matter type", width=20),
        Column("name", "名称", "name", width=14),
        Column("every", "每隔", "every", width=8),
        Column("every_unit", "间隔单位", "unit", "小时 / 工作日", "hours / working days", 10),
        Column("size", "每批件数", "size", width=10),
        Column("start", "首批时间", "first at", "同一单位; 空白 = 0", "same unit; blank = 0", 10),
    ),
)

ESCALATION = Sheet(
    "escalation",
    "督办升级",
    "escalation",
    (
        Column(
            "matter",
            "事项",
            "matter type",
            "每个升级等级一行, 按时间先后",
            "one row per level, in order of time",
            20,
        ),
        Column("level", "升级等级", "level", "如 橙色督办, 红色督办", "e.g. orange, red", 14),
        Column(
            "after",
            "受理后超过",
            "after",
            "从受理起仍未办结多久后升级",
            "how long after arrival a matter still open rises",
            12,
        ),
        Column(
            "after_unit",
            "时长单位",
            "unit",
            "分钟 / 小时 / 工作日",
            "minutes / hours / working days",
            11,
        ),
        Column(
            "priority",
            "升级后优先级",
            "priority",
            "高于事项本身和上一等级的优先级",
            "above the matter type's priority and the level before",
            12,
        ),
    ),
)

PLAN = Sheet(
    "plan",
    "方案",
    "plan",
    (
        Column(
            "structure",
            "方案",
            "structure",
            "方案名称; 一个方案可占多行",
            "the alternative's name; one or more rows",
            18,
        ),
        Column("change", "措施", "change", "见说明表", "see the instructions", 18),
        Column("target", "对象", "target", width=18),
        Column("content", "内容", "content", width=36),
        Column("number", "数值", "number", width=10),
        Column("unit", "单位", "unit", width=10),
        Column("distribution", "分布", "distribution", width=12),
        Column("cv", "离散系数", "spread (sd/mean)", width=12),
        Column("staff", "人员(拆分)", "staff (split)", width=24),
        Column("handles", "职责(拆分)", "handles (split)", width=24),
    ),
)

#: Every data sheet, in the order the workbook shows them (after the instructions).
SHEETS = (
    OFFICE,
    CALENDAR,
    SECTIONS,
    STAFF,
    SKILLS,
    MATTERS,
    STEPS,
    PROFILES,
    BATCHES,
    ESCALATION,
    PLAN,
)
#: Sheets a workbook must have.
REQUIRED = (SECTIONS, STAFF, MATTERS)
INSTRUCTIONS = ("说明", "instructions")
LISTS = ("选项", "lists")
