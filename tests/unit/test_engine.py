"""Engine behaviour: paths agree, randomness is controlled, dispatch follows the rules."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest

from orgsim.sim import Organization, UnstableLoadWarning, simulate
from orgsim.sim.matter import Matter
from orgsim.sim.reform import Reform, apply_reform
from tests.helpers import mmc_spec, same_metrics, separate_sections


def _merged(spec):
    names = tuple(s.name for s in spec.structure.sections)
    structure = apply_reform(
        spec.structure, Reform("merged", merge={"big": names}, policy="pooled")
    )
    return dataclasses.replace(spec, structure=structure)


def _all_matters(model: Organization) -> list[tuple[int, float, float]]:
    """Every matter that arrived: completed (from the trace) and unfinished."""
    trace = model.results().trace
    done = list(zip(trace.type_index, trace.arrival, trace.work, strict=True))
    rest = [
        (m.type_index, m.arrival, m.work if m.progress is None else sum(m.progress.works))
        for m in model.unfinished()
    ]
    return sorted(done + rest)


def test_step_path_and_fast_path_give_identical_results():
    spec = separate_sections(3, 0.7, horizon=300.0, warmup=30.0)
    fast = Organization(spec, seed=5).run()
    stepped = Organization(spec, seed=5)
    while stepped.running:
        stepped.step()
        assert stepped.time == stepped.env.now
    result = stepped.results()
    assert same_metrics(result.metrics, fast.metrics)
    assert result.staff_utilisation == fast.staff_utilisation
    assert len(result.timeseries) == 300
    assert result.timeseries["completed"].iloc[-1] == fast.metrics["completed"]


def test_same_seed_same_results_and_other_seed_differs():
    spec = separate_sections(2, 0.6, horizon=500.0, warmup=50.0)
    assert same_metrics(simulate(spec, 11).metrics, simulate(spec, 11).metrics)
    assert simulate(spec, 11).metrics != simulate(spec, 12).metrics


def test_two_structures_face_identical_demand_under_one_seed():
    spec = separate_sections(4, 0.8, horizon=400.0, warmup=0.0)
    a = Organization(spec, seed=3, trace=True)
    a.run()
    b = Organization(_merged(spec), seed=3, trace=True)
    b.run()
    demand_a, demand_b = _all_matters(a), _all_matters(b)
    assert len(demand_a) > 1000
    assert demand_a == demand_b
    assert a.results().metrics["wait_mean"] != b.results().metrics["wait_mean"]


def test_a_reform_that_changes_nothing_gives_identical_results():
    spec = separate_sections(3, 0.7, horizon=500.0, warmup=50.0, policy="ab")
    same = dataclasses.replace(spec, structure=apply_reform(spec.structure, Reform("same")))
    assert same_metrics(simulate(same, 9).metrics, simulate(spec, 9).metrics)


def test_freed_staff_takes_a_post_work_before_older_b_post_work():
    spec = separate_sections(2, 0.5, horizon=10.0, warmup=0.0, policy="ab")
    staff = [
        dataclasses.replace(m, b_post="S1" if m.section == "S0" else None)
        for m in spec.structure.staff
    ]
    spec = dataclasses.replace(
        spec, structure=dataclasses.replace(spec.structure, staff=tuple(staff))
    )
    model = Organization(spec, seed=1)
    old_b, new_a = Matter(1, 1, 0.5, 1.0), Matter(0, 0, 2.0, 1.0)
    model.queues[1].append(old_b)
    model.queues[0].append(new_a)
    assert model.staff[0].take_waiting() is new_a
    assert model.staff[0].take_waiting() is old_b
    assert model.staff[0].take_waiting() is None


def test_freed_staff_takes_longest_waiting_matter_within_a_tier():
    spec = _merged(separate_sections(3, 0.5, horizon=10.0, warmup=0.0))
    model = Organization(spec, seed=1)
    matters = [Matter(2, 2, 3.0, 1.0), Matter(0, 0, 1.0, 1.0), Matter(1, 1, 2.0, 1.0)]
    for m in matters:
        model.queues[m.queue].append(m)
    taken = [model.staff[1].take_waiting() for _ in range(3)]
    assert [m.arrival for m in taken] == [1.0, 2.0, 3.0]


def test_arrival_goes_to_longest_idle_eligible_staff():
    spec = mmc_spec(3, 0.5, horizon=10.0, warmup=0.0)
    model = Organization(spec, seed=1)
    model.env.run(until=1e-9)  # staff processes start and go idle in index order
    for i in list(model.idle.order):
        model.idle.remove(i)
    for i in (2, 0, 1):  # become idle in this order
        model.idle.add(model.staff[i])
    model.admit(Matter(0, 0, model.env.now, 1.0))
    assert list(model.idle.order) == [0, 1]


def test_idle_while_work_waits_measures_the_walls():
    walled = simulate(separate_sections(4, 0.8, 2000.0, 200.0), 1).metrics
    pooled = simulate(_merged(separate_sections(4, 0.8, 2000.0, 200.0)), 1).metrics
    assert walled["idle_while_work_waits"] > 0.1
    assert pooled["idle_while_work_waits"] == 0.0
    unskilled = separate_sections(4, 0.8, 2000.0, 200.0)
    staff = tuple(
        dataclasses.replace(m, skills=((f"t{i}", 1.0),))
        for i, m in enumerate(unskilled.structure.staff)
    )
    unskilled = dataclasses.replace(
        unskilled, structure=dataclasses.replace(unskilled.structure, staff=staff)
    )
    assert simulate(unskilled, 1).metrics["idle_while_work_waits"] == 0.0


def test_overload_warns_and_still_ends_at_the_horizon():
    spec = mmc_spec(2, 1.3, horizon=200.0, warmup=0.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = Organization(spec, 1)
        from orgsim.sim import warn_if_unstable

        warn_if_unstable(spec)
        result = model.run()
    assert any(issubclass(w.category, UnstableLoadWarning) for w in caught)
    assert model.env.now == 200.0
    assert result.metrics["backlog_final"] > 20
    with pytest.warns(UnstableLoadWarning, match="overloaded"):
        simulate(spec, 2)


def test_deadline_attainment_counts_overdue_unfinished_matters():
    spec = mmc_spec(1, 1.5, horizon=300.0, warmup=0.0)
    spec = dataclasses.replace(
        spec, matter_types=(dataclasses.replace(spec.matter_types[0], deadline=2.0),)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnstableLoadWarning)
        model = Organization(spec, 4, trace=True)
        metrics = model.run().metrics
    trace = model.results().trace
    on_time = int(np.sum(trace.end - trace.arrival <= 2.0))
    overdue = sum(1 for m in model.unfinished() if 300.0 - m.arrival > 2.0)
    assert metrics["deadline_attainment"] == pytest.approx(on_time / (len(trace) + overdue))


def test_mesa_batch_run_drives_the_model_step_by_step():
    import mesa

    spec = separate_sections(2, 0.6, horizon=50.0, warmup=5.0)
    rows = mesa.batch_run(
        Organization,
        parameters={"spec": spec},
        rng=[1, 2],
        max_steps=1000,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    model_rows = {(r["seed"], r["Step"]): r for r in rows}
    assert {seed for seed, _ in model_rows} == {1, 2}
    for seed in (1, 2):
        last = next(r for (s, _), r in model_rows.items() if s == seed)
        assert last["time"] == 50.0
        assert last["completed"] == simulate(spec, seed).metrics["completed"]
