"""The page of a staffing search (staffing.json): how many people does the target need?

For each structure (or each of its sections) the page puts the people needed next to the
people there now, and shows the share done in time with that many and with one fewer, so
a reader sees both the answer and how close the next smaller count came.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import STAFFING
from orgsim.analysis.report.formatting import (
    fmt,
    fmt_percent,
    fmt_percent_interval,
    level_of,
    present,
)
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.provenance import settings_table
from orgsim.analysis.report.search_page import search_page, search_settings
from orgsim.analysis.report.shapes import STAFFING_SHAPE, read_result
from orgsim.analysis.search_tables import WHOLE, who_changes


def _count(value: object) -> str:
    """A head count as written, a whole number without ``.0``; empty when absent."""
    number = present(value)
    if number is None:
        return ""
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _head_count(value: Any) -> int | None:
    """A head count as a whole number; None when absent (null, or NaN from a table).

    Staff needed is absent when the target was not reached; staff now when not recorded.
    """
    number = present(value)
    return None if number is None else int(number)


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _attainment(value: dict[str, Any] | None) -> str:
    if not value or not value.get("n"):
        return "n/a"
    low, high = value.get("ci_low"), value.get("ci_high")
    return f"{fmt_percent(value.get('mean'))} {fmt_percent_interval(low, high)}"


def _one_fewer(row: dict[str, Any]) -> str:
    needed = row.get("needed_staff")
    if needed is None:
        return "n/a"
    if needed <= 1:
        return "n/a (nobody)"
    shown = _attainment(row.get("attainment_one_fewer"))
    return "not run: overloaded" if shown == "n/a" else shown


def _change(needed: int | None, current: int) -> str:
    if needed is None:
        return "n/a"
    return "as now" if needed == current else fmt(needed - current, signed=True)


def _totals(results: list[dict[str, Any]]) -> dict[str, tuple[int, int | None]]:
    """Per structure: staff now and staff needed in all (None when a count was not found)."""
    out: dict[str, tuple[int, int | None]] = {}
    for row in results:
        now, needed = out.get(row["structure"], (0, 0))
        more = row.get("needed_staff")
        found = None if needed is None or more is None else needed + more
        out[row["structure"]] = (now + int(row.get("current_staff") or 0), found)
    return out


def _cards(results: list[dict[str, Any]], most: str, per_section: bool) -> str:
    found = []
    where = " in at least one section" if per_section else ""
    for structure, (now, needed) in _totals(results).items():
        if needed is None:
            kind, big = "worse", "not reached"
            words = f"The target is missed{where} even with {most}."
        elif needed > now:
            kind, big = "worse", _people(needed)
            words = f"{needed - now} more than the {now} there now; today's staff miss the target."
        elif needed < now:
            kind, big = "better", _people(needed)
            words = f"{now - needed} fewer than the {now} there now would still meet the target."
        else:
            kind, big = "better", _people(needed)
            words = f"The {now} there now are just enough: one fewer misses the target."
        found.append((kind, big, f"<p><strong>{escape(structure)}</strong>: {escape(words)}</p>"))
    return cards(found) if found else "<p>No result in staffing.json.</p>"


def _who(row: dict[str, Any]) -> str:
    """The people removed or added, or nothing for older results that do not name them."""
    if not isinstance(row.get("removed"), list) or not isinstance(row.get("added"), list):
        return ""
    try:
        return who_changes(row)
    except (KeyError, TypeError):  # a hand-edited entry missing a field
        return "?"


def _staffing_table(results: list[dict[str, Any]], per_section: bool, level: str) -> str:
    rows, classes = [], []
    totals = _totals(results)
    sections = Counter(row["structure"] for row in results)
    for i, row in enumerate(results):
        needed = row.get("needed_staff")
        section = str(row.get("section", ""))
        rows.append(
            [
                strong(row["structure"]),
                "whole structure" if section == WHOLE else section,
                _count(row.get("current_staff")),
                "not reached" if needed is None else _count(needed),
                _change(needed, int(row.get("current_staff") or 0)),
                _who(row),
                _attainment(row.get("attainment")),
                _one_fewer(row),
            ]
        )
        classes.append("")
        last = i + 1 == len(results) or results[i + 1]["structure"] != row["structure"]
        if per_section and last and sections[row["structure"]] > 1:
            now, found = totals[row["structure"]]
            shown = "not reached" if found is None else str(found)
            total = [strong(row["structure"]), "all sections", str(now), shown]
            rows.append([*total, _change(found, now), "", "", ""])
            classes.append("total")
    return table(
        "Staff needed for the target, against the staff there now; share done in time as "
        f"mean [{level} interval]",
        [
            "structure",
            "section",
            "staff now",
            "staff needed",
            "change",
            "who",
            "in time with the staff needed",
            "in time with one fewer",
        ],
        rows,
        numeric=(2, 3, 4, 6, 7),
        row_classes=classes,
    )


def staffing_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a staffing search folder (one holding staffing.json).

    Args:
        folder: the search folder.
        page_dir: where the page will be saved, for its links to the result files
            (default: the search folder itself).
    """
    info = read_result(folder / STAFFING, STAFFING_SHAPE)
    results = [
        {
            **r,
            "needed_staff": _head_count(r.get("needed_staff")),
            "current_staff": _head_count(r.get("current_staff")),
        }
        for r in info["results"]
    ]
    per_section = bool(info.get("per_section"))
    target = escape(str(info.get("target") or "the target"))
    rule = escape(str(info.get("rule") or "the mean"))
    n = escape(str(info.get("replications", "?")))
    most = present(search_settings(folder, "staffing").get("most"))
    most_words = "the most people allowed" if most is None else _people(int(most))
    scope = "each section on its own" if per_section else "each structure as a whole"
    searched = [
        f"<p>For {scope}, the search looks for the <strong>fewest people</strong> that get "
        f"<strong>{target}</strong>. People are removed one at a time, each time the one whose "
        "absence costs the office least carrying power (the lowest load left on the busiest "
        "person, ties by name), or added as copies of the person whose copy adds most; the "
        "order of the staff list plays no part, and the table names who goes or comes. "
        f"A count passes when {rule} of the share done "
        f"in time over the {n} replications reaches the target. Counts at which the staff "
        "could not keep up even when busy all the time (overloaded) are not run.</p>",
        settings_table(
            info,
            [
                ("search", f"staffing: the fewest people meeting the target, for {scope}"),
                ("target", info.get("target") or ""),
                ("a count passes when", f"{info.get('rule') or 'the mean'} reaches the target"),
                ("the search stops at", most_words),
            ],
            caption="What was searched",
        ),
    ]
    needed = [
        "<p>The share done in time is given with the people needed and with one fewer, "
        "so you can see how close the next smaller count came. Intervals are Student-t "
        "intervals over few replications and can reach past 100%.</p>",
        _staffing_table(results, per_section, level_of(info)),
    ]
    files = {
        "staffing.md": "the staffing table as Markdown",
        STAFFING: "everything on this page, as numbers",
        "staffing.parquet": "the share done in time for every count tried, per replication",
        "staffing.svg": "the figure, for printing",
    }
    lead = (
        f"The fewest people that get {target}, for {scope}; judged on {rule} of {n} replications."
    )
    sections = [
        (
            "verdict",
            "Verdict",
            "How many people are needed?",
            [_cards(results, most_words, per_section)],
        ),
        ("searched", "What was searched", "What was searched", searched),
        (
            "staff",
            "Staff needed",
            "Staff needed" + (" section by section" if per_section else ""),
            needed,
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
