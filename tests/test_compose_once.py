"""A single run is composed once: Hydra runs the config the checks composed, as it would have.

The command runs in process (``cli.main`` with ``sys.argv`` set); the reference is the same
command with the reuse switched off, Hydra composing the config itself, as before.
"""

from __future__ import annotations

import gc
import json
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
import yaml
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.types import RunMode
from omegaconf import OmegaConf

from orgsim.experiments import cli
from orgsim.experiments.compose import compose_config
from orgsim.experiments.compose_once import CONFIG_NAME, RUN_MODE_OVERRIDE, reusable
from orgsim.experiments.preflight import check_composed

ROOT = Path(__file__).resolve().parent.parent
QUICK = ["workload=quick", "replications=2", "figure=false", "n_jobs=1", "progress=false"]


def orgsim(monkeypatch, args: list[str], out: Path, reuse: bool = True) -> int:
    """Run ``orgsim ARGS hydra.run.dir=OUT`` in process; how many configs were composed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(out.parent / ".cache"))
    monkeypatch.setattr(sys, "argv", ["orgsim", *args, f"hydra.run.dir={out}"])
    if not reuse:
        monkeypatch.setattr(cli, "reused_by_hydra", lambda composed: nullcontext())
    composed = []
    compose = ConfigLoaderImpl._load_configuration_impl

    def counted(self, *args, **kwargs):
        composed.append(kwargs.get("overrides"))
        return compose(self, *args, **kwargs)

    monkeypatch.setattr(ConfigLoaderImpl, "_load_configuration_impl", counted)
    cli.main()
    monkeypatch.undo()
    return len(composed)


def saved(out: Path) -> dict[str, str]:
    """Hydra's saved configs and the results, with the output folder's name taken out."""
    files = [".hydra/config.yaml", ".hydra/hydra.yaml", ".hydra/overrides.yaml"]
    texts = {name: (out / name).read_text().replace(str(out), "OUT") for name in files}
    summary = json.loads((out / "summary.json").read_text())
    texts["summary"] = json.dumps(summary["structures"], sort_keys=True)
    return texts


def pooling_file(folder: Path, rate: float = 0.3) -> Path:
    """The shipped four-person office as a file of the user's, with arrival rate ``rate``."""
    office = yaml.safe_load((ROOT / "conf" / "org" / "pooling_four.yaml").read_text())
    for matter in office["matter_types"].values():
        matter["arrival_rate"] = rate
    path = folder / "my_office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["experiment=huaisi", "workload.horizon=200", "workload.warmup=20"],
        ["hydra.mode=RUN", "seed=7", "hydra.job.name=mine"],
        ["ORG", "org.matter_types.a.arrival_rate=0.25"],
    ],
    ids=["default", "experiment", "mode given", "org file"],
)
def test_hydra_runs_the_config_it_would_have_composed(monkeypatch, tmp_path, extra):
    args = [f"org={pooling_file(tmp_path)}" if a == "ORG" else a for a in extra]
    once = orgsim(monkeypatch, [*QUICK, *args], tmp_path / "once")
    thrice = orgsim(monkeypatch, [*QUICK, *args], tmp_path / "thrice", reuse=False)
    assert (once, thrice) == (1, 3)  # the checks' own, against theirs plus Hydra's two
    assert saved(tmp_path / "once") == saved(tmp_path / "thrice")
    assert gc.isenabled()  # paused for the checks only


def test_a_changed_org_file_is_read_again_by_the_next_command(monkeypatch, tmp_path):
    path = pooling_file(tmp_path, rate=0.3)
    orgsim(monkeypatch, [*QUICK, f"org={path}"], tmp_path / "first")
    pooling_file(tmp_path, rate=0.6)  # same path, same process
    orgsim(monkeypatch, [*QUICK, f"org={path}"], tmp_path / "second")
    rates = [
        {
            m["arrival_rate"]
            for m in yaml.safe_load((tmp_path / run / ".hydra" / "config.yaml").read_text())["org"][
                "matter_types"
            ].values()
        }
        for run in ("first", "second")
    ]
    assert rates == [{0.3}, {0.6}]
    first, second = (saved(tmp_path / run)["summary"] for run in ("first", "second"))
    assert first != second


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ("org.matter_types.a.arival_rate=0.5", "org.matter_types.a"),
        ("workload.horizon=-5", "workload.horizon"),
        ("replications=0", "replications"),
    ],
)
def test_bad_input_is_still_one_line_and_leaves_no_folder(
    monkeypatch, tmp_path, capsys, bad, field
):
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as exited:
        orgsim(monkeypatch, [*QUICK, bad], out)
    assert exited.value.code == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"orgsim: error: {field}") and "\n" not in error, error
    assert not out.exists()
    assert gc.isenabled()


def test_the_checks_leave_the_config_as_hydra_composed_it():
    cfg = compose_config(QUICK, with_hydra=True)
    before = OmegaConf.to_container(cfg, resolve=False)
    check_composed(cfg)
    # the same content (Hydra's node now comes last among the keys, which nothing reads:
    # Hydra saves and runs the job's part and its own node apart)
    assert OmegaConf.to_container(cfg, resolve=False) == before
    assert OmegaConf.is_readonly(cfg.hydra) is False and OmegaConf.is_struct(cfg)
    assert OmegaConf.get_type(cfg, "hydra") is OmegaConf.get_type(compose_config([], True).hydra)


def test_only_a_plain_single_run_is_reused():
    cfg = compose_config(QUICK, with_hydra=True)
    assert reusable(None, QUICK) is None  # a sweep: the checks return no config
    for flag in (["-m"], ["--config-dir", "/elsewhere"], ["-cn", "other"]):
        assert reusable(cfg, [*QUICK, *flag]) is None
    sweeping = compose_config([*QUICK, "hydra.mode=MULTIRUN"], with_hydra=True)
    assert reusable(sweeping, [*QUICK, "hydra.mode=MULTIRUN"]) is None
    assert reusable(cfg, QUICK) is not None


def test_hydra_gets_the_config_for_its_two_compositions_once_each():
    composed = reusable(compose_config(QUICK, with_hydra=True), QUICK)
    assert composed is not None
    run = [*QUICK, RUN_MODE_OVERRIDE]
    assert composed.answer("other", QUICK, RunMode.MULTIRUN, False) is None
    assert composed.answer(CONFIG_NAME, [*QUICK, "seed=1"], RunMode.MULTIRUN, False) is None
    mode = composed.answer(CONFIG_NAME, QUICK, RunMode.MULTIRUN, False)
    assert mode is not None and mode.hydra.mode is None  # Hydra then appends hydra.mode=RUN
    assert composed.answer(CONFIG_NAME, QUICK, RunMode.MULTIRUN, False) is None
    assert composed.answer(CONFIG_NAME, QUICK, RunMode.RUN, True) is None  # not what it asks
    served = composed.answer(CONFIG_NAME, run, RunMode.RUN, True)
    assert served is not None and served.hydra.mode == RunMode.RUN
    assert list(served.hydra.overrides.hydra)[-1] == RUN_MODE_OVERRIDE
    assert composed.answer(CONFIG_NAME, run, RunMode.RUN, True) is None  # once
