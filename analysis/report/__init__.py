"""One self-contained HTML page from any orgsim result folder.

The page is for a reform office or a class that will not open Python or Parquet: it says
what was compared or searched, gives every number with its 95% interval, spells out the
verdicts in plain words, and embeds every figure, so the single file opens offline. The
kind of folder is told by the result file it holds; each kind has its own page module.
"""

from __future__ import annotations

from pathlib import Path

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
from orgsim.analysis.report.run_page import run_report
from orgsim.analysis.report.staffing_page import staffing_report
from orgsim.analysis.report.sweep_page import sweep_report, sweep_tables
from orgsim.analysis.report.verdicts import ALPHA, Verdict, verdict, verdicts

#: The page of each kind of folder, by the file that marks it, in the order looked for.
PAGES = {
    SUMMARY: run_report,
    AGGREGATE: sweep_report,
    CAPACITY: capacity_report,
    STAFFING: staffing_report,
}


def build_report(folder: Path) -> str:
    """The HTML page of a run, sweep, capacity-search or staffing-search folder."""
    for name, build in PAGES.items():
        if (folder / name).is_file():
            return build(folder)
    listed = ", ".join(RESULT_FILES[:-1]) + f" or {RESULT_FILES[-1]}"
    raise ReportInputError(f"{folder} has none of {listed}")


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
