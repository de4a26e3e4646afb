"""A result folder's figures drawn again from its own files, in the language being shown.

A run draws its figures in English when it ends. A page in another language draws again
those it shows, from the tidy tables and settings the folder holds (the figure functions
need nothing else), into a temporary folder, and embeds them instead. A figure that cannot
be drawn again (a table missing or damaged, no Chinese font to draw with) is left out, and
the page shows the one in the folder as drawn.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from orgsim.analysis.results_folder import (
    AGGREGATE,
    B_POSTS,
    B_POSTS_FIGURE,
    BACKLOG_FIGURE,
    CAPACITY,
    CAPACITY_FIGURE,
    CAPACITY_TABLE,
    COMPARISON_FIGURE,
    CONFIG,
    CURVE,
    DEADLINE_FIGURE,
    REPLICATIONS,
    ROBUSTNESS,
    ROBUSTNESS_FIGURE,
    STAFF,
    STAFFING,
    STAFFING_FIGURE,
    STAFFING_TABLE,
    SUMMARY,
    SWEEP_FIGURE,
    TIMESERIES,
    TYPES_FIGURE,
    UTILISATION_FIGURE,
    WELCH_FIGURE,
)
from orgsim.analysis.search_tables import target_words
from orgsim.analysis.stats import DEFAULT_CONFIDENCE
from orgsim.analysis.units import Display, display_of, display_problem

#: The figures each kind of folder can have drawn again, by the result file that marks it.
REDRAWN: dict[str, tuple[str, ...]] = {
    SUMMARY: (
        COMPARISON_FIGURE,
        UTILISATION_FIGURE,
        DEADLINE_FIGURE,
        TYPES_FIGURE,
        BACKLOG_FIGURE,
        WELCH_FIGURE,
    ),
    AGGREGATE: (SWEEP_FIGURE,),
    CAPACITY: (CAPACITY_FIGURE,),
    STAFFING: (STAFFING_FIGURE,),
    ROBUSTNESS: (ROBUSTNESS_FIGURE,),
    B_POSTS: (B_POSTS_FIGURE,),
}


class _Folder:
    """A result folder's files, each read once and only when a figure needs it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = pd.read_parquet(self.folder / name)
        return self._tables[name]

    def result(self, name: str) -> dict[str, Any]:
        data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    @cached_property
    def config(self) -> dict[str, Any]:
        """``config.yaml`` as read; empty when there is none."""
        return _yaml(self.folder / CONFIG)

    @cached_property
    def summary(self) -> dict[str, Any]:
        return self.result(SUMMARY)

    def setting(self, key: str, info: Mapping[str, Any], default: Any = None) -> Any:
        """A run setting from the result file's ``info``, else from config.yaml."""
        value = info.get(key)
        if value is None:
            value = (self.config.get("run") or {}).get(key, self.config.get(key))
        return default if value is None else value

    def org(self) -> dict[str, Any]:
        org = self.config.get("org")
        return org if isinstance(org, dict) else {}

    def office(self, info: Mapping[str, Any]) -> str:
        return str(self.org().get("name") or info.get("org") or "")

    def display(self, info: Mapping[str, Any]) -> Display | None:
        """The office's units: as the result records them, else as its org file asks."""
        recorded = Display.from_record(info.get("display"))
        if recorded is not None or not self.org() or display_problem(self.org()):
            return recorded
        return display_of(self.org())


def _yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _run_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """One figure of a comparison run, as ``orgsim`` drew it when the run ended."""
    from orgsim.analysis import figures  # matplotlib: only when a figure is drawn

    info = files.summary
    level = float(files.setting("confidence", info, DEFAULT_CONFIDENCE))
    unit = str(files.setting("time_unit", info, "time unit"))
    display = files.display(info)
    replications = files.setting("replications", info, "?")
    title = figures.run_titles(files.office(info), replications, level)
    types = list(info.get("matter_types") or files.org().get("matter_types") or [])
    if name in (BACKLOG_FIGURE, WELCH_FIGURE):
        series = files.table(TIMESERIES)
        if name == WELCH_FIGURE:
            return figures.welch_figure(series, path, unit, display=display)
        return figures.backlog_figure(series, title[name], path, unit, level, display)
    if name == UTILISATION_FIGURE:
        return figures.utilisation_figure(files.table(STAFF), title[name], path, level)
    table = files.table(REPLICATIONS)
    if name == DEADLINE_FIGURE:
        return figures.deadline_figure(table, title[name], path, types, level)
    if name == TYPES_FIGURE:
        return figures.type_wait_figure(table, types, title[name], path, unit, level, display)
    staff = files.table(STAFF)
    return figures.comparison_figure(table, staff, title[name], path, unit, level, display)


def _sweep_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """The sweep figure, from the sweep's table and its first job's settings."""
    from orgsim.analysis.report.sweep_files import read_tables
    from orgsim.analysis.sweep_figures import draw_sweep

    tidy, jobs = read_tables(files.folder)
    if tidy.empty or "job" not in tidy:
        return None
    swept = [c for c in jobs.columns if c not in ("job", "status", "reason") and c in tidy]
    job = str(tidy["job"].iloc[0])
    plain = job not in ("", ".", "..") and "/" not in job and "\\" not in job
    run = _yaml(files.folder / job / CONFIG) if plain else {}
    return draw_sweep(tidy, swept, run, path)


def _capacity_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """The capacity figure, from capacity.json and the search's two tables.

    In the office's units when it reads its results in others, as the capacity page shows
    them: capacities per its period, the deadline in its time unit.
    """
    from orgsim.analysis.report.search_page import search_display
    from orgsim.analysis.search_figures import capacity_figure, capacity_title

    info = files.result(CAPACITY)
    display = search_display(files.folder, info)
    level = float(files.setting("confidence", info, DEFAULT_CONFIDENCE))
    unit = str(files.setting("time_unit", info, "time unit"))
    share = float(info["share"])
    summary = pd.DataFrame(
        [{"entity": entity, **values} for entity, values in info["capacities"].items()]
    )
    deadline = info.get("deadline")
    target = target_words(share, None if deadline is None else float(deadline), unit, display)
    indexes = info.get("capacity_index") or {}
    title = capacity_title(files.office(info), target, indexes, list(info.get("verdicts") or []))
    tables = (files.table(CAPACITY_TABLE), summary, files.table(CURVE))
    return capacity_figure(*tables, share, title, path, unit, level, display)


def _staffing_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """The staffing figure, from the tried counts and the target config.yaml records."""
    from orgsim.analysis.report.search_page import search_display
    from orgsim.analysis.search_figures import staffing_figure, staffing_title

    info = files.result(STAFFING)
    level = float(files.setting("confidence", info, DEFAULT_CONFIDENCE))
    unit = str(files.setting("time_unit", info, "time unit"))
    search = files.config["staffing"]
    share, deadline = float(search["share"]), search.get("deadline")
    display = search_display(files.folder, info)
    title = staffing_title(files.office(info), target_words(share, deadline, unit, display), level)
    return staffing_figure(files.table(STAFFING_TABLE), share, title, path, level)


def _robustness_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """The robustness figure, drawn by its own module from the folder's files."""
    from orgsim.analysis.robustness_figure import verdict_map_of

    return verdict_map_of(files.folder, files.office({}), path)


def _b_posts_figure(files: _Folder, name: str, path: Path) -> list[Path] | None:
    """The B-post figure from b_posts.json, in the office's units as the B-post page shows them.

    The display b_posts.json records, else the one its org in config.yaml asks for.
    """
    from orgsim.analysis.b_post_figure import b_posts_figure_of

    display = files.display(files.result(B_POSTS))
    return b_posts_figure_of(files.folder, files.office({}), path, display)


#: How each kind of folder's figures are drawn: (files, figure name, path without suffix).
DRAWERS: dict[str, Callable[[_Folder, str, Path], list[Path] | None]] = {
    SUMMARY: _run_figure,
    AGGREGATE: _sweep_figure,
    CAPACITY: _capacity_figure,
    STAFFING: _staffing_figure,
    ROBUSTNESS: _robustness_figure,
    B_POSTS: _b_posts_figure,
}


def redrawable(folder: Path) -> list[str]:
    """The figures of ``folder`` (names without suffix) it holds as PNG and can draw again."""
    kind = next((marker for marker in REDRAWN if (folder / marker).is_file()), None)
    if kind is None:
        return []
    return [name for name in REDRAWN[kind] if (folder / f"{name}.png").is_file()]


def redraw(folder: Path, out_dir: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Draw again, in the language shown, the known figures ``folder`` holds.

    Only figures the folder has as PNG are drawn (a page shows those), and of them only
    ``names`` when given. Nothing is drawn without a Chinese font, so that Chinese words
    never show as boxes: the page then keeps the folder's own figures.

    Args:
        folder: a run, sweep, capacity-search or staffing-search folder.
        out_dir: an existing folder to draw in (a temporary one).
        names: the figures wanted, without suffix (default: all of them).

    Returns:
        PNG file name in ``folder`` -> the PNG drawn again in ``out_dir``.
    """
    from orgsim.analysis.plotting import chinese_font, png_only

    wanted = [n for n in redrawable(folder) if names is None or n in set(names)]
    if not wanted or chinese_font() is None:
        return {}
    kind = next(marker for marker in REDRAWN if (folder / marker).is_file())
    files = _Folder(folder)
    drawn: dict[str, Path] = {}
    for name in wanted:
        try:
            with png_only():
                written = DRAWERS[kind](files, name, out_dir / name)
        except Exception:  # a damaged file: the page keeps the figure as drawn
            continue
        png = next((p for p in written or [] if p.suffix == ".png"), None)
        if png is not None:
            drawn[f"{name}.png"] = png
    return drawn


def redrawn_figures(folder: Path) -> dict[str, bytes]:
    """The PNGs of ``folder``'s known figures drawn again in the language shown, by file name."""
    with tempfile.TemporaryDirectory(prefix="orgsim-figures-") as tmp:
        return {name: png.read_bytes() for name, png in redraw(folder, Path(tmp)).items()}
