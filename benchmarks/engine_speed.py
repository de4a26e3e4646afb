"""Engine speed and memory: orgsim against a pure-SimPy floor and Ciw, in one run.

Workload: one section, 12 staff, load 0.9, exponential service (mean 1), Poisson
arrivals, about 1,000,000 matters. Each engine runs in a fresh child process so that its
CPU time and peak resident memory are its own. The figures that matter are the ratios
(the machine is shared, so absolute seconds drift): targets are orgsim >= 0.85 x the
pure-SimPy model, >= 3 x Ciw, and peak memory flat in the horizon and under 300 MB.

    python benchmarks/engine_speed.py                # the full million
    python benchmarks/engine_speed.py --matters 200000 --skip-ciw
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from collections import deque

STAFF = 12
LOAD = 0.9
ARRIVAL_RATE = LOAD * STAFF  # service rate 1 per staff member


def run_orgsim(matters: int, seed: int) -> int:
    from orgsim.sim import (
        MatterType,
        Organization,
        Section,
        ServiceTime,
        SimSpec,
        StaffMember,
        Structure,
    )

    spec = SimSpec(
        matter_types=(MatterType("m", ARRIVAL_RATE, ServiceTime("exponential", 1.0)),),
        structure=Structure(
            "one_section",
            (Section("S", ("m",)),),
            tuple(StaffMember(f"p{i}", "S", (("m", 1.0),)) for i in range(STAFF)),
        ),
        horizon=matters / ARRIVAL_RATE,
        warmup=0.0,
    )
    return int(Organization(spec, seed).run().metrics["completed"])


def run_pure_simpy(matters: int, seed: int) -> int:
    """The floor for a SimPy engine: deques, one process per staff member, a wait sum."""
    import numpy as np
    import simpy

    env = simpy.Environment()
    rng = np.random.default_rng(seed)
    queue: deque = deque()
    idle: deque = deque()
    totals = {"done": 0, "wait": 0.0}

    def draws(mean: float):
        while True:
            yield from rng.exponential(mean, 4096).tolist()

    gaps, works = draws(1.0 / ARRIVAL_RATE), draws(1.0)

    def arrivals():
        while True:
            yield env.timeout(next(gaps))
            matter = (env.now, next(works))
            if idle:
                idle.popleft().succeed(matter)
            else:
                queue.append(matter)

    def staff():
        while True:
            if queue:
                matter = queue.popleft()
            else:
                wake = env.event()
                idle.append(wake)
                matter = yield wake
            totals["wait"] += env.now - matter[0]
            yield env.timeout(matter[1])
            totals["done"] += 1

    env.process(arrivals())
    for _ in range(STAFF):
        env.process(staff())
    env.run(until=matters / ARRIVAL_RATE)
    return totals["done"]


def run_ciw(matters: int, seed: int) -> int:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(ARRIVAL_RATE)],
        service_distributions=[ciw.dists.Exponential(1.0)],
        number_of_servers=[STAFF],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(matters / ARRIVAL_RATE)
    return len(simulation.get_all_records())


ENGINES = {"orgsim": run_orgsim, "pure SimPy": run_pure_simpy, "Ciw": run_ciw}


IMPORTS = {"orgsim": ("orgsim.sim",), "pure SimPy": ("simpy", "numpy"), "Ciw": ("ciw",)}


def _child(engine: str, matters: int, seed: int, out: mp.Queue) -> None:
    for module in IMPORTS[engine]:  # import time is not the engine's speed
        __import__(module)
    start = time.process_time()
    done = ENGINES[engine](matters, seed)
    cpu = time.process_time() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((done, cpu, peak_mb))


def measure(engine: str, matters: int, seed: int) -> tuple[int, float, float]:
    """Run one engine in a fresh process: (matters completed, CPU seconds, peak MB)."""
    out: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=_child, args=(engine, matters, seed, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rounds", type=int, default=5, help="best-of rounds for orgsim and SimPy, interleaved"
    )
    parser.add_argument("--skip-ciw", action="store_true", help="Ciw is slow; leave it out")
    args = parser.parse_args()
    engines = [e for e in ENGINES if not (args.skip_ciw and e == "Ciw")]
    best: dict[str, tuple[int, float, float]] = {}
    for round_ in range(args.rounds):  # interleaved, so a busy spell on the machine hits all
        for engine in engines:
            if engine == "Ciw" and round_ > 0:
                continue  # several times slower: one round is enough for its ratio
            done, cpu, peak = measure(engine, args.matters, args.seed)
            if engine not in best or cpu < best[engine][1]:
                best[engine] = (done, cpu, max(peak, best.get(engine, (0, 0, 0))[2]))
    small = max(args.matters // 10, 1000)
    _, _, small_peak = measure("orgsim", small, args.seed)
    rate = {e: done / cpu for e, (done, cpu, _) in best.items()}
    print(
        f"workload: 1 section, {STAFF} staff, load {LOAD}, exponential service, "
        f"~{args.matters:,} matters; best CPU time of {args.rounds} interleaved rounds (Ciw: 1)"
    )
    print(
        f"{'engine':<12}{'matters':>10}{'CPU s':>9}{'matters/CPU-s':>15}"
        f"{'vs SimPy':>10}{'vs Ciw':>8}{'peak MB':>9}"
    )
    for engine, (done, cpu, peak) in best.items():
        vs_ciw = f"{rate[engine] / rate['Ciw']:.2f}" if "Ciw" in rate else "-"
        print(
            f"{engine:<12}{done:>10,}{cpu:>9.1f}{rate[engine]:>15,.0f}"
            f"{rate[engine] / rate['pure SimPy']:>10.2f}{vs_ciw:>8}{peak:>9.0f}"
        )
    print(
        f"orgsim peak memory: {small_peak:.0f} MB at ~{small:,} matters, "
        f"{best['orgsim'][2]:.0f} MB at ~{args.matters:,} (flat in the horizon if equal)"
    )


if __name__ == "__main__":
    main()
