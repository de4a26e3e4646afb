"""The brief's "assumptions and where they came from": what the run took as given, and why.

A decision maker who quotes a verdict must be able to say what it rests on: how much work
arrives, who does it in which structure, how long the office was simulated and how often,
how sure the intervals are, and what size of change counts at all. Each comes from the
run's own record (summary.json and config.yaml), and the sources from the office's org
file: its ``source`` line and the notes at its top (:mod:`.org_notes`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.metric_registry import PracticalError, practical_settings
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.report.display import engine_word
from orgsim.analysis.report.folders import ReportInputError
from orgsim.analysis.report.formatting import fmt, level_of, plain, plural, present
from orgsim.analysis.report.headline import CARD_METRICS
from orgsim.analysis.report.html import Html, table
from orgsim.analysis.report.org_notes import OrgNotes, read_notes, run_org_file
from orgsim.analysis.robustness_tables import band_words, practical_record

#: The metrics whose smallest difference that matters the brief states (the card's).
BAND_METRICS = CARD_METRICS
#: The most assumptions of the org file quoted; the rest are counted and left to the file.
MOST_ASSUMPTIONS = 6


def _lines(items: list[str]) -> Html:
    """Escaped lines, one under the other, in one table cell."""
    return Html("<br>".join(escape(item) for item in items))


def _demand(config: dict[str, Any], unit: str) -> str:
    org = config.get("org") or {}
    types = org.get("matter_types") or {}
    rate = sum(float(t.get("arrival_rate") or 0) for t in types.values() if isinstance(t, dict))
    workload = config.get("workload") or {}
    scale = present(workload.get("arrival_scale"))
    text = _("{n} matter types, {rate} matters per {unit} in all, as the office file gives").format(
        n=len(types), rate=fmt(rate), unit=unit
    )
    if scale is not None and scale != 1:
        text += _(", times {scale} (arrival scale)").format(scale=fmt(scale))
    target = present(workload.get("target_load"))
    if target is not None:
        text += _(", scaled so the baseline's load is {load}").format(load=fmt(target))
    return text


def _structure_line(name: str, info: dict[str, Any], baseline: str) -> str:
    load = present(info.get("required_utilisation"))
    sections, staff = info.get("sections", "?"), info.get("staff", "?")
    text = _("{name}: {sections}, {staff}, required utilisation {load}").format(
        name=name,
        sections=_("1 section") if sections == 1 else _("{n} sections").format(n=sections),
        staff=_("1 staff member") if staff == 1 else _("{n} staff").format(n=staff),
        load=fmt(load) if load is not None else "n/a",
    )
    if name == baseline:
        text += _(" (baseline)")
    description = str(info.get("description") or "")
    if not description:
        return text
    return f"{text}{'：' if in_chinese() else ': '}{description}"


def _amount(value: float, unit: str) -> str:
    """``1 working hour``, ``8 working hours``: a time with its unit word."""
    shown = fmt(value)
    return f"{shown} {unit if shown == '1' else plural(unit)}"


def _mean_of(distribution: Any) -> float | None:
    return present(distribution.get("mean")) if isinstance(distribution, dict) else None


def _frictions(config: dict[str, Any], unit: str) -> list[str]:
    """The office-wide delays, rework and absences the file sets (none when it sets none)."""
    org = config.get("org") or {}
    out = []
    handoff = _mean_of(org.get("handoff_delay"))
    if handoff:
        out.append(
            _("handoff between sections: {amount} on average").format(amount=_amount(handoff, unit))
        )
    consultation = _mean_of(org.get("consultation_delay"))
    if consultation:
        out.append(
            _("transfer or consultation between units: {amount} on average").format(
                amount=_amount(consultation, unit)
            )
        )
    rework = present(org.get("rework_probability"))
    if rework:
        out.append(
            _("sent back at a section boundary: {share} of crossings").format(
                share=f"{100 * rework:g}%"
            )
        )
    absence = present((org.get("absence") or {}).get("rate"))
    if absence:
        out.append(_("absences: {rate} per person per {unit}").format(rate=fmt(absence), unit=unit))
    return out


def _bands(config: dict[str, Any]) -> list[str]:
    """Each card metric's smallest difference that matters, noting the ones the run set."""
    given = {k: v for k, v in (config.get("practical") or {}).items() if v is not None}
    try:
        settings = practical_settings(given)
    except PracticalError as error:
        raise ReportInputError(f"config.yaml: {error}") from None
    out = []
    for metric in BAND_METRICS:
        found = metric_info(metric)
        if found is None:
            continue
        words = band_words(practical_record(settings[metric]), metric)
        set_here = metric in given or found.family in given
        line = _("{metric}: {band}").format(metric=found.shown_label, band=words)
        out.append(line + (_(" (set for this run)") if set_here else ""))
    return out


def assumed_table(summary: dict[str, Any], config: dict[str, Any]) -> str:
    """What the run took as given, one row per kind of assumption."""
    unit = engine_word(str(summary.get("time_unit") or "time unit"))
    units = plural(unit)
    baseline = str(summary.get("baseline") or "")
    structures = summary.get("structures") or {}
    rows: list[list[str]] = [
        [_("demand"), _demand(config, unit)],
        [
            _("structures"),
            _lines([_structure_line(n, i, baseline) for n, i in structures.items()]),
        ],
    ]
    frictions = _frictions(config, unit)
    if frictions:
        rows.append([_("delays and absences"), _lines(frictions)])
    rows += [
        [
            _("run length"),
            _("{horizon} {unit} simulated, the first {warmup} not measured (warm-up)").format(
                horizon=plain(summary.get("horizon")),
                unit=units,
                warmup=plain(summary.get("warmup")),
            ),
        ],
        [
            _("replications"),
            _(
                "{n} replications from seed {seed}; every structure faces the same matters "
                "(common random numbers)"
            ).format(n=summary.get("replications", "?"), seed=summary.get("seed", "?")),
        ],
        [_("intervals"), _("{level} confidence intervals").format(level=level_of(summary))],
        [_("smallest difference that matters"), _lines(_bands(config))],
    ]
    return table(_("What the run assumed"), [_("assumption"), _("as run")], rows)


def _notes_html(notes: OrgNotes) -> list[str]:
    out = []
    if notes.opening:
        quoted = "<br>".join(escape(line) for line in notes.opening)
        out.append(f'<blockquote class="notes">{quoted}</blockquote>')
    if notes.facts:
        out.append(
            "<p>{}</p>".format(
                escape(
                    _(
                        "The file quotes {n} facts from its source; everything else is assumed."
                    ).format(n=notes.facts)
                )
            )
        )
    if not notes.assumptions:
        out.append(
            "<p>{}</p>".format(
                escape(_("The file lists no assumptions of its own under ASSUMPTIONS."))
            )
        )
        return out
    shown = notes.assumptions[:MOST_ASSUMPTIONS]
    items = "".join(f"<li>{escape(item)}</li>" for item in shown)
    out.append(
        '<p>{}</p><ul class="notes">{}</ul>'.format(
            escape(_("What the file assumes, in its own words:")), items
        )
    )
    left = len(notes.assumptions) - len(shown)
    if left:
        out.append(
            "<p>{}</p>".format(escape(_("… and {n} more in the office file.").format(n=left)))
        )
    return out


def _calibrated(config: dict[str, Any]) -> str:
    types = (config.get("org") or {}).get("matter_types") or {}
    found = [
        name
        for name, t in types.items()
        if isinstance(t, dict) and str(t.get("description") or "").startswith("calibrated")
    ]
    if not found:
        return ""
    return "<p>{}</p>".format(
        escape(
            _(
                "{n} of {total} matter types were estimated from the office's case log; each "
                "one's description in the office file says from how many records."
            ).format(n=len(found), total=len(types))
        )
    )


def sources(folder: Path, summary: dict[str, Any], config: dict[str, Any]) -> list[str]:
    """Where the office's numbers came from: the source line, the file and its notes."""
    org = config.get("org") or {}
    source = str(org.get("source") or "").strip()
    out = [
        "<p>{}</p>".format(
            _("Source of the facts: {source}").format(source=f"<strong>{escape(source)}</strong>")
            if source
            else escape(
                _(
                    "The office file names no source; add a source: line saying where its "
                    "facts come from."
                )
            )
        )
    ]
    path = run_org_file(folder, config)
    office = str(summary.get("org") or org.get("name") or "")
    notes = read_notes(path, office) if path is not None else None
    if notes is None:
        out.append(
            "<p>{}</p>".format(
                escape(
                    _(
                        "The office file the run used is not at hand (moved, or since changed "
                        "to another office), so its notes are not quoted here."
                    )
                )
            )
        )
    else:
        where = f"<code>{escape(notes.path)}</code>"
        out.append("<p>{}</p>".format(_("Office file: {path}").format(path=where)))
        out += _notes_html(notes)
    out.append(_calibrated(config))
    return [part for part in out if part]
