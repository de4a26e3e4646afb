"""Memory and set-up: peak memory of whole runs, and the time an office takes to set up.

Each run is the real ``orgsim`` command in a fresh process, so imports count. Its peak
memory is its maximum resident set size: the main process reports its own on exit, and the
replication workers (joblib's loky processes, default ``n_jobs``) are read from
``/proc/<pid>/status`` (VmHWM) while they live, so the table needs Linux. The rows:

- Huaisi (63 staff) with 2, 10 and 50 replications, serially (``n_jobs=1``: one process
  runs every model) and with the default ``n_jobs`` (the main process and the largest
  worker). Target: under 350 MB and peaks within 10% of each other.
- A synthetic city (60 units of 10 sections, 3,000 staff, A/B chains and de-sectioned
  units as alternatives) built by this script as an org file in a temporary folder, with a
  short horizon: memory hardly depends on the horizon. Target: under 1 GB. When the shipped
  ``experiment=city`` exists, it runs too (2 replications, its own horizon).
- Set-up of a 2,000-person office in 300 sections (the same generator), and of
  ``experiment=city`` when it exists, two ways. Model only: reading the org file,
  composing, building and validating the specs, the required utilisation of every structure
  and the first model, in one process, imports left out. Whole command: the real ``orgsim``
  command (``n_jobs=1``), from its launch to its first model built, ready for its first
  matter: the interpreter and imports, the checks before Hydra starts, Hydra's own work
  (composition, output folder, saved config) and the run's set-up. Target: the whole
  command under 5 s for the 2,000-person office. The whole command on that office with a
  one-hour horizon is shown too.

Ratios are measured / target (at most 1 meets it). The machine is shared, so seconds
drift; CPU seconds are given beside wall seconds.

    python benchmarks/memory.py            # the full table, about 10 minutes on 2 cores
    python benchmarks/memory.py --quick    # small offices and short runs, to check it works
    python benchmarks/memory.py --setup    # only the set-up rows, about a minute
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
MB = 1024  # ru_maxrss and VmHWM are in KB
FLAT_SPREAD = 1.10  # largest / smallest Huaisi peak
HUAISI_MB, CITY_MB, SETUP_S = 350.0, 1024.0, 5.0

#: Runs the ``orgsim`` command and writes its own peak memory (KB) to the file in argv[1].
MAIN_WRAPPER = """
import atexit, resource, sys
from orgsim.experiments.cli import main
out = sys.argv.pop(1)
def report():
    with open(out, "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
atexit.register(report)
sys.argv[0] = "orgsim"
main()
"""


@dataclass(frozen=True)
class Office:
    """A synthetic office: units of equal numbers of sections, staff spread evenly."""

    units: int
    sections_per_unit: int
    staff: int

    @property
    def sections(self) -> int:
        """Sections in all."""
        return self.units * self.sections_per_unit

    def label(self) -> str:
        """``3,000 staff / 600 sections``."""
        return f"{self.staff:,} staff / {self.sections} sections"


def org_yaml(office: Office) -> str:
    """The org file of ``office``.

    One matter type per section (lognormal work, mean 2 h, cv 1) at a load of 0.6 on the
    section's people, who also have the next section's skill at 0.8 speed; in each unit a
    joint matter passes its first three sections; absences, handoff and consultation
    delays. Alternatives: A/B posts in a chain within each unit, and each unit one big
    pooled section.
    """
    base, extra = divmod(office.staff, office.sections)
    names = [
        (u, s, f"u{u:02d}_s{s:02d}")
        for u in range(office.units)
        for s in range(office.sections_per_unit)
    ]
    count = {name: base + (i < extra) for i, (_, _, name) in enumerate(names)}
    lines = [
        "name: synthetic office",
        "time_unit: working hour",
        "policy: strict",
        "absence: {rate: 0.005, duration: {distribution: lognormal, mean: 16.0, cv: 1.0}, "
        "on_interrupt: handover}",
        "handoff_delay: {distribution: exponential, mean: 1.0}",
        "consultation_delay: {distribution: lognormal, mean: 16.0, cv: 0.5}",
        "matter_types:",
    ]
    for _, _, name in names:
        rate = 0.6 * count[name] / 2.0
        lines.append(
            f"  {name}: {{arrival_rate: {rate:.4f}, deadline: 40.0, "
            "service: {distribution: lognormal, mean: 2.0, cv: 1.0}}"
        )
    for u in range(office.units):
        steps = ", ".join(
            f"u{u:02d}_s{s:02d}_joint: {{skill: u{u:02d}_s{s:02d}, service: {{mean: 1.0}}}}"
            for s in range(min(3, office.sections_per_unit))
        )
        lines.append(
            f"  u{u:02d}_joint: {{arrival_rate: 0.05, deadline: 80.0, steps: {{{steps}}}}}"
        )
    lines.append("sections:")
    lines += [f"  {name}: {{unit: unit{u:02d}, handles: [{name}]}}" for u, _, name in names]
    lines.append("staff:")
    for u, s, name in names:
        neighbour = f"u{u:02d}_s{(s + 1) % office.sections_per_unit:02d}"
        skills = f"{name}: 1.0" + (f", {neighbour}: 0.8" if neighbour != name else "")
        lines.append(f"  {name}: {{section: {name}, count: {count[name]}, skills: {{{skills}}}}}")
    lines += [
        "structures:",
        "  ab_chain: {description: A/B posts in a chain in each unit, "
        "b_post_arrangement: chain, policy: ab}",
        "  big_sections: {description: each unit one big section, merge_units: true, "
        "policy: pooled}",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Peak:
    """Peak resident memory (MB) of a run's main process and largest worker, and its time."""

    main: float
    worker: float | None
    wall: float
    cpu: float


def _status_hwm(pid: int) -> int | None:
    """VmHWM (KB) of a live process, None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    """Every live descendant of ``pid``."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def run_orgsim(overrides: list[str], folder: Path) -> Peak:
    """Run ``orgsim`` with ``overrides`` into ``folder``; its peak memory and times."""
    report = folder / "main_rss_kb"
    command = [sys.executable, "-c", MAIN_WRAPPER, str(report), *overrides]
    command.append(f"hydra.run.dir={folder / 'run'}")
    log = folder / "log.txt"
    workers: dict[int, int] = {}
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        while process.poll() is None:
            for child in _children(process.pid):
                hwm = _status_hwm(child)
                if hwm is not None:
                    workers[child] = max(workers.get(child, 0), hwm)
            time.sleep(0.05)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"orgsim {' '.join(overrides)} failed:\n{log.read_text()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Peak(
        main=int(report.read_text()) / MB,
        worker=max(workers.values()) / MB if workers else None,
        wall=wall,
        cpu=cpu,
    )


#: Sets up an office as a run does before its first matter; prints seconds and peak KB.
SETUP_CHILD = """
import resource, sys, time
start, cpu = time.perf_counter(), time.process_time()
from orgsim.experiments.app import loads
from orgsim.experiments.build import build_specs, check_run_settings
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file
from orgsim.sim import Organization
imported, imported_cpu = time.perf_counter(), time.process_time()
cfg = compose_config(redirect_org_file(sys.argv[1:]))
check_run_settings(cfg)
specs = build_specs(cfg)
loads(specs)
Organization(next(iter(specs.values())), cfg.seed)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(time.perf_counter() - imported, time.process_time() - imported_cpu, peak)
"""


def set_up(overrides: list[str]) -> tuple[float, float, float]:
    """Wall and CPU seconds from the org file to the first model (imports excluded); MB."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP_CHILD, *overrides],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"set-up of {' '.join(overrides)} failed:\n{done.stderr[-2000:]}")
    wall, cpu, peak = done.stdout.split()[-3:]
    return float(wall), float(cpu), int(peak) / MB


#: Runs ``orgsim`` until its first model is built, ready for its first matter; then writes
#: the seconds since the command was launched (argv[1]), its CPU seconds and peak KB to the
#: file in argv[2] and exits: the rest of the run is not set-up.
FIRST_MATTER_WRAPPER = """
import os, resource, sys, time
launched, out = float(sys.argv.pop(1)), sys.argv.pop(1)
import orgsim.experiments.runner as runner
build = runner.Organization
def first_model(*args, **kwargs):
    model = build(*args, **kwargs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w") as f:
        f.write(f"{time.time() - launched} {time.process_time()} {peak}")
    os._exit(0)
runner.Organization = first_model
from orgsim.experiments.cli import main
sys.argv[0] = "orgsim"
main()
"""


def to_first_matter(overrides: list[str], folder: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of the whole command, launch to first model, one process; MB.

    ``n_jobs=1``: the first model is built in the command's own process, not in a worker.
    """
    report = folder / "first_matter"
    command = [sys.executable, "-c", FIRST_MATTER_WRAPPER, str(time.time()), str(report)]
    command += [*overrides, "n_jobs=1", f"hydra.run.dir={folder / 'run'}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not report.exists():
        raise SystemExit(f"orgsim {' '.join(overrides)} failed:\n{done.stderr[-2000:]}")
    wall, cpu, peak = report.read_text().split()
    return float(wall), float(cpu), int(peak) / MB


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    scenario: str
    replications: str
    jobs: str
    main: float | None
    worker: float | None
    seconds: str
    target: str
    ratio: float | None


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def print_table(rows: list[Row]) -> None:
    """The table, as Markdown."""
    head = (
        "| scenario | replications | n_jobs | peak MB main | peak MB worker | "
        "seconds wall (CPU) | target | ratio |"
    )
    print(head)
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(
            f"| {r.scenario} | {r.replications} | {r.jobs} | {_mb(r.main)} | {_mb(r.worker)} | "
            f"{r.seconds} | {r.target} | {'-' if r.ratio is None else f'{r.ratio:.2f}'} |"
        )


def _seconds(peak: Peak) -> str:
    return f"{peak.wall:.0f} ({peak.cpu:.0f})"


def huaisi_rows(
    replications: list[int], jobs_settings: tuple[str, ...], extra: list[str], folder: Path
) -> list[Row]:
    """Huaisi with each ``n_jobs`` setting ("default": not given), and the peaks' spread."""
    rows, peaks = [], []
    for jobs in jobs_settings:
        for count in replications:
            run_dir = folder / f"huaisi_{jobs}_{count}"
            run_dir.mkdir()
            overrides = ["experiment=huaisi", f"replications={count}", *extra]
            if jobs != "default":
                overrides.append(f"n_jobs={jobs}")
            peak = run_orgsim(overrides, run_dir)
            largest = max(peak.main, peak.worker or 0.0)
            peaks.append(largest)
            rows.append(
                Row(
                    "Huaisi",
                    str(count),
                    jobs,
                    peak.main,
                    peak.worker,
                    _seconds(peak),
                    f"< {HUAISI_MB:.0f} MB",
                    largest / HUAISI_MB,
                )
            )
    rows.append(
        Row(
            "Huaisi, largest / smallest peak",
            ", ".join(map(str, replications)),
            "all",
            None,
            None,
            "-",
            f"<= {FLAT_SPREAD:.2f}",
            max(peaks) / min(peaks) / FLAT_SPREAD,
        )
    )
    return rows


def city_rows(office: Office, horizon: float, shipped: bool, folder: Path) -> list[Row]:
    """The synthetic city (and the shipped one, when there is one), 2 replications."""
    org_file = folder / "synthetic_city.yaml"  # not a shipped org's name: that one would win
    org_file.write_text(org_yaml(office))
    runs = [
        (
            f"synthetic city, {office.label()}, horizon {horizon:g} h",
            [
                f"org={org_file}",
                f"workload.horizon={horizon:g}",
                f"workload.warmup={horizon / 5:g}",
            ],
        )
    ]
    if shipped:
        runs.append(("experiment=city (shipped)", ["experiment=city"]))
    rows = []
    for n, (label, overrides) in enumerate(runs):
        run_dir = folder / f"city_{n}"
        run_dir.mkdir()
        peak = run_orgsim([*overrides, "replications=2"], run_dir)
        largest = max(peak.main, peak.worker or 0.0)
        rows.append(
            Row(
                label,
                "2",
                "default",
                peak.main,
                peak.worker,
                _seconds(peak),
                f"< {CITY_MB:,.0f} MB",
                largest / CITY_MB,
            )
        )
    return rows


def _setup_pair(label: str, overrides: list[str], target: bool, folder: Path) -> list[Row]:
    """Model-only set-up and the whole command to its first matter, for one office."""
    wall, cpu, peak = set_up(overrides)
    first = folder / f"first_matter_{len(list(folder.iterdir()))}"
    first.mkdir()
    whole_wall, whole_cpu, whole_peak = to_first_matter(overrides, first)
    return [
        Row(
            f"set-up, {label}: org file to first model",
            "-",
            "1",
            peak,
            None,
            f"{wall:.1f} ({cpu:.1f})",
            "-",
            None,
        ),
        Row(
            f"set-up, {label}: whole command to first matter",
            "-",
            "1",
            whole_peak,
            None,
            f"{whole_wall:.1f} ({whole_cpu:.1f})",
            f"< {SETUP_S:.0f} s" if target else "-",
            whole_wall / SETUP_S if target else None,
        ),
    ]


def setup_rows(office: Office, shipped_city: bool, folder: Path) -> list[Row]:
    """Set-up of ``office`` (and of ``experiment=city``): model only, whole command; a run."""
    org_file = folder / "synthetic_setup.yaml"
    org_file.write_text(org_yaml(office))
    rows = _setup_pair(office.label(), [f"org={org_file}"], True, folder)
    if shipped_city:
        rows += _setup_pair("experiment=city (shipped)", ["experiment=city"], False, folder)
    run_dir = folder / "setup_cli"
    run_dir.mkdir()
    whole = run_orgsim(
        [
            f"org={org_file}",
            "workload.horizon=1",
            "workload.warmup=0.5",
            "replications=2",
            "n_jobs=1",
            "figure=false",
        ],
        run_dir,
    )
    rows.append(
        Row(
            f"whole command, {office.label()}, one-hour run",
            "2",
            "1",
            whole.main,
            None,
            f"{whole.wall:.1f} ({whole.cpu:.1f})",
            "-",
            None,
        )
    )
    return rows


def main() -> None:
    """Run every scenario and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small offices and short runs")
    parser.add_argument("--setup", action="store_true", help="only the set-up rows")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("benchmarks/memory.py reads /proc: run it on Linux")
    shipped_city = (REPO / "conf" / "experiment" / "city.yaml").exists()
    if args.quick:  # n_jobs=2: short runs would stay in one process, and workers are measured
        replications, jobs = [2, 3], ("1", "2")
        huaisi_extra = ["workload.horizon=300", "workload.warmup=30"]
        city, city_horizon, setup_office = Office(3, 4, 60), 20.0, Office(2, 5, 40)
        shipped_city = False
    else:
        replications, jobs, huaisi_extra = [2, 10, 50], ("1", "default"), []
        city, city_horizon, setup_office = Office(60, 10, 3000), 40.0, Office(30, 10, 2000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        if not args.setup:
            rows += huaisi_rows(replications, jobs, huaisi_extra, folder)
            rows += city_rows(city, city_horizon, shipped_city, folder)
        rows += setup_rows(setup_office, shipped_city, folder)
    print(
        f"Memory and set-up ({'quick' if args.quick else 'full'}): peak resident memory of "
        "whole orgsim commands; ratio = measured / target"
    )
    print_table(rows)


if __name__ == "__main__":
    main()
