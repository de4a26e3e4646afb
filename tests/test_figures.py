"""Figures: every one is written as PNG and SVG, from the tidy tables alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from orgsim.analysis import figures, search_figures, sweep_figures
from orgsim.analysis.figures import MOST_STAFF_DRAWN, deadline_figure, utilisation_figure
from orgsim.analysis.plotting import palette, wrap
from orgsim.analysis.sweep_figures import swept_axis
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.sim.results import METRICS


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


# --- what a reader sees: names drawn as written, no overlaps, nothing empty shown as data ---

STRANGE_NAMES = ["a$b$c", "x$_$y", "q$}$"]  # the last two are invalid TeX if parsed as math


def _tables(names: list[str], replications: int = 3, zero_idle: bool = True):
    """Replications, staff and time-series tables for ``names``, as a run writes them."""
    rng = np.random.default_rng(7)
    rows = len(names) * replications
    table = pd.DataFrame(
        {
            "structure": np.repeat(names, replications),
            "replication": np.tile(range(replications), len(names)),
            "wait_mean": rng.uniform(1, 3, rows),
            "deadline_attainment": rng.uniform(0.7, 1, rows),
            "deadline_attainment.red": rng.uniform(0.7, 1, rows),
            "utilisation_mean": rng.uniform(0.5, 0.9, rows),
            "idle_while_work_waits": 0.0 if zero_idle else rng.uniform(0, 0.2, rows),
        }
    )
    staff = pd.DataFrame(
        {
            "structure": np.repeat(names, replications * 2),
            "replication": np.tile(np.repeat(range(replications), 2), len(names)),
            "staff": np.tile(["wang$", "li"], rows),
            "section": np.tile(["A$_$", "B"], rows),
            "utilisation": rng.uniform(0.5, 0.9, rows * 2),
        }
    )
    times = np.arange(1, 61)
    series = pd.DataFrame(
        [
            {"structure": s, "replication": r, "time": t, "in_system": t % 7, "waiting": t % 3}
            for s in names
            for r in range(replications)
            for t in times
        ]
    )
    return table, staff, series


@pytest.fixture
def drawn(monkeypatch):
    """Figures drawn by ``orgsim.analysis`` are kept here instead of being saved."""
    kept: list[plt.Figure] = []

    def keep(fig, path):
        fig.canvas.draw()
        kept.append(fig)
        return [path]

    for module in (figures, sweep_figures, search_figures):
        monkeypatch.setattr(module, "save", keep)
    yield kept
    plt.close("all")


def test_names_with_dollar_signs_are_drawn_as_written(tmp_path):
    table, staff, series = _tables(STRANGE_NAMES)
    figures.comparison_figure(table, staff, "cost $ of $_$", tmp_path / "comparison", "hour")
    figures.utilisation_figure(staff, "$}$", tmp_path / "utilisation")
    figures.deadline_figure(table, "deadlines", tmp_path / "deadline")
    figures.backlog_figure(series, "backlog", tmp_path / "backlog", "hour")
    figures.welch_figure(series, tmp_path / "welch", "hour")
    sweep = table.assign(**{"workload.target_load": np.tile(["0.5", "0.9", "0.7"], 3)})
    sweep_figures.load_figure(sweep, "workload.target_load", "$_$", tmp_path / "sweep")
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 12 and all(p.stat().st_size > 5_000 for p in tmp_path.iterdir())


def test_labels_are_not_parsed_as_mathematics(drawn, tmp_path):
    table, staff, _ = _tables(STRANGE_NAMES)
    figures.comparison_figure(table, staff, "t", tmp_path / "c")
    labels = [t.get_text() for t in drawn[0].axes[0].get_yticklabels()]
    assert labels == STRANGE_NAMES
    assert not any(t._parse_math for t in drawn[0].axes[0].get_yticklabels())


def _overlap(texts) -> bool:
    boxes = [t.get_window_extent() for t in texts if t.get_text()]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


LONG_NAMES = [
    "current",
    "desectioned_three_levels",
    "desectioned_with_ab_posts_everywhere",
    "one_big_section_for_everything",
    "chemical_running_in",
]


def test_long_structure_names_never_overlap(drawn, tmp_path):
    table, staff, _ = _tables(LONG_NAMES)
    figures.comparison_figure(table, staff, "t", tmp_path / "c")
    for ax in drawn[0].axes:
        assert not _overlap(ax.get_yticklabels()) and not _overlap(ax.get_xticklabels())
    capacities = pd.DataFrame(
        {"kind": "structure", "entity": LONG_NAMES, "replication": 0, "capacity": 1.0}
    )
    summary = pd.DataFrame(
        {
            "entity": ["part:A", "sum of parts", *LONG_NAMES],
            "mean": 1.0,
            "ci_low": 0.9,
            "ci_high": 1.1,
        }
    )
    curve = pd.DataFrame(
        [
            {"structure": s, "arrival_rate": rate, "replication": r, "attainment": 1 - rate / 3}
            for s in LONG_NAMES
            for rate in (0.5, 1.0, 1.5)
            for r in range(2)
        ]
    )
    search_figures.capacity_figure(capacities, summary, curve, 0.9, "t", tmp_path / "cap", "hour")
    assert not _overlap(drawn[1].axes[0].get_xticklabels())


def test_a_panel_of_zeros_says_so_instead_of_drawing_bars(drawn, tmp_path):
    table, staff, _ = _tables(["current", "merged"])
    figures.comparison_figure(table, staff, "t", tmp_path / "c")
    idle = drawn[0].axes[2]
    assert [t.get_text() for t in idle.texts] == ["zero in every structure"]
    assert not idle.patches and not idle.get_xticks().size
    wait = drawn[0].axes[0]
    assert not wait.texts and len(wait.patches) == 2

    table, staff, _ = _tables(["current", "merged"], zero_idle=False)
    figures.comparison_figure(table, staff, "t", tmp_path / "c2")
    assert not drawn[1].axes[2].texts and len(drawn[1].axes[2].patches) == 2


def test_a_sweep_metric_without_values_says_so(drawn, tmp_path):
    table, _, _ = _tables(["current", "merged"])
    sweep = table.assign(
        **{"workload.target_load": np.tile(["0.5", "0.9", "0.7"], 2)},
        deadline_attainment=np.nan,
    )
    sweep_figures.load_figure(sweep, "workload.target_load", "t", tmp_path / "s")
    deadline = drawn[0].axes[1]
    assert [t.get_text() for t in deadline.texts] == ["not applicable: no values in any structure"]
    assert not deadline.lines


def _pixels_of(fig: plt.Figure, colour) -> int:
    """How many pixels of ``fig`` have (nearly) ``colour``."""
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float) / 255
    return int((np.abs(image - np.asarray(colour)).max(axis=-1) < 0.06).sum())


def test_a_line_exactly_under_another_still_shows(drawn, tmp_path):
    _, _, series = _tables(["current", "physical"])  # the same numbers for both
    figures.welch_figure(series, tmp_path / "w", "hour", window=3)
    figures.backlog_figure(series, "t", tmp_path / "b", "hour")
    current, physical = palette(["current", "physical"]).values()
    for fig in drawn:
        for ax in fig.axes:
            if ax.get_legend():
                ax.get_legend().remove()
        assert _pixels_of(fig, current) > 300, "the line underneath is hidden"
        assert _pixels_of(fig, physical) > 300


def test_axis_labels_are_plain_words_with_units(drawn, tmp_path):
    table, staff, series = _tables(["current", "merged"], zero_idle=False)
    figures.comparison_figure(table, staff, "t", tmp_path / "c", "working hour")
    figures.welch_figure(series, tmp_path / "w", "working hour")
    sweep = table.assign(**{"workload.target_load": np.tile(["0.5", "0.9", "0.7"], 2)})
    sweep_figures.load_figure(sweep, "workload.target_load", "t", tmp_path / "s", None, "day")
    labels = [
        text for fig in drawn for ax in fig.axes for text in (ax.get_xlabel(), ax.get_ylabel())
    ]
    columns = {*METRICS, "in_system", "waiting", "workload.target_load", "target_load"}
    assert not [text for text in labels if text in columns or "_" in text]
    assert "mean wait (working hours)" in labels and "mean wait (days)" in labels
    assert any(text.startswith("target load") for text in labels)


def test_wrap_breaks_long_names_at_their_separators():
    assert wrap("desectioned_three_levels", 14) == "desectioned_\nthree_levels"
    assert wrap("sum of parts", 14) == "sum of parts"
    assert wrap("averyveryverylongname", 5) == "averyveryverylongname"


def test_chinese_names_are_drawn_with_a_chinese_font(tmp_path):
    """No glyph of a Chinese office, section or matter name is missing (drawn as a box).

    ``make test`` installs a Chinese font where it can (Debian's fonts-wqy-microhei);
    without one on the machine there is nothing to draw Chinese with, and the test says so.
    """
    import warnings

    from orgsim.analysis.plotting import chinese_font, theme

    if chinese_font() is None:
        pytest.skip("no Chinese font installed (make test installs fonts-wqy-microhei as root)")
    theme()
    fig, ax = plt.subplots()
    ax.set_title("行政许可科: mean wait")
    ax.set_yticks([0, 1], ["企业许可", "个人许可"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "chinese.png")
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:2]


def test_without_a_chinese_font_one_warning_replaces_one_per_character(tmp_path, capsys):
    """A machine with no Chinese font gets one clear line, not a warning per glyph."""
    import warnings

    import orgsim.analysis.plotting as plotting

    fig, ax = plt.subplots()
    ax.set_title("行政许可科")
    plt.rcParams["font.family"] = ["DejaVu Sans"]  # as on a machine with no Chinese font
    plotting._said_no_chinese_font = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            plotting.save(fig, tmp_path / "boxes.png")
            fig2, ax2 = plt.subplots()
            ax2.set_title("企业许可")
            plotting.save(fig2, tmp_path / "boxes2.png")
    finally:
        plotting.theme()
    assert not [w for w in caught if "missing from font" in str(w.message)]
    err = capsys.readouterr().err
    assert err.count("orgsim: warning: no Chinese font installed") == 1, err
    assert (tmp_path / "boxes.png").exists() and (tmp_path / "boxes2.svg").exists()
