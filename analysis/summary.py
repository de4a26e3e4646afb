"""The comparison of structures as data (summary.json) and as a readable table.

Metrics come in three kinds: the office-wide ones (``sim.results.METRICS``), per priority
class (``wait_mean.red``) and per matter type (``wait_mean.permit``). The main table has
one row per office-wide or per-class metric; per-type metrics have tables of their own,
one row per matter type (see ``analysis.per_type``), since an office may have hundreds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from orgsim.analysis.formatting import frame_text, interval_text, markdown_cell
from orgsim.analysis.per_type import TITLES, by_metric, is_type_metric, type_columns, type_metric
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, paired_differences, summarise
from orgsim.sim.results import (
    CLASS_METRICS,
    LEVEL_METRICS,
    METRICS,
    OPTIONAL_METRICS,
    TYPE_METRICS,
)


def metric_columns(replications: pd.DataFrame, types: Sequence[str] = ()) -> list[str]:
    """The metrics present: standard, optional, per class or level, per matter type.

    Optional metrics (rework, escalation) are there when the run reports them; per-class
    and per-level ones are ``name.class``.

    ``types`` are the run's matter types; without them every ``name.suffix`` column counts
    as per-class and is listed sorted, as before per-type metrics existed.
    """
    columns = set(replications.columns)
    optional = [m for m in OPTIONAL_METRICS if m in columns]
    grouped = {*CLASS_METRICS, *LEVEL_METRICS}
    dotted = [c for c in replications.columns if "." in c and c.split(".")[0] in grouped]
    per_class = sorted(c for c in dotted if not is_type_metric(c, types))
    return list(METRICS) + optional + per_class + type_columns(dotted, types)


def compare(
    replications: pd.DataFrame,
    baseline: str,
    types: Sequence[str] = (),
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-structure intervals and paired differences against ``baseline`` for all metrics.

    Every interval is at ``confidence``; a difference is ``significant`` when its interval
    excludes 0.
    """
    metrics = metric_columns(replications, types)
    summary = summarise(replications, metrics, confidence)
    if baseline in set(replications["structure"]):
        differences = paired_differences(replications, baseline, metrics, confidence)
    else:
        differences = pd.DataFrame()
    return summary, differences


def summary_dict(
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    structures: dict[str, dict[str, Any]],
    run_info: dict[str, Any],
) -> dict[str, Any]:
    """The content of ``summary.json``."""
    described = {
        **METRICS,
        **OPTIONAL_METRICS,
        **{f"{m}.<level>": d for m, d in LEVEL_METRICS.items()},
        **{f"{m}.<class>": d for m, d in CLASS_METRICS.items()},
        **{f"{m}.<type>": d for m, d in TYPE_METRICS.items()},
    }
    out: dict[str, Any] = {**run_info, "metrics": described, "structures": {}}
    for name, info in structures.items():
        rows = summary[summary["structure"] == name]
        out["structures"][name] = {
            **info,
            "metrics": {
                r.metric: {
                    k: getattr(r, k) for k in ("mean", "ci_low", "ci_high", "half_width", "n")
                }
                for r in rows.itertuples()
            },
        }
    out["paired_differences"] = {}
    for name in differences.get("structure", pd.Series(dtype=str)).unique():
        rows = differences[differences["structure"] == name]
        out["paired_differences"][name] = {
            r.metric: {
                k: getattr(r, k)
                for k in (
                    "baseline",
                    "mean",
                    "ci_low",
                    "ci_high",
                    "half_width",
                    "n",
                    "significant",
                    "p_value",
                    "p_holm",
                )
            }
            for r in rows.itertuples()
        }
    return out


def comparison_table(
    summary: pd.DataFrame, differences: pd.DataFrame, types: Sequence[str] = ()
) -> pd.DataFrame:
    """Metrics as rows; each structure's mean [CI]; each paired difference [CI].

    Per-type metrics of ``types`` are left out: :func:`type_tables` gives them.
    """
    metrics = [m for m in dict.fromkeys(summary["metric"]) if not is_type_metric(m, types)]
    return _interval_table(summary, differences, metrics)


def type_tables(
    summary: pd.DataFrame, differences: pd.DataFrame, types: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Per-type metric -> a table like :func:`comparison_table` with one row per matter type."""
    tables = {}
    for metric, kinds in by_metric(summary["metric"], types).items():
        table = _interval_table(summary, differences, [type_metric(metric, t) for t in kinds])
        table.index = pd.Index(kinds, name="matter type")
        tables[metric] = table
    return tables


def _interval_table(
    summary: pd.DataFrame, differences: pd.DataFrame, metrics: list[str]
) -> pd.DataFrame:
    table = pd.DataFrame(index=pd.Index(metrics, name="metric"))
    for name, rows in summary.groupby("structure", sort=False):
        rows = rows.set_index("metric")
        table[name] = [
            interval_text(rows.at[m, "mean"], rows.at[m, "ci_low"], rows.at[m, "ci_high"])
            for m in metrics
        ]
    for name, rows in differences.groupby("structure", sort=False) if len(differences) else []:
        rows = rows.set_index("metric")
        baseline = rows["baseline"].iloc[0]
        table[f"{name} - {baseline}"] = [
            interval_text(
                rows.at[m, "mean"], rows.at[m, "ci_low"], rows.at[m, "ci_high"], signed=True
            )
            + (" *" if rows.at[m, "significant"] else "")
            for m in metrics
        ]
    return table


def render_table(table: pd.DataFrame) -> str:
    """Plain-text table for the terminal, aligned with Chinese names (see ``frame_text``)."""
    return frame_text(table)


def render_markdown(table: pd.DataFrame, metrics: list[str] | None = None) -> str:
    """A Markdown version of :func:`comparison_table`, optionally only some metrics.

    Every header and cell goes through :func:`markdown_cell`, so a structure or priority
    class named with ``<``, ``&`` or ``|`` shows as written and keeps the table's shape.
    """
    rows = table if metrics is None else table.loc[[m for m in metrics if m in table.index]]
    header = [rows.index.name or "metric", *rows.columns]
    lines = [_markdown_row(header), "|" + "---|" * len(header)]
    lines += [
        _markdown_row([metric, *values])
        for metric, values in zip(rows.index, rows.to_numpy(), strict=True)
    ]
    return "\n".join(lines)


def _markdown_row(cells: list[object]) -> str:
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def comparison_markdown(
    summary: pd.DataFrame, differences: pd.DataFrame, types: Sequence[str] = ()
) -> str:
    """``comparison.md``: the main table, then one table per per-type metric under a heading."""
    parts = [render_markdown(comparison_table(summary, differences, types))]
    for metric, table in type_tables(summary, differences, types).items():
        parts += [f"## {TITLES[metric]}", render_markdown(table)]
    return "\n\n".join(parts) + "\n"
