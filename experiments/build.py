"""Turn a composed config into validated engine specs, one per structure compared.

The config is converted once, at the edge, into the typed schema objects of
``experiments/schema.py`` (``OmegaConf.to_object``). Engine objects are then built by
field name from the same-named config fields (:func:`engine_object`), so the order of
fields never matters; :data:`CORRESPONDENCE` declares, for every config class, its engine
class and the fields only one side has, and a test fails when the two drift apart.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from orgsim.analysis.i18n import language_problem
from orgsim.analysis.metric_registry import PracticalError, practical_settings
from orgsim.analysis.units import display_problem
from orgsim.experiments import schema
from orgsim.experiments.event_log_out import event_log_problem
from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, SpecError, StaffMember, Structure
from orgsim.sim.capacity import required_utilisation
from orgsim.sim.consolidation import Consolidation
from orgsim.sim.reform import Reform, apply_reform
from orgsim.sim.reshape import SectionPart
from orgsim.sim.spec import (
    CURRENT,
    Absence,
    Batch,
    Calendar,
    Escalation,
    RateProfile,
    Step,
    check_switch,
)

#: Most replications of one run: each is a full simulation, and their seeds are drawn up front.
MAX_REPLICATIONS = 10_000
#: Most matters expected in one replication (mean arrival rate x horizon), to refuse a run
#: that could never finish instead of starting it.
MAX_MATTERS = 100_000_000
#: Most points on a capacity curve: each is a full set of replications.
MAX_CURVE_POINTS = 100
#: Largest staff a staffing search may try: each try simulates that many people.
MAX_STAFF_TRIED = 10_000


class ConfigError(ValueError):
    """A config that cannot be run; the message is one line naming the field and the fix."""


@dataclasses.dataclass(frozen=True)
class Correspondence:
    """How a config class maps onto an engine class.

    Attributes:
        engine: the engine class built from it.
        config_only: config fields the engine does not take (descriptions, nested
            mappings turned into other objects).
        engine_only: engine fields the config does not give directly (names taken from
            mapping keys, fields set by reforms or built from other fields).
    """

    engine: type
    config_only: frozenset[str] = frozenset()
    engine_only: frozenset[str] = frozenset()


def _names(*names: str) -> frozenset[str]:
    return frozenset(names)


#: Every config class and the engine class made from it; checked by tests/unit/test_build.py.
CORRESPONDENCE: dict[type, Correspondence] = {
    schema.ServiceConfig: Correspondence(ServiceTime),
    schema.StepConfig: Correspondence(Step),
    schema.ProfileConfig: Correspondence(RateProfile),
    schema.BatchConfig: Correspondence(Batch),
    schema.EscalationConfig: Correspondence(Escalation, engine_only=_names("label")),
    schema.AbsenceConfig: Correspondence(Absence),
    schema.CalendarConfig: Correspondence(Calendar),
    schema.MatterTypeConfig: Correspondence(
        MatterType, config_only=_names("description"), engine_only=_names("name")
    ),
    schema.SectionConfig: Correspondence(
        Section, config_only=_names("description"), engine_only=_names("name", "pool")
    ),
    schema.StaffConfig: Correspondence(
        StaffMember, config_only=_names("count"), engine_only=_names("name", "learning")
    ),
    schema.SplitPartConfig: Correspondence(SectionPart),
    schema.ConsolidateConfig: Correspondence(Consolidation),
    schema.StructureConfig: Correspondence(Reform, engine_only=_names("name")),
    schema.OrgConfig: Correspondence(
        Structure,
        # what the office is, its demand and its alternatives are not the structure
        config_only=_names(
            "name",
            "description",
            "source",
            "time_unit",
            "matter_types",
            "structures",
            # the units results are shown in: converted at the edge, never by the engine
            "display_unit",
            "throughput_per",
            "hours_per_working_day",
            "working_days_per_week",
            "working_days_per_year",
        ),
        # set by reforms, never by the office as it is now
        engine_only=_names(
            "name",
            "skipped_steps",
            "learning_start",
            "learning_matters",
            "dropped_types",
            "borrow_delay",
            "borrow_rule",
            "borrow_threshold",
            "borrow_period",
            "consolidation",
            "ownership",
        ),
    ),
}


def _convert(value: Any) -> Any:
    """A config value as the engine takes it: nested config objects built, lists as tuples."""
    if type(value) in CORRESPONDENCE:
        return engine_object(value)
    if isinstance(value, list):
        return tuple(_convert(v) for v in value)
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def engine_object(source: Any, **given: Any) -> Any:
    """The engine object for config object ``source``, built field by field by name.

    ``given`` supplies the engine-only fields (a name from a mapping key, say) and fields
    that need more than a plain conversion; every other engine field takes the converted
    value of the config field of the same name, or keeps its default if the config has none.
    """
    engine = CORRESPONDENCE[type(source)].engine
    values = {}
    for f in dataclasses.fields(engine):
        if f.name in given:
            values[f.name] = given[f.name]
        elif hasattr(source, f.name):
            values[f.name] = _convert(getattr(source, f.name))
    return engine(**values)


def typed(cfg: DictConfig | Mapping[str, Any] | schema.Config) -> schema.Config:
    """The composed config as typed schema objects; ConfigError for missing or bad values."""
    if isinstance(cfg, schema.Config):
        return cfg
    try:
        if isinstance(cfg, DictConfig) and OmegaConf.get_type(cfg) is schema.Config:
            converted = OmegaConf.to_object(cfg)
        else:
            converted = OmegaConf.to_object(
                OmegaConf.merge(OmegaConf.structured(schema.Config), cfg)
            )
    except OmegaConfBaseException as error:
        key = getattr(error, "full_key", "") or "config"
        if "missing mandatory value" in str(error).lower():
            raise ConfigError(f"{key}: a required value is missing; set it") from None
        first = str(error).strip().splitlines()[0]
        raise ConfigError(f"{key}: {first}; give a value of the right type") from None
    assert isinstance(converted, schema.Config)
    return converted


def _named(parts: Mapping[str, Any], path: str, **given: Any) -> tuple[Any, ...]:
    """Engine objects of named config parts (steps, profiles, batches), checked by name.

    The engine keeps them in order, without names; checking them here lets an error say
    ``matter_types.permits.profiles.weekly.period`` rather than a position.
    """
    built = []
    for name, part in parts.items():
        extra = {k: v or name for k, v in given.items()}
        obj = engine_object(part, **extra)
        try:
            obj.validate(f"{path}.{name}")
        except SpecError as error:
            raise ConfigError(f"org.{error}") from error
        built.append(obj)
    return tuple(built)


def _matter_type(name: str, m: schema.MatterTypeConfig, scale: float) -> MatterType:
    path = f"matter_types.{name}"
    steps = tuple(
        _named({step_name: step}, f"{path}.steps", skill=step.skill)[0]
        for step_name, step in m.steps.items()
    )
    return engine_object(
        m,
        name=name,
        arrival_rate=m.arrival_rate * scale,
        steps=steps,
        profiles=_named(m.profiles, f"{path}.profiles"),
        batches=_named(m.batches, f"{path}.batches"),
        escalation=tuple(
            sorted(_named(m.escalation, f"{path}.escalation", label=None), key=_after)
        ),
    )


def _after(level: Escalation) -> float:
    """Levels in order of time (the engine checks that priorities rise with it)."""
    return level.after


def _matter_types(org: schema.OrgConfig, scale: float) -> tuple[MatterType, ...]:
    return tuple(_matter_type(name, m, scale) for name, m in org.matter_types.items())


def _current(org: schema.OrgConfig) -> Structure:
    for part, entries, what in (
        ("matter_types", org.matter_types, "matter type"),
        ("sections", org.sections, "section"),
        ("staff", org.staff, "person"),
    ):
        if not entries:
            raise ConfigError(f"org.{part}: none given; describe at least one {what}")
    return engine_object(
        org,
        name=CURRENT,
        sections=tuple(engine_object(s, name=name) for name, s in org.sections.items()),
        staff=tuple(
            engine_object(p, name=who) for name, p in org.staff.items() for who in _people(name, p)
        ),
    )


#: The most identical people one staff entry may stand for.
MAX_COUNT = 10_000


def _people(name: str, person: schema.StaffConfig) -> list[str]:
    """The names a staff entry stands for: itself, or ``name_1`` ... with ``count``."""
    count = person.count
    if not 1 <= count <= MAX_COUNT:
        raise ConfigError(
            f"org.staff.{name}.count: {count} is not a number of people; give 1 to "
            f"{MAX_COUNT:,} (identical people named {name}_1, {name}_2, ...)"
        )
    return [name] if count == 1 else [f"{name}_{k}" for k in range(1, count + 1)]


def _reforms(config: schema.Config) -> dict[str, Reform]:
    reforms: dict[str, Reform] = {}
    for origin, table in (("org.structures", config.org.structures), ("reforms", config.reforms)):
        for name, r in table.items():
            if name == CURRENT or name in reforms:
                raise ConfigError(
                    f"{origin}.{name}: the structure name is already taken; rename it"
                )
            reforms[name] = engine_object(r, name=name)
    return reforms


def selected_names(
    cfg: DictConfig | Mapping[str, Any] | schema.Config, available: list[str]
) -> list[str]:
    """The structures to run: ``structure`` is ``all``, one name, or names joined by ``+``."""
    choice = str(typed(cfg).structure).strip()
    if not choice:
        raise ConfigError(
            f"structure: no structure named; use all or one of {', '.join(available)} "
            "(join several with +)"
        )
    if choice == "all":
        return available
    names = [n.strip() for n in choice.split("+") if n.strip()]
    for name in names:
        if name not in available:
            raise ConfigError(
                f"structure: unknown structure {name!r}; use all or one of "
                f"{', '.join(available)} (join several with +)"
            )
    return names


def _specs_for(
    types: tuple[MatterType, ...],
    structures: dict[str, Structure],
    workload: schema.WorkloadConfig,
) -> dict[str, SimSpec]:
    specs = {}
    for name, structure in structures.items():
        try:
            specs[name] = SimSpec(types, structure, workload.horizon, workload.warmup)
        except SpecError as error:
            prefix = "" if str(error).startswith("workload.") else "org."
            where = "" if name == CURRENT else f" (in structure {name!r})"
            raise ConfigError(f"{prefix}{error}{where}") from error
    return specs


TASKS = ("compare", "capacity", "staffing", "robustness", "b_posts")


def _check_target(group: str, share: float, deadline: float | None) -> None:
    if not (isinstance(share, int | float) and 0 < share <= 1):
        raise ConfigError(f"{group}.share: {share!r} is not a share; give one in (0, 1], e.g. 0.9")
    if deadline is not None and not (
        isinstance(deadline, int | float) and math.isfinite(deadline) and deadline > 0
    ):
        raise ConfigError(
            f"{group}.deadline: {deadline!r} is not a positive finite time; give a time limit "
            "such as 8, or null to use each matter type's own deadline"
        )


def _check_counts(config: schema.Config) -> None:
    """Replications within bounds; a seed numpy can take."""
    if config.replications < 2:
        raise ConfigError(
            f"replications: {config.replications} is too few for an interval; use 2 or more "
            "(10 or more for results you report)"
        )
    if config.replications > MAX_REPLICATIONS:
        raise ConfigError(
            f"replications: {config.replications} is more than the {MAX_REPLICATIONS:,} one "
            "run may have; use fewer (intervals narrow with the square root of the count)"
        )
    if config.seed < 0:
        raise ConfigError(f"seed: {config.seed} is negative; give an integer >= 0, e.g. seed=1")
    if config.n_jobs is not None and (config.n_jobs == 0 or config.n_jobs < -1):
        raise ConfigError(
            f"n_jobs: {config.n_jobs} is not a number of processes; give -1 (every core), "
            "a positive count, or null (every core when the run is long enough to gain)"
        )


def _check_confidence(config: schema.Config) -> None:
    """A confidence level strictly between 0 and 1."""
    level = config.confidence
    if not (isinstance(level, int | float) and math.isfinite(level) and 0 < level < 1):
        raise ConfigError(
            f"confidence: {level!r} is not a level between 0 and 1; give one such as 0.95 "
            "(0.9 and 0.99 are also common)"
        )


def _check_practical(config: schema.Config) -> None:
    """Every ``practical`` setting names a metric or family and gives an amount or N%."""
    try:
        practical_settings(config.practical)
    except PracticalError as problem:
        raise ConfigError(str(problem)) from None


def _check_finite(config: schema.Config) -> None:
    """Workload numbers are finite: an infinite horizon or scale never finishes."""
    workload = config.workload
    for name in ("horizon", "warmup", "arrival_scale", "target_load", "reform_at"):
        value = getattr(workload, name)
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"workload.{name}: {value!r} is not a finite number; give one")


def check_run_settings(cfg: DictConfig | Mapping[str, Any] | schema.Config) -> None:
    """Checks on the run itself (not the office); raises ConfigError."""
    config = typed(cfg)
    _check_counts(config)
    _check_confidence(config)
    _check_practical(config)
    _check_finite(config)
    if config.task not in TASKS:
        raise ConfigError(f"task: unknown task {config.task!r}; use one of {', '.join(TASKS)}")
    problem = event_log_problem(config.event_log, config.task)
    if problem is not None:
        raise ConfigError(problem)
    problem = language_problem(config.language)
    if problem is not None:
        raise ConfigError(f"language: {problem}")
    if config.task == "capacity":
        capacity = config.capacity
        _check_target("capacity", capacity.share, capacity.deadline)
        if not 0 < capacity.tolerance < 0.5:
            raise ConfigError(
                f"capacity.tolerance: {capacity.tolerance!r} is out of range; give a share "
                "of the stability limit between 0 and 0.5, e.g. 0.01"
            )
        if not 2 <= capacity.curve_points <= MAX_CURVE_POINTS:
            raise ConfigError(
                f"capacity.curve_points: {capacity.curve_points} is out of range; use 2 to "
                f"{MAX_CURVE_POINTS} (each point is a full set of replications)"
            )
    if config.task == "staffing":
        staffing = config.staffing
        _check_target("staffing", staffing.share, staffing.deadline)
        if not 1 <= staffing.most <= MAX_STAFF_TRIED:
            raise ConfigError(
                f"staffing.most: {staffing.most} is out of range; give the largest staff to "
                f"try, 1 to {MAX_STAFF_TRIED:,}"
            )


def _structures(config: schema.Config) -> dict[str, Structure]:
    """The current structure and every alternative, by name."""
    try:
        current = _current(config.org)
        structures = {CURRENT: current}
        for name, reform in _reforms(config).items():
            structures[name] = apply_reform(current, reform)
    except SpecError as error:
        raise ConfigError(f"org.{error}") from error
    return structures


def _ordered(config: schema.Config, structures: dict[str, Structure]) -> dict[str, Structure]:
    """The selected structures, the baseline first."""
    names = selected_names(config, list(structures))
    baseline = config.baseline
    if baseline not in structures:
        raise ConfigError(
            f"baseline: unknown structure {baseline!r}; use one of {', '.join(structures)}"
        )
    ordered = [baseline] if baseline in names else []
    ordered += [n for n in names if n != baseline]
    return {n: structures[n] for n in ordered}


def _scaled_to_target(
    config: schema.Config, specs: dict[str, SimSpec], structures: dict[str, Structure]
) -> dict[str, SimSpec]:
    """Demand rescaled so the baseline's required utilisation is ``workload.target_load``."""
    workload = config.workload
    target = workload.target_load
    if target is None:
        return specs
    if not (isinstance(target, int | float) and math.isfinite(target) and target > 0):
        raise ConfigError(
            f"workload.target_load: {target!r} is not a positive finite load; give one such as 0.8"
        )
    baseline = config.baseline
    types = _matter_types(config.org, workload.arrival_scale)
    reference = _specs_for(types, {baseline: structures[baseline]}, workload)[baseline]
    factor = target / required_utilisation(reference)
    return {
        name: dataclasses.replace(
            spec,
            matter_types=tuple(
                dataclasses.replace(m, arrival_rate=m.arrival_rate * factor)
                for m in spec.matter_types
            ),
        )
        for name, spec in specs.items()
    }


def _check_deadlines(config: schema.Config, specs: dict[str, SimSpec]) -> None:
    """A search needs a deadline: its own setting or the matter types'."""
    task = config.task
    if task not in ("capacity", "staffing"):
        return
    settings = config.capacity if task == "capacity" else config.staffing
    deadlines = any(m.deadline is not None for s in specs.values() for m in s.matter_types)
    if settings.deadline is None and not deadlines:
        raise ConfigError(
            f"{task}.deadline: no matter type has a deadline; give one, e.g. {task}.deadline=8"
        )


def _check_reform_at(config: schema.Config, specs: dict[str, SimSpec]) -> None:
    """Every alternative must be able to take over from the baseline at ``reform_at``."""
    reform_at = config.workload.reform_at
    if reform_at is None:
        return
    base = specs.get(config.baseline)
    if base is None:
        raise ConfigError(
            f"workload.reform_at: the baseline {config.baseline!r} is not among the structures "
            "run; it is the structure before the reform takes effect"
        )
    for name, spec in specs.items():
        if name != config.baseline:
            try:
                check_switch(base, spec, reform_at)
            except SpecError as error:
                raise ConfigError(f"{error} (with workload.reform_at)") from error


def _check_run_length(config: schema.Config, specs: dict[str, SimSpec]) -> None:
    """Refuse, with the estimate, a replication expected to simulate too many matters."""
    for spec in specs.values():
        rates = {m.name: spec.demand(m) for m in spec.matter_types}
        expected = sum(rates.values()) * spec.horizon
        if expected > MAX_MATTERS:
            busiest = max(rates, key=rates.__getitem__)
            about = f"about {expected:.3g}" if math.isfinite(expected) else "unboundedly many"
            raise ConfigError(
                f"org.matter_types.{busiest}.arrival_rate: {about} matters would "
                f"arrive in each replication (mean rate x workload.horizon), more than the "
                f"{MAX_MATTERS:.0e} a run may simulate; lower the arrival rates, "
                "workload.arrival_scale or workload.horizon"
            )


def build_specs(cfg: DictConfig | Mapping[str, Any] | schema.Config) -> dict[str, SimSpec]:
    """Validated specs for the selected structures, baseline first; raises ConfigError."""
    config = typed(cfg)
    scale = config.workload.arrival_scale
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise ConfigError(
            f"workload.arrival_scale: {scale!r} is not positive and finite; give a number > 0"
        )
    problem = display_problem(config.org)
    if problem is not None:
        raise ConfigError(problem)
    structures = _structures(config)
    chosen = _ordered(config, structures)
    specs = _specs_for(_matter_types(config.org, scale), chosen, config.workload)
    specs = _scaled_to_target(config, specs, structures)
    _check_run_length(config, specs)
    _check_deadlines(config, specs)
    _check_reform_at(config, specs)
    return specs


def b_post_speeds(cfg: DictConfig | Mapping[str, Any] | schema.Config) -> dict[str, float]:
    """Structure -> the speed of skills learned for B posts, for those arranging B posts.

    Only a ``b_post_arrangement`` (other than ``none``) teaches skills at ``b_post_speed``;
    the run header prints it, since the default (0.8) is easy to overlook.
    """
    config = typed(cfg)
    return {
        name: r.b_post_speed
        for table in (config.org.structures, config.reforms)
        for name, r in table.items()
        if r.b_post_arrangement not in (None, "none")
    }


def descriptions(cfg: DictConfig | Mapping[str, Any] | schema.Config) -> dict[str, str]:
    """Structure name -> its one-line description."""
    config = typed(cfg)
    out = {CURRENT: config.org.description or "the office as it is now"}
    for table in (config.org.structures, config.reforms):
        out.update({name: r.description for name, r in table.items()})
    return out
