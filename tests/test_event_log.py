"""The event log (``event_log``): one row per step, agreeing with the metrics of its run."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import orgsim
from orgsim.analysis.results_folder import OutputExistsError, earlier_outputs
from orgsim.experiments import event_log_out
from orgsim.experiments.build import ConfigError, check_run_settings
from orgsim.experiments.compose import compose_config
from orgsim.experiments.event_log_out import EventLogWriter, requested_formats
from orgsim.experiments.runner import run_replications
from orgsim.sim import Organization, simulate
from orgsim.sim.recorder import Recorder
from tests.helpers import mmc_spec, same_metrics

ORGSIM = str(Path(sys.executable).with_name("orgsim"))


def _short(name: str, length: float = 300.0) -> dict[str, orgsim.SimSpec]:
    """A shipped scenario's structures, run for ``length`` after their warm-up."""
    office = orgsim.load_office(name)
    return {
        structure: dataclasses.replace(spec, horizon=spec.warmup + length)
        for structure, spec in office.specs.items()
    }


def _agrees_with_metrics(log: pd.DataFrame, metrics: dict[str, float], unit: str = "") -> None:
    """The documented reading of the log gives the run's counts, waits and lead times."""
    suffix = f"_{unit}" if unit else ""
    closed = log[~log["case_open"]]
    assert closed["case"].nunique() == metrics["completed"]
    assert log.loc[log["case_open"], "case"].nunique() == metrics["in_system"]
    assert log["case"].nunique() == metrics["arrived"]
    counted = closed[closed["after_warmup"]].groupby("case")
    waits = counted[f"wait{suffix}"].sum()
    leads = counted[f"end{suffix}"].max() - counted[f"arrival{suffix}"].first()
    assert math.isclose(waits.mean(), metrics["wait_mean"], rel_tol=1e-12)
    assert math.isclose(leads.mean(), metrics["lead_mean"], rel_tol=1e-12)


@pytest.mark.parametrize("scenario", ["case_handling", "huaisi", "reform_midrun"])
def test_the_log_of_a_run_has_the_counts_and_waits_of_its_metrics(scenario):
    # multi-step matters with transfers, ownership, absences handing work on, a mid-run reform
    for spec in _short(scenario).values():
        run = simulate(spec, 5, event_log=True)
        assert run.event_log is not None
        _agrees_with_metrics(run.event_log, run.metrics)


def test_every_finished_step_is_in_order_and_open_matters_show_where_they_are():
    spec = _short("case_handling")["pooled_keep"]
    log = simulate(spec, 3, event_log=True).event_log
    assert log is not None
    done = log[log["status"] == "done"]
    assert (done["queue_entry"] >= done["arrival"]).all()
    assert (done["start"] >= done["queue_entry"]).all() and (done["end"] >= done["start"]).all()
    assert done["handler"].str.len().gt(0).all()
    still = log[log["status"] != "done"]
    assert set(still["status"]) <= {"waiting", "in_service", "in_transfer"} and len(still) > 0
    assert still["end"].isna().all() and still["case_open"].all()
    assert still["case"].is_unique  # one row for the step each open matter is in
    waiting = still[still["status"] == "waiting"]
    assert (waiting["handler"] == "").all() and waiting["start"].isna().all()
    assert (log["after_warmup"] == (log["arrival"] >= spec.warmup)).all()


def test_without_the_log_the_run_keeps_no_matters_and_measures_the_same():
    spec = _short("case_handling")["sections_keep"]
    plain = Organization(spec, 9)
    assert type(plain.recorder) is Recorder and not hasattr(plain.recorder, "open")
    off = plain.run()
    on = simulate(spec, 9, event_log=True)
    assert off.event_log is None
    assert same_metrics(off.metrics, on.metrics)


def _run_into(folder: Path, specs, n_jobs: int, formats=("csv", "parquet")) -> pd.DataFrame:
    folder.mkdir()
    writer = EventLogWriter(folder, formats, "hour")
    table, _, _ = run_replications(specs, 17, 3, n_jobs=n_jobs, event_log=writer)
    return table


def test_the_files_hold_every_replication_in_order_and_match_each_replications_metrics(tmp_path):
    specs = _short("case_handling", 150)
    table = _run_into(tmp_path / "run", specs, n_jobs=1)
    log = pd.read_parquet(tmp_path / "run" / "event_log.parquet")
    from_csv = pd.read_csv(
        tmp_path / "run" / "event_log.csv", keep_default_na=False, na_values=[""]
    )
    pd.testing.assert_frame_equal(
        log.drop(columns=["handler", "handler_section"]),
        from_csv.drop(columns=["handler", "handler_section"]),
        check_exact=True,
    )
    assert list(log.columns[:3]) == ["case_id", "structure", "replication"]
    assert "wait_hour" in log.columns and log["case_id"].is_unique is False
    assert list(dict.fromkeys(zip(log["replication"], log["structure"], strict=True))) == [
        (r, s) for r in range(3) for s in specs
    ]
    for row in table.to_dict("records"):
        one = log[
            (log["structure"] == row["structure"]) & (log["replication"] == row["replication"])
        ]
        _agrees_with_metrics(one, row, "hour")
    assert not [p for p in (tmp_path / "run").iterdir() if p.name.startswith(".")]


def test_the_files_are_the_same_whatever_the_number_of_processes(tmp_path):
    specs = _short("case_handling", 150)
    _run_into(tmp_path / "serial", specs, n_jobs=1)
    _run_into(tmp_path / "parallel", specs, n_jobs=2)
    for name in ("event_log.csv", "event_log.parquet"):
        serial = (tmp_path / "serial" / name).read_bytes()
        assert serial == (tmp_path / "parallel" / name).read_bytes(), name


def test_a_failed_run_leaves_no_event_log_behind(tmp_path):
    specs = {"m": mmc_spec(2, 0.5, horizon=50, warmup=5)}
    writer = EventLogWriter(tmp_path, ("csv", "parquet"), "hour")
    with pytest.raises(RuntimeError), writer:
        run = simulate(specs["m"], 1, event_log=True)
        assert run.event_log is not None
        writer.add([run.event_log.assign(structure="m", replication=0)])
        assert any(p.name.startswith(".event_log.csv.") for p in tmp_path.iterdir())
        raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def test_an_earlier_event_log_is_never_overwritten_silently(tmp_path):
    from orgsim.analysis.results_folder import check_folder

    (tmp_path / "event_log.rep004.xes").write_text("")
    assert earlier_outputs(tmp_path) == [tmp_path / "event_log.rep004.xes"]
    with pytest.raises(OutputExistsError, match="overwrite"):
        check_folder(tmp_path, overwrite=False)
    (tmp_path / ".event_log.csv.x1y2.csv").write_text("")  # a stopped run's temp file
    assert len(earlier_outputs(tmp_path)) == 2


def test_formats_asked_for(monkeypatch):
    monkeypatch.setattr(event_log_out, "pm4py_installed", lambda: False)
    assert requested_formats(False) == () and requested_formats(None) == ()
    assert requested_formats(True) == ("csv", "parquet")
    assert requested_formats("Parquet") == ("parquet",)
    assert requested_formats(["xes", "csv"][1:]) == ("csv",)
    with pytest.raises(ValueError, match=r"^event_log: 'xlsx' is not a format; give true"):
        requested_formats(["csv", "xlsx"])
    with pytest.raises(ValueError, match=r"xes needs pm4py; install the extra"):
        requested_formats("xes")
    monkeypatch.setattr(event_log_out, "pm4py_installed", lambda: True)
    assert requested_formats(True) == ("csv", "parquet", "xes")


def test_without_pm4py_true_writes_csv_and_parquet_with_a_one_line_note(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(event_log_out, "pm4py_installed", lambda: False)
    writer = event_log_out.event_log_writer(True, tmp_path, "hour")
    assert writer is not None and writer.formats == ("csv", "parquet")
    note = capsys.readouterr().out.strip().splitlines()
    assert note == [
        "orgsim: note: event_log: XES is not written; it needs pm4py (pip install -e '.[mining]')"
    ]
    assert event_log_out.event_log_writer(False, tmp_path, "hour") is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["event_log=xlsx"], "event_log: 'xlsx' is not a format"),
        (["event_log=true", "task=capacity"], "event_log: a capacity search writes no event log"),
    ],
)
def test_bad_settings_are_refused_before_the_run(overrides, message):
    cfg = compose_config(["experiment=pooling_demo", *overrides])
    with pytest.raises(ConfigError, match=message):
        check_run_settings(cfg)


def test_the_command_writes_the_log_beside_the_results(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    out = tmp_path / "run"
    args = ["experiment=pooling_demo", "workload=quick", "replications=2", "figure=false"]
    done = subprocess.run(
        [ORGSIM, *args, "event_log=[csv,parquet]", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    log = pd.read_parquet(out / "event_log.parquet")
    table = pd.read_parquet(out / "replications.parquet")
    for row in table.to_dict("records"):
        one = log[
            (log["structure"] == row["structure"]) & (log["replication"] == row["replication"])
        ]
        _agrees_with_metrics(one, row, "hour")
    bad = subprocess.run(
        [ORGSIM, *args, "event_log=xlsx", f"hydra.run.dir={tmp_path / 'bad'}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert bad.returncode == 2 and not (tmp_path / "bad").exists()
    assert bad.stderr.strip().splitlines() == [
        "orgsim: error: event_log: 'xlsx' is not a format; give true, false or some of csv, "
        "parquet, xes, e.g. event_log=[csv,xes]"
    ]


def test_xes_through_pm4py_has_every_finished_step(tmp_path):
    pm4py = pytest.importorskip("pm4py")
    specs = _short("case_handling", 100)
    _run_into(tmp_path / "run", specs, n_jobs=1, formats=("csv", "xes"))
    log = pd.read_csv(tmp_path / "run" / "event_log.csv")
    for replication in range(3):
        events = pm4py.read_xes(str(tmp_path / "run" / f"event_log.rep{replication:03d}.xes"))
        mine = log[(log["replication"] == replication) & (log["status"] == "done")]
        assert len(events) == len(mine)
        assert set(events["case:concept:name"]) == set(mine["case_id"])
        assert (events["time:timestamp"] >= events["start_timestamp"]).all()
