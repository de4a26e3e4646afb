r"""Draw pictures of the office workbook's sheets for the documentation, without Excel.

The README and docs/zh/办公室工作簿.md show what `orgsim-office template` writes. No
spreadsheet program is needed to redraw those pictures: each sheet is read with openpyxl and
laid out as a page that looks like a spreadsheet (column letters, row numbers, the grid, the
header row's own fill and font, the column widths stored in the sheet, the drop-down arrow of
each cell with a list check, a note's red corner, the formula bar and the sheet tabs with the
current one highlighted), and headless Chromium (through playwright) photographs it, cropped
to the sheet's used range. Fonts are the system's (WenQuanYi Micro Hei, Noto Sans CJK, ...);
nothing is fetched.

    python scripts/workbook_screenshot.py --force     # redraw docs/images/workbook_*_zh.png
    python scripts/workbook_screenshot.py --template en --sheet staff --out /tmp/pictures
    python scripts/workbook_screenshot.py \
        --workbook experiments/office/examples/zhangye_land_planning.xlsx --sheet plan

By default it draws the 人员 (staff) and 事项 (matter types) sheets of a fresh Chinese
template into docs/images/workbook_staff_zh.png and workbook_matters_zh.png. A sheet is named
by its key (staff, matters, plan, ...) or by its name in either language. An existing picture
is replaced only with ``--force``; bad input is one line ``workbook_screenshot: error: ...``
and exit status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from html import escape
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from orgsim.analysis.results_folder import atomic_write
from orgsim.experiments.office import convert, layout

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
DEFAULT_SHEETS = ("staff", "matters")
#: Empty rows and columns drawn after the used range, so the grid reads as a sheet.
SPARE_ROWS = 2
SPARE_COLUMNS = 1
#: Excel's default column width (characters) and the pixels of one character (Calibri 11).
DEFAULT_WIDTH = 8.43
CHARACTER_PIXELS = 7
ROW_NUMBER_PIXELS = 35
FONTS = (
    '"Calibri", "Carlito", "Liberation Sans", "Arial", "WenQuanYi Micro Hei", '
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class ScreenshotError(Exception):
    """Bad input: the message is the one line shown after ``error:``."""


@dataclass(frozen=True)
class Picture:
    """One sheet to draw and the file its picture goes to."""

    sheet: str
    target: Path


# --- the page ----------------------------------------------------------------------------

STYLE = f"""
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #fff; font-family: {FONTS}; font-size: 11pt; color: #000; }}
#window {{ display: inline-block; border: 1px solid #c6c6c6; background: #fff; overflow: hidden; }}
.bar {{ display: flex; align-items: center; height: 30px; border-bottom: 1px solid #d4d4d4;
  background: #fff; font-size: 10pt; }}
.name-box {{ width: 86px; height: 22px; margin: 0 6px; padding: 2px 6px; border: 1px solid #c6c6c6;
  white-space: nowrap; }}
.fx {{ width: 34px; color: #555; font-style: italic; text-align: center;
  border-left: 1px solid #d4d4d4; border-right: 1px solid #d4d4d4; }}
.formula {{ padding: 0 8px; white-space: nowrap; overflow: hidden; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
td, th {{ height: 20px; padding: 0 3px; border: 1px solid #d4d4d4; white-space: nowrap;
  overflow: hidden; vertical-align: bottom; position: relative; font-weight: normal; }}
th {{ background: #f3f3f3; color: #444; font-size: 10pt; text-align: center;
  border-color: #c6c6c6; }}
th.row {{ vertical-align: middle; }}
th.corner {{ background: #e6e6e6; }}
th.on {{ background: #d2d2d2; color: #1e6e42; font-weight: bold;
  border-bottom: 2px solid #217346; }}
th.row.on {{ border-bottom-width: 1px; border-right: 2px solid #217346; }}
td.number {{ text-align: right; }}
td.truth {{ text-align: center; }}
td.wrap {{ white-space: normal; word-break: break-all; vertical-align: middle; }}
td div {{ overflow: hidden; }}
td.spill, td.active {{ overflow: visible; }}
tr.frozen td {{ border-bottom: 2px solid #9e9e9e; }}
td.active {{ outline: 2px solid #217346; outline-offset: -2px; z-index: 2; }}
.arrow {{ position: absolute; right: 1px; bottom: 1px; width: 14px; height: 16px;
  font-size: 8pt; line-height: 16px; text-align: center; color: #666; }}
td.active .arrow {{ right: -17px; bottom: -1px; width: 17px; height: 20px; line-height: 20px;
  background: #f3f3f3; border: 1px solid #9e9e9e; color: #333; }}
.note {{ position: absolute; right: 0; top: 0; width: 0; height: 0;
  border-left: 6px solid transparent; border-top: 6px solid #e02020; }}
.tabs {{ display: flex; height: 28px; border-top: 1px solid #c6c6c6; background: #f3f3f3;
  font-size: 10pt; overflow: hidden; }}
.nav {{ flex: none; width: 46px; color: #888; text-align: center; line-height: 27px;
  letter-spacing: 6px; }}
.strip {{ display: flex; overflow: hidden; flex: 1 1 0; }}
.tab {{ flex: none; padding: 0 12px; line-height: 26px; color: #333;
  border-right: 1px solid #c6c6c6; white-space: nowrap; }}
.tab.current {{ background: #fff; color: #217346; font-weight: bold;
  border-bottom: 3px solid #217346; }}
.add {{ flex: none; width: 28px; text-align: center; color: #666; line-height: 27px; }}
"""

#: Widens the window to its tab strip with more empty columns, then brings the current tab
#: into view, as a spreadsheet window does.
FIT_WINDOW = """
const win = document.getElementById('window');
const table = win.querySelector('table');
const strip = win.querySelector('.strip');
const tabs = [...strip.children].reduce((sum, tab) => sum + tab.offsetWidth, 0)
  + win.querySelector('.nav').offsetWidth + win.querySelector('.add').offsetWidth;
const letter = (n) => (n > 26 ? letter(Math.floor((n - 1) / 26)) : '')
  + String.fromCharCode(65 + ((n - 1) % 26));
let width = table.offsetWidth;
while (width < tabs) {
  const spare = table.querySelector('col:last-of-type');
  spare.after(spare.cloneNode());
  for (const row of table.rows) {
    const added = row.lastElementChild.cloneNode(true);
    if (row.rowIndex === 0) added.textContent = letter(row.cells.length);
    row.append(added);
  }
  width += spare.offsetWidth || 64;
  table.style.width = width + 'px';
}
win.style.width = (Math.max(table.offsetWidth, Math.min(tabs, width)) + 2) + 'px';
const tab = strip.querySelector('.current');
if (tab.offsetLeft + tab.offsetWidth > strip.clientWidth) {
  strip.scrollLeft = tab.offsetLeft + tab.offsetWidth - strip.clientWidth;
}
"""


def column_pixels(width: float | None) -> int:
    """A column's width in screen pixels, from Excel's width in characters."""
    characters = width if width else DEFAULT_WIDTH
    return int((256 * characters + 128 // CHARACTER_PIXELS) / 256 * CHARACTER_PIXELS)


def shown_text(value: Any) -> str:
    """A cell's value as Excel's General format shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _colour(colour: Any) -> str | None:
    """A CSS colour from an openpyxl colour given as ARGB (theme and indexed colours are left)."""
    rgb = getattr(colour, "rgb", None) if getattr(colour, "type", None) == "rgb" else None
    if not isinstance(rgb, str) or len(rgb) != 8 or rgb == "00000000":
        return None
    return f"#{rgb[2:]}"


def _cell_style(cell: Any) -> str:
    """The cell's own fill, font and alignment as inline CSS."""
    rules = []
    if cell.fill is not None and cell.fill.fill_type == "solid":
        fill = _colour(cell.fill.fgColor)
        if fill:
            rules.append(f"background:{fill}")
    if cell.font is not None:
        if cell.font.b:
            rules.append("font-weight:bold")
        if cell.font.i:
            rules.append("font-style:italic")
        colour = _colour(cell.font.color)
        if colour:
            rules.append(f"color:{colour}")
    horizontal = cell.alignment.horizontal if cell.alignment is not None else None
    if horizontal in ("left", "center", "right"):
        rules.append(f"text-align:{horizontal}")
    return ";".join(rules)


def _drop_down_cells(sheet: Worksheet) -> set[str]:
    """The cells (e.g. ``B2``) of ``sheet`` that carry a list check, i.e. a drop-down."""
    cells: set[str] = set()
    for check in sheet.data_validations.dataValidation:
        if check.type != "list":
            continue
        for cell_range in check.sqref.ranges:
            for row in range(cell_range.min_row, min(cell_range.max_row, sheet.max_row) + 1):
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    cells.add(f"{get_column_letter(column)}{row}")
    return cells


def _active_cell(sheet: Worksheet, drop_downs: set[str]) -> str:
    """The cell shown selected: the first drop-down of the first data row, else ``A2``."""
    for column in range(1, sheet.max_column + 1):
        coordinate = f"{get_column_letter(column)}2"
        if coordinate in drop_downs:
            return coordinate
    return "A2" if sheet.max_row > 1 else "A1"


def _frozen_rows(sheet: Worksheet) -> int:
    """How many rows are frozen at the top (``A2`` freezes one)."""
    if not sheet.freeze_panes:
        return 0
    return sheet[sheet.freeze_panes].row - 1


@dataclass(frozen=True)
class _Grid:
    """What drawing one cell needs to know about the sheet around it."""

    sheet: Worksheet
    last_row: int
    last_column: int
    #: Each drawn column's width in pixels, by column number (1 = ``A``).
    pixels: dict[int, int]
    drop_downs: set[str]
    active: str

    def empty(self, row: int, column: int) -> bool:
        """Whether the cell is blank (a drawn spare column always is)."""
        return column > self.last_column or self.sheet.cell(row, column).value in (None, "")

    def spill_pixels(self, row: int, column: int) -> int:
        """How wide the text of a cell may run: over the empty cells to its right, as in Excel."""
        width = self.pixels[column]
        for right in range(column + 1, max(self.pixels) + 1):
            if not self.empty(row, right):
                break
            width += self.pixels[right]
        return width


def _cell_html(grid: _Grid, row: int, column: int) -> str:
    """One ``<td>``: its text escaped, its style, and its drop-down arrow and note marks."""
    coordinate = f"{get_column_letter(column)}{row}"
    if row > grid.last_row or column > grid.last_column:
        return "<td></td>"
    cell = grid.sheet.cell(row, column)
    value = cell.value
    text = escape(shown_text(value))
    classes = []
    if isinstance(value, bool):
        classes.append("truth")
    elif isinstance(value, int | float):
        classes.append("number")
    if cell.alignment is not None and cell.alignment.wrap_text:
        classes.append("wrap")
    elif isinstance(value, str) and text and grid.empty(row, column + 1):
        classes.append("spill")
        text = f'<div style="width:{grid.spill_pixels(row, column) - 4}px">{text}</div>'
    if "spill" not in classes:
        text = f"<div>{text}</div>"  # clipped at the cell's edge, not the cell's arrow
    if coordinate == grid.active:
        classes.append("active")
    if coordinate in grid.drop_downs:
        text += '<span class="arrow">&#9662;</span>'
    if cell.comment is not None:
        text += '<span class="note"></span>'
    attributes = f' class="{" ".join(classes)}"' if classes else ""
    style = _cell_style(cell)
    if style:
        attributes += f' style="{style}"'
    return f"<td{attributes}>{text}</td>"


def _column_pixels(sheet: Worksheet, columns: range, last_column: int) -> dict[int, int]:
    """Each drawn column's width in pixels: the sheet's own widths, Excel's default elsewhere."""
    pixels = {}
    for column in columns:
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        width = dimension.width if dimension is not None and column <= last_column else None
        pixels[column] = column_pixels(width)
    return pixels


def sheet_html(book: Workbook, title: str, max_rows: int | None = None) -> str:
    """A self-contained HTML page that draws sheet ``title`` of ``book`` as a spreadsheet."""
    sheet = book[title]
    last_row = sheet.max_row if max_rows is None else min(sheet.max_row, max_rows)
    columns = range(1, sheet.max_column + SPARE_COLUMNS + 1)
    drop_downs = _drop_down_cells(sheet)
    active = _active_cell(sheet, drop_downs)
    grid = _Grid(
        sheet,
        last_row,
        sheet.max_column,
        _column_pixels(sheet, columns, sheet.max_column),
        drop_downs,
        active,
    )
    active_cell = sheet[active]
    frozen = _frozen_rows(sheet)
    widths = "".join(
        f'<col style="width:{width}px">' for width in [ROW_NUMBER_PIXELS, *grid.pixels.values()]
    )
    letters = "".join(
        f'<th class="{"on" if column == active_cell.column else ""}">'
        f"{get_column_letter(column)}</th>"
        for column in columns
    )
    rows = [f'<tr><th class="corner"></th>{letters}</tr>']
    for row in range(1, last_row + SPARE_ROWS + 1):
        cells = "".join(_cell_html(grid, row, column) for column in columns)
        number = f'<th class="row{" on" if row == active_cell.row else ""}">{row}</th>'
        frozen_class = ' class="frozen"' if row == frozen else ""
        rows.append(f"<tr{frozen_class}>{number}{cells}</tr>")
    tabs = "".join(
        f'<div class="tab{" current" if other.title == title else ""}">{escape(other.title)}</div>'
        for other in book.worksheets
        if other.sheet_state == "visible"
    )
    lang = "zh-CN" if _language(book) == "zh" else "en"
    table_width = ROW_NUMBER_PIXELS + sum(grid.pixels.values())
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        '<div id="window">'
        f'<div class="bar"><div class="name-box">{active}</div><div class="fx">fx</div>'
        f'<div class="formula">{escape(shown_text(active_cell.value))}</div></div>'
        f'<table style="width:{table_width}px">{widths}{"".join(rows)}</table>'
        f'<div class="tabs"><div class="nav">&#9664;&#9654;</div><div class="strip">{tabs}</div>'
        '<div class="add">+</div></div>'
        "</div></body></html>"
    )


# --- which sheets, from which workbook ---------------------------------------------------


def _language(book: Workbook) -> str:
    """``zh`` when the workbook's sheets carry Chinese names, else ``en``."""
    chinese = {sheet.zh for sheet in layout.SHEETS} | {layout.INSTRUCTIONS[0]}
    return "zh" if any(title in chinese for title in book.sheetnames) else "en"


def _key_of(title: str) -> str:
    """The file-name key of a sheet title: the layout key (``staff``), else the title."""
    if title in layout.INSTRUCTIONS:
        return "instructions"
    for sheet in layout.SHEETS:
        if sheet.matches(title):
            return sheet.key
    return title.replace(" ", "_")


def sheet_title(book: Workbook, wanted: str) -> str:
    """The title in ``book`` of the sheet named ``wanted`` (a key, or a name in either language)."""
    for title in book.sheetnames:
        if title == wanted or _key_of(title) == wanted or _key_of(title) == _key_of(wanted):
            return title
    choices = ", ".join(t if _key_of(t) == t else f"{_key_of(t)} ({t})" for t in book.sheetnames)
    raise ScreenshotError(f"--sheet: {wanted!r} is not a sheet of the workbook; choose: {choices}")


def open_book(workbook: Path | None, template: str) -> Workbook:
    """The workbook to draw: the file given, else a fresh template in ``template``'s language."""
    if workbook is None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "template.xlsx"
            convert.save_workbook(convert.template_book(template), path)
            return load_workbook(path)
    if not workbook.is_file():
        raise ScreenshotError(f"--workbook: {workbook} does not exist; give an .xlsx file")
    try:
        return load_workbook(workbook)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ScreenshotError(
            f"--workbook: {workbook} cannot be read as a workbook ({error}); give an .xlsx file"
        ) from error


def pictures(book: Workbook, sheets: list[str], out: Path, force: bool) -> list[Picture]:
    """The pictures to draw, checked before any is drawn: each sheet exists, no file is taken."""
    lang = _language(book)
    planned = []
    for wanted in sheets:
        title = sheet_title(book, wanted)
        target = out / f"workbook_{_key_of(title)}_{lang}.png"
        if target.exists() and not force:
            raise ScreenshotError(f"--out: {target} already exists; pass --force to draw it again")
        planned.append(Picture(title, target))
    return planned


# --- the browser --------------------------------------------------------------------------


def _chromium() -> str:
    """The Chromium program, or a one-line error saying how to install it."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise ScreenshotError("chromium: not installed; apt-get install chromium")
    return chromium


def _photograph(page: Any, html: str, target: Path) -> None:
    """Lay ``html`` out in ``page`` and save the window's picture at ``target``, atomically."""
    page.set_content(html, wait_until="load")
    page.evaluate(FIT_WINDOW)
    window = page.locator("#window")
    atomic_write(target, lambda tmp: window.screenshot(path=str(tmp)))


def _shown_path(path: Path) -> Path:
    """``path`` relative to the repository when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def draw(book: Workbook, planned: list[Picture], max_rows: int | None, scale: float) -> None:
    """Photograph each sheet's page with headless Chromium, cropped to the drawn sheet."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise ScreenshotError("playwright: not installed; pip install -e '.[dev]'") from error
    chromium = _chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": 2400, "height": 1200}, device_scale_factor=scale
            )
            page.route("**/*", lambda route: route.abort())  # set_content needs no request
            for picture in planned:
                _photograph(page, sheet_html(book, picture.sheet, max_rows), picture.target)
                size = picture.target.stat().st_size // 1024
                print(f"{_shown_path(picture.target)}: {picture.sheet} ({size} KB)")
        finally:
            browser.close()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--workbook", type=Path, help="an .xlsx workbook to draw")
    source.add_argument(
        "--template",
        choices=("zh", "en"),
        default="zh",
        help="draw a fresh `orgsim-office template --lang LANG` (default: zh)",
    )
    parser.add_argument(
        "--sheet",
        action="append",
        help="a sheet to draw, by key or name; repeat for more (default: staff and matters)",
    )
    parser.add_argument("--rows", type=int, help="draw at most this many rows of each sheet")
    parser.add_argument(
        "--scale", type=float, default=2.0, help="pixels per CSS pixel (default: 2)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="the folder of the pictures")
    parser.add_argument("--force", action="store_true", help="replace pictures already there")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Draw the pictures; 0 when done, 2 (with one line on stderr) for bad input."""
    args = parse_args(argv)
    try:
        if args.rows is not None and args.rows < 1:
            raise ScreenshotError(f"--rows: {args.rows} is below 1; give 1 or more")
        if not 0.5 <= args.scale <= 4:
            raise ScreenshotError(f"--scale: {args.scale} is out of range; give 0.5 to 4")
        book = open_book(args.workbook, args.template)
        planned = pictures(book, args.sheet or list(DEFAULT_SHEETS), args.out, args.force)
        draw(book, planned, args.rows, args.scale)
    except ScreenshotError as error:
        print(f"workbook_screenshot: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
