"""Seeded regression set-up: every shipped experiment, short, with its seed.

This is a seeded regression check, not a theory check: it pins the exact numbers each
shipped experiment gives for its seed, so that refactoring (moving modules, building
engine objects differently) cannot change a result unnoticed. When a change is *meant* to
alter results, regenerate the recorded tables with
``.venv/bin/python -m tests.regression.record`` and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent.parent
RECORDED = Path(__file__).resolve().parent / "recorded"

#: Short runs: enough matters to exercise every mechanism, seconds per experiment.
SHORT = ["workload.horizon=400", "workload.warmup=40", "replications=2", "figure=false"]
#: Per experiment, what has to change besides SHORT to stay valid when short (or, for the
#: city's 3,000 staff and some 900 matters an hour, to stay seconds rather than minutes:
#: 60 hours still see every kind of matter finished, consultation letters included).
EXTRA = {
    "reform_midrun": ["workload.reform_at=200"],
    "one_plus_one": ["capacity.curve_points=2", "capacity.tolerance=0.05"],
    "staffing_demo": [],
    "city": ["workload.horizon=60", "workload.warmup=10"],
}
#: The per-replication tables each task writes, compared exactly.
TABLES = {
    "compare": ("replications.parquet", "staff.parquet"),
    "capacity": ("capacity.parquet",),
    "staffing": ("staffing.parquet",),
}


def experiments() -> list[str]:
    """Every shipped experiment, by name."""
    return sorted(p.stem for p in (ROOT / "conf" / "experiment").glob("*.yaml"))


def overrides(experiment: str) -> list[str]:
    """The overrides of the short regression run of ``experiment``."""
    return [f"experiment={experiment}", *SHORT, *EXTRA.get(experiment, [])]


def as_records(table: pd.DataFrame) -> list[dict]:
    """A table as plain records; JSON keeps every digit of a float (``repr``)."""
    return json.loads(json.dumps(table.to_dict(orient="records")))


def recorded_path(experiment: str, table: str) -> Path:
    """Where the recorded table of ``experiment`` lives."""
    return RECORDED / f"{experiment}.{table.removesuffix('.parquet')}.json"
