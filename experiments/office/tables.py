"""Reading a workbook (or a folder of CSV files) into tables whose every cell knows its place.

Each value read keeps its reference, ``人员!B7 (科室)``, so every error can name the sheet,
row and column, and say what to write there instead.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orgsim.experiments.office.layout import INSTRUCTIONS, LISTS, SHEETS, Setting, Sheet
from orgsim.experiments.office.vocabulary import Choices, normal

#: Separators of a list of names in one cell: commas, the Chinese enumeration comma, semicolons.
LIST_SEPARATORS = re.compile(r"[,，、;；\n]")


class OfficeError(ValueError):
    """Input that cannot become an office; the message is one line naming the cell and fix."""


def column_letter(index: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Cell:
    """A value read from a sheet and where it was: ``ref`` is ``人员!B7 (科室)``."""

    ref: str
    value: Any

    @property
    def address(self) -> str:
        """The cell alone, ``人员!B7``, without its column's header."""
        return self.ref.split(" (", 1)[0]

    @property
    def blank(self) -> bool:
        """Whether nothing is written in the cell."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def fail(self, problem: str, fix: str) -> OfficeError:
        """The error for this cell: ``ref: problem; fix``."""
        return OfficeError(f"{self.ref}: {problem}; {fix}")

    def shown(self) -> str:
        """The value as quoted in an error message."""
        return f'"{self.value}"' if isinstance(self.value, str) else f"{self.value!r}"


@dataclass
class Row:
    """One row of a table: its number in the sheet and its cells by column key."""

    number: int
    cells: dict[str, Cell]

    def __getitem__(self, key: str) -> Cell:
        return self.cells[key]


@dataclass
class Table:
    """A sheet as read: its layout, the name it had, its rows (blank rows left out)."""

    sheet: Sheet
    name: str
    rows: list[Row] = field(default_factory=list)

    def settings(self, settings: tuple[Setting, ...]) -> dict[str, Row]:
        """The rows of a settings sheet by setting key; OfficeError for unknown or repeated."""
        found: dict[str, Row] = {}
        for row in self.rows:
            label = row["setting"]
            if label.blank:
                continue
            text = str(label.value)
            setting = next((s for s in settings if s.matches(text)), None)
            if setting is None:
                known = ", ".join(s.label(_lang(self.name)) for s in settings)
                raise label.fail(f'"{text}" is not a setting of this sheet', f"use one of: {known}")
            if setting.key in found:
                raise label.fail(
                    f'"{text}" is given twice (also row {found[setting.key].number})',
                    "keep one row",
                )
            found[setting.key] = row
        return found


def _lang(sheet_name: str) -> str:
    return "en" if sheet_name.isascii() else "zh"


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _table(sheet: Sheet, name: str, grid: list[list[Any]]) -> Table:
    """A table from the grid of a sheet: the first row is the header."""
    table = Table(sheet, name)
    if not grid:
        return table
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(grid[0]):
        header = _clean(header)
        letter = column_letter(index)
        if header is None:
            keys.append(None)
            continue
        column = next((c for c in sheet.columns if c.matches(str(header))), None)
        if column is None:
            known = ", ".join(c.header(_lang(name)) for c in sheet.columns)
            raise OfficeError(
                f'{name}!{letter}1: "{header}" is not a column of this sheet; name it one of: '
                f"{known} (or delete the column)"
            )
        if column.key in seen:
            raise OfficeError(
                f'{name}!{letter}1: column "{header}" is there twice (also {seen[column.key]}1); '
                "delete one of them"
            )
        seen[column.key] = letter
        keys.append(column.key)
    headers = {c.key: c.header(_lang(name)) for c in sheet.columns}
    for offset, values in enumerate(grid[1:], start=2):
        cells: dict[str, Cell] = {}
        for index, value in enumerate(values):
            value = _clean(value)
            key = keys[index] if index < len(keys) else None
            if key is None:
                if value is not None:
                    raise OfficeError(
                        f"{name}!{column_letter(index)}{offset}: a value in a column without a "
                        "header; give the column a header from this sheet or delete the value"
                    )
                continue
            cells[key] = Cell(f"{name}!{column_letter(index)}{offset} ({headers[key]})", value)
        if all(c.blank for c in cells.values()):
            continue
        for column in sheet.columns:
            if column.key not in cells:
                cells[column.key] = Cell(f"{name}!row {offset} ({headers[column.key]})", None)
        table.rows.append(Row(offset, cells))
    return table


def _sheet_for(name: str, where: str) -> Sheet | None:
    """The layout of a sheet named ``name``; None for instructions; OfficeError if unknown."""
    if any(normal(name) == normal(n) for n in (*INSTRUCTIONS, *LISTS)):
        return None
    sheet = next((s for s in SHEETS if s.matches(name)), None)
    if sheet is None:
        lang = _lang(name)
        known = ", ".join(s.name(lang) for s in SHEETS)
        raise OfficeError(
            f'{where}: "{name}" is not a sheet orgsim reads; rename it to one of: {known} '
            "(or delete it)"
        )
    return sheet


def _add(tables: dict[str, Table], table: Table) -> None:
    key = table.sheet.key
    if key in tables:
        raise OfficeError(
            f'{table.name}: sheet "{table.sheet.key}" is there twice (also as '
            f'"{tables[key].name}"); keep one'
        )
    tables[key] = table


def read_workbook(path: Path) -> dict[str, Table]:
    """The tables of an ``.xlsx`` workbook, by sheet key."""
    import openpyxl  # only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise OfficeError(
            f"{path}: cannot be read as an Excel workbook ({type(error).__name__}); save it "
            "as .xlsx, or give a folder of CSV files"
        ) from None
    tables: dict[str, Table] = {}
    try:
        for worksheet in book.worksheets:
            sheet = _sheet_for(worksheet.title, f"{path}: sheet {worksheet.title}")
            if sheet is None:
                continue
            grid = [list(r) for r in worksheet.iter_rows(values_only=True)]
            _add(tables, _table(sheet, worksheet.title, grid))
    finally:
        book.close()
    return tables


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese saves CSV as GBK
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(r) for r in csv.reader(text.splitlines())]
    raise OfficeError(f"{path}: cannot be read as text; save it as UTF-8 CSV")


def read_csv_folder(folder: Path) -> dict[str, Table]:
    """The tables of a folder of CSV files, one per sheet, named after the sheet."""
    tables: dict[str, Table] = {}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise OfficeError(
            f"{folder}: no CSV files in the folder; give one per sheet (科室.csv, 人员.csv, "
            "事项.csv, ... or sections.csv, staff.csv, ...), or an .xlsx workbook"
        )
    for path in files:
        sheet = _sheet_for(path.stem, str(path))
        if sheet is not None:
            _add(tables, _table(sheet, path.name, _read_csv(path)))
    return tables


def read_tables(path: Path) -> dict[str, Table]:
    """The tables of a workbook or a CSV folder."""
    if path.is_dir():
        return read_csv_folder(path)
    if not path.exists():
        raise OfficeError(f"{path} does not exist; give an .xlsx workbook or a folder of CSV files")
    return read_workbook(path)


# -- values -------------------------------------------------------------------------------


def text(cell: Cell) -> str | None:
    """The cell as text, or None when blank (a number is written as people see it)."""
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


def required_text(cell: Cell, what: str) -> str:
    """The cell as text; OfficeError when blank."""
    value = text(cell)
    if value is None:
        raise cell.fail("empty", f"give {what}")
    return value


def number(
    cell: Cell,
    example: str,
    *,
    positive: bool = False,
    integer: bool = False,
    at_most: float | None = None,
) -> float | None:
    """The cell as a number (``1,200``, ``80%`` and full-width digits read), or None if blank."""
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, bool):
        raise cell.fail(f"{cell.shown()} is not a number", f"give a number such as {example}")
    if not isinstance(value, int | float):
        raw = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
        scale = 1.0
        if raw.endswith("%"):
            raw, scale = raw[:-1], 0.01
        try:
            value = float(raw) * scale
        except ValueError:
            raise cell.fail(
                f"{cell.shown()} is not a number", f"give a number such as {example}"
            ) from None
    value = float(value)
    if not math.isfinite(value):
        raise cell.fail(
            f"{cell.shown()} is not a finite number", f"give a number such as {example}"
        )
    if positive and value <= 0:
        raise cell.fail(
            f"{cell.shown()} is not positive", f"give a number above 0 such as {example}"
        )
    if value < 0:
        raise cell.fail(f"{cell.shown()} is negative", f"give 0 or more, such as {example}")
    if integer and value != int(value):
        raise cell.fail(f"{cell.shown()} is not a whole number", f"give one such as {example}")
    if at_most is not None and value > at_most:
        raise cell.fail(f"{cell.shown()} is more than {at_most:g}", f"give at most {at_most:g}")
    return value


def choice(cell: Cell, choices: Choices, lang: str) -> str | None:
    """The canonical name of the choice written in the cell, or None if blank."""
    value = text(cell)
    if value is None:
        return None
    found = choices.canonical(value)
    if found is None:
        raise cell.fail(
            f'"{value}" is not a {choices.what}', f"use one of: {', '.join(choices.listed(lang))}"
        )
    return found


def names(cell: Cell) -> list[str]:
    """The names listed in the cell, separated by commas, 、 or semicolons."""
    value = text(cell)
    if value is None:
        return []
    return [n.strip() for n in LIST_SEPARATORS.split(value) if n.strip()]
