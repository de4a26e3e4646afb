"""orgsim's engine: a spec and a seed in, metrics out. Knows nothing of files or plots."""

from __future__ import annotations

from orgsim.sim.capacity import UnstableLoadWarning, required_utilisation, warn_if_unstable
from orgsim.sim.model import Organization
from orgsim.sim.results import HIGHER_IS_BETTER, METRICS, NEUTRAL_METRICS, Results
from orgsim.sim.spec import (
    MatterType,
    Section,
    ServiceTime,
    SimSpec,
    SpecError,
    StaffMember,
    Structure,
)


def simulate(spec: SimSpec, seed: int, trace: bool = False, event_log: bool = False) -> Results:
    """Run ``spec`` to its horizon with ``seed``; a pure function of its arguments.

    ``event_log`` keeps one row per step of every matter (``Results.event_log``).
    """
    warn_if_unstable(spec)
    return Organization(spec, seed, trace=trace, event_log=event_log).run()


__all__ = [
    "HIGHER_IS_BETTER",
    "METRICS",
    "NEUTRAL_METRICS",
    "MatterType",
    "Organization",
    "Results",
    "Section",
    "ServiceTime",
    "SimSpec",
    "SpecError",
    "StaffMember",
    "Structure",
    "UnstableLoadWarning",
    "required_utilisation",
    "simulate",
]
