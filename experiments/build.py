"""Turn a composed config into validated engine specs, one per structure compared."""

from __future__ import annotations

import dataclasses
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim import MatterType, Section, ServiceTime, SimSpec, SpecError, StaffMember, Structure
from sim.capacity import required_utilisation
from sim.reform import Reform, apply_reform
from sim.spec import Absence, Batch, Calendar, RateProfile, Step, check_switch

CURRENT = "current"


class ConfigError(ValueError):
    """A config that cannot be run; the message is one line naming the field and the fix."""


def _plain(node: Any) -> Any:
    return OmegaConf.to_container(node, resolve=True) if isinstance(node, DictConfig) else node


def _service(node: dict[str, Any] | None) -> ServiceTime | None:
    if node is None:
        return None
    return ServiceTime(node["distribution"], node["mean"], node["cv"])


def _matter_types(org: dict[str, Any], scale: float) -> tuple[MatterType, ...]:
    types = []
    for name, m in org["matter_types"].items():
        steps = tuple(
            Step(step["skill"] or step_name, _service(step["service"]), step["approval"])
            for step_name, step in m["steps"].items()
        )
        types.append(
            MatterType(
                name=name,
                arrival_rate=m["arrival_rate"] * scale,
                service=_service(m["service"]),
                deadline=m["deadline"],
                steps=steps,
                priority=m["priority"],
                priority_class=m["priority_class"],
                profiles=tuple(
                    RateProfile(p["period"], tuple(p["multipliers"]))
                    for p in m["profiles"].values()
                ),
                batches=tuple(
                    Batch(b["every"], b["size"], b["start"]) for b in m["batches"].values()
                ),
            )
        )
    return tuple(types)


def _current(org: dict[str, Any]) -> Structure:
    sections = tuple(
        Section(name, tuple(s["handles"]), s["unit"]) for name, s in org["sections"].items()
    )
    staff = tuple(
        StaffMember(
            name,
            p["section"],
            tuple(p["skills"].items()),
            p["a_post"],
            p["b_post"],
            p["absence_rate"],
        )
        for name, p in org["staff"].items()
    )
    return Structure(
        CURRENT,
        sections,
        staff,
        org["policy"],
        _service(org["handoff_delay"]),
        _service(org["consultation_delay"]),
        Absence(
            org["absence"]["rate"],
            _service(org["absence"]["duration"]),
            org["absence"]["on_interrupt"],
        ),
        org["b_rule"],
        org["b_threshold"],
        calendar=None if org["calendar"] is None else Calendar(**org["calendar"]),
        coordination_cost=org["coordination_cost"],
    )


def _reforms(cfg: dict[str, Any]) -> dict[str, Reform]:
    reforms: dict[str, Reform] = {}
    for origin, table in (
        ("org.structures", cfg["org"]["structures"]),
        ("reforms", cfg["reforms"]),
    ):
        for name, r in table.items():
            if name == CURRENT or name in reforms:
                raise ConfigError(
                    f"{origin}.{name}: the structure name is already taken; rename it"
                )
            reforms[name] = Reform(
                name=name,
                description=r["description"],
                merge={big: tuple(parts) for big, parts in r["merge"].items()},
                units=dict(r["units"]),
                co_locate={pool: tuple(parts) for pool, parts in r["co_locate"].items()},
                remove_staff=tuple(r["remove_staff"]),
                cut_share=r["cut_share"],
                two_way_selection=r["two_way_selection"],
                merge_units=r["merge_units"],
                b_post_arrangement=r["b_post_arrangement"],
                b_post_speed=r["b_post_speed"],
                b_rule=r["b_rule"],
                b_threshold=r["b_threshold"],
                skip_steps=tuple(r["skip_steps"]),
                learning_start=r["learning_start"],
                learning_matters=r["learning_matters"],
                drop_matter_types=tuple(r["drop_matter_types"]),
                borrow_delay=_service(r["borrow_delay"]),
                coordination_cost=r["coordination_cost"],
                b_posts=dict(r["b_posts"]),
                add_skills={who: dict(s) for who, s in r["add_skills"].items()},
                policy=r["policy"],
                handoff_delay=_service(r["handoff_delay"]),
                consultation_delay=_service(r["consultation_delay"]),
            )
    return reforms


def selected_names(cfg: DictConfig | dict[str, Any], available: list[str]) -> list[str]:
    """The structures to run: ``structure`` is ``all``, one name, or names joined by ``+``."""
    choice = str(cfg["structure"]).strip()
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
    workload: dict[str, Any],
) -> dict[str, SimSpec]:
    specs = {}
    for name, structure in structures.items():
        try:
            specs[name] = SimSpec(types, structure, workload["horizon"], workload["warmup"])
        except SpecError as error:
            prefix = "" if str(error).startswith("workload.") else "org."
            where = "" if name == CURRENT else f" (in structure {name!r})"
            raise ConfigError(f"{prefix}{error}{where}") from error
    return specs


TASKS = ("compare", "capacity", "staffing")


def _check_target(group: str, settings: dict[str, Any]) -> None:
    share, deadline = settings["share"], settings["deadline"]
    if not (isinstance(share, int | float) and 0 < share <= 1):
        raise ConfigError(f"{group}.share: {share!r} is not a share; give one in (0, 1], e.g. 0.9")
    if deadline is not None and not (isinstance(deadline, int | float) and deadline > 0):
        raise ConfigError(
            f"{group}.deadline: {deadline!r} is not positive; give a time limit such as 8, "
            "or null to use each matter type's own deadline"
        )


def check_run_settings(cfg: DictConfig | dict[str, Any]) -> None:
    """Checks on the run itself (not the office); raises ConfigError."""
    if cfg["replications"] < 2:
        raise ConfigError(
            f"replications: {cfg['replications']} is too few for an interval; use 2 or more "
            "(10 or more for results you report)"
        )
    task = cfg["task"]
    if task not in TASKS:
        raise ConfigError(f"task: unknown task {task!r}; use one of {', '.join(TASKS)}")
    if task == "capacity":
        settings = _plain(cfg["capacity"])
        _check_target("capacity", settings)
        if not 0 < settings["tolerance"] < 0.5:
            raise ConfigError(
                f"capacity.tolerance: {settings['tolerance']!r} is out of range; give a share "
                "of the stability limit between 0 and 0.5, e.g. 0.01"
            )
        if settings["curve_points"] < 2:
            raise ConfigError(
                f"capacity.curve_points: {settings['curve_points']} is too few; use 2 or more"
            )
    if task == "staffing":
        settings = _plain(cfg["staffing"])
        _check_target("staffing", settings)
        if settings["most"] < 1:
            raise ConfigError(
                f"staffing.most: {settings['most']} is too few; give the largest staff to try"
            )


def build_specs(cfg: DictConfig | dict[str, Any]) -> dict[str, SimSpec]:
    """Validated specs for the selected structures, baseline first; raises ConfigError."""
    plain = _plain(cfg)
    org, workload = plain["org"], plain["workload"]
    scale = workload["arrival_scale"]
    if not (isinstance(scale, int | float) and scale > 0):
        raise ConfigError(f"workload.arrival_scale: {scale!r} is not positive; give a number > 0")
    try:
        current = _current(org)
        reforms = _reforms(plain)
        structures = {CURRENT: current}
        for name, reform in reforms.items():
            structures[name] = apply_reform(current, reform)
    except SpecError as error:
        raise ConfigError(f"org.{error}") from error
    names = selected_names(plain, list(structures))
    baseline = plain["baseline"]
    if baseline not in structures:
        raise ConfigError(
            f"baseline: unknown structure {baseline!r}; use one of {', '.join(structures)}"
        )
    ordered = [baseline] if baseline in names else []
    ordered += [n for n in names if n != baseline]
    chosen = {n: structures[n] for n in ordered}
    specs = _specs_for(_matter_types(org, scale), chosen, workload)
    target = workload["target_load"]
    if target is not None:
        if not (isinstance(target, int | float) and target > 0):
            raise ConfigError(
                f"workload.target_load: {target!r} is not positive; give a load such as 0.8"
            )
        reference = _specs_for(
            _matter_types(org, scale), {baseline: structures[baseline]}, workload
        )[baseline]
        factor = target / required_utilisation(reference)
        specs = {
            name: dataclasses.replace(
                spec,
                matter_types=tuple(
                    dataclasses.replace(m, arrival_rate=m.arrival_rate * factor)
                    for m in spec.matter_types
                ),
            )
            for name, spec in specs.items()
        }
    task = plain.get("task", "compare")
    deadlines = any(m.deadline is not None for s in specs.values() for m in s.matter_types)
    if task in ("capacity", "staffing") and plain[task]["deadline"] is None and not deadlines:
        raise ConfigError(
            f"{task}.deadline: no matter type has a deadline; give one, e.g. {task}.deadline=8"
        )
    reform_at = workload["reform_at"]
    if reform_at is not None:
        base = specs.get(baseline)
        if base is None:
            raise ConfigError(
                f"workload.reform_at: the baseline {baseline!r} is not among the structures "
                "run; it is the structure before the reform takes effect"
            )
        for name, spec in specs.items():
            if name != baseline:
                try:
                    check_switch(base, spec, reform_at)
                except SpecError as error:
                    raise ConfigError(f"{error} (with workload.reform_at)") from error
    return specs


def descriptions(cfg: DictConfig | dict[str, Any]) -> dict[str, str]:
    """Structure name -> its one-line description."""
    plain = _plain(cfg)
    out = {CURRENT: plain["org"]["description"] or "the office as it is now"}
    for table in (plain["org"]["structures"], plain["reforms"]):
        out.update({name: r["description"] for name, r in table.items()})
    return out
