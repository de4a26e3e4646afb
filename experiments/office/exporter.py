"""An org file's office as workbook rows, in the units and words people use.

Rates per working hour become counts per year, work content in working hours becomes
minutes, hours or working days (whichever reads naturally), deadlines become working
days. What the workbook cannot say is refused with one line naming the field and why.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from orgsim.analysis import units
from orgsim.analysis.units import WorkCalendar, tidy
from orgsim.experiments import schema
from orgsim.experiments.office.tables import LIST_SEPARATORS, OfficeError
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

#: Time units of an org file the workbook can express: one engine unit is one working hour.
WORKING_HOUR_UNITS = ("working hour", "hour", "working hours", "hours")

#: The fields of the office and of a matter type that the workbook has a place for; any
#: other field set in an org file is refused on export rather than silently lost.
OFFICE_FIELDS = frozenset(
    {
        "name",
        "description",
        "source",
        "time_unit",
        "policy",
        "b_rule",
        "b_threshold",
        "handoff_delay",
        "consultation_delay",
        "absence",
        "calendar",
        "coordination_cost",
        "rework_probability",
        "rework_share",
        "rework_sign_offs",
        "display_unit",
        "throughput_per",
        "hours_per_working_day",
        "working_days_per_week",
        "working_days_per_year",
        "matter_types",
        "sections",
        "staff",
        "structures",
    }
)
MATTER_FIELDS = frozenset(
    {
        "arrival_rate",
        "service",
        "deadline",
        "steps",
        "priority",
        "priority_class",
        "profiles",
        "batches",
        "ownership",
        "escalation",
        "description",
    }
)


@dataclass
class Book:
    """What a workbook holds: its language, the working calendar, rows per sheet key."""

    lang: str
    calendar: WorkCalendar
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def field_of(value: Any, key: str) -> Any:
    """``value.key`` of a typed record, or ``value[key]`` as OmegaConf may leave it."""
    return value.get(key) if isinstance(value, dict) else getattr(value, key)


def calendar_of_org(org: schema.OrgConfig) -> WorkCalendar:
    """The working calendar an org file gives (hours_per_working_day, ...)."""
    return WorkCalendar(
        org.hours_per_working_day, org.working_days_per_week, org.working_days_per_year
    )


def short(value: float) -> str:
    """A number written in a list cell: ``1.6``, ``0.75``, ``12``."""
    return f"{tidy(value):.12g}"


class _Writer:
    def __init__(
        self, org: schema.OrgConfig, calendar: WorkCalendar, lang: str, periods: dict[str, str]
    ) -> None:
        self.org, self.calendar, self.lang, self.periods = org, calendar, lang, periods
        self.book = Book(lang, calendar, {})
        self.joiner = "、" if lang == "zh" else ", "

    def add(self, sheet: str, **values: Any) -> None:
        self.book.rows.setdefault(sheet, []).append(values)

    def joined(self, items: list[str]) -> str:
        return self.joiner.join(items)

    def duration(self, value_hours: float) -> tuple[float, str]:
        unit = units.readable_unit(value_hours, self.calendar)
        return units.in_unit(value_hours, unit, self.calendar), DURATION.word(unit, self.lang)

    def service(self, service: schema.ServiceConfig) -> dict[str, Any]:
        amount, unit = self.duration(service.mean)
        return {
            "time": amount,
            "time_unit": unit,
            "distribution": DISTRIBUTION.word(service.distribution, self.lang),
            "cv": service.cv,
        }

    # -- sheets ----------------------------------------------------------------------------

    def office(self) -> None:
        org, lang = self.org, self.lang
        self.add("office", setting="name", value=org.name or None)
        self.add("office", setting="description", value=org.description or None)
        self.add("office", setting="source", value=org.source or None)
        self.add("office", setting="policy", value=POLICY.word(org.policy, lang))
        self.add("office", setting="b_rule", value=B_RULE.word(org.b_rule, lang))
        self.add("office", setting="b_threshold", value=org.b_threshold)
        self.add("office", setting="coordination_cost", value=org.coordination_cost)
        for key in ("handoff_delay", "consultation_delay"):
            delay = getattr(org, key)
            if delay is None:
                self.add("office", setting=key)
            else:
                s = self.service(delay)
                self.add(
                    "office",
                    setting=key,
                    value=s["time"],
                    unit=s["time_unit"],
                    distribution=s["distribution"],
                    cv=s["cv"],
                )
        absence = org.absence
        self.add(
            "office",
            setting="absence_rate",
            value=units.count_per(absence.rate, "year", self.calendar),
            unit=PERIOD.word("year", lang),
        )
        s = self.service(absence.duration)
        self.add(
            "office",
            setting="absence_duration",
            value=s["time"],
            unit=s["time_unit"],
            distribution=s["distribution"],
            cv=s["cv"],
        )
        self.add(
            "office", setting="on_interrupt", value=ON_INTERRUPT.word(absence.on_interrupt, lang)
        )
        self.add("office", setting="rework_probability", value=org.rework_probability)
        self.add("office", setting="rework_share", value=org.rework_share)
        self.add(
            "office",
            setting="rework_sign_offs",
            value=BOOLEAN.word("true" if org.rework_sign_offs else "false", lang),
        )
        self.add(
            "office",
            setting="display_unit",
            value=DISPLAY_UNIT.word(org.display_unit or "none", lang),
        )
        self.add(
            "office", setting="throughput_per", value=THROUGHPUT_PER.word(org.throughput_per, lang)
        )

    def calendar_rows(self) -> None:
        c = self.calendar
        self.add("calendar", setting="hours_per_day", value=c.hours_per_day)
        self.add("calendar", setting="days_per_week", value=c.days_per_week)
        self.add("calendar", setting="days_per_year", value=c.days_per_year)

    def matters(self) -> None:
        lang = self.lang
        for name, m in self.org.matter_types.items():
            period = self.periods.get(name, "year")
            row: dict[str, Any] = {
                "name": name,
                "description": m.description or None,
                "count": units.count_per(m.arrival_rate, period, self.calendar),
                "period": PERIOD.word(period, lang),
            }
            if not m.steps or m.service != schema.ServiceConfig():
                row.update(self.service(m.service))
            if m.deadline is not None:
                row["deadline"] = units.in_unit(m.deadline, "day", self.calendar)
            row["priority"] = m.priority or None
            row["priority_class"] = m.priority_class or None
            row["ownership"] = None if m.ownership == "pass" else OWNERSHIP.word(m.ownership, lang)
            self.add("matters", **row)
            for step_name, step in m.steps.items():
                self.add(
                    "steps",
                    matter=name,
                    step=step_name,
                    skill=step.skill,
                    **self.service(step.service),
                    approval=BOOLEAN.word("true", lang) if step.approval else None,
                )
            for profile_name, profile in m.profiles.items():
                amount, unit = self.duration(profile.period)
                self.add(
                    "profiles",
                    matter=name,
                    name=profile_name,
                    period=amount,
                    period_unit=unit,
                    multipliers=", ".join(short(x) for x in profile.multipliers),
                )
            for level, escalation in m.escalation.items():
                after = field_of(escalation, "after")
                unit = units.readable_unit(after, self.calendar)
                self.add(
                    "escalation",
                    matter=name,
                    level=level,
                    after=units.in_unit(after, unit, self.calendar),
                    after_unit=DURATION.word(unit, lang),
                    priority=field_of(escalation, "priority"),
                )
            for batch_name, batch in m.batches.items():
                unit = units.readable_unit(batch.every, self.calendar)
                self.add(
                    "batches",
                    matter=name,
                    name=batch_name,
                    every=units.in_unit(batch.every, unit, self.calendar),
                    every_unit=DURATION.word(unit, lang),
                    size=batch.size,
                    start=units.in_unit(batch.start, unit, self.calendar) if batch.start else None,
                )

    def sections(self) -> None:
        for name, s in self.org.sections.items():
            self.add(
                "sections",
                name=name,
                unit=None if s.unit == "office" else s.unit,
                handles=self.joined(s.handles),
                description=s.description or None,
            )

    def staff(self) -> None:
        for name, p in self.org.staff.items():
            absences = (
                None
                if p.absence_rate is None
                else units.count_per(p.absence_rate, "year", self.calendar)
            )
            self.add(
                "staff",
                name=name,
                section=p.section,
                a_post=p.a_post,
                b_post=p.b_post,
                absences=absences,
                count=None if p.count == 1 else p.count,
            )
            for skill, speed in p.skills.items():
                self.add("skills", person=name, skill=skill, speed=speed)

    def plan(self) -> None:
        default = schema.StructureConfig()
        for name, s in self.org.structures.items():
            self.change(name, "description", content=s.description or None)
            for f in dataclasses.fields(schema.StructureConfig):
                value = getattr(s, f.name)
                if f.name == "description" or value == getattr(default, f.name):
                    continue
                self.structure_field(name, f.name, value)

    def change(self, structure: str, change: str, **values: Any) -> None:
        self.add("plan", structure=structure, change=CHANGE.word(change, self.lang), **values)

    def structure_field(self, name: str, key: str, value: Any) -> None:
        lang = self.lang
        if key in ("units", "move_handles", "b_posts"):
            for target, content in value.items():
                self.change(name, key, target=target, content=content)
        elif key in ("co_locate", "merge", "remove_skills"):
            for target, listed in value.items():
                self.change(name, key, target=target, content=self.joined(listed))
        elif key in ("merge_units", "two_way_selection"):
            self.change(name, key, content=BOOLEAN.word("true", lang))
        elif key == "rework_sign_offs":
            self.change(name, key, content=BOOLEAN.word("true" if value else "false", lang))
        elif key == "consolidate":
            self.change(name, "consolidate_factor", number=field_of(value, "factor"))
            for lead, members in field_of(value, "into").items():
                self.change(name, key, target=lead, content=self.joined(list(members)))
        elif key == "borrow_rule":
            self.change(name, key, content=BORROW_RULE.word(value, lang))
        elif key == "borrow_period":
            amount, unit = self.duration(value)
            self.change(name, key, number=amount, unit=unit)
        elif key == "split":
            for section, parts in value.items():
                for new, part in parts.items():
                    self.change(
                        name,
                        key,
                        target=section,
                        content=new,
                        staff=self.joined(part.staff),
                        handles=self.joined(part.handles),
                    )
        elif key in ("b_post_arrangement", "policy", "b_rule"):
            choices = {"b_post_arrangement": ARRANGEMENT, "policy": POLICY, "b_rule": B_RULE}[key]
            self.change(name, key, content=choices.word(value, lang))
        elif key in ("drop_matter_types", "skip_steps", "remove_staff"):
            self.change(name, key, content=self.joined(value))
        elif key == "add_skills":
            for person, skills in value.items():
                for skill, speed in skills.items():
                    self.change(name, key, target=person, content=skill, number=speed)
        elif key in ("borrow_delay", "handoff_delay", "consultation_delay"):
            s = self.service(value)
            self.change(
                name,
                key,
                number=s["time"],
                unit=s["time_unit"],
                distribution=s["distribution"],
                cv=s["cv"],
            )
        elif key == "ownership":
            if isinstance(value, str):
                self.change(name, key, content=OWNERSHIP.word(value, lang))
            else:
                for matter, mode in value.items():
                    self.change(name, key, target=matter, content=OWNERSHIP.word(mode, lang))
        elif key in CHANGE.words:  # b_post_speed, cut_share, rework_*, thresholds, ...
            self.change(name, key, number=value)
        else:
            raise OfficeError(
                f"org.structures.{name}.{key}: the workbook has no place for {key} yet, so "
                "exporting would lose it; leave it out of the org file to export it"
            )


def _part(part: Any) -> tuple[list[str], list[str]]:
    """The staff and handles of a split part, typed or (as OmegaConf leaves it) a mapping."""
    if isinstance(part, dict):
        return list(part.get("staff", [])), list(part.get("handles", []))
    return list(part.staff), list(part.handles)


def _check_names(org: schema.OrgConfig) -> None:
    """Refuse names the workbook would read back differently."""
    found: list[tuple[str, str]] = []
    for table in ("matter_types", "sections", "staff", "structures"):
        found += [(f"org.{table}", n) for n in getattr(org, table)]
    for name, m in org.matter_types.items():
        found += [(f"org.matter_types.{name}.escalation", level) for level in m.escalation]
        for step_name, step in m.steps.items():
            found.append((f"org.matter_types.{name}.steps", step_name))
            if step.skill is not None:
                found.append((f"org.matter_types.{name}.steps.{step_name}.skill", step.skill))
    for name, section in org.sections.items():
        found += [(f"org.sections.{name}.handles", h) for h in section.handles]
        found.append((f"org.sections.{name}.unit", section.unit))
    for name, p in org.staff.items():
        found += [(f"org.staff.{name}.skills", k) for k in p.skills]
    for name, s in org.structures.items():
        for key in ("merge", "co_locate"):
            for target, listed in getattr(s, key).items():
                found += [(f"org.structures.{name}.{key}.{target}", x) for x in listed]
        for key in ("drop_matter_types", "skip_steps", "remove_staff"):
            found += [(f"org.structures.{name}.{key}", x) for x in getattr(s, key)]
        for person, listed in s.remove_skills.items():
            found += [(f"org.structures.{name}.remove_skills.{person}", x) for x in listed]
        if s.consolidate is not None:
            for lead, members in field_of(s.consolidate, "into").items():
                where = f"org.structures.{name}.consolidate.into"
                found += [(where, lead)] + [(f"{where}.{lead}", x) for x in members]
        for parts in s.split.values():
            for new, part in parts.items():
                staff, handles = _part(part)
                found.append((f"org.structures.{name}.split", new))
                found += [(f"org.structures.{name}.split.{new}", x) for x in [*staff, *handles]]
    for where, name in found:
        problem = None
        if not isinstance(name, str) or not name.strip():
            problem = "an empty name"
        elif name != name.strip():
            problem = f"the name {name!r} has spaces at an end, which a spreadsheet drops"
        elif LIST_SEPARATORS.search(name):
            problem = f"the name {name!r} holds a list separator (, ， 、 ; or a line break)"
        elif name.startswith("="):
            problem = f"the name {name!r} starts with =, which a spreadsheet takes for a formula"
        if problem:
            raise OfficeError(
                f"{where}: {problem}, which the workbook cannot hold; rename it in the org file"
            )


def check_expressible(org: schema.OrgConfig) -> None:
    """Refuse, with the reason, an office the workbook cannot describe exactly."""
    if org.calendar is not None:
        raise OfficeError(
            "org.calendar: opening hours in clock time cannot be expressed in the workbook, "
            "whose time is working time (its calendar sheet converts counts and days into "
            "working hours); remove calendar from the org file to export it"
        )
    if org.time_unit.strip().lower() not in WORKING_HOUR_UNITS:
        raise OfficeError(
            f"org.time_unit: {org.time_unit!r} cannot be expressed in the workbook, which "
            "measures time in working hours; convert the org file's rates, times and "
            "deadlines to working hours (time_unit: working hour) to export it"
        )
    _check_fields(org)
    _check_names(org)


def _check_fields(org: schema.OrgConfig) -> None:
    """Refuse a field set in the org file that the workbook has no place for."""
    unplaced = [
        (f"org.{f.name}", getattr(org, f.name), f)
        for f in dataclasses.fields(schema.OrgConfig)
        if f.name not in OFFICE_FIELDS
    ]
    for name, m in org.matter_types.items():
        unplaced += [
            (f"org.matter_types.{name}.{f.name}", getattr(m, f.name), f)
            for f in dataclasses.fields(schema.MatterTypeConfig)
            if f.name not in MATTER_FIELDS
        ]
    for where, value, f in unplaced:
        default = f.default_factory() if callable(f.default_factory) else f.default
        if value != default:
            raise OfficeError(
                f"{where}: the workbook has no place for this key yet, so exporting would "
                "lose it; leave it out of the org file to export it"
            )


def export_book(
    org: schema.OrgConfig,
    calendar: WorkCalendar | None,
    lang: str,
    periods: dict[str, str] | None = None,
) -> Book:
    """The rows of every sheet of the workbook describing ``org``.

    Counts are given per year, or per the period ``periods`` names for a matter type; the
    calendar is the org file's own (``hours_per_working_day``, ...) unless one is given.
    """
    check_expressible(org)
    calendar = calendar or calendar_of_org(org)
    writer = _Writer(org, calendar, lang, periods or {})
    writer.office()
    writer.calendar_rows()
    writer.sections()
    writer.staff()
    writer.matters()
    writer.plan()
    return writer.book
