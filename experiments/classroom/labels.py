"""Every word the classroom page shows, in Chinese and English."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("zh", "en")

_TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "课堂：两个办公室并排对比", "en": "Classroom: two offices side by side"},
    "current": {"zh": "现在的办公室（分科室）", "en": "The office as it is (sections)"},
    "hour": {"zh": "第 {hour:g} 小时", "en": "hour {hour:g}"},
    "reformed_at": {"zh": "第 {hour:g} 小时改革", "en": "reform at hour {hour:g}"},
    "lesson": {"zh": "课堂设置", "en": "Lesson settings"},
    "preset": {"zh": "课堂步骤（预设）", "en": "Lesson step (preset)"},
    "custom": {"zh": "（自定义）", "en": "(custom)"},
    "structure": {"zh": "右边的改革", "en": "Reform on the right"},
    "load": {"zh": "工作负荷", "en": "Load"},
    "sections": {"zh": "科室数", "en": "Sections"},
    "people_per_section": {"zh": "每科人数", "en": "People per section"},
    "service_cv": {"zh": "办件时间波动", "en": "Service variability"},
    "long_factor": {"zh": "长件比短件长几倍", "en": "Long matters: times longer"},
    "unfamiliar_speed": {
        "zh": "生疏业务速度（化学融合 = 1）",
        "en": "Speed on unfamiliar work (chemical fusion = 1)",
    },
    "learning_start": {
        "zh": "改革后起步速度（1 = 无磨合期）",
        "en": "Starting speed on new work after the reform (1 = no running-in)",
    },
    "reform_at": {
        "zh": "改革时刻（小时，0 = 一开始）",
        "en": "Reform at hour (0 = from the start)",
    },
    "away_share": {"zh": "请假、开会时间占比", "en": "Share of time away"},
    "seed": {"zh": "随机种子（两边同一批事项）", "en": "Seed (same matters on both sides)"},
    "counters": {"zh": "实时指标", "en": "Live counters"},
    "mean_wait": {"zh": "平均等待（小时）", "en": "Mean wait (hours)"},
    "waiting": {"zh": "正在排队的事项", "en": "Matters waiting"},
    "idle_while_work_waits": {
        "zh": "有活却闲着（墙挡住）",
        "en": "Idle while work waits (walls)",
    },
    "deadline_attainment": {"zh": "按时办结率", "en": "Deadline attainment"},
    "completed": {"zh": "已办结", "en": "Completed"},
    "plot_title": {"zh": "排队事项数随时间变化", "en": "Matters waiting over time"},
    "plot_x": {"zh": "小时", "en": "hour"},
    "plot_y": {"zh": "排队事项", "en": "matters waiting"},
    "busy": {"zh": "在办", "en": "busy"},
    "idle": {"zh": "空闲", "en": "idle"},
    "away": {"zh": "不在岗", "en": "away"},
    "short_matter": {"zh": "短件", "en": "short matter"},
    "long_matter": {"zh": "长件", "en": "long matter"},
    "section": {"zh": "第{n}科", "en": "Section {n}"},
    "big_section": {"zh": "大科室", "en": "Big section"},
    "shared_office": {"zh": "合署（墙已打开）", "en": "Shared office (walls open)"},
    "b_post": {"zh": "B→{target}", "en": "B→{target}"},
    "more": {"zh": "+{n}", "en": "+{n}"},
    "play": {"zh": "▶ 播放", "en": "▶ Play"},
    "pause": {"zh": "❚❚ 暂停", "en": "❚❚ Pause"},
    "step": {"zh": "走一步", "en": "Step"},
    "back": {"zh": "退一步", "en": "Back"},
    "to_start": {"zh": "回到开头", "en": "To start"},
    "to_end": {"zh": "跳到结尾", "en": "To end"},
    "speed": {"zh": "速度（小时/秒）", "en": "Speed (hours per second)"},
    "replay_note": {
        "zh": "预先算好的一次运行（种子 {seed}，{hours} 小时）；两边是同一批事项。",
        "en": "A pre-computed run (seed {seed}, {hours} hours); both sides get the same matters.",
    },
    "handout_title": {
        "zh": "课堂讲义：平均等待随时间变化（两个办公室，同一批事项）",
        "en": "Handout: mean wait over time (two offices, the same matters)",
    },
    "handout_y": {"zh": "平均等待（小时）", "en": "mean wait (hours)"},
    "handout_note": {
        "zh": "种子 {seed}；由 orgsim-class --handout 生成。先写下你的预测，再看曲线。",
        "en": "Seed {seed}; made by orgsim-class --handout. Write your prediction first.",
    },
    "help": {
        "zh": "▶ 播放，❚❚ 暂停，Step 走一步（1 小时），Reset 重新开始。",
        "en": "▶ play, ❚❚ pause, Step one step (1 hour), Reset starts again.",
    },
}

_CHOICES: dict[str, dict[str, str]] = {
    "four_counters": {"zh": "1. 四个窗口 vs 一个队列", "en": "1. Four counters vs one queue"},
    "ab_chain": {"zh": "2. AB岗：链式互补", "en": "2. A/B posts in a chain"},
    "merging_hurts": {"zh": "3. 合并反而更糟", "en": "3. When merging hurts"},
    "running_in": {"zh": "4. 改革后的磨合期", "en": "4. Running-in after a reform"},
    "merged": {"zh": "合并为大科室（一个队列）", "en": "Merged big section (one queue)"},
    "ab_pairs": {"zh": "AB岗：两两互补", "en": "A/B posts: pairs"},
    "ab_chain_structure": {"zh": "AB岗：链式", "en": "A/B posts: chain"},
    "ab_full": {"zh": "AB岗：全员（A岗、B岗、再任何）", "en": "A/B posts: full (A, B, then any)"},
    "desectioned": {
        "zh": "去科室化（合署，先办本职）",
        "en": "De-sectioned (shared office, own work first)",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang``, with ``values`` filled in."""
    return _TEXT[key][lang].format(**values)


def section_label(name: str, pool: str | None, lang: str) -> str:
    """How a section is called on screen: the big section, or section n."""
    if name == "big" and pool is None:
        return text("big_section", lang)
    return text("section", lang, n=name.removeprefix("s"))


def preset_name(preset: str, lang: str) -> str:
    """The name of the preset ``preset`` (as in :data:`settings.PRESETS`) in ``lang``."""
    return _CHOICES[preset][lang]


def structure_name(structure: str, lang: str) -> str:
    """The name of the structure ``structure`` (as in :data:`settings.STRUCTURES`) in ``lang``.

    The A/B chain structure and the preset that shows it share a key: the structure has its
    own entry.
    """
    return _CHOICES["ab_chain_structure" if structure == "ab_chain" else structure][lang]
