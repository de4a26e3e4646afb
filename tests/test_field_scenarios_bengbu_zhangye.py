"""The Bengbu and Zhangye scenarios model the structures their reports describe.

Structure checks read the built specs; behaviour checks are short runs (a few hundred
working hours, two replications), not the documented full-length runs.
"""

from __future__ import annotations

from statistics import mean

import pytest

from orgsim.experiments.build import build_specs
from orgsim.experiments.compose import compose_config
from orgsim.sim import SimSpec, simulate

SHORT = ["workload.horizon=400", "workload.warmup=40", "replications=2", "figure=false"]
SEEDS = (1, 2)


def _specs(*overrides: str) -> dict[str, SimSpec]:
    return build_specs(compose_config(list(overrides)))


def _mean_metric(spec: SimSpec, metric: str) -> float:
    """Mean of ``metric`` over the short runs of ``spec``."""
    return mean(simulate(spec, seed).metrics[metric] for seed in SEEDS)


def _signers(spec: SimSpec) -> set[str]:
    return {m.name for m in spec.structure.staff if any(k.endswith("_sign") for k, _ in m.skills)}


@pytest.fixture(scope="module")
def nrpb() -> dict[str, SimSpec]:
    return _specs("experiment=bengbu_nrpb", *SHORT)


def test_bengbu_big_sections_keep_posts_and_b_posts_inside(nrpb):
    big = nrpb["big_sections"].structure
    pool = {s.name: s.pool for s in big.sections}
    ab = {m.name: m for m in nrpb["ab_posts"].structure.staff}
    for member in big.staff:
        assert member.section == ab[member.name].section  # nobody moved: posts kept
        if member.b_post is not None and not member.name.endswith("_1"):
            assert member.b_post == ab[member.name].b_post
            assert pool[member.b_post] == pool[member.section]  # the B post is inside
    assert len(set(pool.values())) == 10


def test_bengbu_merged_queue_is_the_labelled_sensitivity(nrpb):
    merged = nrpb["big_sections_merged_queue"].structure
    described = compose_config(["experiment=bengbu_nrpb"]).org.structures
    assert described["big_sections_merged_queue"].description.startswith("SENSITIVITY")
    assert len(merged.sections) == 10
    assert all(m.b_post is None for m in merged.staff)


def test_bengbu_chiefs_sign_before_and_one_head_per_big_section_after(nrpb):
    assert len(_signers(nrpb["current"])) == 23
    assert len(_signers(nrpb["ab_posts"])) == 23
    assert len(_signers(nrpb["big_sections"])) == 10
    assert len(_signers(nrpb["big_sections_chiefs_sign"])) == 23
    steps = nrpb["current"].matter_types[0].steps
    assert [s.approval for s in steps] == [False, True]


def test_bengbu_reforms_run_in_after_taking_effect_mid_run(nrpb):
    config = compose_config(["experiment=bengbu_nrpb"])
    assert config.workload.reform_at == config.workload.warmup == 200
    for name in ("ab_posts", "big_sections", "big_sections_merged_queue"):
        structure = nrpb[name].structure
        assert structure.learning_start == 0.5
        assert any(m.learning for m in structure.staff)
    assert not any(m.learning for m in nrpb["current"].structure.staff)


def test_bengbu_sign_off_waits_are_reported_and_grow_with_one_head(nrpb):
    current = _mean_metric(nrpb["current"], "approval_wait_mean")
    head = _mean_metric(nrpb["big_sections"], "approval_wait_mean")
    assert 0 < current < head


def test_bengbu_posts_kept_means_less_unfamiliar_work_than_one_queue():
    trained = [f"org.structures.{s}.learning_start=1" for s in ("big_sections", "ab_posts")]
    trained.append("org.structures.big_sections_merged_queue.learning_start=1")
    specs = _specs("experiment=bengbu_nrpb", *SHORT, *trained)
    own_first = _mean_metric(specs["big_sections"], "work_mean")
    one_queue = _mean_metric(specs["big_sections_merged_queue"], "work_mean")
    assert _mean_metric(specs["current"], "work_mean") < own_first < one_queue


def test_bengbu_25_units_big_sections_are_co_located_with_a_merged_sensitivity():
    specs = _specs("experiment=bengbu_25_units", "structure=all", *SHORT)
    big = specs["big_sections"].structure
    assert len(big.sections) == 196 and len({s.pool or s.name for s in big.sections}) == 129
    assert len(specs["big_sections_merged_queue"].structure.sections) == 129
    assert list(_specs("experiment=bengbu_25_units", *SHORT)) == ["current", "big_sections"]


def test_zhangye_planning_office_has_its_own_work():
    specs = _specs("experiment=zhangye", *SHORT)
    office = [m.name for m in specs["current"].structure.staff if m.section == "planning_office"]
    busy = simulate(specs["current"], 1).staff_utilisation
    assert len(office) == 3 and all(busy[name] > 0.2 for name in office)


def test_zhangye_policy_and_merger_are_separated():
    specs = _specs("experiment=zhangye", *SHORT)
    sections_kept = specs["one_department_ab"].structure
    assert sections_kept.policy == "ab" and len(sections_kept.sections) == 4
    assert len(specs["one_section"].structure.sections) == 3
    strict = _mean_metric(specs["one_department"], "idle_while_work_waits")
    assert _mean_metric(specs["one_department_ab"], "idle_while_work_waits") < strict
