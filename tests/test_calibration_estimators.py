"""Each calibration estimator on data whose answer is known, and each class of bad record."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from orgsim.analysis.calibration.arrivals import estimate_arrivals, poisson_interval
from orgsim.analysis.calibration.case_log import check_log
from orgsim.analysis.calibration.columns import parse_pairs, read_mapping_file, resolve_columns
from orgsim.analysis.calibration.errors import CalibrationError
from orgsim.analysis.calibration.service_fits import fit_service
from orgsim.analysis.calibration.staffing import estimate_staffing
from orgsim.analysis.calibration.synthetic_log import weekday_calendar
from orgsim.analysis.calibration.working_calendar import (
    WorkingCalendar,
    infer_calendar,
    parse_days,
    parse_hours,
)

MONDAY = dt.date(2024, 3, 4)
LUNCH = ((8.5, 12.0), (14.5, 17.5))

# -- columns --------------------------------------------------------------------------------


def test_chinese_and_english_headers_are_found_without_a_mapping():
    columns = ["办件编号", "事项名称", "受理时间", "开始时间", "办结时间", "承办人", "科室"]
    resolved = resolve_columns(columns, {})
    assert resolved == {
        "case_id": "办件编号",
        "matter_type": "事项名称",
        "received": "受理时间",
        "started": "开始时间",
        "finished": "办结时间",
        "handler": "承办人",
        "section": "科室",
    }


def test_a_mapping_overrides_the_aliases_and_a_missing_column_is_named():
    resolved = resolve_columns(
        ["no", "kind", "in", "s", "f", "who"],
        parse_pairs(["case_id=no", "matter_type=kind", "received=in"]),
    )
    assert resolved == {"case_id": "no", "matter_type": "kind", "received": "in"}
    with pytest.raises(CalibrationError, match="log column received: not found among a, b"):
        resolve_columns(["a", "b"], {"case_id": "a", "matter_type": "b"})
    with pytest.raises(CalibrationError, match="the log has no column 'x'"):
        resolve_columns(["a"], {"case_id": "x"})
    with pytest.raises(CalibrationError, match="--column"):
        parse_pairs(["received"])


def test_mapping_files_in_yaml_and_csv(tmp_path):
    (tmp_path / "m.yaml").write_text("received: 收件\nhandler: 经办\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("field,column\nreceived,收件\n", encoding="utf-8")
    assert read_mapping_file(tmp_path / "m.yaml") == {"received": "收件", "handler": "经办"}
    assert read_mapping_file(tmp_path / "m.csv") == {"received": "收件"}
    (tmp_path / "bad.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CalibrationError, match="is not a mapping of field: column"):
        read_mapping_file(tmp_path / "bad.yaml")


# -- bad records ----------------------------------------------------------------------------

GOOD = ("2024-03-04 09:00", "2024-03-04 09:10", "2024-03-04 10:00")


def _raw(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["case_id", "matter_type", "received", "started", "finished", "handler"]
    )


def test_every_class_of_bad_record_is_flagged_by_row_and_none_is_dropped():
    raw = _raw(
        [
            ("c1", "permit", *GOOD, "wang"),  # row 2: sound
            ("c2", "permit", "2024-03-04 09:00", "2024-03-04 11:00", "2024-03-04 10:00", "wang"),
            ("c1", "permit", *GOOD, "wang"),  # duplicate of row 2
            ("c4", "permit", "not a date", GOOD[1], GOOD[2], "wang"),
            ("c5", "permit", *GOOD, "ghost"),  # not on the roster
            ("c6", "permit", "2024-03-04 12:00", GOOD[1], GOOD[2], "wang"),  # started first
            ("", "permit", *GOOD, "wang"),
            ("c8", "permit", GOOD[0], "", "", ""),  # open case: no problem
            ("c9", "permit", *GOOD, ""),  # work without a handler
        ]
    )
    log = check_log(raw, {}, "log.csv", roster={"wang": "desk"})
    found = {b.row: b.problem for b in log.bad}
    assert found == {
        3: "finish before start",
        4: "duplicate id",
        5: "unparsable date",
        6: "unknown handler",
        7: "start before received",
        8: "missing value",
        10: "unknown handler",
    }
    assert len(log.rows) == len(raw)  # every row kept, flagged
    assert next(b for b in log.bad if b.row == 4).detail == "case c1 already in row 2"
    assert "'ghost' is not on the roster" in next(b.detail for b in log.bad if b.row == 6)
    # arrivals: sound rows, open cases and rows whose id, type and receipt are sound
    assert sorted(log.arrivals.case_id) == ["c1", "c2", "c5", "c6", "c8", "c9"]
    assert list(log.finished_work.case_id) == ["c1"]
    assert log.problem_counts()["unknown handler"] == 2
    assert log.rows.loc[0, "section"] == "desk"  # from the roster


def test_a_step_log_allows_one_row_per_step_and_flags_a_repeated_step():
    raw = _raw([("c1", "permit", *GOOD, "wang")] * 3).assign(step=["accept", "review", "review"])
    log = check_log(raw, {}, "log.csv")
    assert log.per_step and [(b.row, b.problem) for b in log.bad] == [(4, "duplicate id")]


def test_chinese_dates_are_read_and_a_log_without_sound_records_is_fatal():
    raw = _raw(
        [("c1", "许可", "2024年3月4日 9:00", "2024年3月4日 9:30", "2024年3月4日 10:00", "王")]
    )
    log = check_log(raw, {}, "log.csv")
    assert log.bad == [] and log.rows.received[0] == pd.Timestamp("2024-03-04 09:00")
    with pytest.raises(CalibrationError, match=r"no sound record \(1 unparsable date\)"):
        check_log(_raw([("c1", "t", "yesterday", "", "", "")]), {}, "log.csv")
    with pytest.raises(CalibrationError, match="log column handler"):
        check_log(_raw([("c1", "t", *GOOD, "w")]).drop(columns="handler"), {}, "log.csv")


# -- calendar -------------------------------------------------------------------------------


def _events_on(calendar: WorkingCalendar, n: int, seed: int = 1) -> pd.Series:
    """``n`` timestamps spread uniformly over the calendar's opening hours."""
    working = np.random.default_rng(seed).uniform(0, calendar.working_hours, n)
    return calendar.timestamps(working)


def test_working_days_opening_hours_and_a_lunch_break_are_inferred():
    truth = WorkingCalendar((0, 1, 2, 3, 4), LUNCH, MONDAY, MONDAY + dt.timedelta(days=53))
    events = _events_on(truth, 3000)
    found = infer_calendar(events, events)
    assert found.days == (0, 1, 2, 3, 4)
    assert found.hours == LUNCH and found.hours_per_day == 6.5
    assert found.closed == ()


def test_a_holiday_is_a_closed_day_when_enough_events_are_expected():
    truth = weekday_calendar(MONDAY, 4)
    events = _events_on(truth, 2000)
    holiday = dt.date(2024, 3, 13)
    events = events[events.dt.date != holiday]
    found = infer_calendar(events, events)
    assert found.closed == (holiday,) and found.working_hours == truth.working_hours - 8


def test_working_time_and_timestamps_are_inverse_and_after_hours_wait_for_the_opening():
    calendar = WorkingCalendar((0, 1, 2, 3, 4), LUNCH, MONDAY, MONDAY + dt.timedelta(days=13))
    working = np.array([0.0, 1.25, 3.5, 3.75, 6.4, 6.5, 20.0, 64.9])
    back = calendar.working_time(calendar.timestamps(working))
    np.testing.assert_allclose(back, working, atol=1e-3)
    stamps = pd.Series(
        pd.to_datetime(
            ["2024-03-04 07:00", "2024-03-04 13:00", "2024-03-04 20:00", "2024-03-09 10:00"]
        )
    )
    # before opening -> 0; lunch -> end of the morning (3.5); evening -> end of day (6.5);
    # Saturday -> the end of Friday, i.e. Monday's opening (5 days x 6.5)
    np.testing.assert_allclose(calendar.working_time(stamps), [0.0, 3.5, 6.5, 32.5])


def test_days_and_hours_given_on_the_command_line():
    assert parse_days("Mon-Fri") == (0, 1, 2, 3, 4)
    assert parse_days("Sun-Tue") == (0, 1, 6)
    assert parse_hours("08:30-12:00,14:30-17:30") == LUNCH
    with pytest.raises(CalibrationError, match="--hours"):
        parse_hours("9-8")
    with pytest.raises(CalibrationError, match="--days"):
        parse_days("Funday")


# -- arrivals -------------------------------------------------------------------------------


def test_poisson_interval_matches_the_exact_garwood_values():
    low, high = poisson_interval(10, 1.0)
    assert low == pytest.approx(4.7954, abs=1e-3) and high == pytest.approx(18.390, abs=1e-3)
    assert poisson_interval(0, 2.0)[0] == 0.0


def test_a_flat_rate_is_kept_and_an_hourly_profile_is_found():
    calendar = weekday_calendar(MONDAY, 8)
    rng = np.random.default_rng(3)
    flat = np.sort(rng.uniform(0, calendar.working_hours, 1500))
    estimate = estimate_arrivals("flat", flat, calendar)
    assert not estimate.day.adopted and not estimate.week.adopted
    assert estimate.ci_low <= 1500 / 320 <= estimate.ci_high
    assert "flat rate kept" in estimate.day.note
    # twice as many receipts in the first hour of every day as in any other
    day = rng.integers(0, 40, 1800) * 8.0
    hour = np.where(rng.random(1800) < 2 / 9, rng.uniform(0, 1, 1800), rng.uniform(1, 8, 1800))
    peaked = estimate_arrivals("peaked", np.sort(day + hour), calendar)
    assert peaked.day.adopted and peaked.day.multipliers is not None
    assert peaked.day.multipliers[0] == pytest.approx(1.78, abs=0.25)  # 2 / (9/8)
    assert np.mean(peaked.day.multipliers) == pytest.approx(1.0, abs=1e-3)


def test_too_few_records_for_a_profile_and_a_gap_are_reported():
    calendar = weekday_calendar(MONDAY, 8)
    few = estimate_arrivals("rare", np.array([3.0, 50.0, 200.0]), calendar)
    assert not few.day.adopted and "too few records" in few.day.note
    rng = np.random.default_rng(4)
    times = rng.uniform(0, 320, 800)
    gapped = np.sort(times[(times < 80) | (times >= 160)])  # weeks 3 and 4 missing
    found = estimate_arrivals("gapped", gapped, calendar)
    assert len(found.gaps) == 1 and "2024-03-18 to 2024-03-29" in found.gaps[0]


# -- handling times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (lambda rng: rng.lognormal(0.0, 0.9, 600), "lognormal"),
        (lambda rng: rng.exponential(2.0, 600), "exponential"),
        (lambda rng: rng.gamma(4.0, 0.5, 600), "gamma"),
        (lambda rng: np.full(50, 1.5), "deterministic"),
    ],
)
def test_the_fit_chooses_the_distribution_that_made_the_data(sample, expected):
    x = sample(np.random.default_rng(5))
    fit = fit_service(x)
    assert fit.distribution == expected
    assert fit.ci_low <= fit.mean <= fit.ci_high or expected == "deterministic"
    assert fit.sample_mean == pytest.approx(x.mean())
    if expected != "deterministic":
        assert fit.ks_statistic < 0.06 and set(fit.aic) == {"exponential", "lognormal", "gamma"}


def test_zero_handling_times_are_counted_not_dropped():
    x = np.concatenate([np.zeros(5), np.random.default_rng(6).exponential(1.0, 200)])
    fit = fit_service(x)
    assert fit.zero_times == 5 and fit.count == 205


# -- who handles what -------------------------------------------------------------------------


def test_skills_posts_and_a_faster_person_from_the_records():
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(200):
        rows.append(("wang", "A", "a", rng.exponential(1.0)))
        rows.append(("li", "A", "a", rng.exponential(1.0)))
        rows.append(("zhao", "B", "b", rng.exponential(0.5)))  # twice as fast as qian on b
        rows.append(("qian", "B", "b", rng.exponential(1.0)))
    rows += [("zhao", "B", "a", rng.exponential(1.0)) for _ in range(60)]  # helps A: B post
    rows += [("li", "A", "b", 1.0)]  # a one-off stand-in: no skill
    work = pd.DataFrame(rows, columns=["handler", "section", "work", "duration"])
    staffing = estimate_staffing(work)
    people = {p.name: p for p in staffing.people}
    assert staffing.sections == {"A": ["a"], "B": ["b"]} and staffing.policy == "ab"
    assert people["zhao"].b_post == "A" and people["wang"].b_post is None
    assert "b" not in people["li"].skills
    assert any("li handled b 1 times" in note for note in staffing.notes)
    assert people["zhao"].skills["b"] == pytest.approx(1.5, abs=0.3)  # mean 0.75 / 0.5
    assert people["qian"].skills["b"] == pytest.approx(0.75, abs=0.15)
    assert people["wang"].skills == {"a": 1.0}
