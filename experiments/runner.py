"""Run independent replications of several structures under common random numbers."""

from __future__ import annotations

import pandas as pd

from sim import Organization, SimSpec
from sim.streams import replication_seeds


def run_replications(
    specs: dict[str, SimSpec], base_seed: int, replications: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every structure once per replication seed.

    Returns:
        A per-replication table (one row per structure and replication, one column per
        metric) and a per-staff utilisation table.
    """
    rows = []
    staff_rows = []
    for replication, seed in enumerate(replication_seeds(base_seed, replications)):
        for name, spec in specs.items():
            results = Organization(spec, seed).run()
            rows.append(
                {"structure": name, "replication": replication, "seed": seed, **results.metrics}
            )
            section_of = {m.name: m.section for m in spec.structure.staff}
            staff_rows.extend(
                {
                    "structure": name,
                    "replication": replication,
                    "staff": who,
                    "section": section_of[who],
                    "utilisation": utilisation,
                }
                for who, utilisation in results.staff_utilisation.items()
            )
    return pd.DataFrame(rows), pd.DataFrame(staff_rows)
