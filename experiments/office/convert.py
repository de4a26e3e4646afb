"""Workbook to org file and org file to workbook, as whole steps (the commands' work).

Each step reads, converts and checks everything before it writes, and writes atomically,
so a failed conversion leaves no file behind and an existing one untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orgsim.analysis.results_folder import atomic_write
from orgsim.analysis.units import WorkCalendar
from orgsim.experiments import schema
from orgsim.experiments.build import ConfigError, build_specs
from orgsim.experiments.office import exporter
from orgsim.experiments.office.example import example_org, example_periods
from orgsim.experiments.office.importer import Imported, import_office
from orgsim.experiments.office.org_yaml import CALENDAR_LINE, org_text
from orgsim.experiments.office.tables import OfficeError, read_tables
from orgsim.experiments.office.typed_org import typed_org
from orgsim.experiments.office.workbook import write_workbook
from orgsim.experiments.org_files import read_org_file
from orgsim.experiments.paths import CONF_DIR, shipped
from orgsim.experiments.schema import shape_problem
from orgsim.experiments.yaml_bounds import load_bounded


def imported_text(imported: Imported, source: str) -> str:
    """The org file of an imported office, its header saying where it came from."""
    header = [
        f"{imported.org.get('name') or 'office'}: converted from {source} by "
        "`orgsim-office import`.",
        "Edit the workbook and convert it again, or edit this file (docs/org-file.md).",
        "Every rate is per working hour and every time in working hours (time_unit); the",
        "comments show each conversion and the cell it came from.",
    ]
    return org_text(imported.org, imported.notes, header)


def _check_text(text: str, name: str) -> None:
    """The written text reads back as the org file ``orgsim`` would accept."""
    try:
        content = load_bounded(text, name, len(text.encode()))
    except ConfigError as error:
        raise OfficeError(str(error)) from None
    problem = shape_problem(content, schema.OrgConfig, "org")
    if problem is not None:
        raise OfficeError(problem)


def workbook_to_org(source: Path) -> tuple[str, Imported]:
    """The org-file text of a workbook or CSV folder; OfficeError naming a cell if it fails."""
    imported = import_office(read_tables(source))
    text = imported_text(imported, source.name)
    _check_text(text, source.name)
    return text, imported


def org_path(name_or_path: str) -> Path:
    """An org file by path, or a shipped one by name (``zhangye_land_planning``)."""
    path = Path(name_or_path).expanduser()
    if path.exists() or "/" in name_or_path or name_or_path.endswith((".yaml", ".yml")):
        return path
    if name_or_path in shipped("org"):
        return Path(CONF_DIR) / "org" / f"{name_or_path}.yaml"
    raise OfficeError(
        f"{name_or_path}: no such org file, nor a shipped office; give a path or one of "
        f"{', '.join(shipped('org'))}"
    )


#: The org file's keys of the working calendar.
CALENDAR_KEYS = ("hours_per_working_day", "working_days_per_week", "working_days_per_year")


def calendar_of(text: str) -> WorkCalendar | None:
    """The workbook calendar an older imported org file records in its header, if any."""
    found = CALENDAR_LINE.search(text)
    if found is None:
        return None
    h, w, y = (float(g.replace(",", "")) for g in found.groups())
    return WorkCalendar(h, w, y)


def read_org(path: Path) -> tuple[schema.OrgConfig, str]:
    """A checked org file, typed, and its text; OfficeError if orgsim would refuse it."""
    org, text, _ = _read_org(path)
    return org, text


def _read_org(path: Path) -> tuple[schema.OrgConfig, str, dict[str, Any]]:
    try:
        text = read_org_file(path)
        content: Any = load_bounded(text, str(path), len(text.encode()))
        if not isinstance(content, dict):
            raise ConfigError(f"org: {path} does not describe an office; see docs/org-file.md")
        config = typed_org(content)
        build_specs(config)
    except ConfigError as error:
        raise OfficeError(f"{error} (in {path}); fix the org file first") from None
    return config.org, text, content


def org_to_book(path: Path, lang: str, calendar: WorkCalendar | None = None) -> exporter.Book:
    """The workbook rows of an org file, in its own working calendar unless one is given.

    The calendar is the file's ``hours_per_working_day`` (and the days a week and a year)
    when it sets any of them, else the one an older imported file records in its header.
    """
    org, text, content = _read_org(path)
    if calendar is None and not any(key in content for key in CALENDAR_KEYS):
        calendar = calendar_of(text)
    return exporter.export_book(org, calendar, lang)


def template_book(lang: str) -> exporter.Book:
    """The rows of a new workbook: the example office."""
    config = typed_org(example_org(lang))
    return exporter.export_book(config.org, None, lang, example_periods(lang))


def save_workbook(book: exporter.Book, target: Path) -> None:
    """Write ``book`` to ``target`` atomically."""
    atomic_write(target, lambda tmp: write_workbook(book, tmp))


def save_text(text: str, target: Path) -> None:
    """Write ``text`` to ``target`` atomically, as UTF-8."""
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
