"""A filled workbook's tables into an org file's content, with every conversion explained.

Counts per period become arrival rates per working hour, times in minutes, hours or working
days become working hours, and each conversion is kept as a note (with the cell it came
from) for the comments of the org file. Every problem is one line naming the cell and the
fix; the office is then checked as ``orgsim`` would check it, and an error found there is
traced back to the cell it came from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from orgsim.analysis import units
from orgsim.analysis.units import WorkCalendar, number_text
from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.office import layout
from orgsim.experiments.office.tables import (
    Cell,
    OfficeError,
    Row,
    Table,
    choice,
    names,
    number,
    required_text,
    text,
)
from orgsim.experiments.office.typed_org import typed_org
from orgsim.experiments.office.vocabulary import (
    ARRANGEMENT,
    B_RULE,
    BOOLEAN,
    BORROW_RULE,
    CHANGE,
    DISPLAY_UNIT,
    DISTRIBUTION,
    DURATION,
    ON_INTERRUPT,
    OWNERSHIP,
    PERIOD,
    POLICY,
    THROUGHPUT_PER,
)

#: Top-level keys whose entries are records, written after the office's settings.
_RECORDS = ("matter_types", "sections", "staff", "structures")
#: How results are shown and the working calendar, written after the engine's settings.
_DISPLAY = (
    "display_unit",
    "throughput_per",
    "hours_per_working_day",
    "working_days_per_week",
    "working_days_per_year",
)


@dataclass
class Imported:
    """An office read from a workbook.

    Attributes:
        org: the org file's content, keys in the order they are written.
        notes: org path (``matter_types.permit``) -> comment lines written above it.
        places: org path -> the cell it came from, to name it in later errors.
        calendar: the working calendar used for the conversions.
        lang: the workbook's language (``zh`` or ``en``).
    """

    org: dict[str, Any]
    notes: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    lang: str = "en"

    def note(self, path: str, line: str) -> None:
        """Add a comment line above ``path`` in the org file."""
        self.notes.setdefault(path, []).append(line)


def _lang(tables: dict[str, Table]) -> str:
    return "zh" if any(not t.name.isascii() for t in tables.values()) else "en"


def _unique(table: Table, key: str, what: str) -> dict[str, Row]:
    """Rows by their name in column ``key``; OfficeError for a blank or repeated name."""
    found: dict[str, Row] = {}
    for row in table.rows:
        cell = row[key]
        name = required_text(cell, f"the {what}'s name")
        if name in found:
            raise cell.fail(
                f'"{name}" is listed twice (also row {found[name].number})',
                f"give each {what} a different name",
            )
        found[name] = row
    return found


def _new_entry(
    row: Any, matters: dict[str, Any], key: str, kind: str, example: str
) -> tuple[str, str, dict[str, Any]]:
    """A row naming a matter type and a new ``kind`` of it: (matter, name, where it goes)."""
    matter = _known(
        row["matter"], required_text(row["matter"], "the matter type"), matters, "matter type"
    )
    name = required_text(row["name"], f"a name for the {kind}, such as {example}")
    entries = matters[matter].setdefault(key, {})
    if name in entries:
        raise row["name"].fail(f'"{name}" is a {kind} of {matter} twice', "rename one")
    return matter, name, entries


def _known(cell: Cell, value: str, allowed: list[str] | dict[str, Any], what: str) -> str:
    """``value`` if it is among ``allowed``; OfficeError listing them otherwise."""
    if value not in allowed:
        listed = ", ".join(list(allowed)[:30]) + (", ..." if len(allowed) > 30 else "")
        raise cell.fail(f'"{value}" is not a {what}', f"{what}s are: {listed}")
    return value


class _Reader:
    """Builds the org content sheet by sheet, keeping notes and cell places."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.lang = _lang(tables)
        self.out = Imported(org={}, lang=self.lang)
        self.calendar = WorkCalendar()
        self.step_notes: dict[str, list[str]] = {}
        # the units handling times are written in (matters and steps), for display_unit
        self.handling_units: Counter[str] = Counter()
        self.display_cell: Cell | None = None

    # -- small helpers ---------------------------------------------------------------------

    def header(self, sheet: layout.Sheet, key: str) -> str:
        return sheet.column(key).header(self.lang)

    def place(self, path: str, cell: Cell) -> None:
        self.out.places[path] = cell.ref

    def duration(
        self, value: Cell, unit: Cell, *, positive: bool = True, example: str = "30"
    ) -> tuple[float, str] | None:
        """A duration in working hours and how it was converted, or None if blank."""
        amount = number(value, example, positive=positive)
        if amount is None:
            if not unit.blank:
                raise value.fail(f"empty, but a unit is given in {unit.ref}", "give the amount")
            return None
        which = choice(unit, DURATION, self.lang)
        if which is None:
            raise unit.fail("empty", f"give the unit: {', '.join(DURATION.listed(self.lang))}")
        return (
            units.hours(amount, which, self.calendar),
            units.hours_explained(amount, which, self.calendar),
        )

    def service(
        self, row: Row, time: str = "time", unit: str = "time_unit"
    ) -> tuple[dict[str, Any], str] | None:
        """A service time {distribution, mean, cv} from a row's time columns, or None."""
        found = self.duration(row[time], row[unit])
        if found is None:
            for key in ("distribution", "cv"):
                if not row[key].blank:
                    raise row[time].fail(
                        f"empty, but {row[key].ref} is given", "give the mean time too"
                    )
            return None
        mean, explained = found
        distribution = choice(row["distribution"], DISTRIBUTION, self.lang) or "exponential"
        cv = number(row["cv"], "0.8", positive=True)
        service: dict[str, Any] = {"distribution": distribution, "mean": mean}
        if cv is not None:
            service["cv"] = cv
        elif distribution in ("lognormal", "gamma"):
            raise row["cv"].fail(
                f"empty, but a {DISTRIBUTION.word(distribution, self.lang)} time needs a spread",
                "give the standard deviation / mean, such as 0.8",
            )
        return service, explained

    # -- sheets ----------------------------------------------------------------------------

    def read_calendar(self) -> None:
        table = self.tables.get("calendar")
        values = {}
        if table is not None:
            rows = table.settings(layout.CALENDAR_SETTINGS)
            for key, most, example in (
                ("hours_per_day", 24, "8"),
                ("days_per_week", 7, "5"),
                ("days_per_year", 366, "250"),
            ):
                if key in rows:
                    found = number(rows[key]["value"], example, positive=True, at_most=most)
                    if found is not None:
                        values[key] = found
        self.calendar = WorkCalendar(**values)
        self.out.calendar = self.calendar
        org, c = self.out.org, self.calendar
        org["hours_per_working_day"] = c.hours_per_day
        org["working_days_per_week"] = c.days_per_week
        org["working_days_per_year"] = c.days_per_year
        sheet = layout.CALENDAR.name(self.lang)
        self.out.note(
            "hours_per_working_day",
            f"working calendar [{sheet}]: {number_text(c.hours_per_day)} h a working day, "
            f"{number_text(c.days_per_week)} working days a week, "
            f"{number_text(c.days_per_year)} a year (counts and times in, results out)",
        )

    def read_office(self) -> None:
        org = self.out.org
        table = self.tables.get("office")
        rows = table.settings(layout.OFFICE_SETTINGS) if table is not None else {}
        for key in ("name", "description", "source"):
            if key in rows and (value := text(rows[key]["value"])) is not None:
                org[key] = value
        org["time_unit"] = "working hour"
        for key, choices in (("policy", POLICY), ("b_rule", B_RULE)):
            if key in rows and (found := choice(rows[key]["value"], choices, self.lang)):
                org[key] = found
                self.place(key, rows[key]["value"])
        if "b_threshold" in rows:
            threshold = number(rows["b_threshold"]["value"], "3", positive=True, integer=True)
            if threshold is not None:
                org["b_threshold"] = int(threshold)
        if "coordination_cost" in rows:
            cost = number(rows["coordination_cost"]["value"], "0.02")
            if cost is not None:
                org["coordination_cost"] = cost
        for key in ("handoff_delay", "consultation_delay"):
            if key in rows:
                read = self.service(rows[key], time="value", unit="unit")
                if read is not None:
                    org[key], explained = read
                    self.place(key, rows[key]["value"])
                    self.out.note(key, f"{key}: {explained} [{rows[key]['value'].address}]")
        absence: dict[str, Any] = {}
        if "absence_rate" in rows:
            row = rows["absence_rate"]
            count = number(row["value"], "10")
            if count is not None:
                period = choice(row["unit"], PERIOD, self.lang)
                if period is None:
                    raise row["unit"].fail(
                        "empty", f"give the period: {', '.join(PERIOD.listed(self.lang))}"
                    )
                absence["rate"] = units.rate_per_hour(count, period, self.calendar)
                self.place("absence.rate", row["value"])
                self.out.note(
                    "absence",
                    f"absences: {units.rate_explained(count, period, self.calendar)} per person "
                    f"[{row['value'].address}]",
                )
        if "absence_duration" in rows:
            read = self.service(rows["absence_duration"], time="value", unit="unit")
            if read is not None:
                absence["duration"], explained = read
                self.out.note("absence", f"duration: {explained}")
        if "on_interrupt" in rows and (
            found := choice(rows["on_interrupt"]["value"], ON_INTERRUPT, self.lang)
        ):
            absence["on_interrupt"] = found
        if absence:
            org["absence"] = absence
        self.read_rework(rows)
        if "throughput_per" in rows and (
            per := choice(rows["throughput_per"]["value"], THROUGHPUT_PER, self.lang)
        ):
            org["throughput_per"] = per
            self.place("throughput_per", rows["throughput_per"]["value"])
        if "display_unit" in rows:
            self.display_cell = rows["display_unit"]["value"]

    def read_rework(self, rows: dict[str, Row]) -> None:
        """Rework at boundaries (推诿扯皮) of the office as it is now."""
        org = self.out.org
        if "rework_probability" in rows:
            cell = rows["rework_probability"]["value"]
            if (chance := send_back_share(cell)) is not None:
                org["rework_probability"] = chance
                self.place("rework_probability", cell)
        if "rework_share" in rows:
            cell = rows["rework_share"]["value"]
            if (share := rework_share(cell)) is not None:
                org["rework_share"] = share
                self.place("rework_share", cell)
        if "rework_sign_offs" in rows:
            cell = rows["rework_sign_offs"]["value"]
            if (found := choice(cell, BOOLEAN, self.lang)) is not None:
                org["rework_sign_offs"] = found == "true"
                self.place("rework_sign_offs", cell)

    def read_display(self) -> None:
        """The unit results are shown in: the office sheet's, else its handling times' unit."""
        cell = self.display_cell
        found = choice(cell, DISPLAY_UNIT, self.lang) if cell is not None else None
        if found == "none":
            return
        if found is not None and cell is not None:
            self.out.org["display_unit"] = found
            self.place("display_unit", cell)
            return
        if not self.handling_units:
            return
        # the most common unit of the handling times; a tie goes to the longer unit
        order = list(units.DURATION_UNITS)
        common = max(self.handling_units.items(), key=lambda item: (item[1], order.index(item[0])))
        unit = next(d for d, u in units.DISPLAY_UNITS.items() if u == common[0])
        self.out.org["display_unit"] = unit
        label = next(s for s in layout.OFFICE_SETTINGS if s.key == "display_unit").label(self.lang)
        self.out.note(
            "display_unit",
            f"display_unit: {label} is blank, so results show times in {units.UNIT_WORDS[unit]}s, "
            f"the unit {common[1]} of {sum(self.handling_units.values())} handling times are "
            "written in",
        )

    def read_matters(self) -> None:
        table = self.tables["matters"]
        steps = self.read_steps(set(_unique(table, "name", "matter type")))
        matters: dict[str, Any] = {}
        for row in table.rows:
            name = required_text(row["name"], "the matter type's name")
            path = f"matter_types.{name}"
            self.place(path, row["name"])
            entry: dict[str, Any] = {}
            count = number(row["count"], "1200")
            if count is None:
                raise row["count"].fail(
                    "empty", "give the number of matters per period (0 if it only comes in batches)"
                )
            period = choice(row["period"], PERIOD, self.lang)
            if period is None:
                raise row["period"].fail(
                    "empty",
                    f"say what the count is per: {', '.join(PERIOD.listed(self.lang)[:4])}",
                )
            entry["arrival_rate"] = units.rate_per_hour(count, period, self.calendar)
            self.place(f"{path}.arrival_rate", row["count"])
            self.out.note(
                path,
                f"{name}: {units.rate_explained(count, period, self.calendar)} "
                f"[{row['count'].address}]",
            )
            read = self.service(row)
            if read is not None:
                entry["service"], explained = read
                self.handling_units[choice(row["time_unit"], DURATION, self.lang) or "hour"] += 1
                self.place(f"{path}.service", row["time"])
                self.out.note(path, f"  handling time: {explained}")
            elif name not in steps:
                raise row["time"].fail(
                    "empty",
                    f"give the handling time, or the matter's steps in the "
                    f"{layout.STEPS.name(self.lang)} sheet",
                )
            deadline = number(row["deadline"], "5", positive=True)
            if deadline is not None:
                entry["deadline"] = units.hours(deadline, "day", self.calendar)
                self.place(f"{path}.deadline", row["deadline"])
                self.out.note(
                    path, f"  deadline: {units.hours_explained(deadline, 'day', self.calendar)}"
                )
            if name in steps:
                entry["steps"] = steps[name]
                for line in self.step_notes[name]:
                    self.out.note(path, line)
            priority = row["priority"]
            if not priority.blank:
                entry["priority"] = int(_signed_integer(priority))
            if (label := text(row["priority_class"])) is not None:
                entry["priority_class"] = label
            if (own := choice(row["ownership"], OWNERSHIP, self.lang)) is not None:
                entry["ownership"] = own
            if (about := text(row["description"])) is not None:
                entry["description"] = about
            matters[name] = entry
        self.read_profiles(matters)
        self.read_batches(matters)
        self.read_escalation(matters)
        self.out.org["matter_types"] = matters

    def read_steps(self, matter_names: set[str]) -> dict[str, dict[str, Any]]:
        table = self.tables.get("steps")
        found: dict[str, dict[str, Any]] = {}
        rows_of: dict[tuple[str, str], int] = {}
        for row in table.rows if table is not None else []:
            matter = required_text(row["matter"], "the matter type this step belongs to")
            _known(row["matter"], matter, sorted(matter_names), "matter type")
            step = required_text(row["step"], "the step's name")
            if (matter, step) in rows_of:
                raise row["step"].fail(
                    f'"{step}" is a step of {matter} twice (also row {rows_of[matter, step]})',
                    "give each step of a matter type a different name",
                )
            rows_of[matter, step] = row.number
            path = f"matter_types.{matter}.steps.{step}"
            self.place(path, row["step"])
            entry: dict[str, Any] = {}
            if (skill := text(row["skill"])) is not None:
                entry["skill"] = skill
            read = self.service(row)
            if read is None:
                raise row["time"].fail("empty", "give the step's handling time")
            entry["service"], explained = read
            self.handling_units[choice(row["time_unit"], DURATION, self.lang) or "hour"] += 1
            self.step_notes.setdefault(matter, []).append(f"  step {step}: {explained}")
            approval = choice(row["approval"], BOOLEAN, self.lang)
            if approval == "true":
                entry["approval"] = True
            found.setdefault(matter, {})[step] = entry
        return found

    def read_profiles(self, matters: dict[str, Any]) -> None:
        table = self.tables.get("profiles")
        for row in table.rows if table is not None else []:
            matter, name, profiles = _new_entry(row, matters, "profiles", "profile", "day")
            period = self.duration(row["period"], row["period_unit"], example="8")
            if period is None:
                raise row["period"].fail("empty", "give the length of the repeating period")
            values = names(row["multipliers"])
            if not values:
                raise row["multipliers"].fail("empty", "give the multipliers, such as 1.5, 1, 0.5")
            multipliers = [number(Cell(row["multipliers"].ref, v), "1.2") for v in values]
            profiles[name] = {"period": period[0], "multipliers": multipliers}
            self.place(f"matter_types.{matter}.profiles.{name}", row["name"])
            self.out.note(f"matter_types.{matter}", f"  profile {name}: period {period[1]}")

    def read_batches(self, matters: dict[str, Any]) -> None:
        table = self.tables.get("batches")
        for row in table.rows if table is not None else []:
            matter, name, batches = _new_entry(row, matters, "batches", "batch", "inspection")
            every = self.duration(row["every"], row["every_unit"], example="20")
            if every is None:
                raise row["every"].fail("empty", "give the time between batches")
            size = number(row["size"], "12", positive=True, integer=True)
            if size is None:
                raise row["size"].fail("empty", "give the number of matters in each batch")
            start = number(row["start"], "0")
            entry: dict[str, Any] = {"every": every[0], "size": int(size)}
            start_note = ""
            if start is not None:
                unit = choice(row["every_unit"], DURATION, self.lang) or "hour"
                entry["start"] = units.hours(start, unit, self.calendar)
                start_note = f", first at {units.hours_explained(start, unit, self.calendar)}"
            batches[name] = entry
            self.place(f"matter_types.{matter}.batches.{name}", row["name"])
            self.out.note(
                f"matter_types.{matter}",
                f"  batch {name}: {int(size)} matters every {every[1]}{start_note}",
            )

    def read_escalation(self, matters: dict[str, Any]) -> None:
        """Supervision levels (督办升级): from so long after arrival, a higher priority."""
        table = self.tables.get("escalation")
        for row in table.rows if table is not None else []:
            matter = _known(
                row["matter"],
                required_text(row["matter"], "the matter type"),
                matters,
                "matter type",
            )
            level = required_text(row["level"], "the level's name, such as 红色督办")
            levels = matters[matter].setdefault("escalation", {})
            if level in levels:
                raise row["level"].fail(f'"{level}" is a level of {matter} twice', "rename one")
            after = self.duration(row["after"], row["after_unit"], example="3")
            if after is None:
                raise row["after"].fail(
                    "empty", "give how long after arrival a matter still open rises to this level"
                )
            if row["priority"].blank:
                raise row["priority"].fail(
                    "empty", "give the priority the matter rises to, above its own"
                )
            priority = _signed_integer(row["priority"])
            levels[level] = {"after": after[0], "priority": priority}
            where = f"matter_types.{matter}.escalation.{level}"
            self.place(where, row["level"])
            self.place(f"{where}.after", row["after"])
            self.place(f"{where}.priority", row["priority"])
            self.out.note(
                f"matter_types.{matter}",
                f"  escalation {level}: after {after[1]}, priority {priority}",
            )

    def work(self) -> list[str]:
        """Every kind of work a section may handle and a person may have as a skill."""
        found: list[str] = []
        for name, matter in self.out.org["matter_types"].items():
            if matter.get("steps"):
                for step_name, step in matter["steps"].items():
                    skill = step.get("skill", step_name)
                    if skill not in found:
                        found.append(skill)
            elif name not in found:
                found.append(name)
        return found

    def read_sections(self) -> None:
        table = self.tables["sections"]
        _unique(table, "name", "section")
        work = self.work()
        sections: dict[str, Any] = {}
        for row in table.rows:
            name = required_text(row["name"], "the section's name")
            entry: dict[str, Any] = {}
            if (unit := text(row["unit"])) is not None:
                entry["unit"] = unit
            handles = names(row["handles"])
            for item in handles:
                _known(row["handles"], item, work, "matter type or step skill")
            entry["handles"] = handles
            self.place(f"sections.{name}.handles", row["handles"])
            if (about := text(row["description"])) is not None:
                entry["description"] = about
            sections[name] = entry
            self.place(f"sections.{name}", row["name"])
        self.out.org["sections"] = sections

    def read_staff(self) -> None:
        table = self.tables["staff"]
        _unique(table, "name", "person")
        sections = list(self.out.org["sections"])
        staff: dict[str, Any] = {}
        for row in table.rows:
            name = required_text(row["name"], "the person's name")
            path = f"staff.{name}"
            self.place(path, row["name"])
            section = required_text(row["section"], "the section the person sits in")
            entry: dict[str, Any] = {
                "section": _known(row["section"], section, sections, "section")
            }
            self.place(f"{path}.section", row["section"])
            entry["skills"] = {}
            for key in ("a_post", "b_post"):
                if (post := text(row[key])) is not None:
                    entry[key] = _known(row[key], post, sections, "section")
                    self.place(f"{path}.{key}", row[key])
            absences = number(row["absences"], "10")
            if absences is not None:
                entry["absence_rate"] = units.rate_per_hour(absences, "year", self.calendar)
                self.out.note(
                    path,
                    f"{name}: absences {units.rate_explained(absences, 'year', self.calendar)} "
                    f"[{row['absences'].address}]",
                )
            count = number(row["count"], "3", positive=True, integer=True)
            if count is not None and count != 1:
                entry["count"] = int(count)
            staff[name] = entry
        self.out.org["staff"] = staff
        self.read_skills()

    def read_skills(self) -> None:
        staff = self.out.org["staff"]
        table = self.tables.get("skills")
        work = self.work()
        for row in table.rows if table is not None else []:
            person = _known(
                row["person"],
                required_text(row["person"], "a name from the staff sheet"),
                staff,
                "person",
            )
            skill = _known(
                row["skill"],
                required_text(row["skill"], "a matter type or step skill"),
                work,
                "matter type or step skill",
            )
            if skill in staff[person]["skills"]:
                raise row["skill"].fail(
                    f"{person} has {skill} twice", "keep one row for each person and skill"
                )
            speed = number(row["speed"], "1", positive=True)
            staff[person]["skills"][skill] = 1.0 if speed is None else speed
            self.place(f"staff.{person}.skills.{skill}", row["speed"])

    def read_plan(self) -> None:
        table = self.tables.get("plan")
        structures: dict[str, dict[str, Any]] = {}
        for row in table.rows if table is not None else []:
            name = required_text(row["structure"], "the alternative's name")
            structure = structures.setdefault(name, {})
            self.out.places.setdefault(f"structures.{name}", row["structure"].ref)
            change = choice(row["change"], CHANGE, self.lang)
            if change is None:
                raise row["change"].fail(
                    "empty", f"give the change: {', '.join(CHANGE.listed(self.lang))}"
                )
            _PlanRow(self, row, structure, f"structures.{name}").apply(change)
        for name, structure in structures.items():
            if "consolidate" in structure:
                structure["consolidate"] = self.consolidation(name, structure["consolidate"])
        if structures:
            self.out.org["structures"] = structures

    def consolidation(self, name: str, found: dict[str, Any]) -> dict[str, Any]:
        """A structure's consolidate {factor, into}, both given; OfficeError naming the row."""
        words = {k: CHANGE.word(k, self.lang) for k in ("consolidate", "consolidate_factor")}
        number_header = layout.PLAN.column("number").header(self.lang)
        places = self.out.places
        if "factor" not in found:
            raise OfficeError(
                f"{places[f'structures.{name}.consolidate.into']}: {words['consolidate']} is "
                f"given without a {words['consolidate_factor']} row for this alternative; add "
                f"one with the factor in {number_header}, such as 0.5 (half of the work is left)"
            )
        if "into" not in found:
            raise OfficeError(
                f"{places[f'structures.{name}.consolidate.factor']}: "
                f"{words['consolidate_factor']} is given, but no {words['consolidate']} row "
                "says whose work is done once; add one (target: the lead's matter type, "
                "content: the members' matter types)"
            )
        return {"factor": found["factor"], "into": found["into"]}


def send_back_share(cell: Cell) -> float | None:
    """A chance of being sent back, in [0, 1) (``0.15`` or ``15%``), or None if blank."""
    chance = number(cell, "0.15")
    if chance is not None and chance >= 1:
        raise cell.fail(
            f"{cell.shown()} is not below 1 (every matter would be sent back for ever)",
            "give the share of crossings sent back, such as 0.15 or 15%",
        )
    return chance


def rework_share(cell: Cell) -> float | None:
    """The share of a step's work that doing it again costs, in (0, 1], or None if blank."""
    return number(cell, "0.5", positive=True, at_most=1)


def _signed_integer(cell: Cell) -> int:
    value = text(cell) or ""
    try:
        return int(float(value.replace(",", "")))
    except ValueError:
        raise cell.fail(f"{cell.shown()} is not a whole number", "give one such as 1") from None


class _PlanRow:
    """One row of the plan sheet, applied to its structure."""

    def __init__(self, reader: _Reader, row: Row, structure: dict[str, Any], path: str) -> None:
        self.reader, self.row, self.structure, self.path = reader, row, structure, path
        self.lang = reader.lang

    def target(self, what: str) -> str:
        return required_text(self.row["target"], what)

    def content(self, what: str) -> str:
        return required_text(self.row["content"], what)

    def listed(self, what: str) -> list[str]:
        found = names(self.row["content"])
        if not found:
            raise self.row["content"].fail("empty", f"give {what}, separated by commas")
        return found

    def once(self, key: str, value: Any, cell: Cell) -> None:
        if key in self.structure:
            raise cell.fail(f"{key} is given twice for this structure", "keep one row")
        self.structure[key] = value
        self.reader.out.places[f"{self.path}.{key}"] = cell.ref

    def entry(self, key: str, name: str, value: Any, cell: Cell) -> None:
        table = self.structure.setdefault(key, {})
        if name in table:
            raise cell.fail(f'"{name}" is given twice under {key}', "keep one row")
        table[name] = value
        self.reader.out.places[f"{self.path}.{key}.{name}"] = cell.ref

    def apply(self, change: str) -> None:
        row, reader = self.row, self.reader
        number_cell, content_cell = row["number"], row["content"]
        if change == "description":
            self.once("description", text(content_cell) or "", content_cell)
        elif change in ("units", "move_handles", "b_posts"):
            what = {"units": "section", "move_handles": "work", "b_posts": "person"}[change]
            into = {"units": "unit", "move_handles": "section", "b_posts": "section"}[change]
            self.entry(
                change, self.target(f"the {what}"), self.content(f"the {into}"), content_cell
            )
        elif change in ("co_locate", "merge"):
            what = "pool" if change == "co_locate" else "big section"
            self.entry(
                change, self.target(f"the {what}'s name"), self.listed("the sections"), content_cell
            )
        elif change in ("merge_units", "two_way_selection"):
            found = choice(content_cell, BOOLEAN, self.lang)
            self.once(change, found != "false", content_cell)
        elif change == "split":
            part = {"staff": names(row["staff"]), "handles": names(row["handles"])}
            parts = self.structure.setdefault("split", {}).setdefault(
                self.target("the section split"), {}
            )
            new = self.content("the name of one new section")
            if new in parts:
                raise content_cell.fail(f'"{new}" is given twice in this split', "keep one row")
            parts[new] = part
            self.reader.out.places[f"{self.path}.split"] = content_cell.ref
        elif change in ("b_post_arrangement", "policy", "b_rule"):
            choices = {"b_post_arrangement": ARRANGEMENT, "policy": POLICY, "b_rule": B_RULE}[
                change
            ]
            found = choice(content_cell, choices, self.lang)
            if found is None:
                raise content_cell.fail(
                    "empty", f"use one of: {', '.join(choices.listed(self.lang))}"
                )
            self.once(change, found, content_cell)
        elif change in (
            "b_post_speed",
            "cut_share",
            "learning_start",
            "learning_matters",
            "coordination_cost",
            "b_threshold",
            "borrow_threshold",
        ):
            whole = change in ("b_threshold", "borrow_threshold")
            amount = number(number_cell, "3" if whole else "0.8", integer=whole)
            if amount is None:
                raise number_cell.fail("empty", f"give the number for {change}")
            self.once(change, int(amount) if whole else amount, number_cell)
        elif change in ("rework_probability", "rework_share"):
            parse = send_back_share if change == "rework_probability" else rework_share
            amount = parse(number_cell)
            if amount is None:
                raise number_cell.fail("empty", f"give the number for {change}")
            self.once(change, amount, number_cell)
        elif change == "rework_sign_offs":
            found = choice(content_cell, BOOLEAN, self.lang)
            if found is None:
                raise content_cell.fail(
                    "empty", f"use one of: {', '.join(BOOLEAN.listed(self.lang))}"
                )
            self.once(change, found == "true", content_cell)
        elif change == "consolidate":
            lead = self.target("the lead unit's matter type that takes the common work over")
            into = self.structure.setdefault("consolidate", {}).setdefault("into", {})
            if lead in into:
                raise row["target"].fail(f'"{lead}" takes common work over twice', "keep one row")
            into[lead] = self.listed("the members' matter types it takes over")
            self.reader.out.places.setdefault(f"{self.path}.consolidate.into", content_cell.ref)
            self.reader.out.places[f"{self.path}.consolidate.into.{lead}"] = content_cell.ref
        elif change == "consolidate_factor":
            factor = number(number_cell, "0.5")
            if factor is None:
                raise number_cell.fail(
                    "empty", "give the share of the members' common work the lead still does"
                )
            consolidate = self.structure.setdefault("consolidate", {})
            if "factor" in consolidate:
                raise number_cell.fail(
                    f"{change} is given twice for this structure", "keep one row"
                )
            consolidate["factor"] = factor
            self.reader.out.places[f"{self.path}.consolidate.factor"] = number_cell.ref
        elif change == "borrow_rule":
            found = choice(content_cell, BORROW_RULE, self.lang)
            if found is None:
                raise content_cell.fail(
                    "empty", f"use one of: {', '.join(BORROW_RULE.listed(self.lang))}"
                )
            self.once(change, found, content_cell)
        elif change == "borrow_period":
            period = reader.duration(number_cell, row["unit"], example="1")
            if period is None:
                raise number_cell.fail("empty", "give how long a secondment lasts, with its unit")
            self.once(change, period[0], number_cell)
            reader.out.note(self.path, f"{change}: {period[1]} [{number_cell.address}]")
        elif change in ("drop_matter_types", "skip_steps", "remove_staff"):
            self.structure.setdefault(change, []).extend(self.listed("the names"))
            self.reader.out.places[f"{self.path}.{change}"] = content_cell.ref
        elif change == "add_skills":
            person = self.target("the person")
            skill = self.content("the skill learned")
            speed = number(number_cell, "0.8", positive=True)
            skills = self.structure.setdefault("add_skills", {}).setdefault(person, {})
            if skill in skills:
                raise content_cell.fail(f"{person} learns {skill} twice", "keep one row")
            skills[skill] = 1.0 if speed is None else speed
            self.reader.out.places[f"{self.path}.add_skills.{person}"] = content_cell.ref
        elif change == "remove_skills":
            self.entry(change, self.target("the person"), self.listed("the skills"), content_cell)
        elif change in ("borrow_delay", "handoff_delay", "consultation_delay"):
            read = reader.service(row, time="number", unit="unit")
            if read is None:
                raise number_cell.fail("empty", "give the mean delay, with its unit")
            self.once(change, read[0], number_cell)
            reader.out.note(self.path, f"{change}: {read[1]} [{number_cell.address}]")
        elif change == "ownership":
            found = choice(content_cell, OWNERSHIP, self.lang)
            if found is None:
                raise content_cell.fail(
                    "empty", f"use one of: {', '.join(OWNERSHIP.listed(self.lang))}"
                )
            matter = text(row["target"])
            current = self.structure.get("ownership")
            if matter is None:
                if current is not None:
                    raise content_cell.fail("ownership is given twice", "keep one row")
                self.once("ownership", found, content_cell)
            else:
                if isinstance(current, str):
                    raise row["target"].fail(
                        "ownership is already given for every matter type", "keep one row"
                    )
                self.entry("ownership", matter, found, content_cell)


def _checked(imported: Imported) -> None:
    """Check the office as ``orgsim`` would; an error names the cell it came from."""
    try:
        build_specs(typed_org(imported.org))
    except ConfigError as error:
        message = str(error)
        path, _, problem = message.partition(": ")
        cell = _place_of(path.removeprefix("org."), imported.places)
        raise OfficeError(f"{cell}: {problem}" if cell and problem else message) from None


def _place_of(path: str, places: dict[str, str]) -> str | None:
    """The cell of the longest known prefix of the dotted ``path``."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        found = places.get(".".join(parts[:end]))
        if found:
            return found
    return None


def import_office(tables: dict[str, Table]) -> Imported:
    """The office a workbook's tables describe, checked; OfficeError naming a cell if not."""
    for sheet in layout.REQUIRED:
        if sheet.key not in tables:
            lang = _lang(tables)
            raise OfficeError(
                f'workbook: sheet "{sheet.name(lang)}" ({sheet.en}) is missing; add it, with the '
                f"columns {', '.join(c.header(lang) for c in sheet.columns)} "
                "(orgsim-office template writes one)"
            )
    reader = _Reader(tables)
    reader.read_calendar()
    reader.read_office()
    reader.read_matters()
    reader.read_sections()
    reader.read_staff()
    reader.read_display()
    reader.read_plan()
    imported = reader.out
    org = imported.org
    imported.org = {
        **{k: v for k, v in org.items() if k not in (*_DISPLAY, *_RECORDS)},
        **{k: org[k] for k in (*_DISPLAY, *_RECORDS) if k in org},
    }
    _checked(imported)
    return imported
