"""Record the regression tables of every shipped experiment (run only when results change).

``.venv/bin/python -m tests.regression.record [EXPERIMENT ...]``
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

from tests.regression.experiments import (
    RECORDED,
    TABLES,
    as_records,
    experiments,
    overrides,
    recorded_path,
)


def run(experiment: str, out_dir: Path) -> dict[str, list[dict]]:
    """Run the short version of ``experiment`` into ``out_dir``; its tables as records."""
    from orgsim.experiments.app import execute
    from orgsim.experiments.compose import compose_config

    cfg = compose_config(overrides(experiment))
    execute(cfg, out_dir, quiet=True)
    return {t: as_records(pd.read_parquet(out_dir / t)) for t in TABLES[cfg.task]}


def main() -> None:
    """Record the named experiments, or all of them."""
    RECORDED.mkdir(exist_ok=True)
    for experiment in sys.argv[1:] or experiments():
        with tempfile.TemporaryDirectory() as tmp:
            tables = run(experiment, Path(tmp))
        for table, records in tables.items():
            path = recorded_path(experiment, table)
            path.write_text(json.dumps(records, indent=0) + "\n")
            print(f"recorded {path.name}: {len(records)} rows")


if __name__ == "__main__":
    main()
