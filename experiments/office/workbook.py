"""Writing a workbook: headers in the chosen language, notes, drop-down lists, instructions.

Drop-down lists of sections, staff and matter types refer to the sheets themselves, so a
section added by hand is offered at once; the list of skills (matter types and step skills)
is gathered by formulas on a hidden sheet. Fixed choices (periods, units, distributions,
policies, plan changes) are listed there too, in the workbook's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orgsim.experiments.office import layout
from orgsim.experiments.office.exporter import Book
from orgsim.experiments.office.instructions import lines
from orgsim.experiments.office.tables import column_letter
from orgsim.experiments.office.vocabulary import (
    ARRANGEMENT,
    B_RULE,
    BOOLEAN,
    CHANGE,
    DISPLAY_UNIT,
    DISTRIBUTION,
    DURATION,
    ON_INTERRUPT,
    OWNERSHIP,
    PERIOD,
    POLICY,
    THROUGHPUT_PER,
    Choices,
)

#: Rows beyond the data that still get drop-down lists, for the office's own additions.
SPARE_ROWS = 300
#: Fixed choices listed on the hidden sheet, in this column order.
FIXED = (
    PERIOD,
    DURATION,
    DISTRIBUTION,
    POLICY,
    B_RULE,
    ON_INTERRUPT,
    OWNERSHIP,
    ARRANGEMENT,
    BOOLEAN,
    CHANGE,
    DISPLAY_UNIT,
    THROUGHPUT_PER,
)


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class _Lists:
    """The hidden sheet of choices, and the range formula of each list."""

    def __init__(self, book: Any, lang: str, sizes: dict[str, int]) -> None:
        self.lang = lang
        self.sheet = book.create_sheet(layout.LISTS[0] if lang == "zh" else layout.LISTS[1])
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[str, str] = {}
        name = _quoted(self.sheet.title)
        for index, choices in enumerate(FIXED, start=2):
            letter = column_letter(index)
            words = choices.listed(lang)
            self.sheet.cell(1, index, choices.what)
            for row, word in enumerate(words, start=2):
                self.sheet.cell(row, index, word)
            self.ranges[choices.what] = f"{name}!${letter}$2:${letter}${len(words) + 1}"
        self.sheet.cell(1, 1, "skills")
        matters = _quoted(layout.MATTERS.name(lang))
        steps = _quoted(layout.STEPS.name(lang))
        row = 2
        for r in range(2, sizes["matters"] + 2):
            self.sheet.cell(row, 1, f'=IF({matters}!A{r}="","",{matters}!A{r})')
            row += 1
        for r in range(2, sizes["steps"] + 2):
            self.sheet.cell(
                row, 1, f'=IF({steps}!B{r}="","",IF({steps}!C{r}="",{steps}!B{r},{steps}!C{r}))'
            )
            row += 1
        self.ranges["skills"] = f"{name}!$A$2:$A${row - 1}"

    def of(self, choices: Choices) -> str:
        return self.ranges[choices.what]


def _names_of(sheet: layout.Sheet, lang: str, size: int) -> str:
    return f"{_quoted(sheet.name(lang))}!$A$2:$A${size + 1}"


def _validate(worksheet: Any, formula: str, cells: str, strict: bool = True) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(type="list", formula1=formula, allow_blank=True)
    check.showErrorMessage = True
    check.errorStyle = "stop" if strict else "warning"
    check.add(cells)
    worksheet.add_data_validation(check)


def _set(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula


def _header(worksheet: Any, sheet: layout.Sheet, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="1F4E78")
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(1, index, column.header(lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if column.help(lang):
            cell.comment = Comment(column.help(lang), "orgsim")
        worksheet.column_dimensions[column_letter(index - 1)].width = column.width
    worksheet.freeze_panes = "A2"


def _validations(
    worksheet: Any, sheet: layout.Sheet, lang: str, lists: _Lists, sizes: dict[str, int]
) -> None:
    """Drop-down lists for the columns of a table sheet."""
    rows = sizes[sheet.key] + SPARE_ROWS

    def column(key: str) -> str:
        letter = column_letter(next(i for i, c in enumerate(sheet.columns) if c.key == key))
        return f"{letter}2:{letter}{rows + 1}"

    sections = _names_of(layout.SECTIONS, lang, sizes["sections"] + SPARE_ROWS)
    matters = _names_of(layout.MATTERS, lang, sizes["matters"] + SPARE_ROWS)
    by_key: dict[str, tuple[str, bool]] = {
        "period": (lists.of(PERIOD), True),
        "time_unit": (lists.of(DURATION), True),
        "period_unit": (lists.of(DURATION), True),
        "every_unit": (lists.of(DURATION), True),
        "distribution": (lists.of(DISTRIBUTION), True),
        "ownership": (lists.of(OWNERSHIP), True),
        "approval": (lists.of(BOOLEAN), True),
        "after_unit": (lists.of(DURATION), True),
    }
    if sheet.key == "staff":
        by_key.update({k: (sections, True) for k in ("section", "a_post", "b_post")})
    if sheet.key == "skills":
        by_key["person"] = (_names_of(layout.STAFF, lang, sizes["staff"] + SPARE_ROWS), True)
        by_key["skill"] = (lists.ranges["skills"], False)
    if sheet.key in ("steps", "profiles", "batches", "escalation"):
        by_key["matter"] = (matters, True)
    if sheet.key == "plan":
        by_key = {
            "change": (lists.of(CHANGE), True),
            "unit": (lists.of(DURATION), False),
            "distribution": (lists.of(DISTRIBUTION), True),
        }
    for key, (formula, strict) in by_key.items():
        if any(c.key == key for c in sheet.columns):
            _validate(worksheet, formula, column(key), strict)


#: Settings whose value (and unit) column takes a fixed choice.
_SETTING_CHOICES = {
    "policy": POLICY,
    "b_rule": B_RULE,
    "on_interrupt": ON_INTERRUPT,
    "rework_sign_offs": BOOLEAN,
    "display_unit": DISPLAY_UNIT,
    "throughput_per": THROUGHPUT_PER,
}


def _settings_sheet(
    worksheet: Any,
    sheet: layout.Sheet,
    settings: tuple[layout.Setting, ...],
    rows: list[dict[str, Any]],
    lang: str,
    lists: _Lists,
) -> None:
    by_key = {r["setting"]: r for r in rows}
    for number, setting in enumerate(settings, start=2):
        values = by_key.get(setting.key, {})
        worksheet.cell(number, 1, setting.label(lang))
        for index, column in enumerate(sheet.columns[1:-1], start=2):
            _set(worksheet.cell(number, index), values.get(column.key))
        worksheet.cell(number, len(sheet.columns), setting.help(lang))
        if setting.key in _SETTING_CHOICES:
            _validate(worksheet, lists.of(_SETTING_CHOICES[setting.key]), f"B{number}")
        if setting.key in ("handoff_delay", "consultation_delay", "absence_duration"):
            _validate(worksheet, lists.of(DURATION), f"C{number}")
            _validate(worksheet, lists.of(DISTRIBUTION), f"D{number}")
        if setting.key == "absence_rate":
            _validate(worksheet, lists.of(PERIOD), f"C{number}")


def write_workbook(book: Book, path: Path) -> None:
    """Write ``book`` as an ``.xlsx`` workbook at ``path`` (the caller makes it atomic)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    lang = book.lang
    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = layout.INSTRUCTIONS[0] if lang == "zh" else layout.INSTRUCTIONS[1]
    guide.column_dimensions["A"].width = 140
    for number, line in enumerate(lines(lang), start=1):
        cell = guide.cell(number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or line.endswith((":", ":")):
            cell.font = Font(bold=True)
    sizes = {s.key: len(book.rows.get(s.key, [])) for s in layout.SHEETS}
    sheets = {s.key: workbook.create_sheet(s.name(lang)) for s in layout.SHEETS}
    lists = _Lists(workbook, lang, {k: v + SPARE_ROWS for k, v in sizes.items()})
    for sheet in layout.SHEETS:
        worksheet = sheets[sheet.key]
        _header(worksheet, sheet, lang)
        rows = book.rows.get(sheet.key, [])
        if sheet.settings:
            settings = layout.OFFICE_SETTINGS if sheet.key == "office" else layout.CALENDAR_SETTINGS
            _settings_sheet(worksheet, sheet, settings, rows, lang, lists)
            continue
        for number, values in enumerate(rows, start=2):
            for index, column in enumerate(sheet.columns, start=1):
                _set(worksheet.cell(number, index), values.get(column.key))
        _validations(worksheet, sheet, lang, lists, sizes)
    workbook.save(path)
