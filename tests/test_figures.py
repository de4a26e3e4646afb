"""Figures: every one is written as PNG and SVG, from the tidy tables alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from orgsim.analysis.figures import MOST_STAFF_DRAWN, deadline_figure, utilisation_figure
from orgsim.analysis.sweep_figures import swept_axis
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config


def _is_svg(path) -> bool:
    return ET.parse(path).getroot().tag.endswith("svg")


def test_a_comparison_run_draws_every_figure_as_png_and_svg(tmp_path, capsys):
    execute(compose_config(["workload=quick", "replications=3"]), tmp_path)
    capsys.readouterr()
    for name in ("comparison", "utilisation", "deadline"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000, name
        assert _is_svg(tmp_path / f"{name}.svg"), name


def test_one_structure_alone_is_drawn_too(tmp_path, capsys):
    execute(compose_config(["workload=quick", "replications=2", "structure=current"]), tmp_path)
    capsys.readouterr()
    assert (tmp_path / "utilisation.png").stat().st_size > 5_000


def test_large_offices_get_a_ranked_utilisation_curve(tmp_path):
    rng = np.random.default_rng(1)
    people = MOST_STAFF_DRAWN + 40
    staff = pd.DataFrame(
        {
            "structure": np.repeat(["current", "merged"], people * 2),
            "replication": np.tile(np.repeat([0, 1], people), 2),
            "staff": np.tile([f"p{i}" for i in range(people)], 4),
            "section": "S",
            "utilisation": rng.uniform(0, 1, people * 4),
        }
    )
    written = utilisation_figure(staff, "many people", tmp_path / "utilisation")
    assert [p.suffix for p in written] == [".png", ".svg"]
    assert all(p.stat().st_size > 5_000 for p in written)


def test_no_deadline_figure_without_deadlines(tmp_path):
    table = pd.DataFrame(
        {"structure": ["a", "b"], "replication": [0, 0], "deadline_attainment": [np.nan] * 2}
    )
    assert deadline_figure(table, "none", tmp_path / "deadline") is None
    assert not list(tmp_path.iterdir())


def test_the_sweep_figure_puts_the_load_on_the_x_axis():
    tidy = pd.DataFrame(
        {
            "structure": ["a"] * 4,
            "seed": ["1", "2", "1", "2"],
            "workload.arrival_scale": ["1.0", "1.0", "2.0", "2.0"],
            "workload.target_load": ["0.5", "0.7", "0.5", "0.7"],
            "org": ["x", "x", "y", "y"],
        }
    )
    columns = ["seed", "org", "workload.arrival_scale", "workload.target_load"]
    assert swept_axis(tidy, columns) == "workload.target_load"
    assert swept_axis(tidy, ["seed", "org"]) == "seed"
    assert swept_axis(tidy, ["org"]) is None
