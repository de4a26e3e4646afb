"""The page of a B-post recommendation (b_posts.json): who should back up whom?

It opens with the recommendation and its gain against the current posts, then the table
person -> A post -> recommended B post -> why, then the chain, pairs and dedicated posts
judged the same way, so the office sees what the search added. Every sentence is in the
language shown, said again from the numbers b_posts.json keeps, in the office's units when
it reads its results in others (the ``display`` b_posts.json records, else the org's
``display_unit`` in the folder's config.yaml), labelled so.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.b_post_tables import (
    UNNECESSARY,
    Shown,
    metric_words,
    shown_basis,
    shown_headline,
    shown_reason,
    shown_units,
)
from orgsim.analysis.i18n import _
from orgsim.analysis.report.folders import ReportInputError, read_json
from orgsim.analysis.report.formatting import fmt, fmt_interval
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.search_page import search_display, search_page
from orgsim.analysis.results_folder import B_POSTS

#: The colour class of each verdict's card.
CARD_KIND = {"better": "better", "no practical difference": "same", "worse": "worse"}


def _checked(folder: Path) -> dict[str, Any]:
    """b_posts.json, with the office's units (``display``) as the search page finds them."""
    info = read_json(folder / B_POSTS)
    posts, comparisons = info.get("posts"), info.get("comparisons")
    if not (isinstance(posts, list) and isinstance(comparisons, list) and comparisons):
        raise ReportInputError(
            f"{folder / B_POSTS}: posts or comparisons are missing; run task=b_posts again "
            "to rewrite it"
        )
    display = search_display(folder, info)
    return info if display is None else {**info, "display": display.record()}


def _recommended(row: dict[str, Any]) -> str:
    found = row.get("recommended_b_post")
    return _(UNNECESSARY) if found == UNNECESSARY else str(found or "-")


def _posts_table(posts: list[dict[str, Any]], shown: Shown) -> str:
    rows = [
        [
            strong(r.get("person", "")),
            str(r.get("a_post") or "-"),
            str(r.get("current_b_post") or "-"),
            strong(_recommended(r)),
            shown_reason(r, shown),
        ]
        for r in posts
    ]
    return table(
        _("Who should back up whom"),
        [_("person"), _("A post"), _("current B post"), _("recommended B post"), _("why")],
        rows,
    )


def _labelled(metric: str, shown: Shown) -> str:
    """The metric as the page names it, with its unit when the office reads other units."""
    return metric_words(metric) if shown.display is None else shown.display.label(metric)


def _comparison_table(
    comparisons: list[dict[str, Any]], metric: str, level: str, shown: Shown
) -> str:
    """Each set of posts against the current ones, in the units of ``shown``."""
    rows = []
    for c in comparisons:
        gain = {k: shown.number(v) for k, v in (c.get("gain") or {}).items()}
        rows.append(
            [
                strong(_(str(c.get("name", "")))),
                fmt(c.get("new_skills")),
                fmt(shown.number(c.get("mean"))),
                fmt(gain.get("mean"), signed=True),
                fmt_interval(gain.get("ci_low"), gain.get("ci_high")),
                _(str(c.get("verdict") or "")),
            ]
        )
    unit = "" if shown.display is None else shown.display.suffix(metric)
    return table(
        _("Each set of B posts against the current posts (fresh paired replications)"),
        [
            _("posts"),
            _("new skills"),
            _labelled(metric, shown),
            _("gain") + unit,
            _("{level} interval").format(level=level) + unit,
            _("verdict"),
        ],
        rows,
        numeric=(1, 2, 3, 4),
    )


def b_posts_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a B-post folder (one holding b_posts.json)."""
    info = _checked(folder)
    raw_metric = str(info.get("metric") or "wait_mean")
    metric = metric_words(raw_metric)
    shown = shown_units(info)
    level = str(info.get("interval_level") or "95%")
    recommended = info["comparisons"][0]
    judged = str(recommended.get("verdict") or "no practical difference")
    gain = {k: shown.number(v) for k, v in (recommended.get("gain") or {}).items()}
    interval = fmt_interval(gain.get("ci_low"), gain.get("ci_high"))
    found = [
        (
            CARD_KIND.get(judged, "same") if info.get("recommended") else "same",
            _("B posts recommended") if info.get("recommended") else _("No B posts needed"),
            f"<p>{escape(shown_headline(info))}</p>",
        ),
        (
            CARD_KIND.get(judged, "same"),
            fmt(gain.get("mean"), signed=True),
            "<p>{}</p>".format(
                escape(
                    _(
                        "gain in {metric} over the current posts, {level} interval {interval}"
                    ).format(metric=_labelled(raw_metric, shown), level=level, interval=interval)
                )
            ),
        ),
    ]
    files = {
        "b_posts.md": _("the recommendation and the comparison as Markdown"),
        B_POSTS: _("everything on this page, as numbers"),
        "b_posts.parquet": _("every candidate the search tried, its mean and whether it was kept"),
        "b_posts.svg": _("the figure, for printing"),
    }
    lead = escape(
        _(
            "Who should back up whom, to improve {metric}: a chain across sections, improved "
            "one person at a time on common random numbers."
        ).format(metric=metric)
    )
    sections = [
        ("verdict", _("Verdict"), _("The recommendation"), [cards(found)]),
        (
            "posts",
            _("Posts"),
            _("Who backs up whom, and why"),
            [f"<p>{escape(shown_basis(info))}</p>", _posts_table(info["posts"], shown)],
        ),
        (
            "compared",
            _("Compared"),
            _("Against a chain, pairs and dedicated posts"),
            [_comparison_table(info["comparisons"], raw_metric, level, shown)],
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
