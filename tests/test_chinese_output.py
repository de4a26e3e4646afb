"""Chinese names everywhere: terminal tables, comparison.md, Parquet, summary.json, HTML report.

A Chinese office names its sections, staff, matter types and plans in Chinese; each output
must keep those names intact (UTF-8) and the terminal tables must stay lined up, although a
Chinese character takes two terminal columns. Figures are checked in tests/test_figures.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from orgsim.analysis.formatting import display_width, frame_text, pad, text_table
from orgsim.analysis.report import build_report
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file

#: A small office named in Chinese: two 科室, a 大科室 plan and an A岗/B岗 plan.
CHINESE_ORG = """\
name: 县审批局
description: 两个科室，各办各的
source: 测试用的虚构办公室
time_unit: working hour
policy: strict
matter_types:
  建设许可:
    arrival_rate: 0.5
    service: {distribution: exponential, mean: 2.0}
    deadline: 24
  不动产登记:
    arrival_rate: 0.6
    service: {distribution: exponential, mean: 1.5}
    deadline: 16
sections:
  审批科: {unit: 审批局, handles: [建设许可]}
  登记科: {unit: 审批局, handles: [不动产登记]}
staff:
  张三: {section: 审批科, skills: {建设许可: 1.0}}
  李四: {section: 审批科, skills: {建设许可: 1.0, 不动产登记: 0.8}}
  王五: {section: 登记科, skills: {不动产登记: 1.0}}
  赵六: {section: 登记科, skills: {不动产登记: 1.0}, b_post: 审批科}
structures:
  大科室:
    description: 两个科室合并为一个大科室
    merge: {综合审批科: [审批科, 登记科]}
    policy: pooled
  A岗B岗:
    description: 科室不变，A岗办完再办B岗
    policy: ab
"""
NAMES = ("大科室", "A岗B岗", "建设许可", "不动产登记")


def _column_starts(line: str, cells: list[str]) -> list[int]:
    """The terminal column where each of ``cells`` starts in ``line`` (searched in order)."""
    starts, position = [], 0
    for cell in cells:
        position = line.index(cell, position)
        starts.append(display_width(line[:position]))
        position += len(cell)
    return starts


# --- terminal widths --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("综合科", 6),
        ("A岗B岗", 6),
        ("（承办）", 8),  # full-width brackets
        ("e\u0301", 1),  # e and a combining acute accent
        ("a\u200db", 2),  # a zero-width joiner takes no column
        ("", 0),
    ],
)
def test_display_width_counts_chinese_characters_as_two_columns(text, width):
    assert display_width(text) == width


def test_pad_fills_to_terminal_columns_on_either_side():
    assert pad("科室", 6) == "科室  "
    assert pad("科室", 6, right=True) == "  科室"
    assert pad("综合审批科", 4) == "综合审批科"  # never cut


def test_text_table_lines_up_chinese_and_latin_names():
    rows = [["综合审批科", "1.5 [1.2, 1.8]", 3], ["approvals", "0.25 [0.1, 0.4]", 12]]
    lines = text_table(["科室", "等待", "n"], rows, right=[False, False, True]).splitlines()
    starts = [
        _column_starts(line, [str(c) for c in cells])
        for line, cells in zip(lines, [["科室", "等待", "n"], *rows], strict=True)
    ]
    assert starts[0][:2] == starts[1][:2] == starts[2][:2]
    ends = {display_width(line) for line in lines}  # numbers right-aligned: same last column
    assert len(ends) == 1


def test_frame_text_aligns_the_index_header_and_number_columns():
    frame = pd.DataFrame(
        {"大科室": ["2.8 [1, 4.6]", "0.09 [0.01, 0.2]"], "p": [0.5, 0.001]},
        index=pd.Index(["建设工程规划许可", "permit"], name="matter type"),
    )
    lines = frame_text(frame, float_format=lambda v: f"{v:.3g}").splitlines()
    assert lines[0].startswith("matter type")
    value_starts = {
        _column_starts(line, [cell])[0]
        for line, cell in zip(lines, ["大科室", "2.8 [1, 4.6]", "0.09 [0.01, 0.2]"], strict=True)
    }
    assert len(value_starts) == 1
    assert len({display_width(line) for line in lines}) == 1
    assert lines[2].endswith("0.001")
    assert frame_text(frame, index=False).splitlines()[1].startswith("2.8 [1, 4.6]")


# --- a whole run of a Chinese office ------------------------------------------------------


@pytest.fixture(scope="module")
def chinese_run(tmp_path_factory) -> tuple[Path, str]:
    """A real run of the Chinese office (3 short replications) and what it printed."""
    base = tmp_path_factory.mktemp("chinese")
    org = base / "县审批局.yaml"
    org.write_text(CHINESE_ORG, encoding="utf-8")
    out = base / "run"
    overrides = [f"org={org}", "workload.horizon=400", "workload.warmup=50", "replications=3"]
    cfg = compose_config(redirect_org_file(overrides))  # as orgsim does with a file name
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        execute(cfg, out)
    return out, printed.getvalue()


def _block(lines: list[str], header: str) -> list[str]:
    """The table whose header line starts with ``header``: up to the first blank line."""
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_the_printed_tables_line_up_with_chinese_names(chinese_run):
    _, printed = chinese_run
    assert all(name in printed for name in NAMES), printed
    lines = printed.splitlines()
    for header in ("metric", "matter type"):
        block = _block(lines, header)
        assert len(block) >= 3, printed
        starts = {tuple(_column_starts(line, re.split(r" {2,}", line.strip()))) for line in block}
        assert len(starts) == 1, "\n".join(block)  # every column starts at the same place
    assert "大科室" in _block(lines, "metric")[0]
    assert {line.split()[0] for line in _block(lines, "matter type")[1:]} == {
        "建设许可",
        "不动产登记",
    }


def test_comparison_md_and_summary_json_keep_chinese_names(chinese_run):
    out, _ = chinese_run
    markdown = (out / "comparison.md").read_text(encoding="utf-8")
    assert "| metric | current | 大科室 | A岗B岗 |" in markdown
    assert "| 建设许可 |" in markdown and "| 不动产登记 |" in markdown
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["structures"]) == {"current", "大科室", "A岗B岗"}


def test_parquet_files_round_trip_chinese_names(chinese_run, tmp_path):
    out, _ = chinese_run
    replications = pd.read_parquet(out / "replications.parquet")
    assert set(replications["structure"]) == {"current", "大科室", "A岗B岗"}
    assert {"wait_mean.建设许可", "wait_mean.不动产登记"} <= set(replications.columns)
    staff = pd.read_parquet(out / "staff.parquet")
    assert {"张三", "赵六"} <= set(staff.astype(str).to_numpy().ravel())
    again = tmp_path / "again.parquet"
    replications.to_parquet(again)
    pd.testing.assert_frame_equal(pd.read_parquet(again), replications)


def test_the_html_report_carries_chinese_names_with_a_chinese_font_stack(chinese_run):
    out, _ = chinese_run
    page = build_report(out)
    assert '<meta charset="utf-8">' in page
    assert all(name in page for name in (*NAMES, "县审批局"))
    stack = page[page.index("font-family") : page.index("sans-serif;")]
    for font in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert f'"{font}"' in stack
    assert "@font-face" not in page and "fonts.googleapis" not in page  # nothing downloaded


def test_the_html_report_draws_chinese_names_with_a_chinese_font_in_chromium(chinese_run, tmp_path):
    """Rendered in a real browser, the Chinese names are shown in a font that has them."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed: apt-get install chromium (make test does it)")
    from orgsim.analysis.plotting import chinese_font

    if chinese_font() is None:
        pytest.skip("no Chinese font installed (make test installs fonts-wqy-microhei as root)")
    from tests.test_report import BROWSER_ARGS

    out, _ = chinese_run
    html = tmp_path / "report.html"
    html.write_text(build_report(out), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.as_uri(), wait_until="load")
            text = page.locator("body").inner_text()
            assert all(name in text for name in (*NAMES, "县审批局")), text[:500]
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
        finally:
            browser.close()
    assert "县审批局" in text
    families = [f["familyName"] for f in fonts]
    assert any(_is_chinese_font(family) for family in families), families


def _is_chinese_font(family: str) -> bool:
    """Whether a platform font family is one with Chinese glyphs."""
    known = ("CJK", "WenQuanYi", "Droid Sans Fallback", "PingFang", "YaHei", "Hei", "Han Sans")
    return any(word in family for word in known) or any(display_width(c) == 2 for c in family)


# --- the Chinese documents ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ZH_DOCS = sorted((ROOT / "docs" / "zh").glob("*.md"))
#: The field's own words, used for the same things in every Chinese document.
FIELD_TERMS = ("科室", "大科室", "A岗", "B岗", "承办人", "办件", "时限", "工作日", "合署办公")


@pytest.mark.parametrize("document", ZH_DOCS, ids=lambda p: p.name)
def test_every_file_a_chinese_document_names_exists(document):
    from tests.test_doc_paths import missing_paths

    assert missing_paths(document, document.read_text(encoding="utf-8")) == []


def test_the_chinese_office_file_guide_covers_every_key_of_the_english_one():
    english = (ROOT / "docs" / "org-file.md").read_text(encoding="utf-8")
    chinese = (ROOT / "docs" / "zh" / "办公室文件.md").read_text(encoding="utf-8")
    keys = set(re.findall(r"^\| `([a-z_]+)`", english, flags=re.MULTILINE))
    assert len(keys) > 40
    assert sorted(k for k in keys if f"`{k}`" not in chinese) == []
    terms = (*FIELD_TERMS, "双向选择", "磨合", "推诿扯皮")
    assert [t for t in terms if t not in chinese] == []


def test_the_chinese_quick_start_uses_the_field_terms_and_real_commands():
    text = (ROOT / "docs" / "zh" / "快速上手.md").read_text(encoding="utf-8")
    assert [t for t in FIELD_TERMS if t not in text] == []
    for command in ("orgsim experiment=pooling_demo", "orgsim-report", "orgsim-office template"):
        assert command in text
    assert "orgsim-office calibrate" in text and "orgsim-office validate" in text
