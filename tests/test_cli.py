"""The real ``orgsim`` command, run in a subprocess as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ORGSIM = str(Path(sys.executable).parent / "orgsim")
QUICK = ["workload=quick", "replications=3", "figure=false"]


def orgsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in ``cwd``, with its org-file cache there too."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run(
        [ORGSIM, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env
    )


def test_default_run_writes_every_result_file(tmp_path):
    out = tmp_path / "run"
    done = orgsim("workload=quick", "replications=3", f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wait_mean" in done.stdout and "merged - current" in done.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["structures"]) == {"current", "merged"}
    wait = summary["structures"]["merged"]["metrics"]["wait_mean"]
    assert wait["ci_low"] <= wait["mean"] <= wait["ci_high"] and wait["n"] == 3
    assert summary["paired_differences"]["merged"]["wait_mean"]["baseline"] == "current"
    table = pd.read_parquet(out / "replications.parquet")
    assert len(table) == 6 and {"structure", "replication", "seed", "wait_mean"} <= set(table)
    assert (table.groupby("replication").seed.nunique() == 1).all()  # common random numbers
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["seed"] == 20261121 and config["run"]["versions"]["orgsim"]
    assert len(config["run"]["replication_seeds"]) == 3
    assert (out / "comparison.png").stat().st_size > 10_000
    assert (out / "staff.parquet").exists()


def test_results_are_never_silently_overwritten(tmp_path):
    out = tmp_path / "run"
    assert orgsim(*QUICK, f"hydra.run.dir={out}", cwd=tmp_path).returncode == 0
    before = (out / "summary.json").read_bytes()
    again = orgsim(*QUICK, "seed=5", f"hydra.run.dir={out}", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr and "overwrite=true" in again.stderr
    assert (out / "summary.json").read_bytes() == before
    forced = orgsim(*QUICK, "seed=5", "overwrite=true", f"hydra.run.dir={out}", cwd=tmp_path)
    assert forced.returncode == 0 and (out / "summary.json").read_bytes() != before


def test_org_file_anywhere_on_disk_runs_and_its_fields_can_be_overridden(tmp_path):
    office = tmp_path / "elsewhere" / "my office.yaml"
    office.parent.mkdir()
    shutil.copy(ROOT / "conf" / "org" / "pooling_four.yaml", office)
    out = tmp_path / "run"
    done = orgsim(
        f"org={office}",
        "org.matter_types.a.arrival_rate=0.3",
        *QUICK,
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["org"]["matter_types"]["a"]["arrival_rate"] == 0.3
    assert config["org_source"] == str(office)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["org.matter_types.a.arrival_rate=-1"], "org.matter_types.a.arrival_rate"),
        (["org.matter_types.a.arrival_rate=fast"], "org.matter_types.a.arrival_rate"),
        (["org.matter_types.a.servce.mean=2"], "unknown key 'servce'"),
        (["org.staff.wang.b_post=Nowhere"], "org.staff.wang.b_post: section 'Nowhere'"),
        (["org=/no/such/office.yaml"], "does not exist"),
        (["org=no_such_org"], "org: no config 'no_such_org'"),
        (["structure=nosuch"], "structure: unknown structure 'nosuch'"),
        (["replications=1"], "replications"),
        (["-m", "org.matter_types.a.arrival_rate=0.5,-2"], "org.matter_types.a.arrival_rate"),
    ],
)
def test_bad_input_is_one_line_exit_2_no_traceback(tmp_path, args, expected):
    done = orgsim(*QUICK, *args, f"hydra.run.dir={tmp_path / 'run'}", cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orgsim: error: "), done.stderr
    assert expected in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "run").exists() and not (tmp_path / "multirun").exists()


def test_unservable_matter_type_and_unreadable_org_file(tmp_path):
    office = yaml.safe_load((ROOT / "conf" / "org" / "pooling_four.yaml").read_text())
    office["matter_types"]["e"] = {"arrival_rate": 0.1}
    office["sections"]["A"]["handles"].append("e")
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(office))
    done = orgsim(f"org={path}", *QUICK, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("orgsim: error: org.matter_types.e: nobody can serve it")
    broken = tmp_path / "broken.yaml"
    broken.write_text("matter_types: [unclosed\n")
    done = orgsim(f"org={broken}", *QUICK, cwd=tmp_path)
    assert done.returncode == 2 and "not valid YAML at line" in done.stderr
    locked = tmp_path / "locked.yaml"
    locked.write_bytes(b"\xff\xfe\x00bad")
    done = orgsim(f"org={locked}", *QUICK, cwd=tmp_path)
    assert done.returncode == 2 and "cannot read" in done.stderr


def test_overload_warns_clearly_and_the_run_still_finishes(tmp_path):
    out = tmp_path / "run"
    done = orgsim(
        "org.matter_types.a.arrival_rate=1.4", *QUICK, f"hydra.run.dir={out}", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "orgsim: warning: structure 'current' is overloaded" in done.stderr
    assert (out / "summary.json").exists()


def test_broken_yaml_in_a_config_group_is_one_line(tmp_path):
    (tmp_path / "extra" / "org").mkdir(parents=True)
    (tmp_path / "extra" / "org" / "broken.yaml").write_text("name: a: b\n")
    done = orgsim(f"hydra.searchpath=[file://{tmp_path / 'extra'}]", "org=broken", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("orgsim: error: ") and len(done.stderr.splitlines()) == 1
    assert "broken.yaml line 1" in done.stderr and "Traceback" not in done.stderr
