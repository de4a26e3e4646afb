"""Dispatch cost against office size: matters per CPU-second for offices of many sizes.

Workload per office: one matter type per section, exponential service of mean 1, load 0.9,
about 200,000 matters. Offices: 1 section x 12 staff (the reference), 16, 64 and 256
sections of 4 staff under each boundary policy, and one section of 1,000 staff:

- strict: each section serves only its own matters;
- ab: each section's people also hold a B post in the next section (a chain);
- pooled: all sections share their work (one pool, everyone has every skill); a freed
  person takes the longest-waiting matter of the whole office after their own section's.

Each office runs in a fresh child process, in interleaved rounds (best CPU time kept), so a
busy spell on the shared machine hits every row. The figure that matters is each row's
rate as a ratio of the one-section rate of the same run (target: at least 0.7).

    python benchmarks/office_size.py                 # 3 rounds, 200,000 matters
    python benchmarks/office_size.py --matters 50000 --rounds 1
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time

LOAD = 0.9

#: (label, sections, staff per section, policy)
OFFICES = [
    ("1 x 12", 1, 12, "strict"),
    *[
        (f"{n} x 4 {policy}", n, 4, policy)
        for n in (16, 64, 256)
        for policy in ("strict", "ab", "pooled")
    ],
    ("1 x 1,000", 1, 1000, "strict"),
]


def office_spec(sections: int, per_section: int, policy: str, matters: int):
    """The office: ``sections`` sections of ``per_section`` people, one matter type each."""
    from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure

    names = [f"t{i}" for i in range(sections)]
    rate = LOAD * per_section
    pool = "office" if policy == "pooled" else None
    staff = []
    for i in range(sections):
        nxt = (i + 1) % sections
        if policy == "pooled":
            skills = tuple((t, 1.0) for t in names)
        elif policy == "ab" and sections > 1:
            skills = ((names[i], 1.0), (names[nxt], 1.0))
        else:
            skills = ((names[i], 1.0),)
        b_post = f"S{nxt}" if policy == "ab" and sections > 1 else None
        staff += [
            StaffMember(f"p{i}_{k}", f"S{i}", skills, b_post=b_post) for k in range(per_section)
        ]
    return SimSpec(
        matter_types=tuple(MatterType(t, rate, ServiceTime("exponential", 1.0)) for t in names),
        structure=Structure(
            f"{sections}x{per_section}",
            tuple(Section(f"S{i}", (names[i],), pool=pool) for i in range(sections)),
            tuple(staff),
            policy=policy,  # type: ignore[arg-type]
        ),
        horizon=matters / (rate * sections),
    )


def _child(office: tuple[str, int, int, str], matters: int, seed: int, out: mp.Queue) -> None:
    from orgsim.sim import Organization

    _, sections, per_section, policy = office
    spec = office_spec(sections, per_section, policy, matters)
    start = time.process_time()
    done = Organization(spec, seed).run().metrics["completed"]
    out.put((int(done), time.process_time() - start))


def measure(office: tuple[str, int, int, str], matters: int, seed: int) -> tuple[int, float]:
    """Run one office in a fresh process: (matters completed, CPU seconds incl. set-up)."""
    context = mp.get_context("spawn")
    out: mp.Queue = context.Queue()
    proc = context.Process(target=_child, args=(office, matters, seed, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    best: dict[str, tuple[int, float]] = {}
    for _ in range(args.rounds):
        for office in OFFICES:
            done, cpu = measure(office, args.matters, args.seed)
            if office[0] not in best or cpu < best[office[0]][1]:
                best[office[0]] = (done, cpu)
    reference = best[OFFICES[0][0]][0] / best[OFFICES[0][0]][1]
    print(
        f"load {LOAD}, exponential service, ~{args.matters:,} matters per office; "
        f"best CPU time of {args.rounds} interleaved rounds"
    )
    print(f"{'office':<20}{'staff':>7}{'matters':>10}{'CPU s':>8}{'matters/CPU-s':>15}{'vs 1x12':>9}")
    for label, sections, per_section, _ in OFFICES:
        done, cpu = best[label]
        rate = done / cpu
        print(
            f"{label:<20}{sections * per_section:>7,}{done:>10,}{cpu:>8.2f}"
            f"{rate:>15,.0f}{rate / reference:>9.2f}"
        )
    worst = min(best[label][0] / best[label][1] for label, *_ in OFFICES) / reference
    print(f"worst row: {worst:.2f} x the one-section rate (target >= 0.70)")


if __name__ == "__main__":
    main()
