"""``validate``: a calibrated office reproduces its own log and not a different office's.

Seeded: the logs come from the known office of ``test_calibration_office`` (and from the
same office with every handling time doubled); the calibrated office is simulated in 10
periods of the log's length.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.calibration.case_log import check_log
from orgsim.analysis.calibration.estimate import log_calendar
from orgsim.analysis.calibration.validation import Period, compare_periods, passed, verdict_text
from orgsim.experiments.calibrate import run as calibrate_run
from orgsim.experiments.validate_office import main as validate_main
from orgsim.experiments.validate_office import recorded_period
from orgsim.experiments.validate_office import run as validate_run
from tests.test_calibration_office import write_known_log


@pytest.fixture(scope="module")
def office_and_logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("validate")
    own = write_known_log(folder, "known")
    slower = write_known_log(folder, "slower", service_factor=2.0, seed=12)
    office = folder / "office.yaml"
    calibrate_run([str(own), "-o", str(office)])
    return office, own, slower


def test_the_calibrated_office_reproduces_its_own_log(office_and_logs, tmp_path, capsys):
    """Seeded regression: every comparison passes for the log the office came from."""
    office, own, _ = office_and_logs
    out = tmp_path / "own"
    table, ok = validate_run([str(office), str(own), "-o", str(out), "--replications", "10"])
    assert ok, table[table.verdict == "not reproduced"]
    printed = capsys.readouterr().out
    assert "The model reproduces the recorded office" in printed
    for name in ("validation.csv", "validation.md", "validation.png", "validation.svg"):
        assert (out / name).stat().st_size > 500
    written = pd.read_csv(out / "validation.csv")
    assert {"许可", "备案", "(all)", "person 张伟"} <= set(written.matter_type)
    assert {"throughput", "wait_mean", "lead_p90", "utilisation"} <= set(written.measure)
    assert "reproduces" in (out / "validation.md").read_text(encoding="utf-8")


def test_a_log_of_an_office_with_doubled_handling_times_fails(office_and_logs, tmp_path, capsys):
    office, _, slower = office_and_logs
    out = tmp_path / "slower"
    table, ok = validate_run([str(office), str(slower), "-o", str(out), "--replications", "10"])
    assert not ok
    failed = table[table.verdict == "not reproduced"]
    assert {"lead_mean", "wait_mean"} <= set(failed[failed.matter_type == "许可"].measure)
    assert set(failed[failed.matter_type.str.startswith("person")].measure) == {"utilisation"}
    printed = capsys.readouterr().out
    assert "does NOT reproduce" in printed and "the office is higher" in printed
    assert "Likely cause:" in printed
    assert "Do not quote" in (out / "validation.md").read_text(encoding="utf-8")


def test_earlier_results_are_kept_and_bad_input_is_one_line(office_and_logs, tmp_path, capsys):
    office, own, _ = office_and_logs
    out = tmp_path / "out"
    out.mkdir()
    (out / "validation.csv").write_text("earlier", encoding="utf-8")
    for argv, message in [
        ([str(office), str(own), "-o", str(out)], "already holds validation.csv"),
        ([str(tmp_path / "none.yaml"), str(own), "-o", str(tmp_path / "x")], "no such file"),
        ([str(office), str(own), "-o", str(tmp_path / "y"), "--replications", "2"], "too few"),
    ]:
        with pytest.raises(SystemExit) as stopped:
            validate_main(argv)
        err = capsys.readouterr().err
        assert (
            stopped.value.code == 2 and err.startswith("orgsim-office: error: ") and message in err
        )
        assert err.count("\n") == 1
    assert (out / "validation.csv").read_text(encoding="utf-8") == "earlier"
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def _period(rng: np.random.Generator, scale: float, n: int = 300) -> Period:
    waits = rng.exponential(scale, n)
    matters = pd.DataFrame({"matter_type": "t", "wait": waits, "lead": waits + 1.0})
    return Period(matters, {"wang": 0.5 + rng.normal(0, 0.02)}, 100.0)


def test_period_level_comparison_passes_the_same_model_and_fails_another():
    rng = np.random.default_rng(1)
    simulated = [_period(rng, 1.0) for _ in range(20)]
    same = compare_periods(_period(rng, 1.0), simulated)
    assert passed(same)
    other = compare_periods(_period(rng, 1.6), simulated)
    assert not passed(other)
    assert set(other[other.verdict == "not reproduced"].measure) >= {
        "wait_mean",
        "wait_distribution (KS distance)",
    }
    text = verdict_text(other, 20)
    assert text[0].startswith("The model does NOT reproduce") and any("t: wait" in s for s in text)


def test_too_few_recorded_matters_are_not_tested_rather_than_passed():
    rng = np.random.default_rng(2)
    simulated = [_period(rng, 1.0) for _ in range(10)]
    table = compare_periods(_period(rng, 1.0, n=5), simulated)
    typed = table[table.matter_type == "t"]
    assert (typed.verdict == "not tested: 5 recorded matters").all()
    assert typed.p_value.isna().all()


def test_a_step_log_gives_each_matter_the_waits_between_its_steps():
    raw = pd.DataFrame(
        {
            "case_id": ["c1", "c1"],
            "matter_type": ["permit", "permit"],
            "step": ["accept", "review"],
            "received": ["2024-03-04 09:00", "2024-03-04 09:00"],
            "started": ["2024-03-04 10:00", "2024-03-04 12:00"],
            "finished": ["2024-03-04 11:00", "2024-03-04 13:30"],
            "handler": ["wang", "li"],
        }
    )
    log = check_log(raw, {}, "steps.csv")
    calendar = log_calendar(log, days=(0, 1, 2, 3, 4), hours=((9.0, 17.0),))
    period = recorded_period(log, calendar)
    assert period.matters.to_dict("records") == [
        {"matter_type": "permit", "wait": 2.0, "lead": 4.5}
    ]
    assert period.utilisation == {"li": 1.5 / 8, "wang": 1 / 8}
