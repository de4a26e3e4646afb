"""The page of one comparison run (a folder with summary.json).

It answers, in this order, what a reform office asks: what was compared, is the
alternative better or worse and by how much (verdicts first), then every number behind
the verdicts, the figures, and what is needed to reproduce the run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.per_type import TITLES, by_metric, is_type_metric, type_metric
from orgsim.analysis.report.display import metric_label, shown_summary, time_words
from orgsim.analysis.report.folders import SUMMARY
from orgsim.analysis.report.formatting import (
    confidence_of,
    fmt,
    fmt_interval,
    fmt_p,
    level_of,
    plural,
    present,
)
from orgsim.analysis.report.headline import headline_html
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
from orgsim.analysis.report.metrics import describe, label, run_types
from orgsim.analysis.report.provenance import reproduce, settings_table
from orgsim.analysis.report.shapes import SUMMARY_SHAPE, read_result
from orgsim.analysis.report.verdict_html import direction_note, significance_note, verdict_section
from orgsim.analysis.report.verdicts import verdicts

#: Per-type tables longer than this many matter types are folded (click to open).
FOLDED_FROM = 30

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
    level = level_of(summary)
    types = run_types(summary)
    out = []
    for name, info in summary.get("structures", {}).items():
        rows = [
            [
                code(metric_label(m, summary)),
                describe(m, descriptions),
                fmt(v.get("mean")),
                fmt_interval(v.get("ci_low"), v.get("ci_high")),
                str(v.get("n", "")),
            ]
            for m, v in info.get("metrics", {}).items()
            if not is_type_metric(m, types)
        ]
        out.append(
            table(
                f"{name}: every metric, mean over replications and {level} interval",
                ["metric", "meaning", "mean", f"{level} interval", "n"],
                rows,
                numeric=(2, 3, 4),
                full=True,
            )
        )
    return out


def _difference_tables(summary: dict[str, Any]) -> list[str]:
    found = verdicts(summary)
    types = run_types(summary)
    out = []
    differences: dict[str, dict[str, dict[str, Any]]] = summary.get("paired_differences", {})
    for name, all_diffs in differences.items():
        diffs = {m: d for m, d in all_diffs.items() if not is_type_metric(m, types)}
        first: dict[str, Any] = next(iter(diffs.values()), {})
        baseline = first.get("baseline") or summary.get("baseline") or "the baseline"
        kinds = {v.metric: v.kind for v in found.get(name, [])}
        rows = [
            [
                code(metric_label(metric, summary)),
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
                [
                    "metric",
                    "difference",
                    f"{level_of(summary)} interval",
                    "p",
                    "Holm-adjusted p",
                    "verdict",
                ],
                rows,
                numeric=(1, 2, 3, 4),
            )
        )
    return out


def _mean_interval(value: dict[str, Any], signed: bool = False) -> str:
    """``4.07 [3.84, 4.3]`` from a summary.json entry."""
    low, high = value.get("ci_low"), value.get("ci_high")
    return f"{fmt(value.get('mean'), signed=signed)} {fmt_interval(low, high)}"


def _type_table(summary: dict[str, Any], metric: str, kinds: list[str]) -> str:
    """One row per matter type: each structure's mean [interval], each difference, verdict."""
    structures: dict[str, Any] = summary.get("structures", {})
    differences: dict[str, dict[str, Any]] = summary.get("paired_differences", {})
    found = {
        name: {v.metric: v.kind for v in items}
        for name, items in verdicts(summary, per_type=True).items()
    }
    baseline = summary.get("baseline") or "baseline"
    header = ["matter type", *structures]
    for name in differences:
        header += [f"{name} − {baseline}", "verdict"]
    rows = []
    for kind in kinds:
        key = type_metric(metric, kind)
        row: list[str] = [code(kind)]
        for info in structures.values():
            row.append(_mean_interval(info.get("metrics", {}).get(key, {})))
        for name, diffs in differences.items():
            row += [
                _mean_interval(diffs.get(key, {}), signed=True),
                tag(found.get(name, {}).get(key, "same")),
            ]
        rows.append(row)
    return table(
        f"{TITLES[metric]}{_unit_suffix(metric, summary)}: mean [{level_of(summary)} interval]; "
        "differences paired, as above",
        header,
        rows,
        numeric=range(1, len(header)),
    )


def _unit_suffix(metric: str, summary: dict[str, Any]) -> str:
    """`` (min)``: the unit of a per-type table's values when the run has a display."""
    return metric_label(metric, summary)[len(metric) :]


def _units_sentence(summary: dict[str, Any]) -> str:
    """What unit the numbers below are in: the engine's, or the office's display."""
    time_unit, rate_unit = time_words(summary)
    if rate_unit is None:
        return f"Times are in {escape(plural(time_unit))}; shares are between 0 and 1."
    return (
        f"Times are in {escape(plural(time_unit))} and throughput in {escape(rate_unit)} "
        f"(converted from the simulation's {escape(plural(summary.get('time_unit') or 'hour'))}"
        " with the office's working calendar; the result files keep those); shares are "
        "between 0 and 1."
    )


def _type_tally(summary: dict[str, Any]) -> str:
    """Per alternative: for how many matter types each per-type metric is better or worse."""
    lines = []
    for name, items in verdicts(summary, per_type=True).items():
        counts: dict[str, dict[str, int]] = {}
        for v in items:
            by_kind = counts.setdefault(v.metric.partition(".")[0], {})
            by_kind[v.kind] = by_kind.get(v.kind, 0) + 1
        parts = [
            f"{escape(label(metric))}: better for {c.get('better', 0)}, worse for "
            f"{c.get('worse', 0)}, no significant difference for {c.get('same', 0)}"
            for metric, c in counts.items()
        ]
        if parts:
            lines.append(f"<li><strong>{escape(name)}</strong>: {'; '.join(parts)}</li>")
    return f"<ul>{''.join(lines)}</ul>" if lines else ""


def _type_section(summary: dict[str, Any]) -> list[str]:
    """Per-type waits and attainment: a tally, then one table per metric (folded if long)."""
    first: dict[str, Any] = next(iter(summary.get("structures", {}).values()), {})
    found = by_metric(first.get("metrics", {}), run_types(summary))
    if not found:
        return ["<p>No per-type metrics in this run.</p>"]
    n_types = max(len(kinds) for kinds in found.values())
    out = [
        f"<p>Mean wait of each of the {n_types} matter types, and the deadline attainment of "
        "those with a deadline (<code>wait_mean.&lt;type&gt;</code>, "
        "<code>deadline_attainment.&lt;type&gt;</code>). Verdicts are judged as above, "
        "metric by metric; they are not adjusted over the matter types, so with many types "
        "expect a few differences by chance.</p>",
        _type_tally(summary),
    ]
    for metric, kinds in found.items():
        shown = _type_table(summary, metric, kinds)
        if len(kinds) > FOLDED_FROM:
            shown = (
                f"<details><summary>{escape(TITLES[metric])}: all {len(kinds)} matter types"
                f"</summary>{shown}</details>"
            )
        out.append(shown)
    return out


def run_report(folder: Path) -> str:
    """The HTML page of one run folder (one holding summary.json)."""
    summary = shown_summary(read_result(folder / SUMMARY, SUMMARY_SHAPE))
    org = summary.get("org") or "office"
    structures = summary.get("structures", {})
    alternatives = len(summary.get("paired_differences", {}))
    headline = headline_html(summary)
    body = [
        f"<h1>orgsim report: {escape(org)}</h1>",
        f'<p class="lead">Compares {names(list(structures))} over '
        f"{escape(str(summary.get('replications', '?')))} replications, with "
        f"<strong>{escape(str(summary.get('baseline') or ''))}</strong> as the baseline. "
        f"Folder: <code>{escape(str(folder.resolve()))}</code></p>",
        "<nav>"
        + ('<a href="#headline">Headline</a>' if headline else "")
        + '<a href="#compared">What was compared</a>'
        '<a href="#verdicts">Verdicts</a><a href="#metrics">Results</a>'
        '<a href="#differences">Differences</a>'
        '<a href="#types">Per matter type</a>'
        '<a href="#figures">Figures</a><a href="#reproduce">Reproducing</a></nav>',
        status_warning(folder),
        *(['<h2 id="headline">Headline</h2>', *headline] if headline else []),
        '<h2 id="compared">What was compared</h2>',
        "<p>The same stream of matters is run through each structure. Required utilisation "
        "is the smallest possible load of the busiest staff member given posts and skills; "
        "at 1 or more the structure cannot keep up.</p>",
        _structures_table(summary),
        settings_table(summary, [("baseline structure", summary.get("baseline") or "")]),
        '<h2 id="verdicts">Verdicts</h2>',
        significance_note(alternatives, confidence_of(summary)) if alternatives else "",
        direction_note(),
        *verdict_section(summary),
        '<h2 id="metrics">Results per structure</h2>',
        f"<p>Mean over the replications and its {level_of(summary)} Student-t interval. "
        f"{_units_sentence(summary)}</p>",
        *_metric_tables(summary),
        '<h2 id="differences">Paired differences against the baseline</h2>',
        "<p>Alternative minus baseline, replication by replication; p from a paired t-test, "
        "Holm-adjusted over the alternatives for each metric.</p>",
        *(_difference_tables(summary) or ["<p>No alternative to compare.</p>"]),
        '<h2 id="types">Per matter type</h2>',
        *_type_section(summary),
        '<h2 id="figures">Figures</h2>',
        *(figures(folder, level_of(summary)) or ["<p>No figures in this folder.</p>"]),
        '<h2 id="reproduce">Reproducing this run</h2>',
        *reproduce(folder, summary, SEEDS_NOTE),
    ]
    return page(f"orgsim report: {org}", body)
