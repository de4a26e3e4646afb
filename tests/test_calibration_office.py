"""``calibrate`` end to end: a log written by the engine from a known office, estimated back.

The known office has Chinese names, a lognormal and an exponential matter type, and an
hour-of-day profile on one of them; its log spans 12 working weeks on a Monday-to-Friday,
09:00-17:00 calendar. The tests are seeded: with this seed the estimates must contain the
known values in their intervals (a different seed could, 5% of the time per interval, not).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from orgsim.analysis.calibration.case_log import check_log
from orgsim.analysis.calibration.estimate import calibrate
from orgsim.analysis.calibration.synthetic_log import simulated_log, weekday_calendar
from orgsim.experiments.api import load_office
from orgsim.experiments.calibrate import main as calibrate_main
from orgsim.experiments.calibrate import run as calibrate_run

KNOWN_OFFICE = """\
name: 已知科室
description: a known office for calibration checks
source: test
time_unit: working hour
policy: strict
matter_types:
  许可:
    arrival_rate: 0.6
    service: {{distribution: lognormal, mean: {permit_mean}, cv: 0.7}}
  备案:
    arrival_rate: 1.5
    service: {{distribution: exponential, mean: {filing_mean}}}
    profiles:
      day: {{period: 8, multipliers: [1.6, 1.3, 1.0, 0.8, 0.6, 1.0, 1.0, 0.7]}}
sections:
  审批科: {{handles: [许可]}}
  综合科: {{handles: [备案]}}
staff:
  张伟: {{section: 审批科, skills: {{许可: 1.0}}}}
  王芳: {{section: 审批科, skills: {{许可: 1.0}}}}
  李娜: {{section: 审批科, skills: {{许可: 1.0}}}}
  刘洋: {{section: 综合科, skills: {{备案: 1.0}}}}
  陈静: {{section: 综合科, skills: {{备案: 1.0}}}}
"""
TRUE_RATES = {"许可": 0.6, "备案": 1.5}
TRUE_MEANS = {"许可": 2.0, "备案": 0.5}
TRUE_DAY_PROFILE = [1.6, 1.3, 1.0, 0.8, 0.6, 1.0, 1.0, 0.7]
SEED = 11


def write_known_log(folder: Path, name: str, service_factor: float = 1.0, seed: int = SEED) -> Path:
    """The known office's log (service times multiplied by ``service_factor``) as a CSV."""
    office = folder / f"{name}.yaml"
    office.write_text(
        KNOWN_OFFICE.format(
            permit_mean=TRUE_MEANS["许可"] * service_factor,
            filing_mean=TRUE_MEANS["备案"] * service_factor,
        ),
        encoding="utf-8",
    )
    loaded = load_office(office)
    calendar = weekday_calendar(dt.date(2024, 3, 4), 12)
    log = simulated_log(loaded.specs[loaded.baseline], seed, calendar, warmup=40.0)
    path = folder / f"{name}.csv"
    log.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibrated")
    log = write_known_log(folder, "known")
    office = folder / "office.yaml"
    cal = calibrate_run([str(log), "-o", str(office)])
    return cal, office, log


def test_calibration_recovers_the_known_rates_means_and_profile(calibrated):
    """Seeded regression: the known values lie inside the estimates' 95% intervals."""
    cal, _, _ = calibrated
    assert cal.log.bad == []
    for name, rate in TRUE_RATES.items():
        estimate = cal.arrivals[name]
        assert estimate.ci_low <= rate <= estimate.ci_high, (name, estimate)
        fit = cal.services[(name, "")]
        assert fit.ci_low <= TRUE_MEANS[name] <= fit.ci_high, (name, fit)
    assert cal.services[("许可", "")].distribution == "lognormal"
    assert cal.services[("备案", "")].distribution == "exponential"
    filing = cal.arrivals["备案"]
    assert filing.day.adopted and not filing.week.adopted
    assert filing.day.multipliers == pytest.approx(TRUE_DAY_PROFILE, abs=0.35)
    assert not cal.arrivals["许可"].day.adopted  # a flat rate is kept flat
    assert cal.calendar.days == (0, 1, 2, 3, 4) and cal.calendar.hours == ((9.0, 17.0),)
    assert cal.calendar.working_hours == 480
    staffing = cal.staffing
    assert staffing.sections == {"审批科": ["许可"], "综合科": ["备案"]}
    assert staffing.policy == "strict"
    assert {p.name: p.skills for p in staffing.people} == {
        "张伟": {"许可": 1.0},
        "王芳": {"许可": 1.0},
        "李娜": {"许可": 1.0},
        "刘洋": {"备案": 1.0},
        "陈静": {"备案": 1.0},
    }


def test_the_written_file_says_where_each_number_came_from(calibrated):
    _, office, _ = calibrated
    text = office.read_text(encoding="utf-8")
    assert "time_unit: working hour" in text
    assert "480 working hours" in text and "exact Poisson 95%" in text
    assert "AIC exponential" in text and "KS D =" in text
    assert "hour of day: profile adopted (chi-square p =" in text
    assert "calendar: Mon, Tue, Wed, Thu, Fri, 09:00-17:00" in text
    assert "bad records: none" in text


def test_orgsim_runs_the_calibrated_file_unchanged(calibrated, tmp_path):
    _, office, _ = calibrated
    orgsim = str(Path(sys.executable).parent / "orgsim")
    out = tmp_path / "run"
    done = subprocess.run(
        [
            orgsim,
            f"org={office}",
            "workload.horizon=60",
            "workload.warmup=5",
            "replications=2",
            "figure=false",
            f"hydra.run.dir={out}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")},
    )
    assert done.returncode == 0, done.stderr
    assert (out / "summary.json").exists() and "wait_mean" in done.stdout


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        calibrate_main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("orgsim-office: error: ") and err.count("\n") == 1 and "Traceback" not in err
    )
    return err


def test_bad_input_is_one_line_with_exit_2_and_nothing_is_overwritten(calibrated, capsys, tmp_path):
    _, office, log = calibrated
    before = office.read_bytes()
    err = _error(capsys, [str(log), "-o", str(office)])
    assert "already exists" in err and "--force" in err
    assert office.read_bytes() == before
    target = tmp_path / "new.yaml"
    err = _error(capsys, [str(log), "-o", str(target), "--column", "received=收件时间"])
    assert "column mapping received: the log has no column '收件时间'" in err
    err = _error(capsys, [str(tmp_path / "missing.csv"), "-o", str(target)])
    assert "no such file" in err
    pd.DataFrame({"case_id": ["1"], "matter_type": ["a"]}).to_csv(
        tmp_path / "thin.csv", index=False
    )
    err = _error(capsys, [str(tmp_path / "thin.csv"), "-o", str(target)])
    assert "log column received: not found among case_id, matter_type" in err
    assert not target.exists()


def test_xes_without_pm4py_names_the_extra(capsys, tmp_path):
    try:
        import pm4py  # noqa: F401
    except ImportError:
        (tmp_path / "log.xes").write_text("<log/>", encoding="utf-8")
        err = _error(capsys, [str(tmp_path / "log.xes"), "-o", str(tmp_path / "o.yaml")])
        assert "XES needs pm4py" in err and "pip install" in err
    else:
        pytest.skip("pm4py is installed: the message for its absence cannot be seen")


def test_bad_records_are_reported_by_row_in_the_file_terminal_and_rejects(
    calibrated, capsys, tmp_path
):
    _, _, log = calibrated
    raw = pd.read_csv(log, dtype=str)
    raw.loc[3, "finished"] = "2024-03-01 08:00:00"  # row 5: finish before start
    raw.loc[7, "received"] = "32/13/2024"  # row 9: unparsable date
    raw.loc[10, "case_id"] = raw.loc[9, "case_id"]  # row 12: duplicate of row 11
    raw.loc[20, "handler"] = "临时工"  # row 22: not on the roster
    dirty = tmp_path / "dirty.csv"
    raw.to_csv(dirty, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,section\n张伟,审批科\n王芳,审批科\n李娜,审批科\n刘洋,综合科\n陈静,综合科\n",
        encoding="utf-8",
    )
    office, rejects = tmp_path / "dirty.yaml", tmp_path / "rejects.csv"
    cal = calibrate_run(
        [str(dirty), "-o", str(office), "--roster", str(roster), "--rejects", str(rejects)]
    )
    err = capsys.readouterr().err
    expected = {
        5: "finish before start",
        9: "unparsable date",
        12: "duplicate id",
        22: "unknown handler",
    }
    assert {b.row: b.problem for b in cal.log.bad} == expected
    for row, problem in expected.items():
        assert f"rows with {problem}" in err and f"row {row}:" in err
    text = office.read_text(encoding="utf-8")
    for row, problem in expected.items():
        assert f"#   {problem}: 1 rows: {row}" in text
    table = pd.read_csv(rejects)
    assert dict(zip(table.row, table.problem, strict=True)) == expected
    # the finish-before-start and unknown-handler rows still count as arrivals
    assert len(cal.log.arrivals) == len(raw) - 2


@pytest.mark.slow
def test_intervals_cover_the_known_values_over_many_logs(tmp_path):
    """Over 20 logs the 95% intervals of the rates and mean handling times cover the truth.

    40 intervals of each kind: at 95% coverage, fewer than 34 would happen by chance about
    once in a hundred times.
    """
    office = tmp_path / "known.yaml"
    office.write_text(
        KNOWN_OFFICE.format(permit_mean=TRUE_MEANS["许可"], filing_mean=TRUE_MEANS["备案"]),
        encoding="utf-8",
    )
    loaded = load_office(office)
    spec = loaded.specs[loaded.baseline]
    calendar = weekday_calendar(dt.date(2024, 3, 4), 12)
    rates = means = 0
    for seed in range(100, 120):
        raw = simulated_log(spec, seed, calendar, warmup=40.0)
        cal = calibrate(check_log(raw, {}, f"seed {seed}"))
        for name in TRUE_RATES:
            estimate, fit = cal.arrivals[name], cal.services[(name, "")]
            rates += estimate.ci_low <= TRUE_RATES[name] <= estimate.ci_high
            means += fit.ci_low <= TRUE_MEANS[name] <= fit.ci_high
    assert rates >= 34 and means >= 34, (rates, means)


def test_a_step_log_gives_workflows_case_handlers_and_skills_per_type(calibrated, tmp_path):
    """Each matter split into two steps by its handler: steps, order and ownership recovered."""
    cal, _, log = calibrated
    raw = pd.read_csv(log, dtype=str)
    started = cal.calendar.working_time(raw.started)
    finished = cal.calendar.working_time(raw.finished)
    middle = cal.calendar.timestamps(started + 0.3 * (finished - started))
    middle = middle.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy()
    steps = pd.concat(
        [raw.assign(step="受理", finished=middle), raw.assign(step="审核", started=middle)]
    )
    path = tmp_path / "steps.csv"
    steps.sample(frac=1.0, random_state=1).to_csv(path, index=False)  # any row order
    office = tmp_path / "steps.yaml"
    stepped = calibrate_run([str(path), "-o", str(office)])
    assert stepped.workflows == {"许可": ["受理", "审核"], "备案": ["受理", "审核"]}
    assert stepped.kept == {"许可": 1.0, "备案": 1.0}
    assert stepped.staffing.sections == {
        "审批科": ["许可_受理", "许可_审核"],
        "综合科": ["备案_受理", "备案_审核"],
    }
    whole = cal.services[("许可", "")].sample_mean
    parts = sum(stepped.services[("许可", s)].sample_mean for s in ("受理", "审核"))
    assert parts == pytest.approx(whole, rel=1e-3)
    text = office.read_text(encoding="utf-8")
    assert "ownership: keep" in text and "skill: 许可_受理" in text
