"""The small office every new workbook starts with, as its example rows.

A service window and an approvals section of one bureau, four kinds of matter (one with a
three-step workflow, one with a daily rhythm, one arriving in batches from above, one
escalated while it waits), some buck-passing between sections, results shown in hours, and
two reforms to compare; imported unchanged, it runs. Names are Chinese or English with the
workbook.
"""

from __future__ import annotations

from typing import Any

#: Every name of the example in (Chinese, English).
_NAMES = {
    "window": ("受理科", "window"),
    "approvals": ("审批科", "approvals"),
    "heads": ("局领导", "heads"),
    "bureau": ("政务服务局", "service_bureau"),
    "licence": ("营业执照", "licence"),
    "permit": ("建设许可", "permit"),
    "complaint": ("信访件", "complaint"),
    "campaign": ("专项整治", "campaign"),
    "accept": ("受理", "accept"),
    "review": ("审核", "review"),
    "sign": ("签批", "sign"),
    "permit_accept": ("许可受理", "permit_accept"),
    "permit_review": ("许可审核", "permit_review"),
    "zhang": ("张伟", "zhang"),
    "li": ("李娜", "li"),
    "clerk": ("窗口人员", "clerk"),
    "wang": ("王强", "wang"),
    "zhao": ("赵敏", "zhao"),
    "chen": ("陈局长", "director_chen"),
    "merged": ("大科室", "big_section"),
    "merged_section": ("综合业务科", "front_and_approvals"),
    "ab": ("AB岗", "ab_posts"),
}

_TEXT = {
    "name": ("示例: 某县政务服务局", "Example: a county service bureau"),
    "description": ("受理科与审批科分设, 许可先受理后审批", "a window and an approvals section"),
    "source": ("示例数据, 请换成本单位的数据", "example data; replace it with your own"),
    "licence": ("窗口即办事项", "done at the window"),
    "permit": ("受理、审核、签批三个环节", "accept, review, sign-off"),
    "complaint": (
        "按月统计, 黄色督办, 超时升级为橙色、红色",
        "counted per month, yellow supervision rising to orange and red",
    ),
    "campaign": ("上级交办的批量任务", "tasks assigned from above in batches"),
    "merged": (
        "受理科与审批科合并为综合业务科, 人员统筹使用",
        "window and approvals merged into one big section",
    ),
    "ab": ("互设B岗, 本岗空闲时办理B岗事项", "A and B posts across the two sections"),
}


def example_periods(lang: str) -> dict[str, str]:
    """The period each example matter type is counted per, when not per year."""
    return {_NAMES["complaint"][0 if lang == "zh" else 1]: "month"}


def example_org(lang: str) -> dict[str, Any]:
    """The example office as org-file content, its names in ``lang``."""
    pick = 0 if lang == "zh" else 1

    def n(key: str) -> str:
        return _NAMES[key][pick]

    def t(key: str) -> str:
        return _TEXT[key][pick]

    def lognormal(mean: float, cv: float = 0.8) -> dict[str, Any]:
        return {"distribution": "lognormal", "mean": mean, "cv": cv}

    return {
        "name": t("name"),
        "description": t("description"),
        "source": t("source"),
        "time_unit": "working hour",
        "policy": "strict",
        "handoff_delay": {"distribution": "exponential", "mean": 0.5},
        "rework_probability": 0.1,  # one matter in ten passed on is sent back (推诿扯皮)
        "rework_share": 0.5,
        "display_unit": "hour",
        "absence": {
            "rate": 0.003,  # 6 a year
            "duration": {"distribution": "lognormal", "mean": 8.0, "cv": 1.0},
            "on_interrupt": "handover",
        },
        "matter_types": {
            n("licence"): {
                "arrival_rate": 0.75,  # 1,500 a year
                "service": lognormal(40 / 60),
                "deadline": 24.0,
                "description": t("licence"),
                "profiles": {
                    "day": {"period": 8.0, "multipliers": [1.5, 1.2, 1.0, 0.8, 0.6, 1.1, 1.0, 0.8]}
                },
            },
            n("permit"): {
                "arrival_rate": 0.3,  # 600 a year
                "deadline": 80.0,
                "description": t("permit"),
                "steps": {
                    n("accept"): {
                        "skill": n("permit_accept"),
                        "service": {"distribution": "exponential", "mean": 1 / 3},
                    },
                    n("review"): {"skill": n("permit_review"), "service": lognormal(3.0)},
                    n("sign"): {
                        "skill": n("sign"),
                        "service": {"distribution": "deterministic", "mean": 0.25},
                        "approval": True,
                    },
                },
            },
            n("complaint"): {
                "arrival_rate": 0.12,  # 20 a month
                "service": {"distribution": "gamma", "mean": 2.0, "cv": 1.2},
                "deadline": 40.0,
                "priority": 1,
                "priority_class": "黄" if lang == "zh" else "yellow",
                "escalation": {
                    ("橙色" if lang == "zh" else "orange"): {"after": 16.0, "priority": 2},
                    ("红色" if lang == "zh" else "red"): {"after": 32.0, "priority": 3},
                },
                "description": t("complaint"),
            },
            n("campaign"): {
                "arrival_rate": 0.0,
                "service": lognormal(2.0),
                "deadline": 80.0,
                "batches": {"inspection": {"every": 160.0, "size": 10, "start": 40.0}},
                "description": t("campaign"),
            },
        },
        "sections": {
            n("window"): {
                "unit": n("bureau"),
                "handles": [n("licence"), n("permit_accept"), n("complaint")],
            },
            n("approvals"): {"unit": n("bureau"), "handles": [n("permit_review"), n("campaign")]},
            n("heads"): {"unit": n("bureau"), "handles": [n("sign")]},
        },
        "staff": {
            n("zhang"): {
                "section": n("window"),
                "skills": {n("licence"): 1.0, n("permit_accept"): 1.0, n("complaint"): 1.0},
            },
            n("li"): {
                "section": n("window"),
                "b_post": n("approvals"),
                "skills": {n("licence"): 1.2, n("permit_accept"): 1.0, n("permit_review"): 0.7},
            },
            n("clerk"): {
                "section": n("window"),
                "count": 2,
                "absence_rate": 0.005,
                "skills": {n("licence"): 1.0, n("permit_accept"): 1.0},
            },
            n("wang"): {
                "section": n("approvals"),
                "skills": {n("permit_review"): 1.0, n("campaign"): 1.0},
            },
            n("zhao"): {
                "section": n("approvals"),
                "b_post": n("window"),
                "skills": {n("permit_review"): 1.0, n("campaign"): 1.0, n("complaint"): 0.8},
            },
            n("chen"): {"section": n("heads"), "skills": {n("sign"): 1.0}},
        },
        "structures": {
            n("merged"): {
                "description": t("merged"),
                "merge": {n("merged_section"): [n("window"), n("approvals")]},
                "add_skills": {n("wang"): {n("licence"): 0.8}},
                "policy": "pooled",
            },
            n("ab"): {
                "description": t("ab"),
                "b_posts": {n("zhang"): n("approvals"), n("wang"): n("window")},
                "add_skills": {
                    n("zhang"): {n("permit_review"): 0.7},
                    n("wang"): {n("licence"): 0.8},
                },
                "policy": "ab",
            },
        },
    }
