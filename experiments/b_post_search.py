"""Who should back up whom: recommend B posts (AB岗) by a chain, then a local search.

The search starts from a long chain of flexibility across the sections of each unit, in
the spirit of Jordan and Graves (1995): a closed chain, in which every section is backed
up by one other and backs up one other, gets most of the benefit of full flexibility with
few new skills, more than pairs or dedicated posts. The chain is ordered so that the least
busy section backs up the busiest, the second least busy the second busiest, and so on.

It then improves the chain one person at a time (give or move someone's B post, or take it
away) under the limits the office sets: at most one B post each (the engine's ``b_post``),
only sections of the same unit (``same_unit``), at most ``most_new_skills`` skills learned
in all. Every candidate runs on the same replication seeds (common random numbers), so two
candidates differ only by the posts. A B post is taken away when that costs less than half
the smallest difference that matters, and given only for more than half of it: posts that
do not help are not recommended.

The gain of the recommendation against the current posts is judged on fresh seeds, not
those the search chose on (a choice judged on its own seeds looks better than it is),
paired replication by replication.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from orgsim.analysis.b_post_tables import Reason, reason
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, Interval, t_interval
from orgsim.sim import Organization, SimSpec
from orgsim.sim.reform import Reform, apply_reform

#: Person -> the section whose work they back up (None: no B post).
Posts = dict[str, str | None]


@dataclass(frozen=True)
class BPostLimits:
    """What the office allows, and how fast new skills are done.

    Attributes:
        same_unit: B posts only in sections of the person's own unit.
        most_new_skills: most skills learned in all (a person learning two kinds of work
            counts two); None: no limit.
        speed: speed of a skill learned for a B post (share of nominal).
        learning_start: if set, learned skills start at this share of ``speed`` and
            improve with practice (the engine's learning curve).
        learning_matters: matters of practice that halve the remaining learning gap.
    """

    same_unit: bool = True
    most_new_skills: int | None = None
    speed: float = 0.8
    learning_start: float | None = None
    learning_matters: float = 20.0


@dataclass(frozen=True)
class SearchSettings:
    """The objective and the effort of the search.

    Attributes:
        limits: what the office allows.
        metric: the metric improved (a registry name, e.g. ``wait_mean``).
        evaluations: most candidates tried by the local search (each a set of replications).
        band: the smallest difference of ``metric`` that matters, in its unit.
        confidence: level of the gain's interval.
    """

    limits: BPostLimits = field(default_factory=BPostLimits)
    metric: str = "wait_mean"
    evaluations: int = 40
    band: float = 0.0
    confidence: float = DEFAULT_CONFIDENCE


def _home(member_section: str, a_post: str | None) -> str:
    return a_post or member_section


def section_loads(spec: SimSpec) -> dict[str, float]:
    """Each section's own work per unit of its A-post holders' speed (its load alone)."""
    work: dict[str, float] = {}
    owner = {h: s.name for s in spec.structure.sections for h in s.handles}
    for matter_type in spec.matter_types:
        for step in spec.active_steps(matter_type):
            section = owner.get(step.skill)
            if section is not None:
                amount = spec.demand(matter_type) * step.service.mean
                work[section] = work.get(section, 0.0) + amount
    capacity: dict[str, float] = {}
    handles = {s.name: set(s.handles) for s in spec.structure.sections}
    for member in spec.structure.staff:
        home = _home(member.section, member.a_post)
        speeds = [v for k, v in member.skills if k in handles.get(home, set())]
        if speeds:
            capacity[home] = capacity.get(home, 0.0) + float(np.mean(speeds))
    loads = {}
    for name in (s.name for s in spec.structure.sections):
        amount, held = work.get(name, 0.0), capacity.get(name, 0.0)
        loads[name] = amount / held if held > 0 else (math.inf if amount else 0.0)
    return loads


def _people(spec: SimSpec) -> list[str]:
    """Staff names in a fixed order that does not depend on the order of the file."""
    return sorted(m.name for m in spec.structure.staff)


def new_skills(spec: SimSpec, person: str, section: str | None) -> tuple[str, ...]:
    """The kinds of work ``person`` would have to learn to back up ``section``."""
    if section is None:
        return ()
    member = next(m for m in spec.structure.staff if m.name == person)
    held = {k for k, _ in member.skills}
    handles = next(s.handles for s in spec.structure.sections if s.name == section)
    return tuple(k for k in handles if k not in held)


def allowed_sections(spec: SimSpec, person: str, limits: BPostLimits) -> list[str]:
    """Sections ``person`` may back up: not their own, in their unit if the office says so."""
    member = next(m for m in spec.structure.staff if m.name == person)
    home = _home(member.section, member.a_post)
    unit = {s.name: s.unit for s in spec.structure.sections}
    return [
        s.name
        for s in spec.structure.sections
        if s.name != home and s.handles and (not limits.same_unit or s.unit == unit[home])
    ]


def skills_learned(spec: SimSpec, posts: Posts) -> int:
    """Skills learned in all for ``posts``."""
    return sum(len(new_skills(spec, p, s)) for p, s in posts.items())


def within_limits(spec: SimSpec, posts: Posts, limits: BPostLimits) -> bool:
    """Whether ``posts`` keeps to the office's limits."""
    most = limits.most_new_skills
    return most is None or skills_learned(spec, posts) <= most


def chain_order(spec: SimSpec, sections: list[str]) -> list[str]:
    """Sections of one chain: least busy, busiest, second least busy, second busiest, ...

    People of each section back up the next one, so each busy section is backed up by an
    idle one. Ties are broken by name, never by the order of the file.
    """
    loads = section_loads(spec)
    by_load = sorted(sections, key=lambda s: (loads[s], s))
    order: list[str] = []
    low, high = 0, len(by_load) - 1
    while low <= high:
        order.append(by_load[low])
        if low != high:
            order.append(by_load[high])
        low, high = low + 1, high - 1
    return order


def _units(spec: SimSpec, limits: BPostLimits) -> list[list[str]]:
    """Groups of sections a chain may run through: each unit, or the whole office."""
    working = [s for s in spec.structure.sections if s.handles]
    if not limits.same_unit:
        return [[s.name for s in working]]
    groups: dict[str, list[str]] = {}
    for s in working:
        groups.setdefault(s.unit, []).append(s.name)
    return list(groups.values())


def pattern_posts(
    spec: SimSpec, limits: BPostLimits, pattern: str
) -> tuple[Posts, dict[str, Reason]]:
    """B posts by ``pattern`` (``chain``, ``pairs`` or ``dedicated``) and why each was given.

    Sections are taken in :func:`chain_order`. Within the skills budget, one person of each
    section is given the link first (the first by name; links to busier sections first),
    then the others in turn.
    """
    links: dict[str, tuple[str, Reason]] = {}  # section -> (section it backs up, why)
    loads = section_loads(spec)
    for group in _units(spec, limits):
        order = chain_order(spec, group)
        if len(order) < 2 or pattern == "dedicated":
            continue
        if pattern == "pairs":
            for i in range(0, len(order) - 1, 2):
                a, b = order[i], order[i + 1]
                links[a] = (b, reason("pairs", a=a, b=b))
                links[b] = (a, reason("pairs", a=a, b=b))
            continue
        busiest = max(order, key=lambda s: (loads[s], s))
        for i, section in enumerate(order):
            target = order[(i + 1) % len(order)]
            if i == len(order) - 1:
                why = reason("closes", section=section, target=target)
            elif i == 0 and target == busiest and loads[target] > loads[section] + 0.02:
                why = reason(
                    "links",
                    section=section,
                    load=loads[section],
                    target=target,
                    target_load=loads[target],
                )
            else:
                why = reason("continues", section=section, target=target)
            links[section] = (target, why)
    posts: Posts = {p: None for p in _people(spec)}
    reasons: dict[str, Reason] = {}
    home = {m.name: _home(m.section, m.a_post) for m in spec.structure.staff}
    rounds: dict[int, list[str]] = {}
    for section in links:
        members = sorted(p for p in posts if home[p] == section)
        for rank, person in enumerate(members):
            rounds.setdefault(rank, []).append(person)
    for rank in sorted(rounds):
        # within a round, the links backing up the busiest sections first
        for person in sorted(rounds[rank], key=lambda p: (-loads[links[home[p]][0]], p)):
            target, why = links[home[person]]
            trial = {**posts, person: target}
            if within_limits(spec, trial, limits):
                posts, reasons[person] = trial, why
            else:
                reasons[person] = reason("over_limit", target=target, most=limits.most_new_skills)
    return posts, reasons


def with_posts(spec: SimSpec, posts: Posts, limits: BPostLimits, name: str) -> SimSpec:
    """The office with exactly ``posts`` as B posts, new skills learned, policy ``ab``.

    Built with the engine's own reform (every B post removed, then the given ones, their
    skills added at ``limits.speed`` and the learning curve), so a recommendation runs
    exactly as the same ``b_posts`` and ``add_skills`` in an org file would. A ``pooled``
    office stays pooled; otherwise the policy becomes ``ab`` (``strict`` ignores B posts).
    """
    given = {p: s for p, s in posts.items() if s is not None}
    reform = Reform(
        name=name,
        b_post_arrangement="none",
        b_posts=given,
        add_skills={
            p: dict.fromkeys(new_skills(spec, p, s), limits.speed)
            for p, s in given.items()
            if new_skills(spec, p, s)
        },
        policy=None if spec.structure.policy == "pooled" else "ab",
        learning_start=limits.learning_start,
        learning_matters=limits.learning_matters,
    )
    structure = apply_reform(spec.structure, reform)
    return SimSpec(spec.matter_types, structure, spec.horizon, spec.warmup)


def metric_values(spec: SimSpec, seeds: list[int], metric: str) -> np.ndarray:
    """``metric`` of every replication (NaN where it is undefined)."""
    out = []
    for seed in seeds:
        value = Organization(spec, seed).run().metrics.get(metric, float("nan"))
        out.append(float(value))
    return np.array(out)


def better_sign(metric: str) -> float:
    """+1 if higher is better for ``metric``, -1 if lower is."""
    found = metric_info(metric)
    return 1.0 if found is not None and found.direction == "higher" else -1.0


@dataclass
class SearchStep:
    """One candidate tried: the change, its mean and whether it was kept."""

    change: str
    person: str
    section: str | None
    mean: float
    kept: bool


@dataclass
class SearchResult:
    """The posts found, why each person has theirs, and every candidate tried."""

    start: Posts
    posts: Posts
    reasons: dict[str, Reason]
    start_mean: float
    mean: float
    steps: list[SearchStep]


def _moves(spec: SimSpec, posts: Posts, limits: BPostLimits) -> list[tuple[str, str | None]]:
    """Candidate changes in a fixed order.

    Posts taken away first (those backing up the least busy sections first), so that the
    search tries the fewest skills early; then B posts given or moved, from idle people to
    busy sections first.
    """
    loads = section_loads(spec)
    home = {m.name: _home(m.section, m.a_post) for m in spec.structure.staff}
    gives = [
        (person, target)
        for person in posts
        for target in allowed_sections(spec, person, limits)
        if target != posts[person]
    ]
    gives.sort(key=lambda m: (loads[home[m[0]]] - loads[m[1]], m[0], m[1]))
    removals = [(p, None) for p, s in posts.items() if s is not None]
    removals.sort(key=lambda m: (loads[posts[m[0]] or ""], m[0]))
    return [*removals, *gives]


def local_search(
    spec: SimSpec,
    seeds: list[int],
    settings: SearchSettings,
    start: Posts,
    reasons: dict[str, Reason],
    tick: Callable[[], None] = lambda: None,
) -> SearchResult:
    """Improve ``start`` one person at a time on the same seeds (first improvement).

    A post given or moved is kept when it improves the mean of the metric by more than half
    the practical band; a post taken away when the result stays within half the band of
    the best found so far. So a post is only added for a gain that nearly matters, and the
    search cannot go round in circles. Stops when no move is kept or after
    ``settings.evaluations`` candidates.
    """
    limits = settings.limits
    sign = better_sign(settings.metric)

    def score(posts: Posts) -> float:
        tick()
        values = metric_values(with_posts(spec, posts, limits, "candidate"), seeds, settings.metric)
        return float(np.nanmean(values)) if np.isfinite(values).any() else math.nan

    posts = dict(start)
    reasons = dict(reasons)
    start_mean = current = best = score(posts)
    steps: list[SearchStep] = []
    tried = 1
    improved = True
    while improved and tried < settings.evaluations:
        improved = False
        for person, target in _moves(spec, posts, limits):
            if tried >= settings.evaluations:
                break
            trial = {**posts, person: target}
            if not within_limits(spec, trial, limits):
                continue
            value = score(trial)
            tried += 1
            gain = sign * (value - current)
            removal = target is None
            half_band = settings.band / 2
            keep = sign * (value - best) >= -half_band if removal else gain > half_band
            change = "take away" if removal else "give"
            steps.append(SearchStep(change, person, target, value, keep))
            if keep:
                before = posts[person]
                posts, current = trial, value
                best = value if sign * (value - best) > 0 else best
                reasons[person] = _search_reason(person, before, target, gain, settings)
                improved = True
                break
    return SearchResult(start, posts, reasons, start_mean, current, steps)


def _search_reason(
    person: str, before: str | None, target: str | None, gain: float, settings: SearchSettings
) -> Reason:
    if target is None:
        return reason("taken_away", before=before)
    return reason("moved" if before is not None else "given", metric=settings.metric, gain=gain)


@dataclass
class Comparison:
    """A set of posts against the current ones on fresh seeds, paired."""

    name: str
    posts: Posts
    mean: float
    gain: Interval  # in the metric's better direction: > 0 is better than the current
    new_skills: int


def compare_to_current(
    spec: SimSpec,
    candidates: Mapping[str, Posts],
    seeds: list[int],
    settings: SearchSettings,
    tick: Callable[[], None] = lambda: None,
) -> tuple[float, list[Comparison]]:
    """The current office's mean and each candidate's paired gain over it (same seeds)."""
    sign = better_sign(settings.metric)
    tick()
    current = metric_values(spec, seeds, settings.metric)
    out = []
    for name, posts in candidates.items():
        tick()
        candidate = with_posts(spec, posts, settings.limits, name)
        values = metric_values(candidate, seeds, settings.metric)
        gain = t_interval(sign * (values - current), settings.confidence)
        out.append(
            Comparison(name, posts, float(np.nanmean(values)), gain, skills_learned(spec, posts))
        )
    return float(np.nanmean(current)), out


def verdict(gain: Interval, band: float) -> str:
    """The gain's verdict.

    ``better`` (interval above zero and the mean beyond the band), ``worse`` (the mirror
    image) or ``no practical difference``.
    """
    if gain.ci_low > 0 and gain.mean > band:
        return "better"
    if gain.ci_high < 0 and gain.mean < -band:
        return "worse"
    return "no practical difference"
