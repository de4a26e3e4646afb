"""The office workbook: every conversion into working hours, and every error it reports.

Errors are checked with their exact text: ``sheet!cell (column): problem; fix``, printed
as one line by ``orgsim-office`` with exit status 2 and no file written.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from orgsim.analysis.units import (
    WorkCalendar,
    count_per,
    hours,
    hours_explained,
    in_unit,
    rate_explained,
    rate_per_hour,
    readable_unit,
)
from orgsim.experiments.office import cli, convert
from orgsim.experiments.office.tables import Cell, OfficeError, number

DEFAULT = WorkCalendar()  # 8 h a day, 5 days a week, 250 a year
CIVIL = WorkCalendar(hours_per_day=7.5, days_per_week=5, days_per_year=245)


# -- conversions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "period", "calendar", "rate"),
    [
        (1200, "year", DEFAULT, 0.6),  # 1,200 / (250 x 8)
        (100, "month", DEFAULT, 0.6),  # 100 / (250 / 12 x 8)
        (24, "week", DEFAULT, 0.6),  # 24 / (5 x 8)
        (4.8, "day", DEFAULT, 0.6),  # 4.8 / 8
        (0.6, "hour", DEFAULT, 0.6),
        (1837.5, "year", CIVIL, 1.0),  # 245 x 7.5 = 1,837.5 working hours
        (37.5, "week", CIVIL, 1.0),
        (0, "year", DEFAULT, 0.0),
    ],
)
def test_counts_per_period_become_rates_per_working_hour(count, period, calendar, rate):
    assert rate_per_hour(count, period, calendar) == pytest.approx(rate, rel=1e-12)
    assert count_per(rate, period, calendar) == pytest.approx(count, rel=1e-12)


def test_each_rate_conversion_is_explained_in_words():
    assert rate_explained(1200, "year", DEFAULT) == (
        "1,200 a year / (250 working days × 8 h) = 0.6 per working hour"
    )
    assert rate_explained(100, "month", DEFAULT) == (
        "100 a month / (250 working days / 12 months × 8 h) = 0.6 per working hour"
    )
    assert rate_explained(24, "week", DEFAULT) == (
        "24 a week / (5 working days × 8 h) = 0.6 per working hour"
    )
    assert rate_explained(4.8, "day", DEFAULT) == "4.8 a day / (8 h) = 0.6 per working hour"
    assert rate_explained(1837.5, "year", CIVIL) == (
        "1,837.5 a year / (245 working days × 7.5 h) = 1 per working hour"
    )


@pytest.mark.parametrize(
    ("value", "unit", "calendar", "in_hours", "words"),
    [
        (30, "minute", DEFAULT, 0.5, "30 minutes = 0.5 h"),
        (15, "minute", DEFAULT, 0.25, "15 minutes = 0.25 h"),
        (2.5, "hour", DEFAULT, 2.5, "2.5 h"),
        (1, "day", DEFAULT, 8.0, "1 working day × 8 h = 8 h"),
        (5, "day", DEFAULT, 40.0, "5 working days × 8 h = 40 h"),  # a deadline of 5 working days
        (2, "day", CIVIL, 15.0, "2 working days × 7.5 h = 15 h"),
    ],
)
def test_minutes_hours_and_working_days_become_working_hours(
    value, unit, calendar, in_hours, words
):
    assert hours(value, unit, calendar) == pytest.approx(in_hours, rel=1e-12)
    assert hours_explained(value, unit, calendar) == words
    assert in_unit(in_hours, unit, calendar) == pytest.approx(value, rel=1e-12)


def test_conversions_round_to_the_numbers_people_wrote():
    # 0.595 per working hour is 1,190 a year, not 1190.0000000000002, and back exactly
    assert count_per(0.595, "year", DEFAULT) == 1190
    assert rate_per_hour(1190, "year", DEFAULT) == 0.595
    assert in_unit(0.3, "minute", DEFAULT) == 18 and hours(18, "minute", DEFAULT) == 0.3


def test_export_writes_each_time_in_the_unit_people_would_use():
    assert readable_unit(0.25, DEFAULT) == "minute"
    assert readable_unit(2.5, DEFAULT) == "hour"
    assert readable_unit(16, DEFAULT) == "day"
    assert readable_unit(12, DEFAULT) == "hour"  # 1.5 working days reads better as 12 h


@pytest.mark.parametrize(
    ("written", "value"),
    [(1200, 1200.0), ("1,200", 1200.0), ("１２００", 1200.0), ("80%", 0.8), (" 2.5 ", 2.5)],
)
def test_numbers_are_read_as_offices_write_them(written, value):
    assert number(Cell("事项!C2 (办件量)", written), "1200") == pytest.approx(value)


# -- errors --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "office.xlsx"
    convert.save_workbook(convert.template_book("zh"), path)
    return path


@pytest.fixture(scope="module")
def template_en(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template_en") / "office.xlsx"
    convert.save_workbook(convert.template_book("en"), path)
    return path


def _edited(source: Path, target: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(source)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        book[sheet][cell] = value
    book.save(target)
    return target


def _import_error(source: Path, capsys) -> str:
    """Run ``orgsim-office import``; it must fail with exit 2, one line, and no file."""
    output = source.parent / "office.yaml"
    with pytest.raises(SystemExit) as stop:
        cli.main(["import", str(source), "-o", str(output)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("orgsim-office: error: ")
    assert not output.exists()
    assert [p.name for p in source.parent.iterdir()] == [source.name]  # no temp file left
    return err.removeprefix("orgsim-office: error: ").rstrip("\n")


SECTIONS = "受理科, 审批科, 局领导"
ERRORS = {
    "staff section is not a section": (
        {"人员!B2": "综合科"},
        f'人员!B2 (科室): "综合科" is not a section; sections are: {SECTIONS}',
    ),
    "B post is not a section": (
        {"人员!D3": "法规科"},
        f'人员!D3 (B岗): "法规科" is not a section; sections are: {SECTIONS}',
    ),
    "a name given twice": (
        {"人员!A3": "张伟"},
        '人员!A3 (姓名): "张伟" is listed twice (also row 2); give each person a different name',
    ),
    "count missing": (
        {"事项!C2": None},
        "事项!C2 (办件量): empty; give the number of matters per period (0 if it only comes "
        "in batches)",
    ),
    "count not a number": (
        {"事项!C2": "很多"},
        '事项!C2 (办件量): "很多" is not a number; give a number such as 1200',
    ),
    "count negative": (
        {"事项!C2": -5},
        "事项!C2 (办件量): -5 is negative; give 0 or more, such as 1200",
    ),
    "period missing": (
        {"事项!D2": None},
        "事项!D2 (统计周期): empty; say what the count is per: 年, 月, 周, 日",
    ),
    "period unknown": (
        {"事项!D2": "季度"},
        '事项!D2 (统计周期): "季度" is not a period; use one of: 年, 月, 周, 日, 工作小时',
    ),
    "time unit unknown": (
        {"事项!F2": "秒"},
        '事项!F2 (时长单位): "秒" is not a unit; use one of: 分钟, 小时, 工作日',
    ),
    "time without unit": (
        {"事项!F2": None},
        "事项!F2 (时长单位): empty; give the unit: 分钟, 小时, 工作日",
    ),
    "distribution unknown": (
        {"事项!G2": "正态"},
        '事项!G2 (时长分布): "正态" is not a distribution; use one of: 指数, 固定, 对数正态, 伽马',
    ),
    "lognormal without spread": (
        {"事项!H2": None},
        "事项!H2 (离散系数): empty, but a 对数正态 time needs a spread; give the standard "
        "deviation / mean, such as 0.8",
    ),
    "no handling time and no steps": (
        {"事项!E2": None, "事项!F2": None, "事项!G2": None, "事项!H2": None},
        "事项!E2 (办理时长): empty; give the handling time, or the matter's steps in the "
        "流程 sheet",
    ),
    "deadline zero": (
        {"事项!I2": 0},
        "事项!I2 (时限(工作日)): 0 is not positive; give a number above 0 such as 5",
    ),
    "count of people not whole": (
        {"人员!F4": 1.5},
        "人员!F4 (人数): 1.5 is not a whole number; give one such as 3",
    ),
    "skill unknown": (
        {"人员技能!B2": "开会"},
        '人员技能!B2 (技能(事项或环节)): "开会" is not a matter type or step skill; matter type '
        "or step skills are: 营业执照, 许可受理, 许可审核, 签批, 信访件, 专项整治",
    ),
    "skill of someone not on the staff": (
        {"人员技能!A2": "刘洋"},
        '人员技能!A2 (姓名): "刘洋" is not a person; persons are: 张伟, 李娜, 窗口人员, 王强, '
        "赵敏, 陈局长",
    ),
    "skill given twice": (
        {"人员技能!B3": "营业执照"},
        "人员技能!B3 (技能(事项或环节)): 张伟 has 营业执照 twice; keep one row for each person "
        "and skill",
    ),
    "speed not positive": (
        {"人员技能!C2": 0},
        "人员技能!C2 (熟练度): 0 is not positive; give a number above 0 such as 1",
    ),
    "step of an unknown matter": (
        {"流程!A2": "建设审批"},
        '流程!A2 (事项): "建设审批" is not a matter type; matter types are: 专项整治, 信访件, '
        "建设许可, 营业执照",
    ),
    "section handles unknown work": (
        {"科室!C2": "营业执照、户籍"},
        '科室!C2 (职责(事项或环节)): "户籍" is not a matter type or step skill; matter type or '
        "step skills are: 营业执照, 许可受理, 许可审核, 签批, 信访件, 专项整治",
    ),
    "plan change unknown": (
        {"方案!B3": "撤并"},
        '方案!B3 (措施): "撤并" is not a change; use one of: 说明, 划转单位, 合署办公, 合并科室, '
        "大部制(撤销科室界限), 拆分科室, 调整职责, B岗安排, B岗熟练度, 设B岗, B岗规则, B岗阈值, "
        "取消事项, 借调手续, 协调成本, 磨合起点, 磨合件数, 取消环节, 增加技能, 取消技能, 减员, "
        "精简比例, 双向选择, 边界政策, 科室间移交, 单位间征询, 承办方式, 推诿扯皮(退回率), "
        "返工工作量, 签批环节退回, 共性事务合并, 共性事务合并系数, 借调规则, 借调阈值, 借调期限",
    ),
    "office setting unknown": (
        {"办公室!A2": "电话"},
        '办公室!A2 (项目): "电话" is not a setting of this sheet; use one of: 名称, 简介, '
        "资料来源, 边界政策, B岗规则, B岗阈值, 协调成本, 科室间移交, 单位间征询, "
        "请假次数(每人), 请假时长, 请假时在办事项, 推诿扯皮(退回率), 返工工作量, 签批环节退回, "
        "显示单位, 办件量显示周期",
    ),
    "working day longer than a day": (
        {"工作日历!B2": 30},
        "工作日历!B2 (值): 30 is more than 24; give at most 24",
    ),
    "column unknown": (
        {"人员!G1": "电话"},
        '人员!G1: "电话" is not a column of this sheet; name it one of: 姓名, 科室, A岗, B岗, '
        "请假次数(每年), 人数 (or delete the column)",
    ),
    "value under no header": (
        {"人员!H2": "x"},
        "人员!H2: a value in a column without a header; give the column a header from this "
        "sheet or delete the value",
    ),
    "send-back share of 1 or more": (
        {"办公室!B14": 1.2},
        "办公室!B14 (值): 1.2 is not below 1 (every matter would be sent back for ever); give "
        "the share of crossings sent back, such as 0.15 or 15%",
    ),
    "send-back share negative": (
        {"办公室!B14": -0.1},
        "办公室!B14 (值): -0.1 is negative; give 0 or more, such as 0.15",
    ),
    "rework share above 1": (
        {"办公室!B15": 1.5},
        "办公室!B15 (值): 1.5 is more than 1; give at most 1",
    ),
    "rework share zero": (
        {"办公室!B15": 0},
        "办公室!B15 (值): 0 is not positive; give a number above 0 such as 0.5",
    ),
    "sign-offs neither yes nor no": (
        {"办公室!B16": "有时"},
        '办公室!B16 (值): "有时" is not a yes or no; use one of: 是, 否',
    ),
    "display unit unknown": (
        {"办公室!B17": "秒"},
        '办公室!B17 (值): "秒" is not a display unit; use one of: 分钟, 小时, 工作日, 不换算',
    ),
    "throughput period unknown": (
        {"办公室!B18": "季度"},
        '办公室!B18 (值): "季度" is not a throughput period; use one of: 日, 周, 月, 年',
    ),
    "escalation of an unknown matter": (
        {"督办升级!A2": "投诉"},
        '督办升级!A2 (事项): "投诉" is not a matter type; matter types are: 营业执照, 建设许可, '
        "信访件, 专项整治",
    ),
    "escalation level twice": (
        {"督办升级!B3": "橙色"},
        '督办升级!B3 (升级等级): "橙色" is a level of 信访件 twice; rename one',
    ),
    "escalation without a time": (
        {"督办升级!C2": None},
        "督办升级!C2 (受理后超过): empty, but a unit is given in 督办升级!D2 (时长单位); give the "
        "amount",
    ),
    "escalation time without unit": (
        {"督办升级!D2": None},
        "督办升级!D2 (时长单位): empty; give the unit: 分钟, 小时, 工作日",
    ),
    "escalation without a priority": (
        {"督办升级!E2": None},
        "督办升级!E2 (升级后优先级): empty; give the priority the matter rises to, above its own",
    ),
    "plan: send-back share of 1 or more": (
        {"方案!A12": "大科室", "方案!B12": "推诿扯皮(退回率)", "方案!E12": "100%"},
        '方案!E12 (数值): "100%" is not below 1 (every matter would be sent back for ever); give '
        "the share of crossings sent back, such as 0.15 or 15%",
    ),
    "plan: consolidation without its factor": (
        {
            "方案!A12": "大科室",
            "方案!B12": "共性事务合并",
            "方案!C12": "信访件",
            "方案!D12": "专项整治",
        },
        "方案!D12 (内容): 共性事务合并 is given without a 共性事务合并系数 row for this "
        "alternative; add one with the factor in 数值, such as 0.5 (half of the work is left)",
    ),
    "plan: consolidation factor alone": (
        {"方案!A12": "大科室", "方案!B12": "共性事务合并系数", "方案!E12": 0.5},
        "方案!E12 (数值): 共性事务合并系数 is given, but no 共性事务合并 row says whose work is "
        "done once; add one (target: the lead's matter type, content: the members' matter "
        "types)",
    ),
    "plan: borrowing rule unknown": (
        {"方案!A12": "大科室", "方案!B12": "借调规则", "方案!D12": "轮岗"},
        '方案!D12 (内容): "轮岗" is not a borrowing rule; use one of: 逐件借用, 定期借调',
    ),
    "plan: borrowing threshold not whole": (
        {"方案!A12": "大科室", "方案!B12": "借调阈值", "方案!E12": 2.5},
        "方案!E12 (数值): 2.5 is not a whole number; give one such as 3",
    ),
    "plan: secondment without unit": (
        {"方案!A12": "大科室", "方案!B12": "借调期限", "方案!E12": 1},
        "方案!F12 (单位): empty; give the unit: 分钟, 小时, 工作日",
    ),
    # found by the checks orgsim makes on every office, traced back to the cell
    "escalation not ranking above the matter's priority": (
        {"督办升级!E2": 1},
        "督办升级!E2 (升级后优先级): 1 does not rank above the priority before it (1); give each "
        "level a higher priority than the matter type and the level before",
    ),
    "B post is the person's own section": (
        {"人员!D2": "受理科"},
        "人员!D2 (B岗): '受理科' is the person's own A post, so it backs up nothing; name "
        "another section, or leave b_post out",
    ),
    "work owned by two sections": (
        {"科室!C4": "签批、营业执照"},
        "科室!C4 (职责(事项或环节)): matter type '营业执照' is also handled by section '受理科'; "
        "let exactly one section own each matter type",
    ),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_each_bad_cell_is_named_with_its_fix(case, template, tmp_path, capsys):
    cells, message = ERRORS[case]
    source = _edited(template, tmp_path / "office.xlsx", cells)
    assert _import_error(source, capsys) == message


def test_english_workbooks_name_english_sheets_and_columns(template_en, tmp_path, capsys):
    source = _edited(template_en, tmp_path / "office.xlsx", {"staff!B2": "general"})
    assert _import_error(source, capsys) == (
        'staff!B2 (section): "general" is not a section; sections are: window, approvals, heads'
    )


def test_a_missing_sheet_is_named_with_its_columns(template, tmp_path, capsys):
    book = openpyxl.load_workbook(template)
    del book["人员"]
    book.save(tmp_path / "office.xlsx")
    assert _import_error(tmp_path / "office.xlsx", capsys) == (
        'workbook: sheet "人员" (staff) is missing; add it, with the columns 姓名, 科室, A岗, B岗, '
        "请假次数(每年), 人数 (orgsim-office template writes one)"
    )


def test_an_unknown_sheet_is_refused_not_ignored(template, tmp_path, capsys):
    book = openpyxl.load_workbook(template)
    book.create_sheet("流程表")
    path = tmp_path / "office.xlsx"
    book.save(path)
    assert _import_error(path, capsys) == (
        f'{path}: sheet 流程表: "流程表" is not a sheet orgsim reads; rename it to one of: 办公室, '
        "工作日历, 科室, 人员, 人员技能, 事项, 流程, 需求波动, 突击任务, 督办升级, 方案 (or delete "
        "it)"
    )


def test_a_file_that_is_no_workbook_is_refused(tmp_path, capsys):
    path = tmp_path / "office.xlsx"
    path.write_text("not a workbook")
    assert _import_error(path, capsys) == (
        f"{path}: cannot be read as an Excel workbook (BadZipFile); save it as .xlsx, "
        "or give a folder of CSV files"
    )


def test_an_existing_org_file_is_kept_without_force(template, tmp_path, capsys):
    output = tmp_path / "office.yaml"
    output.write_text("keep me\n")
    with pytest.raises(SystemExit) as stop:
        cli.main(["import", str(template), "-o", str(output)])
    assert stop.value.code == 2
    assert capsys.readouterr().err == (
        f"orgsim-office: error: {output} already exists; pass --force to replace it, or choose "
        "another name\n"
    )
    assert output.read_text() == "keep me\n"
    cli.main(["import", str(template), "-o", str(output), "--force"])
    assert output.read_text().startswith("# 示例: 某县政务服务局: converted from office.xlsx")


def test_template_and_export_refuse_to_overwrite_and_wrong_names(template, tmp_path, capsys):
    for argv, message in (
        (
            ["template", str(template)],
            f"{template} already exists; pass --force to replace it, or choose another name",
        ),
        (
            ["template", str(tmp_path / "office.csv")],
            f"{tmp_path / 'office.csv'}: the output must end in .xlsx; rename it",
        ),
        (
            ["export", "zhangye_land_planning", "-o", str(tmp_path / "z.yaml")],
            f"{tmp_path / 'z.yaml'}: the output must end in .xlsx; rename it",
        ),
        (
            ["export", "no_such_office", "-o", str(tmp_path / "z.xlsx")],
            "no_such_office: no such org file, nor a shipped office; give a path or one of ",
        ),
    ):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 2
        assert capsys.readouterr().err.startswith(f"orgsim-office: error: {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _org(tmp_path: Path, change: str) -> Path:
    text = (Path(convert.org_path("pooling_four"))).read_text() + change
    path = tmp_path / "office.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "calendar: {day_length: 24, open_hours: 8}\n",
            "org.calendar: opening hours in clock time cannot be expressed in the workbook, whose "
            "time is working time (its calendar sheet converts counts and days into working "
            "hours); remove calendar from the org file to export it",
        ),
        (
            "coordination_cost: -1\n",
            "org.coordination_cost: ",
        ),
    ],
    ids=["calendar", "invalid org file"],
)
def test_export_says_what_the_workbook_cannot_hold(change, message, tmp_path, capsys):
    source = _org(tmp_path, change)
    output = tmp_path / "office.xlsx"
    with pytest.raises(SystemExit) as stop:
        cli.main(["export", str(source), "-o", str(output)])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith(f"orgsim-office: error: {message}")
    assert not output.exists()


def test_export_refuses_other_time_units_and_names_with_separators(tmp_path):
    from orgsim.experiments.office.exporter import export_book

    org, _ = convert.read_org(_org(tmp_path, ""))
    org.time_unit = "day"
    with pytest.raises(OfficeError, match=r"^org.time_unit: 'day' cannot be expressed"):
        export_book(org, DEFAULT, "en")
    org.time_unit = "hour"
    org.sections["A, B"] = org.sections.pop("A")
    with pytest.raises(OfficeError) as error:
        export_book(org, DEFAULT, "en")
    assert str(error.value) == (
        "org.sections: the name 'A, B' holds a list separator (, ， 、 ; or a line break), which "
        "the workbook cannot hold; rename it in the org file"
    )


def test_a_csv_folder_imports_like_the_workbook(template, tmp_path):
    import pandas as pd

    folder = tmp_path / "csv"
    folder.mkdir()
    for name, table in pd.read_excel(template, sheet_name=None, dtype=object).items():
        if name not in ("说明", "选项"):
            table.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
    from_csv, _ = convert.workbook_to_org(folder)
    from_xlsx, _ = convert.workbook_to_org(template)
    strip = [line for line in from_xlsx.splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in from_csv.splitlines() if not line.lstrip().startswith("#")] == strip
    assert "[事项.csv!C2]" in from_csv  # the comments name the file the count came from


def test_calibrate_and_validate_are_subcommands_too(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["calibrate", "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: orgsim-office calibrate")


# -- rework, escalation, consolidation, secondment, display units --------------------------


def _imported(source: Path) -> dict:
    import yaml

    text, _ = convert.workbook_to_org(source)
    return yaml.safe_load(text)


def test_rework_escalation_and_display_are_read_in_the_offices_units(template, tmp_path):
    org = _imported(_edited(template, tmp_path / "office.xlsx", {"办公室!B14": "15%"}))
    assert (org["rework_probability"], org["rework_share"], org["rework_sign_offs"]) == (
        0.15,
        0.5,
        True,
    )
    # 2 and 4 working days after arrival, in working hours of 8 h
    assert org["matter_types"]["信访件"]["escalation"] == {
        "橙色": {"after": 16.0, "priority": 2},
        "红色": {"after": 32.0, "priority": 3},
    }
    assert (org["display_unit"], org["throughput_per"]) == ("hour", "day")
    assert [org[k] for k in convert.CALENDAR_KEYS] == [8, 5, 250]


def test_the_calendar_sheet_converts_escalation_times_and_becomes_the_display_calendar(
    template, tmp_path
):
    org = _imported(_edited(template, tmp_path / "office.xlsx", {"工作日历!B2": 7.5}))
    assert org["matter_types"]["信访件"]["escalation"]["橙色"]["after"] == 15.0  # 2 x 7.5 h
    assert org["hours_per_working_day"] == 7.5


@pytest.mark.parametrize(
    ("cells", "unit"),
    [
        # three handling times in minutes, three in hours: a tie goes to the longer unit
        ({"办公室!B17": None}, "hour"),
        ({"办公室!B17": None, "事项!E4": 120, "事项!F4": "分钟"}, "minute"),
        ({"办公室!B17": None, "事项!E2": 1, "事项!F2": "小时"}, "hour"),
        ({"办公室!B17": "working days"}, "working_day"),  # an English word in a Chinese book
        ({"办公室!B17": "不换算"}, None),
    ],
    ids=["blank, tie", "blank, mostly minutes", "blank, mostly hours", "given", "as simulated"],
)
def test_the_display_unit_is_the_one_chosen_else_that_of_most_handling_times(
    cells, unit, template, tmp_path
):
    org = _imported(_edited(template, tmp_path / "office.xlsx", cells))
    assert org.get("display_unit") == unit


def test_a_blank_display_unit_says_which_unit_was_chosen(template, tmp_path):
    text, _ = convert.workbook_to_org(
        _edited(template, tmp_path / "office.xlsx", {"办公室!B17": None})
    )
    assert (
        "# display_unit: 显示单位 is blank, so results show times in hours, the unit 3 of 6 "
        "handling times are written in\ndisplay_unit: hour\n"
    ) in text


def test_sign_offs_that_never_send_back_and_a_structures_own_rework(template, tmp_path):
    cells = {
        "办公室!B16": "否",
        "方案!A12": "大科室",
        "方案!B12": "推诿扯皮(退回率)",
        "方案!E12": 0.05,
        "方案!A13": "大科室",
        "方案!B13": "签批环节退回",
        "方案!D13": "是",
    }
    org = _imported(_edited(template, tmp_path / "office.xlsx", cells))
    assert org["rework_sign_offs"] is False
    merged = org["structures"]["大科室"]
    assert (merged["rework_probability"], merged["rework_sign_offs"]) == (0.05, True)


def test_consolidation_and_secondment_go_through_the_plan_sheet():
    from orgsim.experiments.office.exporter import export_book

    org, _ = convert.read_org(convert.org_path("licheng_combination"))
    rows = export_book(org, None, "zh").rows["plan"]
    seconded = [r for r in rows if r["structure"] == "seconded_paperwork"]
    by_change = {r["change"]: r for r in seconded}
    assert by_change["共性事务合并系数"]["number"] == 0.5
    leads = [(r["target"], r["content"]) for r in seconded if r["change"] == "共性事务合并"]
    assert leads == [
        ("lead_duty", "unit_b_duty、unit_c_duty、unit_d_duty"),
        ("lead_finance", "unit_b_finance、unit_c_finance、unit_d_finance"),
    ]
    assert by_change["借调规则"]["content"] == "定期借调"
    assert by_change["借调阈值"]["number"] == 3
    # a secondment of 8 working hours is one working day
    assert (by_change["借调期限"]["number"], by_change["借调期限"]["unit"]) == (1, "工作日")


def test_export_writes_the_display_settings_and_the_org_files_calendar():
    from orgsim.experiments.office.exporter import export_book

    org, _ = convert.read_org(convert.org_path("binzhou_market"))
    org.hours_per_working_day = 7.5
    org.throughput_per = "month"
    book = export_book(org, None, "en")
    office = {r["setting"]: r["value"] for r in book.rows["office"]}
    assert office["display_unit"] == "as simulated"  # no display_unit in the file
    assert (office["throughput_per"], office["rework_probability"]) == ("month", 0.15)
    assert book.calendar == WorkCalendar(7.5, 5, 250)
    calendar = {r["setting"]: r["value"] for r in book.rows["calendar"]}
    assert calendar["hours_per_day"] == 7.5


def test_export_refuses_a_key_the_workbook_has_no_place_for(tmp_path, monkeypatch):
    from orgsim.experiments.office import exporter

    org, _ = convert.read_org(_org(tmp_path, "rework_share: 0.5\n"))
    monkeypatch.setattr(exporter, "OFFICE_FIELDS", exporter.OFFICE_FIELDS - {"rework_share"})
    with pytest.raises(OfficeError) as error:
        exporter.export_book(org, DEFAULT, "en")
    assert str(error.value) == (
        "org.rework_share: the workbook has no place for this key yet, so exporting would lose "
        "it; leave it out of the org file to export it"
    )
