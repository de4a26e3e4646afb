"""The B-post recommendation as people read it: who backs up whom, why, and what it gains.

Takes plain records (no engine objects), so the analysis layer stays below the experiments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from orgsim.analysis.formatting import interval_text, markdown_cell

#: What the recommended column says when B posts make no practical difference.
UNNECESSARY = "unnecessary"


def posts_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Markdown: person, A post, current B post, recommended B post, why."""
    lines = [
        "| person | A post | current B post | recommended B post | why |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = (
            row["person"],
            row["a_post"],
            row["current_b_post"] or "-",
            row["recommended_b_post"] or "-",
            row["why"],
        )
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def comparison_table(rows: Sequence[Mapping[str, Any]], metric: str, level: str) -> str:
    """Markdown: each set of posts, the skills it needs, the metric and the paired gain."""
    lines = [
        f"| posts | new skills | {metric} | gain over current [{level} CI] | verdict |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        gain = row["gain"]
        lines.append(
            f"| {markdown_cell(row['name'])} | {row['new_skills']} | {row['mean']:.4g} "
            f"| {interval_text(gain['mean'], gain['ci_low'], gain['ci_high'])} "
            f"| {row['verdict']} |"
        )
    return "\n".join(lines)


def b_posts_markdown(result: Mapping[str, Any]) -> str:
    """The whole recommendation: the headline, who backs up whom, and the comparison."""
    return "\n\n".join(
        [
            f"## {markdown_cell(result['headline'])}",
            markdown_cell(result["basis"]),
            posts_table(result["posts"]),
            comparison_table(result["comparisons"], result["metric"], result["interval_level"]),
        ]
    )
