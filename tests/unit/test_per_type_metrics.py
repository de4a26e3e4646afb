"""Per-matter-type waits and attainment: always reported, and equal to the trace's."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from orgsim.sim import Organization, SpecError
from tests.helpers import separate_sections


def _spec(**changes):
    """Three one-person sections; type t2 has no deadline."""
    spec = separate_sections(3, 0.8, horizon=600.0, warmup=60.0, deadline=3.0)
    types = list(spec.matter_types)
    types[2] = dataclasses.replace(types[2], deadline=None)
    for name, change in changes.items():
        i = [m.name for m in types].index(name)
        types[i] = dataclasses.replace(types[i], **change)
    return dataclasses.replace(spec, matter_types=tuple(types))


def test_every_type_gets_a_mean_wait_and_those_with_a_deadline_an_attainment():
    metrics = Organization(_spec(), seed=1).run().metrics
    assert [k for k in metrics if "." in k] == [
        "wait_mean.t0",
        "wait_mean.t1",
        "wait_mean.t2",
        "deadline_attainment.t0",
        "deadline_attainment.t1",
    ]


def test_per_type_values_match_the_trace():
    spec = _spec()
    model = Organization(spec, seed=2, trace=True)
    metrics = model.run().metrics
    trace = model.results().trace
    measured = trace[trace.arrival >= spec.warmup]
    for i, name in enumerate(["t0", "t1", "t2"]):
        rows = measured[measured.type_index == i]
        assert metrics[f"wait_mean.{name}"] == pytest.approx(rows.waited.mean())
    for i, name in enumerate(["t0", "t1"]):
        rows = measured[measured.type_index == i]
        on_time = int(np.sum(rows.end - rows.arrival <= 3.0))
        late = sum(
            1
            for m in model.unfinished()
            if m.type_index == i and m.arrival >= spec.warmup and spec.horizon - m.arrival > 3.0
        )
        assert metrics[f"deadline_attainment.{name}"] == pytest.approx(on_time / (len(rows) + late))


def test_office_wide_attainment_counts_only_types_with_a_deadline():
    spec = _spec()
    model = Organization(spec, seed=3, trace=True)
    metrics = model.run().metrics
    trace = model.results().trace
    judged = trace[(trace.arrival >= spec.warmup) & (trace.type_index < 2)]
    late = sum(
        1
        for m in model.unfinished()
        if m.type_index < 2 and m.arrival >= spec.warmup and spec.horizon - m.arrival > 3.0
    )
    on_time = int(np.sum(judged.end - judged.arrival <= 3.0))
    assert metrics["deadline_attainment"] == pytest.approx(on_time / (len(judged) + late))


def test_priority_classes_pool_their_types():
    spec = _spec(t0={"priority_class": "red"}, t1={"priority_class": "red"})
    model = Organization(spec, seed=4, trace=True)
    metrics = model.run().metrics
    trace = model.results().trace
    red = trace[(trace.arrival >= spec.warmup) & (trace.type_index < 2)]
    assert metrics["wait_mean.red"] == pytest.approx(red.waited.mean())
    assert "wait_mean.t0" in metrics and "deadline_attainment.red" in metrics


def test_a_class_may_be_named_after_its_only_type_but_not_after_another():
    same = Organization(_spec(t0={"priority_class": "t0"}), seed=5).run().metrics
    assert "wait_mean.t0" in same and "deadline_attainment.t0" in same
    with pytest.raises(SpecError, match=r"matter_types\.t1\.priority_class: 't0' is also"):
        _spec(t1={"priority_class": "t0"})
