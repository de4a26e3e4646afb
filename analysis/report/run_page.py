"""The page of one comparison run (a folder with summary.json).

It answers, in this order, what a reform office asks: what was compared, is the
alternative better or worse and by how much (verdicts first), then every number behind
the verdicts, the figures, and what is needed to reproduce the run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.per_type import TITLES, by_metric, is_type_metric, type_metric
from orgsim.analysis.report.display import (
    display_of_summary,
    engine_word,
    metric_label,
    shown_summary,
    time_words,
)
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
SEEDS_NOTE = N_(
    "Replication <em>i</em> of every structure uses the same seed, so all structures face "
    "identical demand (common random numbers)."
)


def _structures_table(summary: dict[str, Any]) -> str:
    baseline = summary.get("baseline")
    rows = []
    for name, info in summary.get("structures", {}).items():
        load = present(info.get("required_utilisation"))
        load_text = fmt(load)
        if load is not None and load >= 1:
            load_text = _("{value} (overloaded)").format(value=load_text)
        who = f"<strong>{escape(name)}</strong>"
        if name == baseline:
            who = _("{name} (baseline)").format(name=who)
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
    header = [
        _("structure"),
        _("description"),
        _("sections"),
        _("staff"),
        _("policy"),
        _("required utilisation"),
    ]
    return table(_("Structures compared"), header, rows, numeric=(2, 3, 5))


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
        caption = _("{structure}: every metric, mean over replications and {level} interval")
        out.append(
            table(
                caption.format(structure=name, level=level),
                [_("metric"), _("meaning"), _("mean"), _interval_header(summary), "n"],
                rows,
                numeric=(2, 3, 4),
                full=True,
            )
        )
    return out


def _interval_header(summary: dict[str, Any]) -> str:
    """``95% interval``: the header of a column of intervals at the run's level."""
    return _("{level} interval").format(level=level_of(summary))


def _difference_tables(summary: dict[str, Any]) -> list[str]:
    found = verdicts(summary)
    types = run_types(summary)
    out = []
    differences: dict[str, dict[str, dict[str, Any]]] = summary.get("paired_differences", {})
    for name, all_diffs in differences.items():
        diffs = {m: d for m, d in all_diffs.items() if not is_type_metric(m, types)}
        first: dict[str, Any] = next(iter(diffs.values()), {})
        baseline = first.get("baseline") or summary.get("baseline") or _("the baseline")
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
        caption = _(
            "{structure} − {baseline}: paired differences (same demand in each replication)"
        )
        out.append(
            table(
                caption.format(structure=name, baseline=baseline),
                [
                    _("metric"),
                    _("difference"),
                    _interval_header(summary),
                    "p",
                    _("Holm-adjusted p"),
                    _("verdict"),
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
    baseline = summary.get("baseline") or _("baseline")
    header = [_("matter type"), *structures]
    for name in differences:
        header += [f"{name} − {baseline}", _("verdict")]
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
    caption = _("{title}: mean [{level} interval]; differences paired, as above")
    return table(
        caption.format(
            title=_(TITLES[metric]) + _unit_suffix(metric, summary), level=level_of(summary)
        ),
        header,
        rows,
        numeric=range(1, len(header)),
    )


def _unit_suffix(metric: str, summary: dict[str, Any]) -> str:
    """`` (min)``: the unit of a per-type table's values when the run has a display."""
    display = display_of_summary(summary)
    return "" if display is None else display.suffix(metric)


def _units_sentence(summary: dict[str, Any]) -> str:
    """What unit the numbers below are in: the engine's, or the office's display."""
    time_unit, per = time_words(summary)
    times = escape(plural(time_unit))
    if per is None:
        return _("Times are in {times}; shares are between 0 and 1.").format(times=times)
    text = _(
        "Times are in {times} and throughput in {rate} (converted from the simulation's "
        "{engine} with the office's working calendar; the result files keep those); shares "
        "are between 0 and 1."
    )
    return text.format(
        times=times,
        rate=escape(_("matters per {unit}").format(unit=per)),
        engine=escape(plural(engine_word(summary.get("time_unit") or "hour"))),
    )


def _type_tally(summary: dict[str, Any]) -> str:
    """Per alternative: for how many matter types each per-type metric is better or worse."""
    lines = []
    separator = "；" if in_chinese() else "; "
    for name, items in verdicts(summary, per_type=True).items():
        counts: dict[str, dict[str, int]] = {}
        for v in items:
            by_kind = counts.setdefault(v.metric.partition(".")[0], {})
            by_kind[v.kind] = by_kind.get(v.kind, 0) + 1
        parts = [
            _(
                "{metric}: better for {better}, worse for {worse}, no significant "
                "difference for {same}"
            ).format(
                metric=escape(label(metric)),
                better=c.get("better", 0),
                worse=c.get("worse", 0),
                same=c.get("same", 0),
            )
            for metric, c in counts.items()
        ]
        if parts:
            line = _("{structure}: {verdicts}").format(
                structure=f"<strong>{escape(name)}</strong>", verdicts=separator.join(parts)
            )
            lines.append(f"<li>{line}</li>")
    return f"<ul>{''.join(lines)}</ul>" if lines else ""


def _type_section(summary: dict[str, Any]) -> list[str]:
    """Per-type waits and attainment: a tally, then one table per metric (folded if long)."""
    first: dict[str, Any] = next(iter(summary.get("structures", {}).values()), {})
    found = by_metric(first.get("metrics", {}), run_types(summary))
    if not found:
        return [_paragraph(_("No per-type metrics in this run."))]
    n_types = max(len(kinds) for kinds in found.values())
    explained = _(
        "Mean wait of each of the {n} matter types, and the deadline attainment of "
        "those with a deadline (<code>wait_mean.&lt;type&gt;</code>, "
        "<code>deadline_attainment.&lt;type&gt;</code>). Verdicts are judged as above, "
        "metric by metric; they are not adjusted over the matter types, so with many types "
        "expect a few differences by chance."
    )
    out = [f"<p>{explained.format(n=n_types)}</p>", _type_tally(summary)]
    for metric, kinds in found.items():
        shown = _type_table(summary, metric, kinds)
        if len(kinds) > FOLDED_FROM:
            folded = _("{title}: all {n} matter types").format(
                title=_(TITLES[metric]), n=len(kinds)
            )
            shown = f"<details><summary>{escape(folded)}</summary>{shown}</details>"
        out.append(shown)
    return out


def _paragraph(text: str) -> str:
    """``<p>text</p>``, the text escaped."""
    return f"<p>{escape(text)}</p>"


#: The page's sections in order: anchor and heading (the headline only when there is one).
SECTIONS = {
    "headline": N_("Headline"),
    "compared": N_("What was compared"),
    "verdicts": N_("Verdicts"),
    "metrics": N_("Results per structure"),
    "differences": N_("Paired differences against the baseline"),
    "types": N_("Per matter type"),
    "figures": N_("Figures"),
    "reproduce": N_("Reproducing this run"),
}
#: The navigation bar's short names where a heading is too long for it.
NAV_NAMES = {
    "metrics": N_("Results"),
    "differences": N_("Differences"),
    "reproduce": N_("Reproducing"),
}


def _nav(headline: bool) -> str:
    """The navigation bar: a link to each section."""
    links = "".join(
        f'<a href="#{anchor}">{escape(_(NAV_NAMES.get(anchor, heading)))}</a>'
        for anchor, heading in SECTIONS.items()
        if headline or anchor != "headline"
    )
    return f"<nav>{links}</nav>"


def _heading(anchor: str) -> str:
    """The ``h2`` of a section, with its anchor."""
    return f'<h2 id="{anchor}">{escape(_(SECTIONS[anchor]))}</h2>'


def run_report(folder: Path) -> str:
    """The HTML page of one run folder (one holding summary.json), in the language chosen."""
    summary = shown_summary(read_result(folder / SUMMARY, SUMMARY_SHAPE))
    org = summary.get("org") or _("office")
    structures = summary.get("structures", {})
    alternatives = len(summary.get("paired_differences", {}))
    headline = headline_html(summary)
    title = _("orgsim report: {org}").format(org=org)
    lead = _(
        "Compares {structures} over {replications} replications, with "
        "<strong>{baseline}</strong> as the baseline. Folder: <code>{folder}</code>"
    ).format(
        structures=names(list(structures)),
        replications=escape(str(summary.get("replications", "?"))),
        baseline=escape(str(summary.get("baseline") or "")),
        folder=escape(str(folder.resolve())),
    )
    compared = _(
        "The same stream of matters is run through each structure. Required utilisation "
        "is the smallest possible load of the busiest staff member given posts and skills; "
        "at 1 or more the structure cannot keep up."
    )
    results = _("Mean over the replications and its {level} Student-t interval. {units}")
    paired = _(
        "Alternative minus baseline, replication by replication; p from a paired t-test, "
        "Holm-adjusted over the alternatives for each metric."
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{lead}</p>',
        _nav(bool(headline)),
        status_warning(folder),
        *([_heading("headline"), *headline] if headline else []),
        _heading("compared"),
        f"<p>{compared}</p>",
        _structures_table(summary),
        settings_table(summary, [(N_("baseline structure"), summary.get("baseline") or "")]),
        _heading("verdicts"),
        significance_note(alternatives, confidence_of(summary)) if alternatives else "",
        direction_note(),
        *verdict_section(summary),
        _heading("metrics"),
        f"<p>{results.format(level=level_of(summary), units=_units_sentence(summary))}</p>",
        *_metric_tables(summary),
        _heading("differences"),
        f"<p>{paired}</p>",
        *(_difference_tables(summary) or [_paragraph(_("No alternative to compare."))]),
        _heading("types"),
        *_type_section(summary),
        _heading("figures"),
        *(figures(folder, level_of(summary)) or [_paragraph(_("No figures in this folder."))]),
        _heading("reproduce"),
        *reproduce(folder, summary, _(SEEDS_NOTE)),
    ]
    return page(title, body)
