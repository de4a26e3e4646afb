"""The calibrated org file: YAML that ``orgsim org=FILE`` runs, and where each number came from.

Every estimate is written with a comment above it naming its records, period, count and
fit, and each matter type's ``description`` repeats the one-line source, so the
provenance survives when the file is loaded and re-dumped. The header states the method
(calendar, conversion to working hours) and lists every bad record by row.
"""

from __future__ import annotations

from typing import Any

import yaml

from orgsim.analysis.calibration.arrivals import week_profile_note
from orgsim.analysis.calibration.case_log import PROBLEMS
from orgsim.analysis.calibration.estimate import KEEP_SHARE, Calibration

#: Bad rows listed by number in the header, per problem (all of them go to --rejects).
ROWS_LISTED = 30


def _dump(data: dict[str, Any], indent: int, flow_leaves: bool = True) -> list[str]:
    """YAML lines; with ``flow_leaves`` a mapping or list of plain values stays on one line."""
    text = yaml.safe_dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None if flow_leaves else False,
        width=10_000,
    )
    return [" " * indent + line for line in text.rstrip("\n").splitlines()]


def _significant(value: float) -> float:
    return float(f"{value:.6g}")


def _matter_type(cal: Calibration, name: str) -> tuple[dict[str, Any], list[str]]:
    arrival = cal.arrivals[name]
    comments = [f"{name}: {arrival.describe()}", arrival.day.note, arrival.week.note, *arrival.gaps]
    body: dict[str, Any] = {"arrival_rate": _significant(arrival.rate)}
    steps = cal.workflows.get(name, [])
    if steps:
        body["steps"] = {}
        for step in steps:
            fit = cal.services[(name, step)]
            comments.append(f"step {step}: {fit.describe()}")
            skill = cal.skills[(name, step)]
            body["steps"][step] = {"service": fit.service()}
            if skill != step:
                body["steps"][step] = {"skill": skill, **body["steps"][step]}
    else:
        fit = cal.services[(name, "")]
        comments.append(f"handling: {fit.describe()}")
        body["service"] = fit.service()
    if steps and name in cal.kept:
        share = cal.kept[name]
        keep = share >= KEEP_SHARE
        comments.append(
            f"ownership {'keep' if keep else 'pass'}: {share:.0%} of consecutive steps by the "
            f"same person ({'at least' if keep else 'under'} {KEEP_SHARE:.0%})"
        )
        body["ownership"] = "keep" if keep else "pass"
    profiles = {}
    per_day = cal.calendar.hours_per_day
    if arrival.day.adopted and arrival.day.multipliers:
        profiles["day"] = {"period": per_day, "multipliers": list(arrival.day.multipliers)}
    if arrival.week.adopted and arrival.week.multipliers:
        profiles["week"] = {
            "period": per_day * len(cal.calendar.days),
            "multipliers": list(arrival.week.multipliers),
        }
    if profiles:
        body["profiles"] = profiles
    body["description"] = (
        f"calibrated: {arrival.count} received, {arrival.describe().split(': ', 1)[1]}"
    )
    return body, comments


def _header(cal: Calibration, name: str) -> list[str]:
    log, calendar = cal.log, cal.calendar
    counts = log.problem_counts()
    open_cases = int((log.sound.started.isna() | log.sound.finished.isna()).sum())
    lines = [
        f"{name}: calibrated from the case log {log.source}",
        f"period {calendar.first_day} to {calendar.last_day}: {len(calendar.open_dates())} open "
        f"days, {calendar.working_hours:g} working hours",
        f"records: {len(log.rows)} rows ({'one per step' if log.per_step else 'one per matter'}), "
        f"{len(log.arrivals)} cases received, {len(log.finished_work)} sound rows with a start "
        f"and a finish, {open_cases} open (no start or finish: arrivals only)",
        f"columns read: {', '.join(f'{f}={c}' for f, c in log.columns.items())}",
        "",
        "Time unit: one working hour. Every timestamp was converted to working time with the",
        "calendar below: the opening hours between the first day's start and the timestamp",
        "(a timestamp outside opening hours counts from the next opening).",
        f"calendar: {calendar.describe()}",
        *(f"  {note}" for note in calendar.notes),
    ]
    if calendar.closed:
        lines.append(f"  closed days: {', '.join(map(str, calendar.closed))}")
    lines.append("")
    if counts:
        lines.append(
            "bad records (kept out of the estimates that need the bad field; arrivals still "
            "count rows whose id, type and received time are sound):"
        )
        for problem in PROBLEMS:
            if problem in counts:
                rows = log.rows[log.rows.problem == problem].row.tolist()
                shown = ", ".join(map(str, rows[:ROWS_LISTED]))
                more = f", ... ({len(rows) - ROWS_LISTED} more)" if len(rows) > ROWS_LISTED else ""
                lines.append(f"  {problem}: {counts[problem]} rows: {shown}{more}")
    else:
        lines.append("bad records: none")
    lines.append("")
    lines.append(week_profile_note(calendar))
    return lines


def render_office(cal: Calibration, name: str) -> str:
    """The org file's text."""
    out = [f"# {line}" if line else "#" for line in _header(cal, name)]
    top = {
        "name": name,
        "description": f"the office as its records show it ({cal.calendar.first_day} to "
        f"{cal.calendar.last_day})",
        "source": f"calibrated from {cal.log.source}: {len(cal.log.arrivals)} cases, "
        f"{cal.calendar.working_hours:g} working hours",
        "time_unit": "working hour",
        "policy": cal.staffing.policy,
    }
    out += [
        "",
        *_dump(top, 0, flow_leaves=False),
        "",
        "# Matter types (事项): rates per working hour; service in working hours.",
        "matter_types:",
    ]
    for matter_type in cal.arrivals:
        body, comments = _matter_type(cal, matter_type)
        out += [f"  # {c}" for c in comments]
        out += _dump({matter_type: body}, 2)
    out += [
        "",
        "# Sections (科室): each owns the work most of its people's records are of.",
        "sections:",
    ]
    out += _dump({s: {"handles": works} for s, works in cal.staffing.sections.items()}, 2)
    out += [
        "",
        "# Staff: skills from each person's records (speed 1.0 unless it differs at 1%).",
        "staff:",
    ]
    for person in cal.staffing.people:
        entry: dict[str, Any] = {"section": person.section, "skills": person.skills}
        if person.a_post != person.section:
            entry["a_post"] = person.a_post
        if person.b_post:
            entry["b_post"] = person.b_post
        out.append(f"  # {person.name}: {person.describe()}")
        out += _dump({person.name: entry}, 2)
    if cal.staffing.notes:
        out += ["", "# Left out of the model (from the staffing rules):"]
        out += [f"#   {note}" for note in cal.staffing.notes]
    return "\n".join(out) + "\n"
