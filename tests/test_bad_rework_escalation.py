"""Bad rework and escalation settings end in one line naming the field and the fix.

The same check as tests/test_bad_inputs.py (what ``orgsim`` does before Hydra starts), for
the keys ``rework_probability``, ``rework_share``, ``rework_sign_offs`` and a matter type's
``escalation``.
"""

from __future__ import annotations

import pytest

from orgsim.experiments.build import ConfigError
from tests.test_bad_inputs import cache, check  # noqa: F401  (cache is a fixture)

ESCALATION = "+org.matter_types.a.escalation="

#: (case name, arguments, field the error must start with, a word of its fix)
CASES = [
    ("rework certain", ["org.rework_probability=1"], "org.rework_probability:", "e.g. 0.1"),
    ("rework negative", ["org.rework_probability=-0.1"], "org.rework_probability:", "e.g. 0.1"),
    ("rework nan", ["org.rework_probability=nan"], "org.rework_probability:", "e.g. 0.1"),
    ("rework word", ["org.rework_probability=often"], "org.rework_probability:", "type"),
    ("rework share 0", ["org.rework_share=0"], "org.rework_share:", "e.g. 0.5"),
    ("rework share 2", ["org.rework_share=2"], "org.rework_share:", "e.g. 0.5"),
    (
        "reform rework 1.5",
        ["org.structures.merged.rework_probability=1.5"],
        "org.structures.merged.rework_probability:",
        "e.g. 0.1",
    ),
    (
        "reform rework share negative",
        ["org.structures.merged.rework_share=-1"],
        "org.structures.merged.rework_share:",
        "e.g. 0.5",
    ),
    ("sign-offs a word", ["org.rework_sign_offs=sometimes"], "org.rework_sign_offs:", "type"),
    ("sign-offs a list", ["org.rework_sign_offs=[true]"], "org.rework_sign_offs:", "type"),
    (
        "reform sign-offs a word",
        ["org.structures.merged.rework_sign_offs=never"],
        "org.structures.merged.rework_sign_offs:",
        "type",
    ),
    (
        "escalation at a negative time",
        [ESCALATION + "{red:{after:-1,priority:1}}"],
        "org.matter_types.a.escalation.red.after:",
        "positive",
    ),
    (
        "escalation at an infinite time",
        [ESCALATION + "{red:{after:inf,priority:1}}"],
        "org.matter_types.a.escalation.red.after:",
        "positive",
    ),
    (
        "escalation not above the type",
        [ESCALATION + "{red:{after:8,priority:0}}"],
        "org.matter_types.a.escalation.red.priority:",
        "higher priority",
    ),
    (
        "escalation priority falling",
        [ESCALATION + "{orange:{after:8,priority:2},red:{after:16,priority:1}}"],
        "org.matter_types.a.escalation.red.priority:",
        "higher priority",
    ),
    (
        "two levels at one time",
        [ESCALATION + "{orange:{after:8,priority:1},red:{after:8,priority:2}}"],
        "org.matter_types.a.escalation.red.after:",
        "in order of time",
    ),
    (
        "escalation without a priority",
        [ESCALATION + "{red:{after:8}}"],
        "org.matter_types.a.escalation.red.priority:",
        "set it",
    ),
    (
        "escalation with an unknown key",
        [ESCALATION + "{red:{after:8,priority:1,colour:red}}"],
        "org.matter_types.a.escalation.red.colour:",
        "spelling",
    ),
    (
        "escalation level named after a matter type",
        [ESCALATION + "{b:{after:8,priority:1}}"],
        "org.matter_types.a.escalation.b:",
        "name the level differently",
    ),
    (
        "escalation as a list",
        ["org.matter_types.a.escalation=[8,16]"],
        "org.matter_types.a.escalation:",
        "name: value",
    ),
]


@pytest.mark.parametrize(
    ("args", "field", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_setting_is_one_line_naming_the_field_and_the_fix(cache, args, field, fix):  # noqa: F811
    with pytest.raises(ConfigError) as caught:
        check(["workload=quick", *args])
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(field), message
    assert fix in message.partition("; ")[2] or fix in message, message


def test_good_settings_are_accepted(cache):  # noqa: F811
    check(
        [
            "workload=quick",
            "org.rework_probability=0.2",
            "org.rework_share=0.5",
            "org.structures.merged.rework_probability=0",
            "org.rework_sign_offs=false",
            "org.structures.merged.rework_sign_offs=true",
            ESCALATION + "{orange:{after:4,priority:1},red:{after:8,priority:2}}",
        ]
    )
