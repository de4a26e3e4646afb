"""The plan brief (``orgsim-report RUN --brief``): two printed A4 pages, in English or Chinese.

Real runs: the teaching office (one plan), Binzhou's four plans with the longest notes of
the shipped offices, and a robustness check of the teaching office's plan (20 points over
two assumptions, enough to rank them). Each brief is
printed to PDF by headless Chromium (``page.pdf(format="A4")``) with every request off the
page's own file blocked, and its pages counted.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from orgsim.analysis.report.org_notes import read_notes
from orgsim.experiments.report_cli import main
from tests.test_cli import orgsim
from tests.test_report import BROWSER_ARGS, _browser, _error

#: Pages of the brief's own text in English, which a Chinese brief must not show.
ENGLISH_HEADINGS = (
    "Plan brief:",
    "Assumptions and where they came from",
    "What the run assumed",
    "Where the numbers came from",
    "Does the verdict survive what we do not know?",
    "No robustness check was run",
)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """The teaching office (current against merged), run as a person would."""
    root = tmp_path_factory.mktemp("brief_run")
    out = root / "run"
    done = orgsim("workload=quick", "replications=3", f"hydra.run.dir={out}", cwd=root)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def binzhou_dir(tmp_path_factory) -> Path:
    """Four plans and a long office file: the fullest brief of the shipped offices."""
    root = tmp_path_factory.mktemp("brief_binzhou")
    out = root / "run"
    done = orgsim(
        "experiment=binzhou",
        "workload.horizon=300",
        "workload.warmup=30",
        "replications=3",
        f"hydra.run.dir={out}",
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def robustness_dir(run_dir) -> Path:
    """A robustness check of the run's plan over demand and one matter type's work."""
    out = run_dir.parent / "robustness"
    done = orgsim(
        "task=robustness",
        "robustness.ranges={workload.arrival_scale: [0.6, 1.0], "
        "org.matter_types.a.service.mean: [0.8, 1.2]}",
        "robustness.points=20",
        "workload.horizon=600",
        "workload.warmup=60",
        "replications=3",
        f"hydra.run.dir={out}",
        cwd=run_dir.parent,
    )
    assert done.returncode == 0, done.stderr
    return out


def _brief(folder: Path, out: Path, *extra: str) -> str:
    main([str(folder), "--brief", "--output", str(out), *extra])
    return out.read_text(encoding="utf-8")


def test_the_english_brief_has_every_part_and_says_no_check_was_run(run_dir, capsys):
    main([str(run_dir), "--brief"])
    page = (run_dir / "brief.html").read_text(encoding="utf-8")
    assert f"brief in {run_dir / 'brief.html'}" in capsys.readouterr().out
    assert '<html lang="en">' in page and "@page { size: A4" in page
    assert "<h1>Plan brief: Four one-person sections</h1>" in page
    assert "<strong>merged</strong> against <strong>current</strong> · run of 20" in page
    assert "merged against current: waits" in page  # the headline card's sentence
    assert page.count("data:image/png;base64,") == 1  # the one figure, embedded
    for said in (
        "What the run assumed",
        "4 matter types, 3.2 matters per hour in all",
        "merged: 1 section, 4 staff, required utilisation 0.8",
        "3 replications from seed",
        "mean wait: 5% of the baseline&#x27;s value or 1 minute, whichever is larger",
        "Source of the facts: <strong>textbook pooling example (Erlang C)",
        "conf/org/pooling_four.yaml",
        "The &quot;1+1&gt;2&quot; teaching case",
        "No robustness check was run",
        "task=robustness robustness.plan=merged",
        f"--brief --robustness {run_dir.resolve()}-robustness",
    ):
        assert said in page, said
    assert not re.search(r"(src|href)=\"(https?:|//)", page)


def test_a_robustness_folder_adds_its_shares_and_what_decides(run_dir, robustness_dir, tmp_path):
    info = json.loads((robustness_dir / "robustness.json").read_text())
    page = _brief(run_dir, tmp_path / "b.html", "--robustness", str(robustness_dir))
    shares = [f"{info['shares'][v]:.0%}" for v in ("better", "no practical difference", "worse")]
    assert all(f'<div class="big">{share}</div>' in page for share in shares)
    assert "of the range: merged better" in page
    assert "workload.arrival_scale from 0.6 to 1" in page
    first = info["influence"][0]["assumption"]
    assert f"The verdict depends most on {first} (" in page
    assert "first-order index S1 (RBD-FAST), largest first" in page
    assert str(robustness_dir.resolve()) in page
    assert "No robustness check was run" not in page


def test_the_chinese_brief_speaks_the_field_terms(run_dir, robustness_dir, tmp_path):
    without = _brief(run_dir, tmp_path / "zh.html", "--lang", "zh")
    assert '<html lang="zh-CN">' in without
    for said in ("改革方案简报：Four one-person sections", "假设及其来源", "本次运行的假设"):
        assert said in without, said
    assert "尚未进行稳健性分析" in without and "实际意义阈值" in without
    assert "merged：1 个科室，4 名工作人员，所需利用率 0.8" in without
    checked = _brief(
        run_dir, tmp_path / "zh_r.html", "--lang", "zh", "--robustness", str(robustness_dir)
    )
    assert "的范围内：merged更好" in checked and "稳健性分析结果文件夹" in checked
    for page in (without, checked):
        assert not [h for h in ENGLISH_HEADINGS if h in page]


def _pdf_pages(html: Path, tmp_path: Path) -> tuple[int, str]:
    """The brief printed to A4 by Chromium offline: its page count and its visible text."""
    sync_playwright, chromium = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            outside: list[str] = []

            def block(route) -> None:
                if not route.request.url.startswith(("file:", "data:")):
                    outside.append(route.request.url)
                    route.abort()
                else:
                    route.continue_()

            page.route("**/*", block)
            page.goto(html.as_uri(), wait_until="load")
            assert page.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
            text = page.locator("body").inner_text()
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert outside == [], outside
    (tmp_path / f"{html.stem}.pdf").write_bytes(pdf)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf)), text


@pytest.mark.parametrize(
    ("folder", "language", "robust"),
    [
        ("run_dir", "en", False),
        ("run_dir", "zh", True),
        pytest.param("binzhou_dir", "en", False, marks=pytest.mark.slow),  # the longest header
        pytest.param("binzhou_dir", "zh", False, marks=pytest.mark.slow),
    ],
)
def test_the_brief_prints_on_at_most_two_a4_pages_offline(
    folder, language, robust, request, tmp_path
):
    run = request.getfixturevalue(folder)
    extra = ["--robustness", str(request.getfixturevalue("robustness_dir"))] if robust else []
    html = tmp_path / f"brief_{language}.html"
    _brief(run, html, "--lang", language, *extra)
    pages, text = _pdf_pages(html, tmp_path)
    assert 1 <= pages <= 2, f"{pages} A4 pages"
    heading = "改革方案简报" if language == "zh" else "Plan brief"
    assert heading in text and "current" in text


@pytest.mark.slow  # a Binzhou run; headers are also read from a made-up file
def test_the_fullest_shipped_office_quotes_its_source_and_assumptions(binzhou_dir, tmp_path):
    page = _brief(binzhou_dir, tmp_path / "b.html")
    for plan in ("merged_fused_cut_by_work", "merged_fused_cut", "merged_fused"):
        assert f"{plan} against current" in page
    assert "Binzhou staffing office (滨州市委编办)" in page
    assert "The file quotes 6 facts from its source" in page
    assert "41 staff; per body an office of 3" in page and "more in the office file" in page
    assert "handoff between sections: 1 working hour on average" in page
    assert "transfer or consultation between units: 8 working hours on average" in page
    assert "experiment=binzhou" in page  # the command to check it keeps the run's settings


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda run, rob, tmp: [str(tmp / "nowhere"), "--brief"], "does not exist; --brief"),
        (
            lambda run, rob, tmp: [str(rob), "--brief"],
            "is a robustness folder, not a run folder; give the run folder and this one as "
            "--robustness",
        ),
        (lambda run, rob, tmp: [str(run), "--robustness", str(rob)], "add --brief"),
        (
            lambda run, rob, tmp: [str(run), "--brief", "--robustness", str(run)],
            "no robustness.json there",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    make, expected, run_dir, robustness_dir, tmp_path, capsys
):
    out = tmp_path / "b.html"
    with pytest.raises(SystemExit) as stop:
        main([*make(run_dir, robustness_dir, tmp_path), "--output", str(out)])
    assert stop.value.code == 2
    assert expected in _error(capsys)
    assert not out.exists()


def test_a_run_without_a_plan_is_refused_with_the_fix(run_dir, tmp_path, capsys):
    alone = tmp_path / "alone"
    shutil.copytree(run_dir, alone)
    summary = json.loads((alone / "summary.json").read_text())
    summary["paired_differences"] = {}
    (alone / "summary.json").write_text(json.dumps(summary))
    with pytest.raises(SystemExit) as stop:
        main([str(alone), "--brief", "--output", str(tmp_path / "b.html")])
    assert stop.value.code == 2
    assert "compared no plan with current; run the office with its alternative" in _error(capsys)
    assert not (tmp_path / "b.html").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"org": "Another office"}, "it is about the office 'Another office'"),
        ({"plan": "split"}, "its plan 'split' is not an alternative of the run (merged)"),
        ({"baseline_structure": "merged"}, "its baseline 'merged' is not the run's"),
        ({"shares": {"better": "most"}}, "no share per verdict"),
    ],
)
def test_a_robustness_folder_of_another_office_or_plan_is_refused(
    change, expected, run_dir, robustness_dir, tmp_path, capsys
):
    other = tmp_path / "other"
    shutil.copytree(robustness_dir, other)
    info = json.loads((other / "robustness.json").read_text())
    (other / "robustness.json").write_text(json.dumps({**info, **change}))
    out = tmp_path / "b.html"
    with pytest.raises(SystemExit) as stop:
        main([str(run_dir), "--brief", "--robustness", str(other), "--output", str(out)])
    assert stop.value.code == 2
    line = _error(capsys)
    assert line.startswith(f"orgsim-report: error: --robustness {other}: ") and expected in line
    assert not out.exists()


def test_the_brief_is_never_silently_overwritten(run_dir, tmp_path, capsys):
    out = tmp_path / "brief.html"
    out.write_text("mine")
    with pytest.raises(SystemExit) as stop:
        main([str(run_dir), "--brief", "--output", str(out)])
    assert stop.value.code == 2
    assert "already exists" in (line := _error(capsys)) and "--overwrite" in line
    assert out.read_text() == "mine"
    main([str(run_dir), "--brief", "--output", str(out), "--overwrite"])
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_office_file_notes_keep_lines_apart_join_wrapped_ones_and_need_the_office(tmp_path):
    log = "Office: calibrated from the case log /data/records/approvals_office_cases_2024.csv"
    wrapped = "a calibrated office whose opening sentence is long enough to wrap onto a"
    org = tmp_path / "office.yaml"
    org.write_text(
        f"# {log}\n"
        "# period 2024-01-02 to 2024-03-29: 60 open days, 480 working hours\n"
        f"# {wrapped}\n"
        "# second line.\n"
        "#\n"
        "# Facts from the survey:\n"
        "# - one;\n"
        "# - two.\n"
        "#\n"
        "# ASSUMPTIONS (not in the survey):\n"
        "# - three people, each\n"
        "#   at full speed;\n"
        f"# - {'long ' * 80}\n"
        "name: Office\n",
        encoding="utf-8",
    )
    notes = read_notes(org, "Office")
    assert notes is not None
    assert notes.opening == [
        log,
        "period 2024-01-02 to 2024-03-29: 60 open days, 480 working hours",
        f"{wrapped} second line.",
    ]
    assert notes.facts == 2
    assert notes.assumptions[0] == "three people, each at full speed;"
    assert notes.assumptions[1].endswith(" …") and len(notes.assumptions[1]) <= 232
    assert read_notes(org, "Another office") is None
