"""Per-type metrics flow into the summary, comparison.md, the report and the figures.

An office may have hundreds of matter types: per-type metrics get tables of their own (one
row per type), and the main tables, the verdicts and the figures stay readable.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.figures import MOST_TYPES_DRAWN, deadline_columns, type_wait_figure
from orgsim.analysis.report import build_report, verdicts
from orgsim.analysis.report.metrics import describe
from orgsim.analysis.report.run_page import FOLDED_FROM
from orgsim.analysis.results_folder import write_json
from orgsim.analysis.summary import (
    compare,
    comparison_markdown,
    comparison_table,
    metric_columns,
    summary_dict,
    type_tables,
)
from orgsim.sim.results import METRICS

N_TYPES = 40


def _replications(n_types: int = N_TYPES, classes: bool = True) -> pd.DataFrame:
    """Made-up replications of two structures; ``merged`` waits less for every type."""
    rng = np.random.default_rng(7)
    types = [f"type_{i:02d}" for i in range(n_types)]
    rows = []
    for structure, factor in (("current", 1.0), ("merged", 0.5)):
        for r in range(5):
            row: dict[str, object] = {"structure": structure, "replication": r, "seed": r}
            row.update({m: float(rng.uniform(0.5, 1.5)) for m in METRICS})
            if classes:
                row["wait_mean.red"] = factor * float(rng.uniform(1, 2))
                row["deadline_attainment.red"] = float(rng.uniform(0.8, 1))
            for i, t in enumerate(types):
                row[f"wait_mean.{t}"] = factor * (i + 1) + float(rng.normal(0, 0.01))
            for t in types[::2]:
                row[f"deadline_attainment.{t}"] = float(rng.uniform(0.8, 1))
            rows.append(row)
    return pd.DataFrame(rows)


TYPES = [f"type_{i:02d}" for i in range(N_TYPES)]


def test_metric_columns_put_classes_before_types_in_type_order():
    columns = metric_columns(_replications(), TYPES)
    assert columns[: len(METRICS)] == list(METRICS)
    rest = columns[len(METRICS) :]
    assert rest[:2] == ["deadline_attainment.red", "wait_mean.red"]
    assert rest[2 : 2 + N_TYPES] == [f"wait_mean.{t}" for t in TYPES]
    assert rest[2 + N_TYPES :] == [f"deadline_attainment.{t}" for t in TYPES[::2]]


def test_main_table_has_no_per_type_rows_and_type_tables_one_row_per_type():
    summary, differences = compare(_replications(), "current", TYPES)
    main = comparison_table(summary, differences, TYPES)
    assert list(main.index) == [*METRICS, "deadline_attainment.red", "wait_mean.red"]
    tables = type_tables(summary, differences, TYPES)
    assert list(tables) == ["wait_mean", "deadline_attainment"]
    assert list(tables["wait_mean"].index) == TYPES
    assert tables["wait_mean"].index.name == "matter type"
    assert list(tables["deadline_attainment"].index) == TYPES[::2]
    assert list(tables["wait_mean"].columns) == ["current", "merged", "merged - current"]
    assert tables["wait_mean"].at["type_39", "merged - current"].endswith("*")


def test_comparison_markdown_gives_the_per_type_tables_under_headings():
    summary, differences = compare(_replications(), "current", TYPES)
    text = comparison_markdown(summary, differences, TYPES)
    main, _, rest = text.partition("## Mean wait per matter type")
    assert "wait_mean.type_00" not in main and "| wait_mean.red |" in main
    assert "| matter type | current | merged | merged - current |" in rest
    assert "## Deadline attainment per matter type" in rest
    assert sum(line.startswith("| type_") for line in rest.splitlines()) == N_TYPES + N_TYPES // 2


def test_without_types_every_dotted_metric_stays_in_the_main_table():
    summary, differences = compare(_replications(3), "current")
    table = comparison_table(summary, differences)
    assert "wait_mean.type_00" in table.index
    assert type_tables(summary, differences, []) == {}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[str, dict]:
    folder = tmp_path_factory.mktemp("many_types")
    summary, differences = compare(_replications(), "current", TYPES)
    info = {"org": "many types", "baseline": "current", "time_unit": "hour"}
    info |= {"replications": 5, "matter_types": TYPES}
    structures = {"current": {"policy": "strict"}, "merged": {"policy": "pooled"}}
    data = summary_dict(summary, differences, structures, info)
    write_json(folder / "summary.json", data)
    return build_report(folder), json.loads((folder / "summary.json").read_text())


def test_report_keeps_per_type_metrics_out_of_the_main_tables_and_verdicts(report):
    page, summary = report
    main, _, per_type = page.partition('<h2 id="types">Per matter type</h2>')
    assert "<code>type_05</code>" in per_type
    assert "<code>wait_mean.type_05</code>" not in main
    assert "<code>wait_mean.red</code>" in main
    assert all("type_" not in v.metric for v in verdicts(summary)["merged"])
    assert len(verdicts(summary, per_type=True)["merged"]) == N_TYPES + N_TYPES // 2
    assert '<a href="#types">Per matter type</a>' in main


def test_report_gives_every_type_a_row_folded_when_there_are_many(report):
    page, _ = report
    per_type = page.partition('<h2 id="types">Per matter type</h2>')[2].partition("<h2")[0]
    assert N_TYPES > FOLDED_FROM
    assert f"all {N_TYPES} matter types</summary>" in per_type
    assert per_type.count("<tr><td><code>type_") == N_TYPES + N_TYPES // 2
    assert "mean wait: better for" in per_type


def test_per_type_description_names_the_type_not_a_class(report):
    _, summary = report
    assert summary["metrics"]["wait_mean.<type>"].startswith("mean wait of the matter type")
    assert "matter type 'type_01'" in describe("wait_mean.type_01", summary["metrics"], TYPES)
    assert "class 'red'" in describe("wait_mean.red", summary["metrics"], TYPES)


def test_deadline_figure_leaves_per_type_columns_out():
    table = _replications()
    assert deadline_columns(table, TYPES) == ["deadline_attainment", "deadline_attainment.red"]


def test_type_figure_draws_the_longest_waits_of_many_types(tmp_path):
    paths = type_wait_figure(_replications(), TYPES, "waits", tmp_path / "types")
    assert paths and all(p.stat().st_size > 0 for p in paths)
    svg = (tmp_path / "types.svg").read_text()
    assert f"the {MOST_TYPES_DRAWN} of {N_TYPES} with the longest baseline wait" in svg
    assert "type_39" in svg and "type_00" not in svg  # the longest waits are drawn


def test_no_type_figure_for_a_single_type(tmp_path):
    one = _replications(1, classes=False)
    assert type_wait_figure(one, ["type_00"], "waits", tmp_path / "types") is None
