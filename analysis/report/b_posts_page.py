"""The page of a B-post recommendation (b_posts.json): who should back up whom?

It opens with the recommendation and its gain against the current posts, then the table
person -> A post -> recommended B post -> why, then the chain, pairs and dedicated posts
judged the same way, so the office sees what the search added.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import ReportInputError, read_json
from orgsim.analysis.report.formatting import fmt, fmt_interval
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.search_page import search_page
from orgsim.analysis.results_folder import B_POSTS

#: The colour class of each verdict's card.
CARD_KIND = {"better": "better", "no practical difference": "same", "worse": "worse"}


def _checked(folder: Path) -> dict[str, Any]:
    info = read_json(folder / B_POSTS)
    posts, comparisons = info.get("posts"), info.get("comparisons")
    if not (isinstance(posts, list) and isinstance(comparisons, list) and comparisons):
        raise ReportInputError(
            f"{folder / B_POSTS}: posts or comparisons are missing; run task=b_posts again "
            "to rewrite it"
        )
    return info


def _posts_table(posts: list[dict[str, Any]]) -> str:
    rows = [
        [
            strong(r.get("person", "")),
            str(r.get("a_post") or "-"),
            str(r.get("current_b_post") or "-"),
            strong(r.get("recommended_b_post") or "-"),
            str(r.get("why") or ""),
        ]
        for r in posts
    ]
    return table(
        "Who should back up whom",
        ["person", "A post", "current B post", "recommended B post", "why"],
        rows,
    )


def _comparison_table(comparisons: list[dict[str, Any]], metric: str, level: str) -> str:
    rows = []
    for c in comparisons:
        gain = c.get("gain") or {}
        rows.append(
            [
                strong(c.get("name", "")),
                fmt(c.get("new_skills")),
                fmt(c.get("mean")),
                fmt(gain.get("mean"), signed=True),
                fmt_interval(gain.get("ci_low"), gain.get("ci_high")),
                str(c.get("verdict") or ""),
            ]
        )
    return table(
        "Each set of B posts against the current posts (fresh paired replications)",
        ["posts", "new skills", metric, "gain", f"{level} interval", "verdict"],
        rows,
        numeric=(1, 2, 3, 4),
    )


def b_posts_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a B-post folder (one holding b_posts.json)."""
    info = _checked(folder)
    metric = str(info.get("metric") or "wait_mean")
    level = str(info.get("interval_level") or "95%")
    recommended = info["comparisons"][0]
    judged = str(recommended.get("verdict") or "no practical difference")
    gain = recommended.get("gain") or {}
    interval = fmt_interval(gain.get("ci_low"), gain.get("ci_high"))
    found = [
        (
            CARD_KIND.get(judged, "same") if info.get("recommended") else "same",
            "B posts recommended" if info.get("recommended") else "No B posts needed",
            f"<p>{escape(str(info.get('headline') or ''))}</p>",
        ),
        (
            CARD_KIND.get(judged, "same"),
            fmt(gain.get("mean"), signed=True),
            f"<p>gain in {escape(metric)} over the current posts, "
            f"{escape(level)} interval {escape(interval)}</p>",
        ),
    ]
    files = {
        "b_posts.md": "the recommendation and the comparison as Markdown",
        B_POSTS: "everything on this page, as numbers",
        "b_posts.parquet": "every candidate the search tried, its mean and whether it was kept",
    }
    lead = (
        f"Who should back up whom, to improve {escape(metric)}: a chain across sections, "
        "improved one person at a time on common random numbers."
    )
    sections = [
        ("verdict", "Verdict", "The recommendation", [cards(found)]),
        (
            "posts",
            "Posts",
            "Who backs up whom, and why",
            [f"<p>{escape(str(info.get('basis') or ''))}</p>", _posts_table(info["posts"])],
        ),
        (
            "compared",
            "Compared",
            "Against a chain, pairs and dedicated posts",
            [_comparison_table(info["comparisons"], metric, level)],
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
