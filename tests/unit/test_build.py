"""Each setting is declared once: the config schema and the engine spec may not drift apart."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from orgsim.experiments import schema
from orgsim.experiments.build import CORRESPONDENCE, ConfigError, engine_object, typed
from orgsim.sim.spec import StaffMember

#: Schema classes that configure the run (length, searches), not the office: no engine twin.
RUN_SETTINGS = {
    schema.Config,
    schema.WorkloadConfig,
    schema.CapacityConfig,
    schema.StaffingConfig,
    schema.RobustnessConfig,
    schema.BPostsConfig,
}


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("config_class", list(CORRESPONDENCE), ids=lambda c: c.__name__)
def test_config_and_engine_fields_correspond(config_class):
    link = CORRESPONDENCE[config_class]
    config, engine = _fields(config_class), _fields(link.engine)
    assert link.config_only <= config, (
        f"declared config-only but absent: {link.config_only - config}"
    )
    assert link.engine_only <= engine, (
        f"declared engine-only but absent: {link.engine_only - engine}"
    )
    only_config = config - link.config_only - engine
    only_engine = engine - link.engine_only - config
    assert not only_config, f"{config_class.__name__} fields the engine lacks: {only_config}"
    assert not only_engine, f"{link.engine.__name__} fields the config lacks: {only_engine}"


def test_every_office_schema_class_has_an_engine_twin():
    classes = {
        c
        for _, c in inspect.getmembers(schema, inspect.isclass)
        if dataclasses.is_dataclass(c) and c.__module__ == schema.__name__
    }
    assert classes - RUN_SETTINGS == set(CORRESPONDENCE)


def test_engine_objects_are_built_by_field_name_not_position():
    person = schema.StaffConfig(
        section="A", skills={"x": 1.5}, a_post="B", b_post="C", absence_rate=0.25
    )
    member = engine_object(person, name="wang")
    assert isinstance(member, StaffMember)
    assert (member.section, member.a_post, member.b_post) == ("A", "B", "C")
    assert member.skills == (("x", 1.5),) and member.absence_rate == 0.25


def test_nested_config_objects_become_engine_objects():
    reform = engine_object(
        schema.StructureConfig(
            merge={"AB": ["A", "B"]}, borrow_delay=schema.ServiceConfig(mean=2.0)
        ),
        name="merged",
    )
    assert reform.merge == {"AB": ("A", "B")}
    assert reform.borrow_delay.mean == 2.0 and reform.borrow_delay.distribution == "exponential"


def test_a_missing_required_value_names_its_field():
    with pytest.raises(ConfigError, match=r"org\.matter_types\.a\.arrival_rate: a required value"):
        typed({"org": {"matter_types": {"a": {"service": {"mean": 1.0}}}}})


def test_count_makes_identical_numbered_people():
    from orgsim.experiments.build import build_specs
    from orgsim.experiments.compose import compose_config

    specs = build_specs(compose_config(["org.staff.wang.count=3", "workload=quick"]))
    for spec in specs.values():
        names = [m.name for m in spec.structure.staff]
        assert names[:3] == ["wang_1", "wang_2", "wang_3"] and "wang" not in names
        assert len(names) == 6
        clones = [m for m in spec.structure.staff if m.name.startswith("wang_")]
        assert len({(m.section, m.skills) for m in clones}) == 1


@pytest.mark.parametrize("count", [0, -1, 10_001])
def test_a_count_that_is_not_a_number_of_people_is_refused(count):
    from orgsim.experiments.build import build_specs
    from orgsim.experiments.compose import compose_config

    with pytest.raises(ConfigError, match=r"^org\.staff\.wang\.count: "):
        build_specs(compose_config([f"org.staff.wang.count={count}"]))
