"""The office workbook against every shipped office: export, import, the same office back.

Also: the shipped example workbook is what the exporter writes today, and a template
filled in by hand imports into an org file that ``orgsim`` runs unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from orgsim.analysis.units import WorkCalendar
from orgsim.experiments.office import convert
from orgsim.experiments.office.exporter import export_book
from orgsim.experiments.office.typed_org import typed_org

ROOT = Path(__file__).resolve().parent.parent
ORG_FILES = sorted((ROOT / "conf" / "org").glob("*.yaml"))
EXAMPLE = ROOT / "experiments" / "office" / "examples" / "zhangye_land_planning.xlsx"
ORGSIM = str(Path(sys.executable).parent / "orgsim")


def _difference(a: Any, b: Any, path: str = "org") -> str | None:
    """Where two typed offices differ (numbers within rounding), or None."""
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        for f in dataclasses.fields(a):
            found = _difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
            if found:
                return found
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: {list(a)} != {list(b)}"
        return next((d for k in a if (d := _difference(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {a} != {b}"
        pairs = enumerate(zip(a, b, strict=True))
        return next((d for i, (x, y) in pairs if (d := _difference(x, y, f"{path}[{i}]"))), None)
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return None if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) else f"{path}: {a} != {b}"
    return None if a == b else f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize(
    "org_file",
    [  # the city's workbook (3,000 people) round-trips with -m slow
        pytest.param(p, marks=pytest.mark.slow) if p.stem == "city" else p for p in ORG_FILES
    ],
    ids=[p.stem for p in ORG_FILES],
)
def test_every_shipped_office_comes_back_from_its_workbook(org_file, tmp_path):
    org, _ = convert.read_org(org_file)
    lang = "zh" if ORG_FILES.index(org_file) % 2 == 0 else "en"  # both languages, half the time
    workbook = tmp_path / "office.xlsx"
    convert.save_workbook(export_book(org, None, lang), workbook)  # the org's own calendar
    text, _ = convert.workbook_to_org(workbook)
    back = typed_org(yaml.safe_load(text)).org
    # the workbook's time is working time: an office in "hour"s comes back in working hours
    assert back.time_unit == "working hour"
    back.time_unit = org.time_unit
    assert _difference(org, back) is None


def test_a_custom_calendar_is_written_as_keys_and_kept_by_the_next_export(tmp_path):
    calendar = WorkCalendar(hours_per_day=7.5, days_per_week=5, days_per_year=245)
    org, _ = convert.read_org(convert.org_path("zhangye_land_planning"))
    workbook = tmp_path / "office.xlsx"
    convert.save_workbook(export_book(org, calendar, "zh"), workbook)
    text, _ = convert.workbook_to_org(workbook)
    content = yaml.safe_load(text)
    assert [content[k] for k in convert.CALENDAR_KEYS] == [7.5, 5, 245]
    # 0.3 per working hour x 245 x 7.5 h = 551.25 a year, shown with its conversion
    assert (
        "# site_permit: 551.25 a year / (245 working days × 7.5 h) = 0.3 per working hour" in text
    )
    org_file = tmp_path / "office.yaml"
    org_file.write_text(text)
    again = convert.org_to_book(org_file, "zh")
    assert again.calendar == calendar
    counts = {r["name"]: r["count"] for r in again.rows["matters"]}
    assert counts["site_permit"] == 551.25
    # the keys win over a calendar given on the command line only when none is given
    assert convert.org_to_book(org_file, "zh", WorkCalendar()).calendar == WorkCalendar()


def test_an_older_imported_file_keeps_the_calendar_its_header_records(tmp_path):
    text = convert.org_path("zhangye_land_planning").read_text()
    org_file = tmp_path / "office.yaml"
    org_file.write_text(
        "# workbook calendar: hours_per_day=7.5, days_per_week=5, days_per_year=245\n" + text
    )
    assert convert.org_to_book(org_file, "zh").calendar == WorkCalendar(7.5, 5, 245)


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {s.title: [tuple(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def test_the_shipped_example_workbook_is_what_the_exporter_writes(tmp_path):
    fresh = tmp_path / "zhangye_land_planning.xlsx"
    convert.save_workbook(
        convert.org_to_book(convert.org_path("zhangye_land_planning"), "zh"), fresh
    )
    assert _values(EXAMPLE) == _values(fresh), (
        "the example workbook is out of date; write it again with `orgsim-office export "
        "zhangye_land_planning -o experiments/office/examples/zhangye_land_planning.xlsx --force`"
    )


def test_a_filled_template_imports_and_runs(tmp_path):
    workbook = tmp_path / "office.xlsx"
    office = [sys.executable, "-m", "orgsim.experiments.office.cli"]
    subprocess.run(
        [*office, "template", str(workbook), "--lang", "zh"],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    book = openpyxl.load_workbook(workbook)
    book["事项"]["C2"] = 2000  # licences: 2,000 a year instead of 1,500
    book["事项"]["D2"] = "年"
    staff, skills = book["人员"], book["人员技能"]
    staff.append(["刘洋", "审批科", None, None, 8, None])  # a new reviewer
    skills.append(["刘洋", "许可审核", 0.9])
    book.save(workbook)
    org_file = tmp_path / "office.yaml"
    done = subprocess.run(
        [*office, "import", str(workbook), "-o", str(org_file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = org_file.read_text(encoding="utf-8")
    assert (
        "# 营业执照: 2,000 a year / (250 working days × 8 h) = 1 per working hour [事项!C2]" in text
    )
    assert "# 刘洋: absences 8 a year / (250 working days × 8 h) = 0.004 per working hour" in text
    run = subprocess.run(
        [
            ORGSIM,
            f"org={org_file}",
            "workload.horizon=300",
            "workload.warmup=30",
            "replications=2",
            "figure=false",
            f"hydra.run.dir={tmp_path / 'run'}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert set(summary["structures"]) >= {"current", "大科室", "AB岗"}
    report = subprocess.run(
        [str(Path(ORGSIM).parent / "orgsim-report"), str(tmp_path / "run"), "--lang", "zh"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "要点" in page  # the office's report, in Chinese
    assert "大科室" in page and "营业执照" in page
