"""The offline HTML report: verdict wording, the command, sweep and search pages, a browser."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pandas as pd
import pytest
import yaml

from orgsim.analysis.report import CAPTIONS, build_report, verdict, verdicts
from orgsim.analysis.report.formatting import fmt, fmt_interval, fmt_percent
from orgsim.analysis.stats import t_interval
from orgsim.experiments.aggregate import aggregate
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.experiments.report_cli import main
from orgsim.sim import HIGHER_IS_BETTER, NEUTRAL_METRICS

REPORT = str(Path(sys.executable).parent / "orgsim-report")
QUICK = ["workload=quick", "replications=3"]
#: Small but real searches (about 5 s together); the seeds make their answers fixed.
SEARCHES = {
    "capacity": [
        "experiment=one_plus_one",
        "workload.horizon=1000",
        "workload.warmup=100",
        "replications=3",
        "capacity.tolerance=0.1",
        "capacity.curve_points=3",
    ],
    "staffing": ["experiment=staffing_demo", "workload.horizon=1000", "replications=3"],
}
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Session-wide: several modules read these folders (none writes into them but this one).
@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    """A real run folder: current against merged, with its figure and one unknown figure."""
    out = tmp_path_factory.mktemp("run")
    execute(compose_config(QUICK), out)
    shutil.copy(out / "comparison.png", out / "my_chart.png")
    return out


@pytest.fixture(scope="session")
def sweep_dir(tmp_path_factory, run_dir) -> Path:
    """A sweep folder over two loads, with one failed job and a figure at its root."""
    sweep = tmp_path_factory.mktemp("sweep")
    for job, load in (("0", "0.5"), ("1", "0.8"), ("2", "0.9")):
        folder = sweep / job
        overrides = [*QUICK, f"workload.target_load={load}"]
        (folder / ".hydra").mkdir(parents=True)
        (folder / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
        if job == "2":
            status = {"status": "failed", "error": "ValueError: boom", "traceback": "..."}
        else:
            execute(compose_config([*overrides, "figure=false"]), folder)
            status = {"status": "ok"}
        (folder / "status.json").write_text(json.dumps(status))
    aggregate(sweep)
    if not (sweep / "wait_vs_load.png").exists():  # drawn by the aggregation when it can
        shutil.copy(run_dir / "comparison.png", sweep / "wait_vs_load.png")
    return sweep


def _search(tmp_path_factory, task: str) -> Path:
    out = tmp_path_factory.mktemp(task)
    execute(compose_config(SEARCHES[task]), out, quiet=True)
    (out / "status.json").write_text(json.dumps({"status": "ok"}))  # as the Hydra job does
    return out


@pytest.fixture(scope="session")
def capacity_dir(tmp_path_factory) -> Path:
    """A real capacity search: four one-person sections against one merged section."""
    return _search(tmp_path_factory, "capacity")


@pytest.fixture(scope="session")
def staffing_dir(tmp_path_factory) -> Path:
    """A real staffing search, section by section."""
    return _search(tmp_path_factory, "staffing")


# --- verdict wording -------------------------------------------------------------------


def _diff(mean, low, high, p_holm, p_value=None):
    return {
        "mean": mean,
        "ci_low": low,
        "ci_high": high,
        "p_value": p_holm if p_value is None else p_value,
        "p_holm": p_holm,
    }


def test_a_significant_cut_in_waiting_is_better_and_worded_with_its_unit():
    v = verdict("wait_mean", "merged", "current", 4.07, 0.75, _diff(-3.32, -3.5, -3.1, 0.001))
    assert v.kind == "better"
    assert v.text.startswith("The merged structure cuts mean wait from 4.07 to 0.75 hours")
    assert "difference \u22123.32, 95% interval [\u22123.5, \u22123.1]" in v.text
    assert v.line.startswith("Better: ")


def test_a_significant_rise_in_waiting_is_worse():
    v = verdict("lead_p90", "big", "current", 2.0, 3.5, _diff(1.5, 1.1, 1.9, 0.002), "working hour")
    assert v.kind == "worse"
    assert "raises 90th-percentile lead time from 2 to 3.5 working hours" in v.text


def test_higher_is_better_metrics_turn_the_direction_around():
    up = verdict("throughput", "merged", "current", 3.0, 3.3, _diff(0.3, 0.2, 0.4, 0.01))
    assert up.kind == "better" and "raises throughput from 3 to 3.3 matters per hour" in up.text
    down = verdict(
        "deadline_attainment", "merged", "current", 0.95, 0.80, _diff(-0.15, -0.2, -0.1, 0.01)
    )
    assert down.kind == "worse"
    assert "lowers deadline attainment from 95% to 80%" in down.text
    assert "\u221215 percentage points" in down.text
    per_class = verdict(
        "deadline_attainment.red", "a", "b", 0.9, 0.95, _diff(0.05, 0.01, 0.09, 0.02)
    )
    assert per_class.kind == "better" and "deadline attainment (red)" in per_class.text
    wait_class = verdict("wait_mean.red", "a", "b", 1.0, 2.0, _diff(1.0, 0.5, 1.5, 0.02))
    assert wait_class.kind == "worse" and "mean wait (red)" in wait_class.text


def test_a_neutral_metric_changes_without_a_judgement():
    assert "utilisation_mean" in NEUTRAL_METRICS and not NEUTRAL_METRICS & HIGHER_IS_BETTER
    up = verdict(
        "utilisation_mean", "merged", "current", 0.607, 0.689, _diff(0.082, 0.078, 0.086, 1e-5)
    )
    assert up.kind == "change"
    assert up.text.startswith(
        "Mean staff utilisation rises from 60.7% to 68.9% in the merged structure (difference "
        "+8.2 percentage points, 95% interval [7.8, 8.6]; Holm-adjusted p < 0.001)."
    )
    assert up.line.startswith("Change: ")
    assert not re.search(r"better|worse|improve", up.text)
    down = verdict(
        "utilisation_mean", "merged", "current", 0.8, 0.7, _diff(-0.1, -0.12, -0.08, 0.01)
    )
    assert down.kind == "change" and "utilisation falls from 80% to 70%" in down.text
    unclear = verdict(
        "utilisation_mean", "merged", "current", 0.8, 0.81, _diff(0.01, -0.01, 0.03, 0.3)
    )
    assert unclear.kind == "same"


def test_a_neutral_change_is_tagged_change_on_the_page(tmp_path):
    structures = {"current": (0.607, 3.0), "merged": (0.689, 1.0)}
    summary = {
        "org": "Office",
        "baseline": "current",
        "time_unit": "hour",
        "replications": 5,
        "structures": {
            s: {"metrics": {"utilisation_mean": {"mean": u}, "wait_mean": {"mean": w}}}
            for s, (u, w) in structures.items()
        },
        "paired_differences": {
            "merged": {
                "utilisation_mean": {"baseline": "current", **_diff(0.082, 0.07, 0.09, 0.001)},
                "wait_mean": {"baseline": "current", **_diff(-2.0, -2.5, -1.5, 0.001)},
            }
        },
    }
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    page = build_report(tmp_path)
    assert page.count('<span class="tag change">change</span>') >= 2  # verdict and table
    assert "Better in 1</strong> metric(s), <strong>worse in 0</strong>, a change" in page
    assert "Higher is better for deadline attainment and throughput; lower is better" in page
    assert "except mean staff utilisation, where neither direction is better" in page
    assert "Mean staff utilisation rises from 60.7% to 68.9% in the merged structure" in page


def test_an_interval_that_includes_zero_is_no_significant_difference():
    v = verdict("throughput", "merged", "current", 3.2, 3.2, _diff(-0.0005, -0.0016, 0.0006, 0.4))
    assert v.kind == "same"
    assert v.text.startswith("No significant difference in throughput")
    assert "interval includes 0" in v.text


def test_significance_is_judged_on_the_holm_adjusted_p_value():
    diff = _diff(-0.5, -0.9, -0.1, p_holm=0.08, p_value=0.02)
    v = verdict("wait_mean", "ab_posts", "current", 3.0, 2.5, diff)
    assert v.kind == "same" and "Holm-adjusted p = 0.080, not below 0.05" in v.text


def test_identical_results_and_too_few_replications():
    same = verdict("handoffs_mean", "m", "c", 0.0, 0.0, _diff(0.0, 0.0, 0.0, 1.0))
    assert (
        same.kind == "same"
        and same.text == "No difference in mean number of handoffs: 0 in both c and m."
    )
    unknown = verdict("wait_mean", "m", "c", 1.0, 2.0, _diff(1.0, None, None, None))
    assert unknown.kind == "same" and unknown.text.startswith("Cannot tell")


def test_verdicts_cover_every_alternative_and_metric(run_dir):
    summary = json.loads((run_dir / "summary.json").read_text())
    found = verdicts(summary)
    per_type = verdicts(summary, per_type=True)
    assert list(found) == list(per_type) == ["merged"]
    office_wide = [v.metric for v in found["merged"]]
    by_type = [v.metric for v in per_type["merged"]]
    assert "wait_mean" in office_wide and "wait_mean.a" in by_type
    assert office_wide + by_type == list(summary["paired_differences"]["merged"])


# --- the run page ----------------------------------------------------------------------


def test_run_report_has_every_part_and_nothing_external(run_dir):
    page = build_report(run_dir)
    summary = json.loads((run_dir / "summary.json").read_text())
    assert "<title>orgsim report: Four one-person sections</title>" in page
    for name, info in summary["structures"].items():
        assert name in page and info["description"] in page
    assert page.count("<table") >= 6 and page.count("<caption>") == page.count("<table")
    assert "current: every metric" in page and "merged: every metric" in page
    assert "merged − current: paired differences" in page and "Holm-adjusted p" in page
    assert "The merged structure cuts mean wait from" in page
    assert "the same as its 95% interval excluding 0" in page  # one alternative
    assert page.count('src="data:image/png;base64,') == len(list(run_dir.glob("*.png")))
    assert "Mean wait, utilisation of each staff member" in page and "my_chart.png" in page
    assert "org_source" in page and "matter_types:" in page  # config.yaml in a <pre>
    for seed in summary["replication_seeds"]:
        assert str(seed) in page
    assert summary["versions"]["simpy"] in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page


def test_several_alternatives_say_holm_is_used():
    summary = {
        "org": "Office",
        "baseline": "current",
        "time_unit": "hour",
        "structures": {
            s: {"metrics": {"wait_mean": {"mean": m}}}
            for s, m in (("current", 3.0), ("a", 1.0), ("b", 2.9))
        },
        "paired_differences": {
            "a": {"wait_mean": {"baseline": "current", **_diff(-2.0, -2.5, -1.5, 0.001)}},
            "b": {"wait_mean": {"baseline": "current", **_diff(-0.1, -0.3, 0.1, 0.6)}},
        },
    }
    found = verdicts(summary)
    assert [v.kind for v in found["a"]] == ["better"] and [v.kind for v in found["b"]] == ["same"]


# --- layers ----------------------------------------------------------------------------


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_analysis_never_imports_experiments():
    """Layers: sim <- analysis <- experiments; the report and tables live below the app."""
    analysis = Path(__file__).resolve().parent.parent / "analysis"
    sources = sorted(analysis.rglob("*.py"))
    assert len(sources) > 10
    upward = {
        f"{path.relative_to(analysis)}: {module}"
        for path in sources
        for module in _imported_modules(path)
        if module.startswith(("orgsim.experiments", "experiments"))
    }
    assert upward == set()


# --- the command -----------------------------------------------------------------------


def _error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("orgsim-report: error: "), err
    return err[0]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: None, "does not exist"),
        (
            lambda p: p.mkdir(),
            "none of summary.json, aggregate.parquet, capacity.json, staffing.json",
        ),
        (lambda p: (p / "0" / ".hydra").mkdir(parents=True), "orgsim-aggregate"),
        (lambda p: p.write_text("x"), "is not a folder"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, setup, expected):
    target = tmp_path / "folder"
    setup(target)
    with pytest.raises(SystemExit) as stop:
        main([str(target)])
    assert stop.value.code == 2
    assert expected in _error(capsys)


def test_broken_summary_is_named(tmp_path, capsys):
    (tmp_path / "summary.json").write_text("{not json")
    with pytest.raises(SystemExit):
        main([str(tmp_path)])
    assert "summary.json: not valid JSON (line 1" in _error(capsys)
    assert not (tmp_path / "report.html").exists()


def test_the_report_is_never_silently_overwritten(run_dir, tmp_path, capsys):
    out = tmp_path / "r" / "report.html"
    main([str(run_dir), "--output", str(out)])
    assert out.exists() and "report in" in capsys.readouterr().out
    out.write_text("mine")
    with pytest.raises(SystemExit) as stop:
        main([str(run_dir), "--output", str(out)])
    assert stop.value.code == 2
    assert "already exists" in (line := _error(capsys)) and "--overwrite" in line
    assert out.read_text() == "mine"
    main([str(run_dir), "--output", str(out), "--overwrite"])
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_installed_command_writes_beside_the_results_and_fails_cleanly(run_dir, tmp_path):
    done = subprocess.run([REPORT, str(run_dir)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (run_dir / "report.html").stat().st_size > 10_000
    bad = subprocess.run(
        [REPORT, str(tmp_path / "missing")], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("orgsim-report: error: ") and len(bad.stderr.splitlines()) == 1


# --- the sweep page --------------------------------------------------------------------


def test_sweep_report_shows_jobs_intervals_figures_and_job_verdicts(sweep_dir):
    page = build_report(sweep_dir)
    assert "Jobs of this sweep and their status" in page
    assert '<tr class="problem">' in page and "ValueError: boom" in page
    assert "3 job(s), 1 not ok (failed, unfinished, not started or unreadable); swept:" in page
    first = page.index("workload.target_load = 0.5 (3 replications)")
    assert first < page.index("workload.target_load = 0.8 (3 replications)")
    tidy = pd.read_parquet(sweep_dir / "aggregate.parquet")
    rows = tidy[(tidy["workload.target_load"].astype(str) == "0.8") & (tidy.structure == "merged")]
    wait = t_interval(rows.wait_mean)
    assert f"{wait.mean:.3g} [{wait.ci_low:.3g}, {wait.ci_high:.3g}]".replace("-", "\u2212") in page
    assert page.count('src="data:image/png;base64,') == len(list(sweep_dir.glob("*.png")))
    assert CAPTIONS["wait_vs_load.png"] in page
    assert 'id="job-0"' in page and 'id="job-1"' in page and 'id="job-2"' not in page
    assert 'href="./0/summary.json"' in page and "merged against current" in page


# --- the search pages ------------------------------------------------------------------


def _no_outside_links(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page


def test_capacity_report_puts_the_ratio_verdicts_first_then_every_capacity(capacity_dir):
    page = build_report(capacity_dir)
    info = json.loads((capacity_dir / "capacity.json").read_text())
    assert "<title>orgsim capacity report: Four one-person sections</title>" in page
    assert "90% of matters done within 8 hours" in page and info["target"] in page
    verdict_at = page.index("Is the whole more than the sum of its parts?")
    assert verdict_at < page.index("What was searched</h2>") < page.index("Capacity of each")
    cards = page[verdict_at : page.index("What was searched</h2>")]
    assert '<div class="card better"><div class="big">1+1&gt;2</div>' in cards  # merged
    assert '<div class="card same"><div class="big">1+1=2</div>' in cards  # current
    assert cards.index("merged") < cards.index("current")  # the reform first
    for sentence in info["verdicts"]:
        name, rest = sentence.split(" ", 1)
        assert f"<strong>{name}</strong> {escape(rest)}" in cards
    for entity, c in info["capacities"].items():
        row = f'{fmt(c["mean"])}</td><td class="num">{fmt_interval(c["ci_low"], c["ci_high"])}'
        assert row in page, entity
    for structure, r in info["ratio_to_sum_of_parts"].items():
        assert f"{fmt(r['mean'])} {fmt_interval(r['ci_low'], r['ci_high'])}" in page, structure
    assert "section <strong>A</strong> alone" in page and "sum of the parts" in page
    assert "<td>the target</td>" in page and "full load" in page  # limits, with a legend
    assert "the sections of current, each alone" in page and "10% of the demand" in page
    assert (
        page.count('src="data:image/png;base64,') == 1 and escape(CAPTIONS["capacity.png"]) in page
    )
    assert 'href="./capacity.md"' in page and 'href="./curve.parquet"' in page
    for seed in info["replication_seeds"]:
        assert str(seed) in page
    assert info["versions"]["simpy"] in page and info["spec_hashes"]["merged"] in page
    assert "<details><summary>" in page and "curve_points: 3" in page  # config.yaml
    assert 'class="warning"' not in page  # status ok
    _no_outside_links(page)


def test_staffing_report_puts_needed_staff_next_to_the_staff_there_now(staffing_dir):
    page = build_report(staffing_dir)
    info = json.loads((staffing_dir / "staffing.json").read_text())
    assert "<title>orgsim staffing report: Four one-person sections</title>" in page
    assert "80% of matters done within 4 hours, for each section on its own" in page
    assert "judged on the mean of 3 replications" in page
    assert '<div class="big">8 people</div>' in page and '<div class="big">4 people</div>' in page
    assert "4 more than the 4 there now" in page and "The 4 there now are just enough" in page
    for row in info["results"]:
        at = row["attainment"]
        assert fmt_percent(at["mean"]) in page and fmt_percent(at["ci_low"]) in page
        fewer = row["attainment_one_fewer"]
        if fewer["n"]:
            assert fmt_percent(fewer["mean"]) in page
    assert "<td>all sections</td>" in page and "not run: overloaded" in page
    assert page.count("<td>all sections</td>") == 1  # merged has one section: no total
    assert (
        page.count('src="data:image/png;base64,') == 1 and escape(CAPTIONS["staffing.png"]) in page
    )
    assert "200 people" in page and str(info["replication_seeds"][0]) in page
    _no_outside_links(page)


def test_search_folders_go_through_the_command(capacity_dir, staffing_dir, tmp_path, capsys):
    for folder in (capacity_dir, staffing_dir):
        out = tmp_path / f"{folder.name}.html"
        main([str(folder), "--output", str(out)])
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "timeseries.png" not in CAPTIONS and "backlog.png" in CAPTIONS


# --- in a real browser -----------------------------------------------------------------


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "chromium is not installed: apt-get install chromium (make test does it as root)"
        )
    return sync_playwright, chromium


#: Words each page must show once rendered.
SHOWN = {
    "run": ("current", "merged", "wait_mean"),
    "sweep": ("current", "merged", "wait_mean"),
    "capacity": ("current", "merged", "1+1>2", "section A alone", "sum of the parts"),
    "staffing": ("current", "merged", "Staff needed section by section"),
}


@pytest.mark.parametrize("kind", list(SHOWN))
def test_the_report_renders_offline_in_chromium(kind, request, tmp_path):
    sync_playwright, chromium = _browser()
    folder = request.getfixturevalue(f"{kind}_dir")
    html = tmp_path / "report.html"
    html.write_text(build_report(folder), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(30_000)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(html.as_uri(), wait_until="load")
            tables = page.locator("table")
            assert tables.count() > 0
            for i in range(tables.count()):
                assert tables.nth(i).is_visible()
            text = page.locator("body").inner_text()
            assert all(word in text for word in SHOWN[kind]), text[:500]
            images = page.locator("img")
            assert images.count() > 0
            for i in range(images.count()):
                image = images.nth(i)
                image.scroll_into_view_if_needed()
                assert image.is_visible()
                assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            outside = [u for u in requested if not u.startswith(("file:", "data:"))]
            assert outside == [], outside
            page.screenshot(path=str(tmp_path / f"{kind}.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / f"{kind}.png").stat().st_size > 10_000
