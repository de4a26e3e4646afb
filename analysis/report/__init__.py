"""One self-contained HTML page from any orgsim result folder.

The page is for a reform office or a class that will not open Python or Parquet: it says
what was compared or searched, gives every number with its interval (95% unless the run
set ``confidence``), spells out the verdicts in plain words, and embeds every figure, so
the single file opens offline. The
kind of folder is told by the result file it holds; each kind has its own page module.
Every name on the page is escaped and every link is a relative path from where the page
is saved, so a crafted folder can neither inject markup nor plant a ``javascript:`` link.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orgsim.analysis.i18n import DEFAULT_LANGUAGE, speaking
from orgsim.analysis.report.b_posts_page import b_posts_report
from orgsim.analysis.report.capacity_page import capacity_report
from orgsim.analysis.report.folders import (
    AGGREGATE,
    CAPACITY,
    RESULT_FILES,
    STAFFING,
    SUMMARY,
    ReportInputError,
)
from orgsim.analysis.report.html import CAPTIONS
from orgsim.analysis.report.robustness_page import robustness_report
from orgsim.analysis.report.run_page import run_report
from orgsim.analysis.report.staffing_page import staffing_report
from orgsim.analysis.report.sweep_page import sweep_report, sweep_tables
from orgsim.analysis.report.verdicts import ALPHA, Verdict, verdict, verdicts
from orgsim.analysis.results_folder import B_POSTS, ROBUSTNESS

#: The page of each kind of folder (given the folder and where the page will be saved),
#: by the file that marks it, in the order looked for. A run page links to no file.
PAGES: dict[str, Callable[[Path, Path], str]] = {
    SUMMARY: lambda folder, _: run_report(folder),
    AGGREGATE: sweep_report,
    CAPACITY: capacity_report,
    STAFFING: staffing_report,
    ROBUSTNESS: robustness_report,
    B_POSTS: b_posts_report,
}


def build_report(
    folder: Path, page_dir: Path | None = None, language: str = DEFAULT_LANGUAGE
) -> str:
    """The HTML page of a run, sweep, capacity-search or staffing-search folder.

    Args:
        folder: the result folder.
        page_dir: the folder the page will be saved in, so that its links to result files
            lead there from it (default: ``folder``, the page saved beside the results).
        language: "en" or "zh" (see :mod:`orgsim.analysis.i18n`).
    """
    for name, build in PAGES.items():
        if (folder / name).is_file():
            with speaking(language):
                return build(folder, page_dir or folder)
    listed = ", ".join(RESULT_FILES[:-1]) + f" or {RESULT_FILES[-1]}"
    raise ReportInputError(f"{folder}: none of {listed}; give a run, sweep or search folder")


__all__ = [
    "ALPHA",
    "CAPTIONS",
    "ReportInputError",
    "Verdict",
    "build_report",
    "capacity_report",
    "run_report",
    "staffing_report",
    "sweep_report",
    "sweep_tables",
    "verdict",
    "verdicts",
]
