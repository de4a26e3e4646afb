"""Results are never mislabelled or mixed: every case of the folder contract, run for real.

Each case prepares a folder (copies of one finished run and one finished sweep, altered
as a stopped, busy, damaged or read-only folder would be), runs the real ``orgsim`` or
``orgsim-aggregate`` command, and checks its exit status, its one-line message (never a
traceback) and the files the folder holds afterwards.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from orgsim.analysis.results_folder import (
    LOCK,
    FolderBusyError,
    OutputExistsError,
    claim,
    clear_outputs,
    earlier_sweep,
    read_status,
    write_json,
)
from orgsim.experiments.aggregate import job_values
from orgsim.experiments.sweep_plan import job_label, planned_jobs, swept_keys

BIN = Path(sys.executable).parent
QUICK = ["workload=quick", "replications=2", "figure=false"]
SWEEP = ["-m", *QUICK, "hydra/launcher=basic"]
ROOT_USER = os.geteuid() == 0  # root writes into chmod-ed folders: use a read-only mount


def command(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an orgsim command in ``cwd`` as a user would."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run(
        [str(BIN / name), *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env
    )


@dataclass(frozen=True)
class Base:
    """A finished run folder and a finished 3-job sweep folder, made once and copied."""

    run: Path
    sweep: Path


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    where = tmp_path_factory.mktemp("base")
    run = command("orgsim", *QUICK, f"hydra.run.dir={where / 'run'}", cwd=where)
    assert run.returncode == 0, run.stderr
    sweep = command(
        "orgsim",
        *SWEEP,
        "workload.arrival_scale=0.5,0.6,0.7",
        f"hydra.sweep.dir={where / 'sweep'}",
        cwd=where,
    )
    assert sweep.returncode == 0, sweep.stderr
    return Base(where / "run", where / "sweep")


# -- how a folder is made ready for a case -------------------------------------------------


def copy_run(base: Base, tmp: Path) -> Path:
    return Path(shutil.copytree(base.run, tmp / "run"))


def copy_sweep(base: Base, tmp: Path) -> Path:
    return Path(shutil.copytree(base.sweep, tmp / "sweep"))


def as_if_killed(folder: Path) -> None:
    """What a run killed mid-way leaves: status running, a temp file, no live lock holder."""
    write_json(folder / "status.json", {"status": "running", "pid": 0, "host": "elsewhere"})
    (folder / ".summary.json.k1ll3d.json").write_text("{")


def hold(folder: Path, held: list[int]) -> None:
    """Hold the folder's lock from this process, as a live run does."""
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    held.append(fd)
    status = {"status": "running", "pid": os.getpid(), "host": socket.gethostname()}
    write_json(folder / "status.json", {**status, "started": "now"})


def unwritable(tmp: Path, name: str) -> Path:
    """A folder that cannot be written: read-only permissions, or a read-only mount for root."""
    if ROOT_USER:
        return Path("/sys") / f"orgsim-test-{name}"
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return locked / name


def unwritable_sweep(base: Base, tmp: Path) -> Path:
    """An existing sweep folder that cannot be written to."""
    if ROOT_USER:
        return Path("/sys/kernel")  # a folder root cannot write to either
    sweep = copy_sweep(base, tmp)
    sweep.chmod(0o555)
    return sweep


def jobs_of(sweep: Path) -> list[str]:
    return pd.read_csv(sweep / "jobs.csv").status.tolist()


# -- the cases ----------------------------------------------------------------------------

Setup = Callable[[Base, Path, list[int]], list[str]]
Check = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """A folder made ready, the command run on it, and what it must do."""

    setup: Setup
    code: int
    says: str
    check: Check = lambda tmp: None


def _run_into_results(base: Base, tmp: Path, held: list[int]) -> list[str]:
    copy_run(base, tmp)
    return ["orgsim", *QUICK, "seed=5", f"hydra.run.dir={tmp / 'run'}"]


def _untouched_run(tmp: Path) -> None:
    assert json.loads((tmp / "run" / "summary.json").read_text())["seed"] != 5
    assert "seed=5" not in (tmp / "run" / ".hydra" / "overrides.yaml").read_text()


def _run_into_busy(overwrite: bool) -> Setup:
    def setup(base: Base, tmp: Path, held: list[int]) -> list[str]:
        hold(copy_run(base, tmp), held)
        return [
            "orgsim",
            *QUICK,
            f"overwrite={str(overwrite).lower()}",
            f"hydra.run.dir={tmp / 'run'}",
        ]

    return setup


def _still_running(tmp: Path) -> None:
    found = read_status(tmp / "run") or {}
    assert found["status"] == "running" and found["pid"] == os.getpid()  # the holder's record
    assert (tmp / "run" / "summary.json").exists()  # the earlier results were left alone


def _run_into_killed(base: Base, tmp: Path, held: list[int]) -> list[str]:
    as_if_killed(copy_run(base, tmp))
    return ["orgsim", *QUICK, f"hydra.run.dir={tmp / 'run'}"]


def _killed_left_alone(tmp: Path) -> None:
    assert (read_status(tmp / "run") or {})["status"] == "running"
    assert (tmp / "run" / ".summary.json.k1ll3d.json").exists()


def _replaced_cleanly(tmp: Path) -> None:
    run = tmp / "run"
    assert (read_status(run) or {})["status"] == "ok"
    assert not list(run.glob(".summary.json.*"))  # the stopped run's temp file is gone
    assert not list(run.glob("*.png")) and not list(run.glob("*.svg"))
    assert not (run / "report.html").exists()
    assert (run / "notes.txt").read_text() == "mine"  # not an orgsim file: kept
    assert json.loads((run / "summary.json").read_text())["seed"] == 5


def _overwrite_without_figures(base: Base, tmp: Path, held: list[int]) -> list[str]:
    run = copy_run(base, tmp)
    as_if_killed(run)
    write_json(run / "status.json", {"status": "ok"})
    for name in ("comparison.png", "comparison.svg", "deadline.png", "report.html"):
        (run / name).write_text("from the earlier run")
    (run / "notes.txt").write_text("mine")
    return ["orgsim", *QUICK, "seed=5", "overwrite=true", f"hydra.run.dir={run}"]


def _read_only_run(base: Base, tmp: Path, held: list[int]) -> list[str]:
    return ["orgsim", *QUICK, f"hydra.run.dir={unwritable(tmp, 'run')}"]


def _sweep_again(overwrite: bool) -> Setup:
    def setup(base: Base, tmp: Path, held: list[int]) -> list[str]:
        sweep = copy_sweep(base, tmp)
        switch = ["overwrite=true"] if overwrite else []
        return [
            "orgsim",
            *SWEEP,
            "workload.arrival_scale=0.9,1.0",
            *switch,
            f"hydra.sweep.dir={sweep}",
        ]

    return setup


def _earlier_sweep_untouched(tmp: Path) -> None:
    sweep = tmp / "sweep"
    tidy = pd.read_parquet(sweep / "aggregate.parquet")
    assert sorted(tidy["workload.arrival_scale"].unique()) == [0.5, 0.6, 0.7]
    assert len(json.loads((sweep / "sweep.json").read_text())["jobs"]) == 3
    assert "0.9" not in (sweep / "0" / ".hydra" / "overrides.yaml").read_text()


def _only_new_values(tmp: Path) -> None:
    sweep = tmp / "sweep"
    tidy = pd.read_parquet(sweep / "aggregate.parquet")
    assert sorted(tidy["workload.arrival_scale"].unique()) == [0.9, 1.0]  # floats, not "0.9"
    assert tidy["replications"].dtype.kind == "i" and tidy["figure"].dtype.kind == "b"
    for job in tidy.job.unique():  # each job's values are its own config's
        config = yaml.safe_load((sweep / job / "config.yaml").read_text())
        rows = tidy[tidy.job == job]
        assert set(rows["workload.arrival_scale"]) == {config["workload"]["arrival_scale"]}
    assert not (sweep / "2").exists()  # the earlier sweep's third job is gone
    assert jobs_of(sweep) == ["ok", "ok"]
    plan = json.loads((sweep / "sweep.json").read_text())
    assert plan["swept"] == ["workload.arrival_scale"] and len(plan["jobs"]) == 2


def _sweep_with_failure(base: Base, tmp: Path, held: list[int]) -> list[str]:
    sweep = tmp / "sweep"
    (sweep / "1" / "summary.json").mkdir(parents=True)  # job 1 cannot write its summary
    return ["orgsim", *SWEEP, "seed=1,2", "overwrite=true", f"hydra.sweep.dir={sweep}"]


def _failure_listed(tmp: Path) -> None:
    sweep = tmp / "sweep"
    assert jobs_of(sweep) == ["ok", "failed"]
    assert "IsADirectoryError" in (read_status(sweep / "1") or {})["error"]
    assert set(pd.read_parquet(sweep / "aggregate.parquet").job) == {"0"}


def _read_only_sweep(base: Base, tmp: Path, held: list[int]) -> list[str]:
    return ["orgsim", *SWEEP, "seed=1,2", f"hydra.sweep.dir={unwritable(tmp, 'sweep')}"]


def _aggregate_after(change: Callable[[Path], None]) -> Setup:
    def setup(base: Base, tmp: Path, held: list[int]) -> list[str]:
        sweep = copy_sweep(base, tmp)
        change(sweep)
        return ["orgsim-aggregate", str(sweep), "--overwrite"]

    return setup


def _never_started(sweep: Path) -> None:
    shutil.rmtree(sweep / "2")  # the sweep was stopped before job 2 began


def _killed_job(sweep: Path) -> None:
    as_if_killed(sweep / "1")


def _corrupt_status(sweep: Path) -> None:
    (sweep / "1" / "status.json").write_text('{"status": "o')


def _truncated_parquet(sweep: Path) -> None:
    table = sweep / "1" / "replications.parquet"
    table.write_bytes(table.read_bytes()[:200])


def _corrupt_overrides(sweep: Path) -> None:
    (sweep / "1" / ".hydra" / "overrides.yaml").write_text("- [unclosed\n")


def _listed(*statuses: str, rows: int) -> Check:
    def check(tmp: Path) -> None:
        sweep = tmp / "sweep"
        assert jobs_of(sweep) == list(statuses)
        assert len(pd.read_parquet(sweep / "aggregate.parquet")) == rows
        jobs = pd.read_csv(sweep / "jobs.csv")
        assert jobs["workload.arrival_scale"].tolist() == [0.5, 0.6, 0.7]
        assert jobs.loc[jobs.status != "ok", "reason"].notna().all()

    return check


def _overrides_unreadable(tmp: Path) -> None:
    jobs = pd.read_csv(tmp / "sweep" / "jobs.csv")
    assert jobs.status.tolist() == ["ok", "unreadable", "ok"]
    assert "overrides.yaml" in jobs.reason[1]


def _read_only_aggregate(base: Base, tmp: Path, held: list[int]) -> list[str]:
    return ["orgsim-aggregate", str(unwritable_sweep(base, tmp)), "--overwrite"]


CASES = {
    "run into a folder with results": Case(
        _run_into_results, 2, "already exists; choose another folder", _untouched_run
    ),
    "run into a folder a live run holds": Case(
        _run_into_busy(False), 2, "is in use by another orgsim run", _still_running
    ),
    "overwrite a folder a live run holds": Case(
        _run_into_busy(True), 2, "is in use by another orgsim run", _still_running
    ),
    "run into a killed run's folder": Case(
        _run_into_killed, 2, "never finished", _killed_left_alone
    ),
    "overwrite with figure=false": Case(
        _overwrite_without_figures, 0, "results in", _replaced_cleanly
    ),
    "run into a read-only folder": Case(_read_only_run, 2, "cannot write to"),
    "sweep into an earlier sweep": Case(
        _sweep_again(False), 2, "already holds a sweep", _earlier_sweep_untouched
    ),
    "overwrite an earlier sweep": Case(_sweep_again(True), 0, "job 1 [", _only_new_values),
    "sweep with a failed job": Case(_sweep_with_failure, 3, "1 of 2 job(s)", _failure_listed),
    "sweep into a read-only folder": Case(_read_only_sweep, 2, "cannot write to"),
    "aggregate a sweep stopped before a job": Case(
        _aggregate_after(_never_started),
        3,
        "of 3 job(s)",
        _listed("ok", "ok", "not started", rows=8),
    ),
    "aggregate a sweep with a killed job": Case(
        _aggregate_after(_killed_job), 3, "unfinished", _listed("ok", "unfinished", "ok", rows=8)
    ),
    "aggregate a corrupt status.json": Case(
        _aggregate_after(_corrupt_status),
        3,
        "not valid JSON",
        _listed("ok", "unreadable", "ok", rows=8),
    ),
    "aggregate a truncated parquet": Case(
        _aggregate_after(_truncated_parquet),
        3,
        "replications.parquet cannot be read",
        _listed("ok", "unreadable", "ok", rows=8),
    ),
    "aggregate a corrupt overrides record": Case(
        _aggregate_after(_corrupt_overrides), 3, "cannot be read", _overrides_unreadable
    ),
    "aggregate into a read-only folder": Case(_read_only_aggregate, 2, "cannot write to"),
}


@pytest.fixture
def held() -> Iterator[list[int]]:
    """Locks a case holds while its command runs, let go afterwards."""
    fds: list[int] = []
    yield fds
    for fd in fds:
        os.close(fd)


@pytest.mark.parametrize("name", list(CASES))
def test_result_folder_case(name: str, base: Base, tmp_path: Path, held: list[int]) -> None:
    case = CASES[name]
    done = command(*case.setup(base, tmp_path, held), cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode == case.code, said
    assert case.says in said, said
    assert "Traceback" not in done.stderr, done.stderr
    if case.code == 2:
        errors = [line for line in done.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1 and errors[0].split(": error: ")[0] in (
            "orgsim",
            "orgsim-aggregate",
        )
    case.check(tmp_path)


def test_two_runs_in_one_folder_and_a_killed_run(tmp_path: Path) -> None:
    """A second run is refused while the first works; killed, the first leaves ``running``."""
    run = tmp_path / "run"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    first = subprocess.Popen(
        [
            str(BIN / "orgsim"),
            "workload=quick",
            "replications=400",
            "figure=false",
            f"hydra.run.dir={run}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (run / "status.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (read_status(run) or {})["pid"] == first.pid
        first.send_signal(signal.SIGSTOP)  # still holding the folder, however fast the machine
        second = command(
            "orgsim", *QUICK, "seed=5", "overwrite=true", f"hydra.run.dir={run}", cwd=tmp_path
        )
        assert second.returncode == 2 and "is in use by another orgsim run" in second.stderr
        assert "seed=5" not in (run / ".hydra" / "overrides.yaml").read_text()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert (read_status(run) or {})["status"] == "running"  # recognisably without results
    assert not (run / "summary.json").exists()
    again = command("orgsim", *QUICK, "overwrite=true", f"hydra.run.dir={run}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (read_status(run) or {})["status"] == "ok" and not list(run.glob(".*.parquet.*"))


def test_the_sweep_report_lists_jobs_that_never_started(base: Base, tmp_path: Path) -> None:
    from orgsim.analysis.report import build_report
    from orgsim.experiments.aggregate import aggregate

    sweep = copy_sweep(base, tmp_path)
    shutil.rmtree(sweep / "2")
    as_if_killed(sweep / "1")
    aggregate(sweep, overwrite=True, figure=False)
    page = build_report(sweep)
    assert "3 job(s)" in page and "not started" in page and "unfinished" in page


# -- the module itself --------------------------------------------------------------------


def test_claim_records_running_then_ok_or_failed(tmp_path: Path) -> None:
    with claim(tmp_path, overwrite=False):
        assert (read_status(tmp_path) or {})["status"] == "running"
        with pytest.raises(FolderBusyError), claim(tmp_path, overwrite=True):
            pass  # a second claim while the first holds the folder
    assert (read_status(tmp_path) or {})["status"] == "ok"
    with pytest.raises(OutputExistsError), claim(tmp_path, overwrite=False):
        pass
    with pytest.raises(RuntimeError), claim(tmp_path, overwrite=True):
        raise RuntimeError("boom")
    failed = read_status(tmp_path) or {}
    assert failed["status"] == "failed" and "RuntimeError: boom" in failed["error"]
    assert "Traceback" in failed["traceback"]


def test_clearing_removes_only_orgsim_files(tmp_path: Path) -> None:
    for name in ("summary.json", "welch.svg", ".staff.parquet.x1.parquet", "notes.txt", "data.csv"):
        (tmp_path / name).write_text("x")
    clear_outputs(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "notes.txt"]


def test_an_unreadable_status_is_a_value_error_not_a_crash(tmp_path: Path) -> None:
    assert read_status(tmp_path) is None
    (tmp_path / "status.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match="has no status"):
        read_status(tmp_path)


def test_an_empty_or_foreign_sweep_folder_holds_no_earlier_sweep(tmp_path: Path) -> None:
    assert earlier_sweep(tmp_path / "missing") == []
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / ".cache").mkdir()
    assert earlier_sweep(tmp_path) == []
    (tmp_path / "0" / ".hydra").mkdir(parents=True)
    (tmp_path / "jobs.csv").write_text("job,status\n")
    assert [p.name for p in earlier_sweep(tmp_path)] == ["0", "jobs.csv"]


def test_job_values_keep_the_types_of_the_jobs_own_config(tmp_path: Path) -> None:
    hydra = tmp_path / ".hydra"
    hydra.mkdir()
    overrides = ["workload.target_load=0.5", "workload=quick", "seed=7", "figure=False", "+x=1e3"]
    (hydra / "overrides.yaml").write_text(yaml.safe_dump(overrides))
    config = {"workload": {"target_load": 0.5, "horizon": 500.0}, "seed": 7, "figure": False}
    (hydra / "config.yaml").write_text(yaml.safe_dump(config))
    values = job_values(tmp_path)
    assert values == {
        "workload.target_load": 0.5,
        "workload": "quick",  # a config group: its name
        "seed": 7,
        "figure": False,
        "x": "1e3",  # not in the config: as YAML reads it
    }
    assert [type(values[k]) for k in ("workload.target_load", "seed", "figure")] == [
        float,
        int,
        bool,
    ]


def test_the_plan_lists_every_job_as_hydra_numbers_them() -> None:
    jobs = planned_jobs(["a=1,2", "b=x"], {"c": "5,6"})
    assert jobs == [
        ["c=5", "a=1", "b=x"],
        ["c=5", "a=2", "b=x"],
        ["c=6", "a=1", "b=x"],
        ["c=6", "a=2", "b=x"],
    ]
    assert planned_jobs(["a=glob(*)"]) is None  # needs the config: no plan rather than a guess
    assert swept_keys(["+a=1,2", "b=x"]) == ["a"]
    assert job_label(3, ["+a=2", "b=x"], ["a"]) == "job 3 [+a=2]"
