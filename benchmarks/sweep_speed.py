"""Sweep speed: a multirun through the local parallel launcher against the same work serially.

The sweep: the default office (org pooling_four), ``structure=current,merged`` x
``workload.target_load=0.5,0.6,0.7,0.8,0.9`` = 10 jobs of 30 replications, with one
horizon giving 20,000 matters per replication on average over the loads (one horizon keeps
the sweep one ordinary command line; the printed matter counts show the spread). The same
10 jobs run two ways, each in a fresh process timed from outside, so that interpreter
start-up and imports count on both sides:

- parallel: the real ``orgsim -m ...`` with the default joblib launcher (one worker per
  core), Hydra start-up, validation and the aggregation callback included;
- serial: one process composes each job's config with Hydra's Compose API, runs
  ``experiments.app.execute`` on it into the same folder layout, then aggregates.

Both must write identical ``replications.parquet`` files (same seeds); the benchmark checks
that. Per-job overhead comes from the same sweep shape with tiny jobs: (launcher wall -
in-process wall) / jobs; file times split each run into phases, which separates the part
paid once per sweep (start-up, validation, worker start-up, shutdown) from the part paid
inside each job. The machine is shared, so absolute seconds drift: rounds interleave the two
ways, the best wall of each counts, and the figures that matter are the ratios. Target:
parallel within 1.3 x of serial / cores.

    python benchmarks/sweep_speed.py                 # the full sweep, best of 5 rounds
    python benchmarks/sweep_speed.py --quick --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TARGET = 1.3
STRUCTURES = ("current", "merged")
LOADS = (0.5, 0.6, 0.7, 0.8, 0.9)
TINY_REPLICATIONS, TINY_HORIZON = 2, 50.0  # jobs where start-up and writing dominate
BIN = Path(sys.executable).parent
PHASES = ("start-up", "workers ready", "jobs", "aggregation", "exit")
PHASE_NOTES = {
    "start-up": "start-up: interpreter, imports (orgsim -m: validation, sweep set-up)",
    "workers ready": "workers ready: spawn, imports, until the first job starts",
    "jobs": "jobs: first job start to last job end",
    "aggregation": "aggregation: the tidy table of every job",
    "exit": "exit: interpreter and worker shutdown",
}


@dataclass(frozen=True)
class Sweep:
    """One sweep shape: what varies across jobs and what every job runs."""

    structures: tuple[str, ...]
    loads: tuple[float, ...]
    replications: int
    horizon: float
    warmup: float

    def args(self) -> list[str]:
        """The ``orgsim -m`` overrides (without the sweep folder)."""
        return [
            f"structure={','.join(self.structures)}",
            f"workload.target_load={','.join(f'{x:g}' for x in self.loads)}",
            f"workload.horizon={self.horizon:g}",
            f"workload.warmup={self.warmup:g}",
            f"replications={self.replications}",
            "figure=false",
        ]

    def jobs(self) -> list[list[str]]:
        """Each job's overrides, numbered as the launcher numbers them (Hydra's basic sweeper)."""
        from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
        from hydra.core.override_parser.overrides_parser import OverridesParser

        parsed = OverridesParser.create().parse_overrides(self.args())
        return BasicSweeper.split_arguments(parsed, max_batch_size=None)[0]


@dataclass
class Run:
    """One timed run: wall seconds, seconds per phase, (serial) seconds per job, job ends."""

    wall: float
    phases: dict[str, float]
    per_job: list[float] = field(default_factory=list)
    job_ends: list[float] = field(default_factory=list)

    def idle_at_end(self, workers: int) -> float:
        """Worker-seconds left idle while the last jobs finish (the jobs differ in size).

        With one job at a time per worker, the latest ``workers`` job ends are each
        worker's last.
        """
        last = sorted(self.job_ends)[-workers:]
        return sum(last[-1] - end for end in last)


def total_arrival_rates(loads: Sequence[float]) -> dict[float, float]:
    """Matters per time unit of the whole office at each target load, as orgsim builds it."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from orgsim.experiments.build import build_specs
    from orgsim.experiments.paths import CONF_DIR

    rates = {}
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONF_DIR, version_base="1.3"):
        for load in loads:
            cfg = compose("config", overrides=["structure=current", f"workload.target_load={load}"])
            spec = build_specs(cfg)["current"]
            rates[load] = sum(m.arrival_rate for m in spec.matter_types)
    GlobalHydra.instance().clear()
    return rates


def serial_child(sweep_dir: Path, jobs_file: Path, times_file: Path) -> None:
    """Run every job one after another in this process, as the launcher's jobs would."""
    import yaml
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from orgsim.analysis.results_folder import write_json, write_text
    from orgsim.experiments.aggregate import aggregate
    from orgsim.experiments.app import execute
    from orgsim.experiments.paths import CONF_DIR

    jobs = json.loads(jobs_file.read_text())
    started, seconds = time.time(), []
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=CONF_DIR, version_base="1.3"):
        for num, overrides in enumerate(jobs):
            start = time.perf_counter()
            cfg = compose("config", overrides=overrides)
            out = sweep_dir / str(num)
            # the overrides record is what the aggregation reads to label a job's rows
            write_text(out / ".hydra" / "overrides.yaml", yaml.safe_dump(overrides))
            execute(cfg, out)
            write_json(out / "status.json", {"status": "ok"})
            seconds.append(time.perf_counter() - start)
    finished = time.time()
    aggregate(sweep_dir, figure=bool(cfg.figure))  # as the sweep's aggregation callback does
    marks = {"start": started, "end": finished, "aggregated": time.time()}
    times_file.write_text(json.dumps({**marks, "per_job": seconds}))


def _run(command: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Run ``command`` in a fresh process, its output kept in ``log``: (wall s, epoch start)."""
    cwd.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        epoch, start = time.time(), time.perf_counter()
        done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-20:])
        raise SystemExit(f"{' '.join(command[:3])} ... failed ({done.returncode}):\n{tail}")
    return wall, epoch


def _phases(wall: float, marks: Sequence[float]) -> dict[str, float]:
    """Phase lengths from the epoch times their boundaries were reached (start = 0)."""
    ends = [*marks, wall]
    return {name: ends[i] - (ends[i - 1] if i else 0.0) for i, name in enumerate(PHASES)}


def run_parallel(sweep: Sweep, folder: Path) -> Run:
    """The real ``orgsim -m`` sweep into ``folder/sweep``, its phases read off file times.

    ``multirun.yaml`` is written when the sweep starts (after validation), a job's
    ``.hydra/config.yaml`` when it starts in a worker, its ``status.json`` when it ends;
    the aggregation callback writes the last files at the sweep root.
    """
    out = folder / "sweep"
    command = [str(BIN / "orgsim"), "-m", *sweep.args(), f"hydra.sweep.dir={out}"]
    wall, epoch = _run(command, folder, folder / "log.txt")
    jobs = [out / str(num) for num in range(len(sweep.jobs()))]
    ends = [(job / "status.json").stat().st_mtime - epoch for job in jobs]
    marks = [
        (out / "multirun.yaml").stat().st_mtime - epoch,
        min((job / ".hydra" / "config.yaml").stat().st_mtime for job in jobs) - epoch,
        max(ends),
        max(f.stat().st_mtime for f in out.iterdir() if f.is_file()) - epoch,  # aggregation
    ]
    return Run(wall, _phases(wall, marks), job_ends=ends)


def run_serial(sweep: Sweep, folder: Path) -> Run:
    """The in-process run into ``folder/sweep``, with its phases and seconds per job."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs_file, times_file = folder / "jobs.json", folder / "times.json"
    jobs_file.write_text(json.dumps(sweep.jobs()))
    command = [sys.executable, str(Path(__file__).resolve()), "--serial-child"]
    command += [str(folder / "sweep"), str(jobs_file), str(times_file)]
    wall, epoch = _run(command, folder, folder / "log.txt")
    times = json.loads(times_file.read_text())
    start = times["start"] - epoch
    marks = [start, start, times["end"] - epoch, times["aggregated"] - epoch]  # no workers
    return Run(wall, _phases(wall, marks), times["per_job"])


def check_identical(sweep: Sweep, parallel: Path, serial: Path) -> None:
    """Stop unless every job succeeded both ways with exactly the same replications."""
    import pandas as pd
    import yaml

    def overrides(job: Path) -> dict[str, object]:
        items = yaml.safe_load((job / ".hydra" / "overrides.yaml").read_text())
        return {k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in items)}

    for num in range(len(sweep.jobs())):
        jobs = (parallel / str(num), serial / str(num))
        for job in jobs:
            status = json.loads((job / "status.json").read_text())
            if status.get("status") != "ok":
                raise SystemExit(f"{job} failed: {status.get('error')}")
        if overrides(jobs[0]) != overrides(jobs[1]):
            raise SystemExit(f"job {num} ran different overrides in the two runs")
        tables = [pd.read_parquet(job / "replications.parquet") for job in jobs]
        pd.testing.assert_frame_equal(*tables, check_exact=True)


def matters_per_replication(folder: Path) -> dict[float, float]:
    """Mean matters arrived per replication (whole run, warm-up included) at each load."""
    import pandas as pd

    table = pd.read_parquet(folder / "aggregate.parquet")
    table["load"] = table["workload.target_load"].astype(float)
    return table.groupby("load")["arrived"].mean().to_dict()


@dataclass
class Timings:
    """Every run of each way ("parallel", "serial", "tiny parallel", "tiny serial")."""

    runs: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, way: str, run: Run) -> None:
        """Record one run."""
        self.runs.setdefault(way, []).append(run)

    def best(self, way: str) -> Run:
        """The run of ``way`` with the smallest wall time: the least disturbed by other work."""
        return min(self.runs[way], key=lambda run: run.wall)


def measure(sweep: Sweep, tiny: Sweep, rounds: int, root: Path) -> Timings:
    """Interleaved rounds of the sweep and of its tiny twin, both ways each, checked equal."""
    timings = Timings()
    for round_ in range(rounds):  # interleaved: a busy spell on the machine hits both ways
        ways = ("parallel", "serial") if round_ % 2 else ("serial", "parallel")  # alternate
        for prefix, shape in (("", sweep), ("tiny ", tiny)):
            folder = root / f"{round_}{'-tiny' if prefix else ''}"
            for way in ways:
                run = run_parallel if way == "parallel" else run_serial
                timings.add(prefix + way, run(shape, folder / way))
            check_identical(shape, folder / "parallel" / "sweep", folder / "serial" / "sweep")
    return timings


def cores() -> int:
    """CPUs this process may run on (the affinity mask, where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def report(
    sweep: Sweep,
    timings: Timings,
    counts: dict[float, float],
    load_average: tuple[float, float],
) -> None:
    """Print the set-up, the checks, the Markdown table and where the time goes."""
    import joblib

    n, jobs = cores(), len(sweep.jobs())
    serial, parallel = timings.best("serial"), timings.best("parallel")
    tiny_parallel, tiny_serial = timings.best("tiny parallel"), timings.best("tiny serial")
    workers = min(joblib.cpu_count(), jobs)  # what n_jobs=-1 gives
    # the launcher's cost split: outside the jobs (once per sweep) and inside (per job)
    fixed = sum(tiny_parallel.phases.values()) - tiny_parallel.phases["jobs"]
    fixed -= sum(tiny_serial.phases.values()) - tiny_serial.phases["jobs"]
    marginal = (tiny_parallel.phases["jobs"] * workers - tiny_serial.phases["jobs"]) / jobs
    ideal = serial.wall / n
    ratio = parallel.wall / ideal
    per_job = serial.per_job
    mean_count = sum(counts.values()) / len(counts)
    loads = ",".join(f"{x:g}" for x in sweep.loads)
    print(
        f"sweep: org pooling_four, structure={','.join(sweep.structures)} x "
        f"workload.target_load={loads} = {jobs} jobs x {sweep.replications} replications; "
        f"horizon {sweep.horizon:g} h (warm-up {sweep.warmup:g})"
    )
    print(
        "matters per replication (arrived, warm-up included) by load: "
        + ", ".join(f"{load:g}: {count:,.0f}" for load, count in counts.items())
        + f"; mean {mean_count:,.0f}; {mean_count * sweep.replications * jobs:,.0f} in the sweep"
    )
    print(
        f"parallel: orgsim -m {' '.join(sweep.args())} hydra.sweep.dir=TMP "
        f"(joblib launcher, n_jobs=-1 -> {workers} workers)"
    )
    print(
        f"cores: {n}; load average (1 min) {load_average[0]:.2f} before, "
        f"{load_average[1]:.2f} after; wall s of each interleaved round (best counts):"
    )
    for way, runs in timings.runs.items():
        print(f"  {way:<14}" + "".join(f"{run.wall:7.1f}" for run in runs))
    paired = [
        p.wall / (s.wall / n)
        for p, s in zip(timings.runs["parallel"], timings.runs["serial"], strict=True)
    ]
    print(
        "  parallel / (serial / cores) in each round: "
        + " ".join(f"{r:.2f}" for r in paired)
        + f" (median {statistics.median(paired):.2f})"
    )
    print(
        "results identical (replications.parquet, parallel vs serial, exact): "
        f"{jobs}/{jobs} jobs in every round, tiny sweeps included"
    )
    print()
    rows = [
        ("serial: the jobs one after another in one process, wall s", f"{serial.wall:.1f}"),
        (
            "serial compute per job, s: mean [min, max]",
            f"{sum(per_job) / len(per_job):.2f} [{min(per_job):.2f}, {max(per_job):.2f}]",
        ),
        (f"parallel: `orgsim -m`, joblib, {workers} workers, wall s", f"{parallel.wall:.1f}"),
        (
            "- of which workers idle while the last jobs finish (uneven jobs), worker-s",
            f"{parallel.idle_at_end(workers):.1f}",
        ),
        ("cores", f"{n}"),
        ("speed-up = serial / parallel", f"{serial.wall / parallel.wall:.2f}"),
        (
            f"parallel / (serial / cores), target <= {TARGET}",
            f"{ratio:.2f} ({'pass' if ratio <= TARGET else 'FAIL'})",
        ),
        ("(parallel - serial / cores) / jobs, s", f"{(parallel.wall - ideal) / jobs:.2f}"),
        (
            f"per-job overhead, tiny jobs: (launcher {tiny_parallel.wall:.1f} s - "
            f"in-process {tiny_serial.wall:.1f} s) / {jobs}, s",
            f"{(tiny_parallel.wall - tiny_serial.wall) / jobs:.2f}",
        ),
        (
            "- of which once per sweep (phases outside the jobs, launcher - in-process), s",
            f"{fixed:.1f}",
        ),
        (
            f"- of which inside each job ((jobs phase x {workers} workers - in-process jobs "
            "phase) / jobs), worker-s",
            f"{marginal:.2f}",
        ),
    ]
    print("| measure | value |")
    print("|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print()
    ways = ("serial", "parallel", "tiny serial", "tiny parallel")
    print(f"| phase of the best run, s (from file times) | {' | '.join(ways)} |")
    print("|---" + "|---:" * len(ways) + "|")
    for phase in PHASES:
        values = " | ".join(f"{timings.best(way).phases[phase]:.1f}" for way in ways)
        print(f"| {PHASE_NOTES[phase]} | {values} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 replications of ~2,000 matters")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; best counts")
    parser.add_argument("--replications", type=int, help="per job (default 30; quick 3)")
    parser.add_argument("--matters", type=int, help="per replication, mean over loads (20,000)")
    parser.add_argument("--loads", help="comma-separated target loads (0.5,0.6,0.7,0.8,0.9)")
    parser.add_argument("--keep", type=Path, help="keep every run's folders here")
    parser.add_argument("--serial-child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serial_child:
        serial_child(*args.serial_child)
        return
    replications = args.replications or (3 if args.quick else 30)
    matters = args.matters or (2_000 if args.quick else 20_000)
    loads = tuple(float(x) for x in args.loads.split(",")) if args.loads else LOADS
    before = os.getloadavg()[0]
    rates = total_arrival_rates(loads)
    # one horizon for every load (an ordinary sweep): `matters` on average over the loads
    horizon = float(round(matters * len(loads) / sum(rates.values())))
    sweep = Sweep(STRUCTURES, loads, replications, horizon, float(round(horizon / 10)))
    tiny = Sweep(STRUCTURES, loads, TINY_REPLICATIONS, TINY_HORIZON, TINY_HORIZON / 10)
    with tempfile.TemporaryDirectory(prefix="sweep_speed_") as scratch:
        root = args.keep or Path(scratch)
        timings = measure(sweep, tiny, args.rounds, root)
        counts = matters_per_replication(root / "0" / "parallel" / "sweep")
    report(sweep, timings, counts, (before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
