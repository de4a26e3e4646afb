"""How a result was made: its settings, seeds, package versions and full configuration.

Every orgsim result records these (``experiments.provenance.run_info``), and every page
shows them the same way, so anyone can re-run the numbers and get them again.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.formatting import level_of, plain, plural
from orgsim.analysis.report.html import table


def settings_table(
    info: dict[str, Any], first: list[tuple[str, Any]], caption: str = "Run settings"
) -> str:
    """The office, then ``first`` (what this kind of result adds), then the run's length."""
    time_unit = info.get("time_unit") or "time unit"
    items = [
        ("office", info.get("org") or "office"),
        *first,
        ("replications", info.get("replications", "")),
        ("seed", info.get("seed", "")),
        ("horizon", f"{plain(info.get('horizon'))} {plural(time_unit)}"),
        ("warm-up (not measured)", f"{plain(info.get('warmup'))} {plural(time_unit)}"),
        ("time unit", time_unit),
        ("confidence level of the intervals", level_of(info)),
    ]
    if info.get("org_source"):
        items.append(("office file", info["org_source"]))
    rows = [[k, str(v)] for k, v in items]
    return table(caption, ["setting", "value"], rows)


def reproduce(
    folder: Path, info: dict[str, Any], seeds_note: str, extra: list[str] | None = None
) -> list[str]:
    """Seeds, package versions, any ``extra`` tables, and config.yaml in full."""
    seeds = info.get("replication_seeds") or []
    out = [
        f"<p>{seeds_note}</p>",
        table(
            "Replication seeds",
            ["replication", "seed"],
            [[str(i), str(s)] for i, s in enumerate(seeds)],
            numeric=(0, 1),
        ),
        table(
            "Package versions",
            ["package", "version"],
            [[k, str(v)] for k, v in (info.get("versions") or {}).items()],
        ),
        *(extra or []),
    ]
    config = folder / "config.yaml"
    if config.exists():
        text = config.read_text(encoding="utf-8", errors="replace")
        out.append(
            "<h3>Full configuration (config.yaml)</h3><details><summary>Show all "
            f"{len(text.splitlines())} lines</summary><pre>{escape(text)}</pre></details>"
        )
    return out
