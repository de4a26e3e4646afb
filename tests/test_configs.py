"""Every shipped config composes, validates and builds specs; the docs example too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orgsim.analysis.results_folder import RESULT_FILES
from orgsim.experiments.build import build_specs
from orgsim.experiments.compose import compose_config
from orgsim.experiments.paths import CONF_DIR
from orgsim.sim import required_utilisation

ROOT = Path(__file__).resolve().parent.parent
CONF = Path(CONF_DIR)


def _options(group: str) -> list[str]:
    return sorted(p.stem for p in (CONF / group).glob("*.yaml"))


#: Experiments whose 300-hour run takes minutes (the city: 3,000 staff, some 900 matters an
#: hour) run it only with ``-m slow``; tests/regression runs them shorter by default.
LARGE = {"city"}


def _scenarios() -> list:
    return [
        pytest.param(e, marks=pytest.mark.slow) if e in LARGE else e for e in _options("experiment")
    ]


@pytest.mark.parametrize(
    "experiment",
    [pytest.param(e, marks=pytest.mark.slow) if e in LARGE else e for e in _options("experiment")],
)
def test_every_experiment_builds_stable_specs(experiment):
    specs = build_specs(compose_config([f"experiment={experiment}"]))
    assert "current" in specs and len(specs) >= 2
    assert required_utilisation(specs["current"]) < 1  # alternatives may be overloaded


@pytest.mark.parametrize(
    "org",
    [pytest.param(o, marks=pytest.mark.slow) if o in LARGE else o for o in _options("org")],
)
@pytest.mark.parametrize("reform", _options("reform"))
def test_every_org_with_every_generic_reform(org, reform):
    """Every org builds with every generic reform (the city's builds, 9 s each, only -m slow)."""
    specs = build_specs(compose_config([f"org={org}", f"reform={reform}"]))
    assert next(iter(specs)) == "current"


def test_pooling_demo_is_the_teaching_case():
    specs = build_specs(compose_config(["experiment=pooling_demo"]))
    assert [len(s.structure.sections) for s in specs.values()] == [4, 1]
    assert all(required_utilisation(s) == pytest.approx(0.8) for s in specs.values())


def test_bengbu_office_matches_the_report():
    specs = build_specs(compose_config(["experiment=bengbu_nrpb"]))
    current, big = specs["current"].structure, specs["big_sections"].structure
    merged = specs["big_sections_merged_queue"].structure
    sections = [
        s for s in current.sections if s.handles != (f"{s.name.removesuffix('_chief')}_sign",)
    ]
    pools = {s.pool for s in big.sections}  # big sections co-located: one pool each
    assert len(sections) == 23 and len(pools) == 10 and len(merged.sections) == 10
    assert len(current.staff) == 44 and len(big.staff) / len(pools) == pytest.approx(4.4)


def test_target_load_rescales_demand():
    specs = build_specs(compose_config(["workload.target_load=0.5"]))
    assert required_utilisation(specs["current"]) == pytest.approx(0.5)


def test_documented_example_org_file_runs(tmp_path):
    example = CONF / "org" / "example.yaml"
    office = tmp_path / "office.yaml"
    shutil.copy(example, office)
    orgsim = str(Path(sys.executable).parent / "orgsim")
    done = subprocess.run(
        [
            orgsim,
            f"org={office}",
            "workload=quick",
            "replications=2",
            "figure=false",
            f"hydra.run.dir={tmp_path / 'run'}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "run" / "summary.json").exists()


def test_an_org_file_named_like_a_shipped_office_is_the_users_own(tmp_path):
    """``org=/somewhere/city.yaml`` is that file, not the shipped city of the same name."""
    from orgsim.experiments.org_files import redirect_org_file

    own = tmp_path / "city.yaml"
    shutil.copy(CONF / "org" / "short_and_long.yaml", own)
    cfg = compose_config(redirect_org_file([f"org={own}"]))
    assert cfg.org.name == "Short and long matters"
    assert len(build_specs(cfg)["current"].structure.staff) == 2


@pytest.mark.slow
def test_every_experiment_runs_in_a_multirun_sweep(tmp_path):
    orgsim = str(Path(sys.executable).parent / "orgsim")
    done = subprocess.run(
        [
            orgsim,
            "-m",
            "experiment=" + ",".join(_options("experiment")),
            "workload=quick",
            "replications=2",
            f"hydra.sweep.dir={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # each job wrote its task's result: summary.json, or capacity.json / staffing.json
    jobs = [p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith(".")]
    finished = [job for job in jobs if any((job / name).is_file() for name in RESULT_FILES)]
    assert len(finished) == len(jobs) == len(_options("experiment"))


def test_code_is_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    done = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_package_type_checks():
    from tests.typecheck import run_mypy

    done = run_mypy()
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("experiment", _scenarios())
def test_every_scenario_runs_for_a_short_horizon(experiment, tmp_path, capsys):
    from orgsim.experiments.app import execute

    overrides = ["workload.horizon=300", "workload.warmup=30", "replications=2", "figure=false"]
    cfg = compose_config([f"experiment={experiment}", *overrides])
    if cfg.workload.reform_at is not None:  # keep the mid-run reform inside the short run
        cfg = compose_config([f"experiment={experiment}", *overrides, "workload.reform_at=150"])
    if cfg.task == "capacity":  # a search: a coarse one is enough to show it runs
        cfg = compose_config([f"experiment={experiment}", *overrides, "capacity.tolerance=0.2"])
    result = execute(cfg, tmp_path)
    printed = capsys.readouterr().out
    if cfg.task == "compare":
        assert "wait_mean" in printed
        assert set(result["structures"]) == set(build_specs(cfg))
        assert (tmp_path / "summary.json").exists() and (tmp_path / "comparison.md").exists()
    else:
        assert (tmp_path / f"{cfg.task}.json").exists() and (tmp_path / f"{cfg.task}.md").exists()
        assert "results in" in printed


def test_time_series_runs_write_their_figures_and_welch_plot(tmp_path, capsys):
    from orgsim.experiments.app import execute

    overrides = ["workload.horizon=60", "replications=3", "timeseries=true"]
    result = execute(compose_config(["experiment=fusion_demo", *overrides]), tmp_path)
    capsys.readouterr()
    for name in ("timeseries.parquet", "backlog.png", "backlog.svg", "welch.png", "welch.svg"):
        assert (tmp_path / name).stat().st_size > 0, name
    merged = result["paired_differences"]["chemical"]["wait_mean"]
    assert 0.0 <= merged["p_value"] <= merged["p_holm"] <= 1.0
