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

from orgsim.analysis.i18n import _, in_chinese
from orgsim.analysis.report.display import engine_word
from orgsim.analysis.report.folders import STAFFING
from orgsim.analysis.report.formatting import (
    fmt,
    fmt_percent,
    fmt_percent_interval,
    level_of,
    plural,
    present,
)
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.provenance import settings_table
from orgsim.analysis.report.search_page import (
    search_display,
    search_page,
    search_settings,
    shown_target,
)
from orgsim.analysis.report.shapes import STAFFING_SHAPE, read_result
from orgsim.analysis.search_tables import WHOLE, who_changes
from orgsim.analysis.units import Display


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
    return (_("{n} person") if n == 1 else _("{n} people")).format(n=n)


def _attainment(value: dict[str, Any] | None) -> str | None:
    """The share done in time as ``mean [interval]``; None when nothing was run."""
    if not value or not value.get("n"):
        return None
    low, high = value.get("ci_low"), value.get("ci_high")
    return f"{fmt_percent(value.get('mean'))} {fmt_percent_interval(low, high)}"


def _one_fewer(row: dict[str, Any]) -> str:
    needed = row.get("needed_staff")
    if needed is None:
        return _("n/a")
    if needed <= 1:
        return _("n/a (nobody)")
    shown = _attainment(row.get("attainment_one_fewer"))
    return _("not run: overloaded") if shown is None else shown


def _change(needed: int | None, current: int) -> str:
    if needed is None:
        return _("n/a")
    return _("as now") if needed == current else fmt(needed - current, signed=True)


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
    for structure, (now, needed) in _totals(results).items():
        if needed is None:
            kind, big = "worse", _("not reached")
            words = (
                _("The target is missed in at least one section even with {most}.")
                if per_section
                else _("The target is missed even with {most}.")
            ).format(most=most)
        elif needed > now:
            kind, big = "worse", _people(needed)
            words = _(
                "{more} more than the {now} there now; today's staff miss the target."
            ).format(more=needed - now, now=now)
        elif needed < now:
            kind, big = "better", _people(needed)
            words = _("{fewer} fewer than the {now} there now would still meet the target.").format(
                fewer=now - needed, now=now
            )
        else:
            kind, big = "better", _people(needed)
            words = _("The {now} there now are just enough: one fewer misses the target.").format(
                now=now
            )
        shown = _("{structure}: {verdict}").format(  # the sentence has no markup of its own
            structure=f"<strong>{escape(structure)}</strong>", verdict=escape(words)
        )
        found.append((kind, big, f"<p>{shown}</p>"))
    return cards(found) if found else "<p>{}</p>".format(_("No result in staffing.json."))


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
                _("whole structure") if section == WHOLE else section,
                _count(row.get("current_staff")),
                _("not reached") if needed is None else _count(needed),
                _change(needed, int(row.get("current_staff") or 0)),
                _who(row),
                _attainment(row.get("attainment")) or _("n/a"),
                _one_fewer(row),
            ]
        )
        classes.append("")
        last = i + 1 == len(results) or results[i + 1]["structure"] != row["structure"]
        if per_section and last and sections[row["structure"]] > 1:
            now, found = totals[row["structure"]]
            shown = _("not reached") if found is None else str(found)
            total = [strong(row["structure"]), _("all sections"), str(now), shown]
            rows.append([*total, _change(found, now), "", "", ""])
            classes.append("total")
    return table(
        _(
            "Staff needed for the target, against the staff there now; share done in time as "
            "mean [{level} interval]"
        ).format(level=level),
        [
            _("structure"),
            _("section"),
            _("staff now"),
            _("staff needed"),
            _("change"),
            _("who"),
            _("in time with the staff needed"),
            _("in time with one fewer"),
        ],
        rows,
        numeric=(2, 3, 4, 6, 7),
        row_classes=classes,
    )


def _units_note(info: dict[str, Any], display: Display | None) -> list[str]:
    """Which unit the deadline is in, when the office reads it in its own."""
    if display is None:
        return []
    text = _(
        "The deadline is in {time}, converted from the simulation's {engine} with the "
        "office's working calendar (the search's files keep the simulation's unit)."
    ).format(
        time=plural(display.time_word),
        engine=plural(engine_word(str(info.get("time_unit") or "hour"))),
    )
    return [f"<p>{escape(text)}</p>"]


def _rule(info: dict[str, Any]) -> str:
    """When a count passes: on the mean, or on the lower end of the interval."""
    rule = str(info.get("rule") or "the mean")
    if not in_chinese():
        return rule
    if rule == "the mean":
        return _("the mean")
    return _("the lower end of the {level} interval").format(level=level_of(info))


def staffing_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a staffing search folder (one holding staffing.json).

    The deadline is in the office's unit when its org sets ``display_unit`` (recorded in
    staffing.json, else read from the folder's saved config.yaml).

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
    settings = search_settings(folder, "staffing")
    display = search_display(folder, info)
    target = shown_target(info, settings.get("share"), settings.get("deadline"), display)
    rule = _rule(info)
    n = info.get("replications", "?")
    most = present(settings.get("most"))
    most_words = _("the most people allowed") if most is None else _people(int(most))
    scope = _("each section on its own") if per_section else _("each structure as a whole")
    values = {
        "scope": escape(scope),
        "target": escape(target),
        "rule": escape(rule),
        "n": escape(str(n)),
    }
    searched = [
        "<p>{}</p>".format(
            _(
                "For {scope}, the search looks for the <strong>fewest people</strong> that get "
                "<strong>{target}</strong>. People are removed one at a time, each time the one "
                "whose absence costs the office least carrying power (the lowest load left on "
                "the busiest person, ties by name), or added as copies of the person whose copy "
                "adds most; the order of the staff list plays no part, and the table names who "
                "goes or comes. A count passes when {rule} of the share done in time over the "
                "{n} replications reaches the target. Counts at which the staff could not keep "
                "up even when busy all the time (overloaded) are not run."
            ).format(**values)
        ),
        settings_table(
            info,
            [
                (
                    _("search"),
                    _("staffing: the fewest people meeting the target, for {scope}").format(
                        scope=scope
                    ),
                ),
                (_("target"), target),
                (
                    _("a count passes when"),
                    _("{rule} reaches the target").format(rule=rule),
                ),
                (_("the search stops at"), most_words),
            ],
            caption=_("What was searched"),
        ),
    ]
    needed = [
        "<p>{}</p>".format(
            _(
                "The share done in time is given with the people needed and with one fewer, "
                "so you can see how close the next smaller count came. Intervals are Student-t "
                "intervals over few replications and can reach past 100%."
            )
        ),
        *_units_note(info, display),
        _staffing_table(results, per_section, level_of(info)),
    ]
    files = {
        "staffing.md": _("the staffing table as Markdown"),
        STAFFING: _("everything on this page, as numbers"),
        "staffing.parquet": _("the share done in time for every count tried, per replication"),
        "staffing.svg": _("the figure, for printing"),
    }
    lead = escape(
        _(
            "The fewest people that get {target}, for {scope}; judged on {rule} of {n} "
            "replications."
        ).format(target=target, scope=scope, rule=rule, n=n)
    )
    sections = [
        (
            "verdict",
            _("Verdict"),
            _("How many people are needed?"),
            [_cards(results, most_words, per_section)],
        ),
        ("searched", _("What was searched"), _("What was searched"), searched),
        (
            "staff",
            _("Staff needed"),
            _("Staff needed section by section") if per_section else _("Staff needed"),
            needed,
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
