"""Little's law L = λW, per section and overall, and utilisation = λ/(cμ)."""

from __future__ import annotations

import dataclasses

from orgsim.analysis.stats import t_interval
from orgsim.sim import MatterType, Organization, ServiceTime
from orgsim.sim.streams import replication_seeds
from tests.helpers import mmc_spec, separate_sections
from tests.validation.conftest import CONFIDENCE


def _uneven_sections():
    """Three one-person sections at loads 0.3, 0.6 and 0.85, lognormal service."""
    spec = separate_sections(3, 0.5, 20_000.0, 2_000.0)
    service = ServiceTime("lognormal", 1.0, 1.5)
    types = tuple(
        MatterType(m.name, rate, service, m.deadline)
        for m, rate in zip(spec.matter_types, (0.3, 0.6, 0.85), strict=True)
    )
    return dataclasses.replace(spec, matter_types=types)


def test_littles_law_per_section_and_overall():
    spec = _uneven_sections()
    gaps: dict[str, list[float]] = {}
    for seed in replication_seeds(3, 10):
        sections = Organization(spec, seed).run().sections  # last row: the whole office
        for row in sections.itertuples():
            gaps.setdefault(row.section, []).append(row.L - row.arrival_rate * row.W)
    assert list(gaps)[-1] == "(office)" and len(gaps) == 4
    for section, values in gaps.items():
        interval = t_interval(values, CONFIDENCE)
        assert interval.ci_low <= 0.0 <= interval.ci_high, (section, interval)
        assert interval.half_width < 0.5, (section, interval)


def test_utilisation_is_arrival_rate_over_capacity():
    for servers, load in ((1, 0.6), (3, 0.75), (6, 0.9)):
        values = [
            Organization(mmc_spec(servers, load, 10_000.0, 1_000.0), seed)
            .run()
            .metrics["utilisation_mean"]
            for seed in replication_seeds(servers, 10)
        ]
        interval = t_interval(values, CONFIDENCE)
        assert interval.ci_low <= load <= interval.ci_high, (servers, load, interval)
        assert interval.half_width < 0.02
