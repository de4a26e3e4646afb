"""The validated description of one office structure and its demand.

Specs are frozen dataclasses, checked on construction, so a run is a pure function of
``(SimSpec, seed)``. Every error names the field in the same dotted path a config file
uses (``matter_types.permits.arrival_rate``) and says how to fix it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from orgsim.sim import consolidation as consolidated
from orgsim.sim.consolidation import Consolidation
from orgsim.sim.routing import staff_tiers

Distribution = Literal["exponential", "deterministic", "lognormal", "gamma"]
Policy = Literal["strict", "ab", "pooled"]
Ownership = Literal["pass", "keep"]

#: In a structure's ``ownership``, the entry that applies to every matter type not named.
ALL_TYPES = "*"
BRule = Literal["idle", "a_absent", "threshold"]

DISTRIBUTIONS: tuple[str, ...] = ("exponential", "deterministic", "lognormal", "gamma")
POLICIES: tuple[str, ...] = ("strict", "ab", "pooled")
B_RULES: tuple[str, ...] = ("idle", "a_absent", "threshold")
BorrowRule = Literal["per_matter", "period"]
BORROW_RULES: tuple[str, ...] = ("per_matter", "period")

#: The structure as it is now; its settings are the org file's top-level fields, so errors
#: name them without a ``structures.<name>.`` prefix.
CURRENT = "current"


class SpecError(ValueError):
    """An invalid office description; the message names the field and the fix."""

    def __init__(self, field_path: str, problem: str, fix: str) -> None:
        self.field_path = field_path
        super().__init__(f"{field_path}: {problem}; {fix}")


def _require(ok: bool, field_path: str, problem: str, fix: str) -> None:
    if not ok:
        raise SpecError(field_path, problem, fix)


def one_of(names: list[str] | set[str], what: str) -> str:
    """The fix for a name that does not exist: the names there are, or that there are none."""
    if not names:
        return f"there are no {what} yet; describe them first"
    return f"name one of {', '.join(sorted(names))}"


def _positive_finite(value: float, field_path: str, what: str) -> None:
    _require(
        isinstance(value, int | float) and math.isfinite(value) and value > 0,
        field_path,
        f"{what} is {value!r}",
        "give a positive finite number",
    )


def _rate(value: float, field_path: str, what: str, fix: str) -> None:
    """A rate: a finite number >= 0."""
    _require(
        isinstance(value, int | float) and math.isfinite(value) and value >= 0,
        field_path,
        f"{what} is {value!r}",
        fix,
    )


def _ownership(value: object, field_path: str) -> None:
    _require(
        value in ("pass", "keep"),
        field_path,
        f"ownership {value!r} is not known",
        "give keep (one person carries the matter through its steps) or pass (each step "
        "goes to the next step's queue)",
    )


@dataclass(frozen=True, slots=True)
class ServiceTime:
    """Work content of one matter at nominal speed (a speed multiplier of 1).

    Attributes:
        distribution: exponential, deterministic, lognormal or gamma.
        mean: mean work content, in the office's time unit.
        cv: coefficient of variation; required for lognormal and gamma, implied
            (1 and 0) for exponential and deterministic.
    """

    distribution: Distribution = "exponential"
    mean: float = 1.0
    cv: float | None = None

    def validate(self, path: str) -> None:
        """Check the fields; ``path`` prefixes the field names in errors."""
        _require(
            self.distribution in DISTRIBUTIONS,
            f"{path}.distribution",
            f"unknown distribution {self.distribution!r}",
            f"use one of {', '.join(DISTRIBUTIONS)}",
        )
        _positive_finite(self.mean, f"{path}.mean", "the mean service time")
        if self.distribution in ("lognormal", "gamma"):
            _require(
                self.cv is not None,
                f"{path}.cv",
                f"a {self.distribution} service time needs a coefficient of variation",
                "set cv, for example cv: 0.5",
            )
            _positive_finite(self.cv, f"{path}.cv", "the coefficient of variation")  # type: ignore[arg-type]

    @property
    def coefficient_of_variation(self) -> float:
        """The CV this distribution actually has."""
        if self.distribution == "exponential":
            return 1.0
        if self.distribution == "deterministic":
            return 0.0
        return float(self.cv)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a matter's workflow, served by whoever has its skill.

    Attributes:
        skill: the kind of work; a section ``handles`` it and staff have it as a skill.
        service: work content of the step at nominal speed.
        approval: an approval (sign-off) step; its waiting is reported separately.
    """

    skill: str
    service: ServiceTime = field(default_factory=ServiceTime)
    approval: bool = False

    def validate(self, path: str) -> None:
        """Check the fields; ``path`` names the step in errors."""
        _require(
            isinstance(self.skill, str) and self.skill != "",
            f"{path}.skill",
            "a step needs a skill",
            "name the kind of work, e.g. review",
        )
        self.service.validate(f"{path}.service")


@dataclass(frozen=True, slots=True)
class RateProfile:
    """A repeating pattern of the arrival rate: multipliers over equal slices of a period.

    Example: ``RateProfile(40.0, (1.3, 1.1, 1.0, 0.9, 0.7))`` for a five-day week of
    eight-hour days, busy on Monday. Several profiles (day, week, season) multiply.
    """

    period: float
    multipliers: tuple[float, ...]

    def validate(self, path: str) -> None:
        """Check the fields; ``path`` names the profile in errors."""
        _positive_finite(self.period, f"{path}.period", "the period")
        _require(
            len(self.multipliers) > 0
            and all(
                isinstance(m, int | float) and math.isfinite(m) and m >= 0 for m in self.multipliers
            ),
            f"{path}.multipliers",
            f"multipliers {self.multipliers!r} are not non-negative numbers",
            "give a list such as [1.2, 1.0, 0.8]",
        )

    def at(self, t: float) -> float:
        """The multiplier in force at time ``t``."""
        slot = int((t % self.period) / self.period * len(self.multipliers))
        return self.multipliers[min(slot, len(self.multipliers) - 1)]

    @property
    def mean(self) -> float:
        """Time-average multiplier."""
        return sum(self.multipliers) / len(self.multipliers)


@dataclass(frozen=True, slots=True)
class Batch:
    """Tasks assigned from above (突击性工作): ``size`` matters at once, every ``every``."""

    every: float
    size: int
    start: float = 0.0

    def validate(self, path: str) -> None:
        """Check the fields; ``path`` names the batch in errors."""
        _positive_finite(self.every, f"{path}.every", "the interval")
        _require(
            isinstance(self.size, int) and not isinstance(self.size, bool) and self.size >= 1,
            f"{path}.size",
            f"size {self.size!r} is not a positive integer",
            "give the number of matters in each batch",
        )
        _require(
            isinstance(self.start, int | float) and math.isfinite(self.start),
            f"{path}.start",
            f"start {self.start!r} is not a finite time",
            "give the time of the first batch, e.g. 0",
        )


@dataclass(frozen=True, slots=True)
class Escalation:
    """A level of supervision (督办) a matter reaches when it is still open ``after`` its arrival.

    Attributes:
        after: time from the matter's arrival at which it escalates, if not yet done.
        priority: its priority from then on (higher than the type's and earlier levels').
        label: the level's name (yellow, orange, red); ``escalated_share.<label>`` reports
            the share of matters that reached it.
    """

    after: float
    priority: int
    label: str = ""

    def validate(self, path: str) -> None:
        """Check the fields; ``path`` names the level in errors."""
        _positive_finite(self.after, f"{path}.after", "the time before escalation")
        _require(
            isinstance(self.priority, int) and not isinstance(self.priority, bool),
            f"{path}.priority",
            f"priority {self.priority!r} is not an integer",
            "give an integer above the matter type's priority",
        )


@dataclass(frozen=True, slots=True)
class MatterType:
    """A kind of matter (事项): how often it arrives, its work, time limit and priority.

    Attributes:
        name: unique name; also the skill of a one-step matter.
        arrival_rate: matters per time unit.
        service: work content of a one-step matter (ignored when ``steps`` is given).
        deadline: time limit from arrival to completion, if any.
        steps: the workflow; empty means one step whose skill is ``name``.
        priority: non-preemptive priority; a higher number is served first.
        priority_class: label for reporting deadline attainment per class (e.g. red).
        profiles: patterns that multiply ``arrival_rate`` over time (hour, weekday,
            season); none means steady Poisson arrivals.
        batches: batches of matters arriving at once, on top of the Poisson arrivals.
        ownership: ``pass`` hands each finished step to the next step's queue (an
            assembly line); ``keep`` makes the person who took the matter carry its next
            steps themselves whenever they may serve them (a case handler, 承办人).
        escalation: levels a matter still open rises through, in order of ``after``
            (yellow -> orange -> red supervision); none means a fixed priority.
    """

    name: str
    arrival_rate: float
    service: ServiceTime = field(default_factory=ServiceTime)
    deadline: float | None = None
    steps: tuple[Step, ...] = ()
    priority: int = 0
    priority_class: str = ""
    profiles: tuple[RateProfile, ...] = ()
    batches: tuple[Batch, ...] = ()
    ownership: Ownership = "pass"
    escalation: tuple[Escalation, ...] = ()

    @property
    def mean_rate(self) -> float:
        """Long-run arrivals per time unit, batches included."""
        rate = self.arrival_rate
        for profile in self.profiles:
            rate *= profile.mean
        return rate + sum(b.size / b.every for b in self.batches)

    @property
    def workflow(self) -> tuple[Step, ...]:
        """The steps a matter goes through, in order."""
        return self.steps or (Step(self.name, self.service),)

    def validate(self) -> None:
        """Check the fields."""
        path = f"matter_types.{self.name}"
        _rate(
            self.arrival_rate,
            f"{path}.arrival_rate",
            "arrival rate",
            "give a rate >= 0 (matters per time unit)",
        )
        self.service.validate(f"{path}.service")
        for k, step in enumerate(self.steps):
            step.validate(f"{path}.steps.{k}")
        for k, profile in enumerate(self.profiles):
            profile.validate(f"{path}.profiles.{k}")
        for k, batch in enumerate(self.batches):
            batch.validate(f"{path}.batches.{k}")
        _require(
            isinstance(self.priority, int),
            f"{path}.priority",
            f"priority {self.priority!r} is not an integer",
            "give an integer; higher is served first",
        )
        if self.deadline is not None:
            _positive_finite(self.deadline, f"{path}.deadline", "the deadline")
        _ownership(self.ownership, f"{path}.ownership")
        self._check_escalation(f"{path}.escalation")

    def _check_escalation(self, path: str) -> None:
        """Levels come later and rank higher one after another, each above the type's own."""
        below, before = self.priority, 0.0
        for k, level in enumerate(self.escalation):
            where = f"{path}.{level.label or k}"
            level.validate(where)
            _require(
                level.after > before,
                f"{where}.after",
                f"{level.after!r} is not later than the level before ({before!r})",
                "list the levels in order of time, each after the one before",
            )
            _require(
                level.priority > below,
                f"{where}.priority",
                f"{level.priority!r} does not rank above the priority before it ({below!r})",
                "give each level a higher priority than the matter type and the level before",
            )
            below, before = level.priority, level.after


@dataclass(frozen=True, slots=True)
class Section:
    """A section (科室): the wall inside which staff share work.

    Attributes:
        name: unique section name.
        handles: the matter types whose queue this section owns.
        unit: the unit (department, bureau) the section belongs to.
        pool: sections with the same pool share their work under the ``pooled`` policy
            while keeping their names and A posts (co-located joint office, 合署办公).
    """

    name: str
    handles: tuple[str, ...]
    unit: str = "office"
    pool: str | None = None


@dataclass(frozen=True, slots=True)
class StaffMember:
    """One person: where they sit, what they can do and how fast, and their posts.

    Attributes:
        name: unique staff name.
        section: the section they sit in.
        skills: matter type -> speed multiplier (2.0 works twice as fast as nominal).
            A matter type missing here cannot be served by this person.
        a_post: the section whose work is theirs first; defaults to ``section``.
        b_post: a backup section whose work they take when their A-post work is done.
        absence_rate: absences per time unit for this person; the structure's
            ``absence.rate`` when None.
        learning: skills this person is still learning: they start at the structure's
            ``learning_start`` share of their speed and close the gap with practice.
    """

    name: str
    section: str
    skills: tuple[tuple[str, float], ...]
    a_post: str | None = None
    b_post: str | None = None
    absence_rate: float | None = None
    learning: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.skills, Mapping):
            object.__setattr__(self, "skills", tuple(self.skills.items()))
        else:
            object.__setattr__(self, "skills", tuple(tuple(p) for p in self.skills))

    @property
    def primary_post(self) -> str:
        """The A post, defaulting to the member's own section."""
        return self.a_post if self.a_post is not None else self.section

    def speed(self, matter_type: str) -> float:
        """Speed multiplier on a matter type; 0.0 when the person lacks the skill."""
        for name, speed in self.skills:
            if name == matter_type:
                return speed
        return 0.0


@dataclass(frozen=True, slots=True)
class Absence:
    """Random absences (leave, training, meetings, secondment) of every staff member.

    Attributes:
        rate: absences per time unit per person (0: nobody is ever away).
        duration: how long an absence lasts.
        on_interrupt: what happens to a matter in hand when its server is called away:
            ``resume`` (it waits for them and they finish the remaining work) or
            ``handover`` (it goes back to the front of its queue with the remaining work).
    """

    rate: float = 0.0
    duration: ServiceTime = field(default_factory=lambda: ServiceTime("exponential", 8.0))
    on_interrupt: Literal["resume", "handover"] = "resume"

    def validate(self, path: str) -> None:
        """Check the fields."""
        _rate(
            self.rate,
            f"{path}.rate",
            "absence rate",
            "give a rate >= 0 (absences per person per time unit)",
        )
        self.duration.validate(f"{path}.duration")
        _require(
            self.on_interrupt in ("resume", "handover"),
            f"{path}.on_interrupt",
            f"unknown rule {self.on_interrupt!r}",
            "use resume or handover",
        )


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working hours; while the office is closed nobody serves anything.

    The office is open ``open_hours`` of every ``day_length``, on the first ``open_days``
    of every ``week_days`` days.

    With a calendar, time runs in calendar time (hours, say) and staff utilisation is
    measured against opening time.
    """

    day_length: float = 24.0
    open_hours: float = 8.0
    week_days: int = 7
    open_days: int = 5

    def validate(self, path: str) -> None:
        """Check the fields."""
        _positive_finite(self.day_length, f"{path}.day_length", "the day length")
        _require(
            isinstance(self.open_hours, int | float) and 0 < self.open_hours <= self.day_length,
            f"{path}.open_hours",
            f"{self.open_hours!r} is not in (0, day_length]",
            "give the opening hours per day",
        )
        _require(
            isinstance(self.week_days, int)
            and isinstance(self.open_days, int)
            and 0 < self.open_days <= self.week_days,
            f"{path}.open_days",
            f"{self.open_days!r} open days in a week of {self.week_days!r}",
            "give 1 <= open_days <= week_days",
        )

    def _opened_before(self, t: float) -> float:
        week = self.day_length * self.week_days
        weeks, rest = divmod(t, week)
        days, within = divmod(rest, self.day_length)
        done = min(int(days), self.open_days) * self.open_hours
        if days < self.open_days:
            done += min(within, self.open_hours)
        return weeks * self.open_days * self.open_hours + done

    def open_time(self, start: float, end: float) -> float:
        """How much of ``[start, end]`` the office is open."""
        return self._opened_before(end) - self._opened_before(start)

    def is_open(self, t: float) -> bool:
        """Whether the office is open at ``t``."""
        day = int(t // self.day_length) % self.week_days
        return day < self.open_days and t % self.day_length < self.open_hours


@dataclass(frozen=True, slots=True)
class Structure:
    """One way of organising the same people: sections, staff in them, boundary policy.

    Policies:
        strict: staff serve only the matters of their A-post section.
        ab: A-post work first; B-post work when there is no A-post work.
        pooled: like ``ab``, and then any matter of their own (merged) section, or of any
            section in its pool, they have the skill for; this is how a big section or a
            co-located joint office shares one queue.

    Learning curve: on a skill listed in a member's ``learning``, the speed after ``n``
    matters of it is ``speed * (1 - (1 - learning_start) * 0.5 ** (n / learning_matters))``:
    it starts at ``learning_start`` of the full speed and every ``learning_matters``
    matters halve the remaining gap.

    ``dropped_types`` are matter types that no longer arise in this structure (common work
    done once by a lead unit instead of by every unit); ``consolidation`` moves such work
    to a lead unit's type at a cost (see :mod:`orgsim.sim.consolidation`).

    Borrowing between the units of a co-located pool (1+N), by ``borrow_rule``:
    ``per_matter`` lets anyone serve another unit's matter and adds ``borrow_delay`` (the
    paperwork) to every such matter; ``period`` lends one person for ``borrow_period``
    when a unit's backlog reaches ``borrow_threshold``, paying ``borrow_delay`` once per
    secondment (see :mod:`orgsim.sim.secondment`).

    Span of coordination: in a section of ``n`` people everyone loses a share
    ``coordination_cost * (n - 1)`` of their working speed to coordinating (meetings,
    instructions, checking each other's work), capped at 90%; 0 means no such cost.

    ``skipped_steps`` are workflow steps (by skill) that this structure no longer does:
    process re-engineering (流程再造), e.g. a management level removed.

    ``ownership`` overrides the matter types' own ``ownership`` in this structure, as
    (matter type or ``*`` for all, ``keep`` or ``pass``) pairs: a reform to case handlers
    (一人通办) or back to an assembly line.

    Rework at boundaries (推诿扯皮): when a matter passes from a step done in one section to
    a step in another, the receiving side sends it back with ``rework_probability``; the
    step is done again (a new draw of its work, times ``rework_share``) and the matter
    crosses the boundary again. A step that stays in its section is never sent back, and
    with ``rework_sign_offs`` false neither is a crossing into or out of a sign-off
    (an ``approval`` step): buck-passing between peer sections only.

    When a B-post holder takes B-post work (``b_rule``, never pre-empting): ``idle`` when
    they have no A-post work (default); ``a_absent`` only while every A-post holder of that
    work is away; ``threshold`` only when at least ``b_threshold`` matters wait for it.
    """

    name: str
    sections: tuple[Section, ...]
    staff: tuple[StaffMember, ...]
    policy: Policy = "strict"
    handoff_delay: ServiceTime | None = None
    consultation_delay: ServiceTime | None = None
    absence: Absence = field(default_factory=Absence)
    b_rule: BRule = "idle"
    b_threshold: int = 1
    skipped_steps: tuple[str, ...] = ()
    learning_start: float = 1.0
    learning_matters: float = 20.0
    dropped_types: tuple[str, ...] = ()
    borrow_delay: ServiceTime | None = None
    borrow_rule: BorrowRule = "per_matter"
    borrow_threshold: int = 1
    borrow_period: float | None = None
    consolidation: Consolidation | None = None
    calendar: Calendar | None = None
    coordination_cost: float = 0.0
    ownership: tuple[tuple[str, Ownership], ...] = ()
    rework_probability: float = 0.0
    rework_share: float = 1.0
    rework_sign_offs: bool = True


@dataclass(frozen=True, slots=True)
class SimSpec:
    """Everything one run needs besides its seed.

    Attributes:
        matter_types: the demand; shared by every structure so that comparisons use
            common random numbers.
        structure: the organisation that serves it. When consecutive steps of a matter
            are handled by different sections, the matter is handed off and spends
            ``handoff_delay`` in transfer (``consultation_delay`` across units).
        horizon: simulated time at which the run ends.
        warmup: statistics are collected from this time on.
    """

    matter_types: tuple[MatterType, ...]
    structure: Structure
    horizon: float
    warmup: float = 0.0

    def __post_init__(self) -> None:
        validate(self)

    def demand(self, matter_type: MatterType) -> float:
        """Long-run arrival rate of ``matter_type`` in this structure (0 if dropped)."""
        if matter_type.name in self.structure.dropped_types:
            return 0.0
        if self.structure.consolidation is not None:
            return consolidated.demand(self, matter_type)
        return matter_type.mean_rate

    def ownership(self, matter_type: MatterType) -> Ownership:
        """Whether one person carries ``matter_type`` through its steps in this structure."""
        given = dict(self.structure.ownership)
        return given.get(matter_type.name, given.get(ALL_TYPES, matter_type.ownership))

    def active_steps(self, matter_type: MatterType) -> tuple[Step, ...]:
        """The workflow steps this structure actually performs for ``matter_type``."""
        skipped = self.structure.skipped_steps
        return tuple(step for step in matter_type.workflow if step.skill not in skipped)


def _unique(names: list[str], path: str) -> None:
    seen: set[str] = set()
    for name in names:
        _require(
            isinstance(name, str) and name != "",
            path,
            f"name {name!r} is not a non-empty string",
            "give every entry a name",
        )
        _require(name not in seen, f"{path}.{name}", "the name is used twice", "rename one")
        seen.add(name)


def _field(structure: Structure, name: str) -> str:
    """Where a structure setting is written: top level for the current one."""
    return name if structure.name == CURRENT else f"structures.{structure.name}.{name}"


def _check_run(spec: SimSpec) -> None:
    """The demand is there, its matter types are valid, and the run has a length."""
    _require(len(spec.matter_types) > 0, "matter_types", "no matter types", "describe at least one")
    _unique([m.name for m in spec.matter_types], "matter_types")
    names = {m.name for m in spec.matter_types}
    for matter_type in spec.matter_types:
        matter_type.validate()
        label = matter_type.priority_class
        _require(  # wait_mean.<label> would name both the class and the type
            label not in names or label == matter_type.name,
            f"matter_types.{matter_type.name}.priority_class",
            f"{label!r} is also the name of a matter type, so wait_mean.{label} would mean both",
            "name the class differently",
        )
        for level in matter_type.escalation:
            _require(
                level.label not in names,
                f"matter_types.{matter_type.name}.escalation.{level.label}",
                f"{level.label!r} is also the name of a matter type",
                "name the level differently (e.g. orange, red)",
            )
    _positive_finite(spec.horizon, "workload.horizon", "the horizon")
    _require(
        isinstance(spec.warmup, int | float) and 0 <= spec.warmup < spec.horizon,
        "workload.warmup",
        f"warm-up {spec.warmup!r} is not in [0, horizon={spec.horizon})",
        "give a warm-up shorter than the horizon",
    )


def _check_rules(structure: Structure) -> None:
    """The boundary policy, the B-post rule and the delays, absences and calendar."""
    _require(
        structure.policy in POLICIES,
        _field(structure, "policy"),
        f"unknown policy {structure.policy!r}",
        f"use one of {', '.join(POLICIES)}",
    )
    _require(
        structure.b_rule in B_RULES,
        _field(structure, "b_rule"),
        f"unknown rule {structure.b_rule!r}",
        f"use one of {', '.join(B_RULES)}",
    )
    _require(
        isinstance(structure.b_threshold, int) and structure.b_threshold >= 1,
        _field(structure, "b_threshold"),
        f"threshold {structure.b_threshold!r} is not a positive integer",
        "give the queue length (1 or more) at which B-post holders step in",
    )
    _check_borrow_rule(structure)
    for name in ("handoff_delay", "consultation_delay", "borrow_delay"):
        delay = getattr(structure, name)
        if delay is not None:
            delay.validate(_field(structure, name))
    structure.absence.validate("absence")
    if structure.calendar is not None:
        structure.calendar.validate("calendar")
    _require(
        isinstance(structure.coordination_cost, int | float)
        and 0 <= structure.coordination_cost < 1,
        _field(structure, "coordination_cost"),
        f"{structure.coordination_cost!r} is not in [0, 1)",
        "give the share of speed lost per extra colleague, e.g. 0.02",
    )
    _require(
        isinstance(structure.rework_probability, int | float)
        and 0 <= structure.rework_probability < 1,
        _field(structure, "rework_probability"),
        f"{structure.rework_probability!r} is not in [0, 1)",
        "give the chance that a matter crossing between sections is sent back, e.g. 0.1",
    )
    _require(
        isinstance(structure.rework_share, int | float)
        and math.isfinite(structure.rework_share)
        and 0 < structure.rework_share <= 1,
        _field(structure, "rework_share"),
        f"{structure.rework_share!r} is not in (0, 1]",
        "give the share of a step's work that doing it again costs, e.g. 0.5 (1: all of it)",
    )
    _require(
        isinstance(structure.rework_sign_offs, bool),
        _field(structure, "rework_sign_offs"),
        f"{structure.rework_sign_offs!r} is not true or false",
        "give true (sign-offs may send matters back too) or false (only peer sections do)",
    )


def _check_borrow_rule(structure: Structure) -> None:
    """A known borrowing rule; a period and a threshold only where they are used."""
    rule = structure.borrow_rule
    _require(
        rule in BORROW_RULES,
        _field(structure, "borrow_rule"),
        f"unknown rule {rule!r}",
        "use per_matter (paperwork on every borrowed matter) or period (secondments)",
    )
    period = structure.borrow_period
    if rule != "period":
        _require(
            structure.borrow_threshold == 1,
            _field(structure, "borrow_threshold"),
            "a borrowing threshold is given but borrow_rule is per_matter",
            "set borrow_rule: period, or leave borrow_threshold out",
        )
        _require(
            period is None,
            _field(structure, "borrow_period"),
            "a secondment period is given but borrow_rule is per_matter",
            "set borrow_rule: period, or leave borrow_period out",
        )
        return
    _require(
        period is not None,
        _field(structure, "borrow_period"),
        "borrow_rule: period needs the length of a secondment",
        "give it in time units, e.g. borrow_period: 40",
    )
    _positive_finite(period, _field(structure, "borrow_period"), "the secondment period")  # type: ignore[arg-type]
    threshold = structure.borrow_threshold
    _require(
        isinstance(threshold, int) and not isinstance(threshold, bool) and threshold >= 1,
        _field(structure, "borrow_threshold"),
        f"threshold {threshold!r} is not a positive integer",
        "give the backlog (matters waiting, 1 or more) at which a unit borrows someone",
    )
    units: dict[str, set[str]] = {}
    for section in structure.sections:
        if section.pool is not None:
            units.setdefault(section.pool, set()).add(section.unit)
    _require(
        structure.policy == "pooled" and any(len(u) > 1 for u in units.values()),
        _field(structure, "borrow_rule"),
        "secondments are between the units of a co-located pool, and there is none",
        "co_locate sections of two or more units, with policy: pooled",
    )


def _check_reform_settings(spec: SimSpec) -> None:
    """Dropped matter types, skipped steps and learning name things that exist."""
    structure = spec.structure
    names = {m.name for m in spec.matter_types}
    for dropped in structure.dropped_types:
        _require(
            dropped in names,
            _field(structure, "drop_matter_types"),
            f"unknown matter type {dropped!r}",
            one_of(names, "matter types"),
        )
    consolidated.check(spec, _field(structure, "consolidate"))
    skills = {step.skill for m in spec.matter_types for step in m.workflow}
    for skipped in structure.skipped_steps:
        _require(
            skipped in skills,
            _field(structure, "skip_steps"),
            f"no matter type has a step {skipped!r}, so skipping it changes nothing",
            f"name a step (its skill): {', '.join(sorted(skills))}",
        )
    for matter_type in spec.matter_types:
        _require(
            len(spec.active_steps(matter_type)) > 0,
            _field(structure, "skip_steps"),
            f"every step of {matter_type.name!r} is skipped",
            "keep at least one step of each matter type",
        )
    _require(
        isinstance(structure.learning_start, int | float) and 0 < structure.learning_start <= 1,
        _field(structure, "learning_start"),
        f"{structure.learning_start!r} is not in (0, 1]",
        "give the share of full speed a newly learned skill starts at, e.g. 0.5",
    )
    _positive_finite(
        structure.learning_matters,
        _field(structure, "learning_matters"),
        "the matters needed to halve the learning gap",
    )


def _section_owners(spec: SimSpec) -> dict[str, str]:
    """Step skill -> the one section that handles it; every active step must have one."""
    structure = spec.structure
    _require(len(structure.sections) > 0, "sections", "no sections", "describe at least one")
    _unique([s.name for s in structure.sections], "sections")
    skills = {step.skill for m in spec.matter_types for step in m.workflow}
    handled_by: dict[str, str] = {}
    for section in structure.sections:
        for handled in section.handles:
            path = f"sections.{section.name}.handles"
            if handled not in skills:  # the fix lists every skill: built only when needed
                raise SpecError(
                    path,
                    f"unknown matter type or step skill {handled!r}",
                    f"use one of {', '.join(sorted(skills))}",
                )
            _require(
                handled not in handled_by,
                path,
                f"matter type {handled!r} is also handled by section {handled_by.get(handled)!r}",
                "let exactly one section own each matter type",
            )
            handled_by[handled] = section.name
    for matter_type in spec.matter_types:
        for step in spec.active_steps(matter_type):
            _require(
                step.skill in handled_by or spec.demand(matter_type) == 0,
                f"matter_types.{matter_type.name}",
                f"no section handles {step.skill!r}",
                "add it to some section's handles",
            )
    return handled_by


def _check_member(member: StaffMember, section_names: set[str], skills: set[str]) -> None:
    """One person's posts, skills and absence rate."""
    path = f"staff.{member.name}"
    for post_field, post in (
        ("section", member.section),
        ("a_post", member.a_post),
        ("b_post", member.b_post),
    ):
        if post is not None and post not in section_names:  # the fix lists every section
            raise SpecError(
                f"{path}.{post_field}",
                f"section {post!r} does not exist",
                one_of(section_names, "sections"),
            )
    _require(
        member.b_post is None or member.b_post != member.primary_post,
        f"{path}.b_post",
        f"{member.b_post!r} is the person's own A post, so it backs up nothing",
        "name another section, or leave b_post out",
    )
    for skill, speed in member.skills:
        if skill not in skills:  # the fix lists every skill: built only when needed
            raise SpecError(
                f"{path}.skills",
                f"unknown matter type or step skill {skill!r}",
                f"use one of {', '.join(sorted(skills))}",
            )
        _positive_finite(speed, f"{path}.skills.{skill}", "the speed multiplier")
    if member.absence_rate is not None:
        _rate(
            member.absence_rate,
            f"{path}.absence_rate",
            "absence rate",
            "give a rate >= 0 or leave it out",
        )


def _check_staff(spec: SimSpec) -> None:
    """Everyone sits in a section that exists and has skills the office needs."""
    structure = spec.structure
    _require(len(structure.staff) > 0, "staff", "no staff", "describe at least one person")
    _unique([s.name for s in structure.staff], "staff")
    section_names = {s.name for s in structure.sections}
    skills = {step.skill for m in spec.matter_types for step in m.workflow}
    for member in structure.staff:
        _check_member(member, section_names, skills)


def _check_servable(spec: SimSpec, handled_by: dict[str, str]) -> None:
    """Every step with demand has someone who may and can serve it."""
    structure = spec.structure
    servable: set[str] = set()
    for tiers in staff_tiers(spec):
        for tier in tiers:
            servable.update(tier)
    for matter_type in spec.matter_types:
        for step in spec.active_steps(matter_type):
            what = "it" if step.skill == matter_type.name else f"its step {step.skill!r}"
            _require(
                step.skill in servable or spec.demand(matter_type) == 0,
                f"matter_types.{matter_type.name}",
                f"nobody can serve {what} under structure {structure.name!r} "
                f"(policy {structure.policy})",
                f"give someone in section {handled_by.get(step.skill)!r} the skill "
                "or a B post there",
            )


def _check_ownership(spec: SimSpec) -> None:
    """A structure's ownership overrides name existing matter types and known modes."""
    names = [m.name for m in spec.matter_types]
    for name, mode in spec.structure.ownership:
        path = f"structures.{spec.structure.name}.ownership"
        path += "" if name == ALL_TYPES else f".{name}"
        _require(
            name in names or name == ALL_TYPES,
            path,
            f"no matter type {name!r}",
            one_of(names, "matter types"),
        )
        _ownership(mode, path)


def validate(spec: SimSpec) -> None:
    """Check a spec field by field and across references; raise :class:`SpecError`."""
    _check_run(spec)
    _check_rules(spec.structure)
    _require(len(spec.structure.sections) > 0, "sections", "no sections", "describe at least one")
    _require(len(spec.structure.staff) > 0, "staff", "no staff", "describe at least one person")
    _check_reform_settings(spec)
    _check_ownership(spec)
    handled_by = _section_owners(spec)
    _check_staff(spec)
    _check_servable(spec, handled_by)


def check_switch(before: SimSpec, after: SimSpec, at: float) -> None:
    """Check that ``after`` can take over from ``before`` at time ``at`` in one run."""
    where = f"structures.{after.structure.name}"
    _require(
        0 < at < before.horizon,
        "workload.reform_at",
        f"{at!r} is not inside the run (0, {before.horizon})",
        "give a time between the start and the horizon",
    )
    _require(
        before.matter_types == after.matter_types,
        where,
        "the matter types differ",
        "a reform in the middle of a run keeps the same demand",
    )
    _require(
        [m.name for m in before.structure.staff] == [m.name for m in after.structure.staff],
        where,
        "the people differ (cuts or new staff)",
        "compare staff cuts from the start of a run instead of with workload.reform_at",
    )
    for field_name in ("skipped_steps", "dropped_types", "consolidation", "calendar", "absence"):
        _require(
            getattr(before.structure, field_name) == getattr(after.structure, field_name),
            f"{where}.{field_name}",
            "changes in the middle of a run are not supported for this field",
            "compare it from the start of a run instead of with workload.reform_at",
        )
    _require(
        after.structure.borrow_rule == before.structure.borrow_rule == "per_matter",
        f"{where}.borrow_rule",
        "secondments (borrow_rule: period) cannot start in the middle of a run",
        "compare it from the start of a run instead of with workload.reform_at",
    )
