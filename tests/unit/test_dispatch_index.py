"""The dispatch indexes give exactly the answers of the scans they replace.

Each office runs twice with the same seed: once with the indexes (idle order per small
candidate group, queue heads for large tiers) and once with them switched off, so every
search scans as the engine did before they existed. Every metric must be equal.
"""

from __future__ import annotations

import pytest

from orgsim.sim import (
    MatterType,
    Organization,
    Section,
    ServiceTime,
    SimSpec,
    StaffMember,
    Structure,
)
from orgsim.sim import dispatch as dispatch_module
from orgsim.sim import model as model_module
from orgsim.sim.spec import Absence


def office(policy: str, b_rule: str = "idle", on_interrupt: str = "resume") -> SimSpec:
    """12 sections in one pool, two priorities, absences: large tiers and small groups."""
    sections = 12
    names = [f"t{i}" for i in range(sections)]
    matter_types = tuple(
        MatterType(t, 1.2 + 0.2 * (i % 3), ServiceTime("exponential", 1.0), 6.0, priority=i % 2)
        for i, t in enumerate(names)
    )
    staff = []
    for i in range(sections):
        skills = tuple((t, 1.0 if j == i else 0.8) for j, t in enumerate(names) if (i + j) % 5)
        skills = ((names[i], 1.0), *(s for s in skills if s[0] != names[i]))
        b_post = f"S{(i + 1) % sections}" if policy != "strict" else None
        staff += [  # the second person is slower: who is chosen changes the numbers
            StaffMember(
                f"p{i}_{k}",
                f"S{i}",
                tuple((t, v * (1 - 0.3 * k)) for t, v in skills),
                b_post=b_post,
                absence_rate=0.01,
            )
            for k in range(2)
        ]
    return SimSpec(
        matter_types=matter_types,
        structure=Structure(
            policy,
            tuple(Section(f"S{i}", (names[i],), pool="all") for i in range(sections)),
            tuple(staff),
            policy=policy,  # type: ignore[arg-type]
            b_rule=b_rule,  # type: ignore[arg-type]
            b_threshold=2,
            absence=Absence(
                rate=0.01, duration=ServiceTime("exponential", 5.0), on_interrupt=on_interrupt
            ),  # type: ignore[arg-type]
        ),
        horizon=3000.0,
        warmup=300.0,
    )


CASES = [
    ("strict", "idle", "resume"),
    ("ab", "threshold", "resume"),
    ("pooled", "idle", "handover"),
    ("pooled", "a_absent", "resume"),
]


@pytest.mark.parametrize(("policy", "b_rule", "on_interrupt"), CASES)
def test_indexes_change_no_result(policy, b_rule, on_interrupt, monkeypatch):
    spec = office(policy, b_rule, on_interrupt)
    model = Organization(spec, 11)
    assert any(h is not None for s in model.staff for h in s.tier_heads) == (policy == "pooled")
    indexed = model.run().metrics
    monkeypatch.setattr(model_module, "LARGE_TIER", 10**9)
    monkeypatch.setattr(dispatch_module, "SMALL_GROUP_SHARE", 10.0)
    scanned = Organization(spec, 11).run().metrics
    assert indexed["completed"] > 1000
    assert indexed == scanned
