"""The comparison of structures as data (summary.json) and as a readable table.

Metrics come in three kinds: the office-wide ones (``sim.results.METRICS``), per priority
class (``wait_mean.red``) and per matter type (``wait_mean.permit``). The main table has
one row per office-wide or per-class metric; per-type metrics have tables of their own,
one row per matter type (see ``analysis.per_type``), since an office may have hundreds.

Every table for people takes an optional :class:`~orgsim.analysis.units.Display`: its
values are then in the office's units and each metric is labelled with its unit
(``wait_mean (min)``). ``summary.json`` keeps the engine's unit, and records the display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from orgsim.analysis.formatting import frame_text, interval_text, markdown_cell
from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.metric_registry import bounds, practical_settings
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.per_type import TITLES, by_metric, is_type_metric, type_columns, type_metric
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, paired_differences, summarise
from orgsim.analysis.units import Display
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
    practical: Mapping[str, Any] | None = None,
    engine_hours: float | None = 1.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-structure intervals and paired differences against ``baseline`` for all metrics.

    Every interval is at ``confidence`` and within its metric's bounds (a share in [0, 1],
    times and counts >= 0); a difference is ``significant`` when its interval excludes 0.
    Each difference carries ``practical_band``: the smallest difference that matters for
    its metric at the baseline's value (``analysis.metric_registry``, with the run's
    ``practical`` overrides; ``engine_hours`` working hours in one engine time unit).
    """
    metrics = metric_columns(replications, types)
    summary = summarise(replications, metrics, confidence, bounds)
    if baseline in set(replications["structure"]):
        differences = paired_differences(replications, baseline, metrics, confidence)
        differences = with_practical_bands(differences, summary, practical, engine_hours)
    else:
        differences = pd.DataFrame()
    return summary, differences


def with_practical_bands(
    differences: pd.DataFrame,
    summary: pd.DataFrame,
    practical: Mapping[str, Any] | None = None,
    engine_hours: float | None = 1.0,
) -> pd.DataFrame:
    """``differences`` with a ``practical_band`` column (NaN for metrics the registry lacks)."""
    if not len(differences):
        return differences
    settings = practical_settings(practical)
    means = summary.set_index(["structure", "metric"])["mean"]

    def band(row: Any) -> float:
        known = metric_info(row.metric)
        if known is None:
            return float("nan")
        base = means.get((row.baseline, row.metric), float("nan"))
        return settings[known.name].band(float(base), engine_hours)

    out = differences.copy()
    out["practical_band"] = [band(r) for r in differences.itertuples()]
    return out


def summary_dict(
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    structures: dict[str, dict[str, Any]],
    run_info: dict[str, Any],
    display: Display | None = None,
) -> dict[str, Any]:
    """The content of ``summary.json``: values in the engine's unit, and the display asked for.

    With a ``display``, its settings are recorded under ``display`` so the report shows the
    same units as the tables; without one the file is as it always was.
    """
    described = {
        **METRICS,
        **OPTIONAL_METRICS,
        **{f"{m}.<level>": d for m, d in LEVEL_METRICS.items()},
        **{f"{m}.<class>": d for m, d in CLASS_METRICS.items()},
        **{f"{m}.<type>": d for m, d in TYPE_METRICS.items()},
    }
    out: dict[str, Any] = {**run_info, "metrics": described, "structures": {}}
    if display is not None:
        out["display"] = display.record()
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
                    "practical_band",
                )
                if hasattr(r, k)
            }
            for r in rows.itertuples()
        }
    return out


def comparison_table(
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    types: Sequence[str] = (),
    display: Display | None = None,
) -> pd.DataFrame:
    """Metrics as rows; each structure's mean [CI]; each paired difference [CI].

    Per-type metrics of ``types`` are left out: :func:`type_tables` gives them. With a
    ``display`` the values are in its units; the rows keep the metric names (so callers
    can look them up) and :func:`render_table` and :func:`render_markdown` add the units.
    """
    metrics = [m for m in dict.fromkeys(summary["metric"]) if not is_type_metric(m, types)]
    return _interval_table(summary, differences, metrics, display)


def type_tables(
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    types: Sequence[str],
    display: Display | None = None,
) -> dict[str, pd.DataFrame]:
    """Per-type metric -> a table like :func:`comparison_table` with one row per matter type."""
    tables = {}
    for metric, kinds in by_metric(summary["metric"], types).items():
        rows = [type_metric(metric, t) for t in kinds]
        table = _interval_table(summary, differences, rows, display)
        table.index = pd.Index(kinds, name=_("matter type"))
        tables[metric] = table
    return tables


def type_title(metric: str, table: pd.DataFrame | None = None) -> str:
    """The heading of the per-type ``table`` of ``metric``, with its values' display unit."""
    display = None if table is None else table.attrs.get(DISPLAY_ATTR)
    return _(TITLES[metric]) + (display.suffix(metric) if isinstance(display, Display) else "")


#: Where a table keeps the display its values are in, for the renderers to label its rows.
DISPLAY_ATTR = "orgsim_display"


def _interval_table(
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    metrics: list[str],
    display: Display | None = None,
) -> pd.DataFrame:
    if display is not None:
        summary, differences = display.shown_rows(summary), display.shown_rows(differences)
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
    if display is not None:
        table.attrs[DISPLAY_ATTR] = display
    return table


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its metric rows named with their units, if its values are in a display.

    In Chinese the rows are named by the registry's labels (``平均等待时间``), with the
    class, level or type after a dot as in the metric's name. Tables of one row per
    matter type keep their type names (their heading has the unit).
    """
    display = table.attrs.get(DISPLAY_ATTR)
    shown_in = display if isinstance(display, Display) else None
    if table.index.name != "metric" or (shown_in is None and not in_chinese()):
        return table
    shown = table.copy()
    shown.index = pd.Index([_row_name(str(m), shown_in) for m in table.index], name=_("metric"))
    return shown


def _row_name(metric: str, display: Display | None) -> str:
    """A metric row's name as read: its name (or, in Chinese, label) with its unit."""
    name = metric
    if in_chinese():
        base, dot, rest = metric.partition(".")
        registered = metric_info(base)
        name = (registered.shown_label if registered else base) + dot + rest
    return name + (display.suffix(metric) if display is not None else "")


def render_table(table: pd.DataFrame) -> str:
    """Plain-text table for the terminal, aligned with Chinese names (see ``frame_text``)."""
    return frame_text(labelled(table))


def render_markdown(table: pd.DataFrame, metrics: list[str] | None = None) -> str:
    """A Markdown version of :func:`comparison_table`, optionally only some metrics.

    Every header and cell goes through :func:`markdown_cell`, so a structure or priority
    class named with ``<``, ``&`` or ``|`` shows as written and keeps the table's shape.
    """
    rows = table if metrics is None else table.loc[[m for m in metrics if m in table.index]]
    rows = labelled(rows)
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
    summary: pd.DataFrame,
    differences: pd.DataFrame,
    types: Sequence[str] = (),
    display: Display | None = None,
) -> str:
    """``comparison.md``: the main table, then one table per per-type metric under a heading."""
    parts = [render_markdown(comparison_table(summary, differences, types, display))]
    for metric, table in type_tables(summary, differences, types, display).items():
        parts += [f"## {type_title(metric, table)}", render_markdown(table)]
    return "\n\n".join(parts) + "\n"
