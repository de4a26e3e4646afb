"""An org file with rework and escalation runs end to end, and its tables read well.

The structures differ in whether rework can happen, so one of them reports no rework
metric of its own: the comparison must give it 0 (not a gap) and the paired difference.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orgsim.analysis.report.metrics import describe, is_share, label
from orgsim.experiments.api import compare, load_office

OFFICE = {
    "name": "Permit office",
    "time_unit": "hour",
    "rework_probability": 0.3,
    "rework_share": 0.5,
    "handoff_delay": {"mean": 0.5},
    "matter_types": {
        "permit": {
            "arrival_rate": 0.8,
            "deadline": 24,
            "priority_class": "yellow",
            "steps": {"intake": {"service": {"mean": 0.5}}, "review": {"service": {"mean": 1}}},
            "escalation": {
                "red": {"after": 12, "priority": 2},
                "orange": {"after": 4, "priority": 1},
            },
        },
    },
    "sections": {"front": {"handles": ["intake"]}, "back": {"handles": ["review"]}},
    "staff": {
        "clerk": {"section": "front", "count": 2, "skills": {"intake": 1.0, "review": 1.0}},
        "reviewer": {"section": "back", "count": 2, "skills": {"review": 1.0, "intake": 1.0}},
    },
    "structures": {
        "calm": {"description": "no buck-passing", "rework_probability": 0},
        "merged": {"merge": {"one": ["front", "back"]}, "policy": "pooled"},
    },
}


def test_rework_and_escalation_are_compared_across_structures(tmp_path: Path):
    path = tmp_path / "permits.yaml"
    path.write_text(yaml.safe_dump(OFFICE, allow_unicode=True), encoding="utf-8")
    office = load_office(path, ["workload.horizon=1500", "workload.warmup=150"])
    levels = office.specs["current"].matter_types[0].escalation
    assert [level.label for level in levels] == ["orange", "red"]  # in order of time
    result = compare(office, replications=3, n_jobs=1)
    table = result.replications
    by_structure = table.groupby("structure")["reworks_mean"].mean()
    assert by_structure["current"] > 0.2
    assert by_structure["calm"] == 0.0 and by_structure["merged"] == 0.0
    shown = result.table()
    for metric in ("reworks_mean", "escalated_share", "escalated_share.orange"):
        assert metric in shown.index, metric
    assert "*" in shown.loc["reworks_mean", "calm - current"]  # fewer send-backs, clearly
    assert list(shown.index).index("reworks_mean") > list(shown.index).index("backlog_final")


def test_the_report_names_the_new_metrics():
    assert is_share("escalated_share") and is_share("escalated_share.red")
    assert label("escalated_share.red") == "share of matters escalated (red)"
    assert "sent back" in describe("reworks_mean")
    assert "'red'" in describe("escalated_share.red", types=["permit"])
