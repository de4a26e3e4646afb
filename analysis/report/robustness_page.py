"""The page of a robustness run (robustness.json): does the plan's verdict survive?

It opens with the share of the plausible range where the plan is better, makes no practical
difference, or is worse, then the ranges that were sampled and the assumptions the verdict
depends on most, with their intervals.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import ReportInputError, read_json
from orgsim.analysis.report.formatting import fmt
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.search_page import search_page
from orgsim.analysis.results_folder import ROBUSTNESS
from orgsim.analysis.robustness_tables import VERDICTS

#: The colour class of each verdict's card.
CARD_KIND = {"better": "better", "no practical difference": "same", "worse": "worse"}


def _checked(folder: Path) -> dict[str, Any]:
    info = read_json(folder / ROBUSTNESS)
    shares = info.get("shares")
    if not isinstance(shares, dict) or not all(
        isinstance(shares.get(name), int | float) for name in VERDICTS
    ):
        raise ReportInputError(
            f"{folder / ROBUSTNESS}: shares is missing or not numbers per verdict; "
            "run the robustness task again to rewrite it"
        )
    return info


def _influence_table(influence: list[dict[str, Any]]) -> str:
    if not influence:
        return "<p>Too few points to tell which assumption matters most; sample more.</p>"
    measure = str(influence[0].get("measure", "influence"))
    rows = [
        [strong(r.get("assumption", "")), fmt(r.get("influence")), fmt(r.get("influence_conf"))]
        for r in influence
    ]
    return table(
        "Which assumptions the verdict depends on most (largest first)",
        ["assumption", measure, "± (95% interval)"],
        rows,
        numeric=(1, 2),
    )


def robustness_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a robustness folder (one holding robustness.json)."""
    info = _checked(folder)
    shares = info["shares"]
    plan = str(info.get("plan") or "the plan")
    baseline = str(info.get("baseline_structure") or "the baseline")
    metric = str(info.get("metric") or "wait_mean")
    band = info.get("band")
    band_text = f"{band:.0%}" if isinstance(band, int | float) else "5%"
    found = [
        (
            CARD_KIND[name],
            f"{shares[name]:.0%}",
            f"<p>of the range: <strong>{escape(plan)}</strong> {escape(name)}</p>",
        )
        for name in VERDICTS
    ]
    ranges = info.get("ranges") or {}
    sampled = [
        f"<p>{escape(str(info.get('points', '?')))} points sampled by the "
        f"<strong>{escape(str(info.get('method', '?')))}</strong> method; at each, "
        f"{escape(plan)} and {escape(baseline)} ran the same replications on the same seeds, "
        f"and a change of {escape(metric)} within {band_text} of {escape(baseline)}'s value "
        "counts as no practical difference.</p>",
        table(
            "The uncertain assumptions and their plausible ranges",
            ["assumption", "low", "high"],
            [[strong(p), fmt(b[0]), fmt(b[1])] for p, b in ranges.items()],
            numeric=(1, 2),
        ),
    ]
    files = {
        "robustness.md": "the verdict shares and influences as Markdown",
        ROBUSTNESS: "everything on this page, as numbers",
        "robustness.parquet": "every point: the assumptions, both means, the paired "
        "difference and its interval, the gain and the verdict",
        "robustness.svg": "the figure, for printing",
    }
    lead = (
        f"Is {escape(plan)} better than {escape(baseline)} on {escape(metric)} over the "
        "plausible range of what the office does not know?"
    )
    sections = [
        ("verdict", "Verdict", "Where in the range the plan wins", [cards(found)]),
        ("sampled", "Ranges", "What was sampled", sampled),
        (
            "influence",
            "Influence",
            "Which assumptions decide",
            [_influence_table(list(info.get("influence") or []))],
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
