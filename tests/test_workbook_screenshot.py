"""scripts/workbook_screenshot.py draws the workbook's sheets as a spreadsheet for the docs.

The page it lays out is checked on the shipped example workbook: each header and example
row is there, escaped, with the sheet's column widths, drop-down arrows and sheet tabs. One
picture is drawn in Chromium when it is installed (about three seconds).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from html import escape
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "workbook_screenshot.py"
EXAMPLE = ROOT / "experiments" / "office" / "examples" / "zhangye_land_planning.xlsx"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("workbook_screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


screenshot = _script()


@pytest.fixture(scope="module")
def example():
    return load_workbook(EXAMPLE)


def _cells(page: str) -> list[str]:
    """The text of each ``<td>`` of the page, marks and wrappers taken off."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page)
    return [re.sub(r"<[^>]+>", "", re.sub(r"<span[^>]*>.*?</span>", "", c)) for c in cells]


def test_the_staff_sheet_shows_its_headers_and_an_example_row(example):
    page = screenshot.sheet_html(example, "人员")
    cells = _cells(page)
    assert cells[:6] == ["姓名", "科室", "A岗", "B岗", "请假次数(每年)", "人数"]
    first_row = [c.value for c in example["人员"][2]]
    assert first_row[:2] == ["plan_1", "planning_approvals"]
    assert cells[7:9] == ["plan_1", "planning_approvals"]  # after the spare column of row 1
    assert '<html lang="zh-CN">' in page
    assert "background:#1F4E78" in page and "color:#FFFFFF" in page  # the header row's style


def test_text_is_escaped(example):
    page = screenshot.sheet_html(example, "办公室")
    source = example["办公室"]["B4"].value
    assert '"' in source  # the report's title, quoted
    assert escape(source) in page
    assert source not in page
    plan = screenshot.sheet_html(example, "方案")
    description = example["方案"]["D2"].value
    assert "'" in description and escape(description) in plan


def test_the_page_has_the_sheet_s_widths_letters_rows_and_drop_downs(example):
    sheet = example["人员"]
    page = screenshot.sheet_html(example, "人员")
    for letter in "ABCDEF":
        width = screenshot.column_pixels(sheet.column_dimensions[letter].width)
        assert f'<col style="width:{width}px">' in page
    assert re.findall(r"<th[^>]*>([A-Z])</th>", page) == list("ABCDEFG")  # one spare column
    numbers = re.findall(r'<th class="row[^"]*">(\d+)</th>', page)
    assert numbers == [str(n) for n in range(1, sheet.max_row + screenshot.SPARE_ROWS + 1)]
    # 科室, A岗 and B岗 are drop-downs on every staff row; 姓名 is typed
    arrows = page.count('class="arrow"')
    assert arrows == 3 * (sheet.max_row - 1)
    assert 'class="name-box">B2<' in page  # the first drop-down is the cell shown selected


def test_the_tabs_name_every_visible_sheet_with_the_current_one_highlighted(example):
    page = screenshot.sheet_html(example, "事项")
    tabs = re.findall(r'<div class="tab( current)?">([^<]+)</div>', page)
    visible = [s.title for s in example.worksheets if s.sheet_state == "visible"]
    assert [name for _, name in tabs] == visible
    assert "选项" not in visible
    assert [name for current, name in tabs if current] == ["事项"]


def test_rows_are_cut_at_the_limit(example):
    page = screenshot.sheet_html(example, "人员技能", max_rows=4)
    numbers = re.findall(r'<th class="row[^"]*">(\d+)</th>', page)
    assert numbers[-1] == str(4 + screenshot.SPARE_ROWS)
    assert example["人员技能"].max_row > 4


def test_text_runs_over_empty_cells_but_stops_at_a_filled_one(example):
    sheet = example["办公室"]
    assert sheet["C4"].value is None and sheet["F4"].value is not None
    page = screenshot.sheet_html(example, "办公室")
    row = page.split('<th class="row">4</th>', 1)[1].split("</tr>", 1)[0]
    widths = [screenshot.column_pixels(sheet.column_dimensions[c].width) for c in "BCDE"]
    assert f'<div style="width:{sum(widths) - 4}px">' in row


def test_a_sheet_is_named_by_key_or_name_in_either_language(example):
    assert screenshot.sheet_title(example, "staff") == "人员"
    assert screenshot.sheet_title(example, "matter types") == "事项"
    assert screenshot.sheet_title(example, "事项") == "事项"


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "pictures"
    assert screenshot.main(["--workbook", str(EXAMPLE), "--sheet", "nope", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("workbook_screenshot: error: --sheet: 'nope' is not a sheet")
    assert error.count("\n") == 1
    assert not out.exists()
    assert screenshot.main(["--workbook", str(tmp_path / "none.xlsx")]) == 2
    assert "--workbook:" in capsys.readouterr().err
    out.mkdir()
    (out / "workbook_staff_zh.png").write_bytes(b"kept")
    assert screenshot.main(["--workbook", str(EXAMPLE), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "workbook_staff_zh.png").read_bytes() == b"kept"


def test_chromium_draws_the_staff_sheet(tmp_path, capsys):
    from tests.test_report import _browser

    _browser()  # skips when playwright or chromium is missing
    out = tmp_path / "pictures"
    assert screenshot.main(["--template", "zh", "--sheet", "staff", "--out", str(out)]) == 0
    picture = out / "workbook_staff_zh.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < picture.stat().st_size < 150_000
    assert "workbook_staff_zh.png: 人员" in capsys.readouterr().out
