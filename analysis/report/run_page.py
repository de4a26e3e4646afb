"""The page of one comparison run (a folder with summary.json).

It answers, in this order, what a reform office asks: what was compared, is the
alternative better or worse and by how much (verdicts first), then every number behind
the verdicts, the figures, and what is needed to reproduce the run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import SUMMARY
from orgsim.analysis.report.formatting import fmt, fmt_interval, fmt_p, plural, present
from orgsim.analysis.report.html import (
    Html,
    code,
    figures,
    names,
    page,
    status_warning,
    table,
    tag,
)
from orgsim.analysis.report.metrics import describe
from orgsim.analysis.report.provenance import reproduce, settings_table
from orgsim.analysis.report.shapes import SUMMARY_SHAPE, read_result
from orgsim.analysis.report.verdict_html import direction_note, significance_note, verdict_section
from orgsim.analysis.report.verdicts import verdicts

#: How the seeds make the comparison fair, said under the seeds table.
SEEDS_NOTE = (
    "Replication <em>i</em> of every structure uses the same seed, so all structures face "
    "identical demand (common random numbers)."
)


def _structures_table(summary: dict[str, Any]) -> str:
    baseline = summary.get("baseline")
    rows = []
    for name, info in summary.get("structures", {}).items():
        load = present(info.get("required_utilisation"))
        load_text = fmt(load) + (" (overloaded)" if load is not None and load >= 1 else "")
        who = f"<strong>{escape(name)}</strong>" + (" (baseline)" if name == baseline else "")
        rows.append(
            [
                Html(who),
                str(info.get("description", "")),
                str(info.get("sections", "")),
                str(info.get("staff", "")),
                str(info.get("policy", "")),
                load_text,
            ]
        )
    return table(
        "Structures compared",
        ["structure", "description", "sections", "staff", "policy", "required utilisation"],
        rows,
        numeric=(2, 3, 5),
    )


def _metric_tables(summary: dict[str, Any]) -> list[str]:
    descriptions = summary.get("metrics", {})
    out = []
    for name, info in summary.get("structures", {}).items():
        rows = [
            [
                code(m),
                describe(m, descriptions),
                fmt(v.get("mean")),
                fmt_interval(v.get("ci_low"), v.get("ci_high")),
                str(v.get("n", "")),
            ]
            for m, v in info.get("metrics", {}).items()
        ]
        out.append(
            table(
                f"{name}: every metric, mean over replications and 95% interval",
                ["metric", "meaning", "mean", "95% interval", "n"],
                rows,
                numeric=(2, 3, 4),
                full=True,
            )
        )
    return out


def _difference_tables(summary: dict[str, Any]) -> list[str]:
    found = verdicts(summary)
    out = []
    differences: dict[str, dict[str, dict[str, Any]]] = summary.get("paired_differences", {})
    for name, diffs in differences.items():
        first: dict[str, Any] = next(iter(diffs.values()), {})
        baseline = first.get("baseline") or summary.get("baseline") or "the baseline"
        kinds = {v.metric: v.kind for v in found.get(name, [])}
        rows = [
            [
                code(metric),
                fmt(d.get("mean"), signed=True),
                fmt_interval(d.get("ci_low"), d.get("ci_high")),
                fmt_p(d.get("p_value")),
                fmt_p(d.get("p_holm")),
                tag(kinds.get(metric, "same")),
            ]
            for metric, d in diffs.items()
        ]
        out.append(
            table(
                f"{name} − {baseline}: paired differences (same demand in each replication)",
                ["metric", "difference", "95% interval", "p", "Holm-adjusted p", "verdict"],
                rows,
                numeric=(1, 2, 3, 4),
            )
        )
    return out


def run_report(folder: Path) -> str:
    """The HTML page of one run folder (one holding summary.json)."""
    summary = read_result(folder / SUMMARY, SUMMARY_SHAPE)
    org = summary.get("org") or "office"
    structures = summary.get("structures", {})
    alternatives = len(summary.get("paired_differences", {}))
    body = [
        f"<h1>orgsim report: {escape(org)}</h1>",
        f'<p class="lead">Compares {names(list(structures))} over '
        f"{escape(str(summary.get('replications', '?')))} replications, with "
        f"<strong>{escape(str(summary.get('baseline') or ''))}</strong> as the baseline. "
        f"Folder: <code>{escape(str(folder.resolve()))}</code></p>",
        '<nav><a href="#compared">What was compared</a><a href="#verdicts">Verdicts</a>'
        '<a href="#metrics">Results</a><a href="#differences">Differences</a>'
        '<a href="#figures">Figures</a><a href="#reproduce">Reproducing</a></nav>',
        status_warning(folder),
        '<h2 id="compared">What was compared</h2>',
        "<p>The same stream of matters is run through each structure. Required utilisation "
        "is the smallest possible load of the busiest staff member given posts and skills; "
        "at 1 or more the structure cannot keep up.</p>",
        _structures_table(summary),
        settings_table(summary, [("baseline structure", summary.get("baseline") or "")]),
        '<h2 id="verdicts">Verdicts</h2>',
        significance_note(alternatives) if alternatives else "",
        direction_note(),
        *verdict_section(summary),
        '<h2 id="metrics">Results per structure</h2>',
        "<p>Mean over the replications and its 95% Student-t interval. Times are in "
        f"{escape(plural(summary.get('time_unit') or 'time unit'))}; shares are between 0 "
        "and 1.</p>",
        *_metric_tables(summary),
        '<h2 id="differences">Paired differences against the baseline</h2>',
        "<p>Alternative minus baseline, replication by replication; p from a paired t-test, "
        "Holm-adjusted over the alternatives for each metric.</p>",
        *(_difference_tables(summary) or ["<p>No alternative to compare.</p>"]),
        '<h2 id="figures">Figures</h2>',
        *(figures(folder) or ["<p>No figures in this folder.</p>"]),
        '<h2 id="reproduce">Reproducing this run</h2>',
        *reproduce(folder, summary, SEEDS_NOTE),
    ]
    return page(f"orgsim report: {org}", body)
