"""Dataclass schemas for the Hydra configs: a typo or a wrong type fails at compose time.

The org schema mirrors the org-file format documented in ``docs/org-file.md``. Matter
types, sections, staff and structures are mappings keyed by name, so any field can be
swept from the command line, e.g. ``org.matter_types.permits.arrival_rate=0.5,0.9``.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING

from orgsim.analysis.metric_registry import practical_keys


@dataclass
class ServiceConfig:
    """Work content per matter at nominal speed."""

    distribution: str = "exponential"
    mean: float = 1.0
    cv: float | None = None


@dataclass
class StepConfig:
    """One workflow step; its skill defaults to the step's name."""

    skill: str | None = None
    service: ServiceConfig = field(default_factory=ServiceConfig)
    approval: bool = False


@dataclass
class ProfileConfig:
    """Multipliers of the arrival rate over equal slices of a repeating period."""

    period: float = MISSING
    multipliers: list[float] = field(default_factory=list)


@dataclass
class BatchConfig:
    """``size`` matters at once, every ``every`` time units from ``start``."""

    every: float = MISSING
    size: int = MISSING
    start: float = 0.0


@dataclass
class EscalationConfig:
    """A supervision level: from ``after`` time units past arrival, priority ``priority``."""

    after: float = MISSING
    priority: int = MISSING


@dataclass
class MatterTypeConfig:
    """A kind of matter: arrival rate, work content or workflow, deadline, priority."""

    arrival_rate: float = MISSING
    service: ServiceConfig = field(default_factory=ServiceConfig)
    deadline: float | None = None
    steps: dict[str, StepConfig] = field(default_factory=dict)
    priority: int = 0
    priority_class: str = ""
    profiles: dict[str, ProfileConfig] = field(default_factory=dict)
    batches: dict[str, BatchConfig] = field(default_factory=dict)
    ownership: str = "pass"
    # level name (yellow, orange, red) -> {after, priority}
    escalation: dict[str, EscalationConfig] = field(default_factory=dict)
    description: str = ""


@dataclass
class SectionConfig:
    """A section: its unit and the matter types whose queue it owns."""

    unit: str = "office"
    handles: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class AbsenceConfig:
    """Random absences of every staff member, and what happens to the matter in hand."""

    rate: float = 0.0
    duration: ServiceConfig = field(default_factory=lambda: ServiceConfig(mean=8.0))
    on_interrupt: str = "resume"


@dataclass
class CalendarConfig:
    """Opening hours: ``open_hours`` of every ``day_length``, ``open_days`` of ``week_days``."""

    day_length: float = 24.0
    open_hours: float = 8.0
    week_days: int = 7
    open_days: int = 5


@dataclass
class StaffConfig:
    """A person: section, skills (matter type -> speed multiplier), A and B posts.

    ``count`` > 1 makes that many identical people, named ``<name>_1`` ... ``<name>_<count>``.
    """

    section: str = MISSING
    skills: dict[str, float] = field(default_factory=dict)
    a_post: str | None = None
    b_post: str | None = None
    absence_rate: float | None = None
    count: int = 1


@dataclass
class SplitPartConfig:
    """One of the new sections a split makes: who sits there and what work it handles."""

    staff: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)


@dataclass
class ConsolidateConfig:
    """Members' common work done once by a lead: lead's type -> members' types, at ``factor``."""

    factor: float = MISSING
    into: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class StructureConfig:
    """An alternative structure, described as changes to the current one."""

    description: str = ""
    merge: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    co_locate: dict[str, list[str]] = field(default_factory=dict)
    merge_units: bool = False
    # section -> {new section: {staff: [...], handles: [...]}}
    split: dict[str, dict[str, SplitPartConfig]] = field(default_factory=dict)
    move_handles: dict[str, str] = field(default_factory=dict)
    b_post_arrangement: str | None = None
    b_post_speed: float = 0.8
    b_posts: dict[str, str] = field(default_factory=dict)
    # person -> {skill: speed}; checked by the reform (OmegaConf would refuse an int speed
    # in a nested mapping although it takes one in ``staff.skills``)
    add_skills: dict[str, Any] = field(default_factory=dict)
    remove_skills: dict[str, list[str]] = field(default_factory=dict)
    remove_staff: list[str] = field(default_factory=list)
    cut_share: float = 0.0
    two_way_selection: bool = False
    policy: str | None = None
    b_rule: str | None = None
    b_threshold: int | None = None
    skip_steps: list[str] = field(default_factory=list)
    learning_start: float | None = None
    learning_matters: float = 20.0
    drop_matter_types: list[str] = field(default_factory=list)
    consolidate: ConsolidateConfig | None = None
    borrow_delay: ServiceConfig | None = None
    borrow_rule: str | None = None
    borrow_threshold: int | None = None
    borrow_period: float | None = None
    coordination_cost: float | None = None
    handoff_delay: ServiceConfig | None = None
    consultation_delay: ServiceConfig | None = None
    # keep | pass for every matter type, or {matter type: keep | pass}
    ownership: Any = None
    rework_probability: float | None = None
    rework_share: float | None = None
    rework_sign_offs: bool | None = None


@dataclass
class OrgConfig:
    """An office as it is now, and named alternatives derived from it."""

    name: str = ""
    description: str = ""
    source: str = ""
    time_unit: str = "hour"
    policy: str = "strict"
    b_rule: str = "idle"
    b_threshold: int = 1
    handoff_delay: ServiceConfig | None = None
    consultation_delay: ServiceConfig | None = None
    absence: AbsenceConfig = field(default_factory=AbsenceConfig)
    calendar: CalendarConfig | None = None
    coordination_cost: float = 0.0
    rework_probability: float = 0.0
    rework_share: float = 1.0
    rework_sign_offs: bool = True
    # how results are shown to people (analysis.units.Display); the engine never sees these
    display_unit: str | None = None
    throughput_per: str = "day"
    hours_per_working_day: float = 8.0
    working_days_per_week: float = 5.0
    working_days_per_year: float = 250.0
    matter_types: dict[str, MatterTypeConfig] = field(default_factory=dict)
    sections: dict[str, SectionConfig] = field(default_factory=dict)
    staff: dict[str, StaffConfig] = field(default_factory=dict)
    structures: dict[str, StructureConfig] = field(default_factory=dict)


@dataclass
class WorkloadConfig:
    """Run length and demand scaling, shared by every structure compared."""

    horizon: float = 2000.0
    warmup: float = 200.0
    arrival_scale: float = 1.0
    target_load: float | None = None
    reform_at: float | None = None


@dataclass
class CapacityConfig:
    """Capacity search (``task=capacity``): the largest demand meeting a deadline target."""

    deadline: float | None = None
    share: float = 0.9
    tolerance: float = 0.01
    curve_points: int = 8


@dataclass
class StaffingConfig:
    """Staffing search (``task=staffing``): the fewest people meeting a deadline target."""

    deadline: float | None = None
    share: float = 0.9
    per_section: bool = False
    confident: bool = False
    most: int = 200


@dataclass
class RobustnessConfig:
    """Robustness (``task=robustness``): the plan's verdict over ranges of assumptions.

    ``ranges`` maps the dotted path of any numeric setting to ``[low, high]`` (flat or
    nested); ``method`` is ``latin``, ``sobol`` or ``morris`` (SALib); ``points`` the
    points (latin), base count (sobol) or trajectories (morris); ``plan`` the structure
    judged against the baseline (null: the first alternative); ``band`` a relative change
    below which there is no practical difference (null: the metric's practical band, with
    the run's ``practical.*`` settings, as every verdict reads it); ``launcher`` runs each
    point as a job of the configured Hydra launcher (``hydra/launcher=slurm``).
    """

    # a mapping (Any, so that one override can give it whole: robustness.ranges={...})
    ranges: Any = None
    method: str = "latin"
    points: int = 32
    plan: str | None = None
    metric: str = "wait_mean"
    band: float | None = None
    # each point a job of the configured Hydra launcher (joblib, slurm, ray_cluster)
    launcher: bool = False


@dataclass
class BPostsConfig:
    """B-post recommendation (``task=b_posts``): who should back up whom.

    ``same_unit``: B posts only within a unit; ``most_new_skills``: most skills learned in
    all (null: no limit); ``speed``, ``learning_start``, ``learning_matters``: how fast
    learned work is done (the engine's learning curve); ``metric``: what the search
    improves; ``evaluations``: most candidates the local search tries.
    """

    same_unit: bool = True
    most_new_skills: int | None = None
    speed: float = 0.8
    learning_start: float | None = None
    learning_matters: float = 20.0
    metric: str = "wait_mean"
    evaluations: int = 40


@dataclass
class Config:
    """The whole run: what to do, office, demand, which structures and how often.

    ``task`` is ``compare`` (structures side by side), ``capacity`` (the largest demand
    each carries within a deadline target, and merged against the walled office) or
    ``staffing`` (the fewest people that meet the target) or ``robustness`` (the plan's
    verdict over ranges of uncertain assumptions) or ``b_posts`` (who should back up
    whom). ``confidence`` is the level of
    every interval the run reports (and 1 - confidence the significance level of its
    verdicts). ``practical`` overrides the smallest difference that matters per metric or
    family (``practical.wait_mean=0.05``, ``practical.wait=10%``; README, "How to read
    each metric").
    """

    task: str = "compare"
    org: OrgConfig = field(default_factory=OrgConfig)
    workload: WorkloadConfig = field(default_factory=WorkloadConfig)
    capacity: CapacityConfig = field(default_factory=CapacityConfig)
    staffing: StaffingConfig = field(default_factory=StaffingConfig)
    robustness: RobustnessConfig = field(default_factory=RobustnessConfig)
    b_posts: BPostsConfig = field(default_factory=BPostsConfig)
    reforms: dict[str, StructureConfig] = field(default_factory=dict)
    structure: str = "all"
    baseline: str = "current"
    replications: int = 10
    seed: int = 20261121
    confidence: float = 0.95
    # the smallest difference that matters, per metric or family; null: the default
    practical: dict[str, Any] = field(default_factory=practical_keys)
    figure: bool = True
    timeseries: bool = False
    overwrite: bool = False
    progress: bool | None = None
    n_jobs: int | None = None
    # every matter's steps as an event log: false, true (CSV and Parquet, XES with pm4py),
    # or some of csv, parquet, xes (README, "Event log out")
    event_log: Any = False
    # what people read (console, comparison.md, figures): en or zh (README, "In Chinese")
    language: str = "en"
    org_source: str = ""


def register() -> None:
    """Put the schemas in Hydra's ConfigStore (idempotent)."""
    store = ConfigStore.instance()
    store.store(name="orgsim_schema", node=Config)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the value {value!r}"


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _without_none(hint: Any) -> Any:
    """``X`` for ``X | None``; the hint itself otherwise."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [a for a in typing.get_args(hint) if a is not type(None)]
        return rest[0] if len(rest) == 1 else Any
    return hint


@functools.cache
def _field_types(schema: type) -> dict[str, Any]:
    """A schema's field types, evaluated once: an office of thousands checks each entry."""
    return typing.get_type_hints(schema)


def shape_problem(value: Any, hint: Any, path: str) -> str | None:
    """The first place where ``value`` has the wrong shape for ``hint``, as an error line.

    Checks what a composition error cannot name well: unknown keys, and a list where a
    mapping belongs (or the reverse). Scalar types are left to OmegaConf, which names
    the field itself.
    """
    hint = _without_none(hint)
    if value is None or hint is Any or (isinstance(value, str) and "${" in value):
        return None
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) or origin is dict:
        if not isinstance(value, dict):
            return (
                f"{path}: {_kind(value)} where a mapping belongs; write it as name: value "
                "lines (see docs/org-file.md)"
            )
        if origin is dict:
            item = typing.get_args(hint)[1]
            found = (shape_problem(v, item, _join(path, k)) for k, v in value.items())
            return next((p for p in found if p), None)
        hints = _field_types(hint)
        for key, item in value.items():
            if key not in hints:
                return (
                    f"{_join(path, key)}: unknown key {key!r}; check the spelling against "
                    "docs/org-file.md or `orgsim --cfg job`"
                )
            problem = shape_problem(item, hints[key], _join(path, key))
            if problem:
                return problem
        return None
    if origin is list:
        if not isinstance(value, list):
            return f"{path}: {_kind(value)} where a list belongs; write it as [a, b]"
        return None
    if isinstance(value, dict | list):
        return f"{path}: {_kind(value)} where a single value belongs; give one value"
    return None


def maps_names_to_records(path: str) -> bool:
    """Whether the config at dotted ``path`` maps names to records (sections, staff, ...).

    Hydra cannot add such an entry field by field (``+org.staff.zhao.section=A``) nor by
    name (``+org.staff.zhao={...}``); only a merge of the whole mapping,
    ``++org.staff={zhao: {...}}``, makes the typed entry. Error hints use this to say so.
    """
    hint = hint_at(path)
    return typing.get_origin(hint) is dict and dataclasses.is_dataclass(typing.get_args(hint)[1])


def hint_at(path: str) -> Any:
    """The schema's type at dotted ``path`` (``X`` for ``X | None``), or None if it has none."""
    hint: Any = Config
    for segment in path.split(".") if path else []:
        hint = _without_none(hint)
        if dataclasses.is_dataclass(hint):
            hint = typing.get_type_hints(hint).get(segment)
        elif typing.get_origin(hint) is dict:
            hint = typing.get_args(hint)[1]
        else:
            return None
        if hint is None:
            return None
    return _without_none(hint)
