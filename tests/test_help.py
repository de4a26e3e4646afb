"""``orgsim --help``: one screen naming the tasks, experiments, groups and companion commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orgsim.experiments.help import experiment_summary, help_text
from orgsim.experiments.paths import shipped

ORGSIM = str(Path(sys.executable).parent / "orgsim")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ORGSIM, *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_fits_a_screen_and_names_everything_a_user_types(flag, tmp_path):
    done = _run(flag, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) < 60
    assert max(map(len, lines)) <= 100
    for name in shipped("experiment"):
        assert any(line.split()[:1] == [name] for line in lines), name
    for word in ("compare", "capacity", "staffing", "orgsim-report", "orgsim-aggregate"):
        assert word in done.stdout, word
    for text in ("--cfg job", "--hydra-help", "org=", "workload=", "reform=", "hydra/launcher="):
        assert text in done.stdout, text
    assert not list(tmp_path.iterdir()), "help must not leave an output folder"


def test_every_shipped_option_of_every_group_is_listed():
    text = help_text()
    for group in ("org", "workload", "reform", "hydra/launcher"):
        for name in shipped(group):
            assert name in text, (group, name)


def test_every_experiment_opens_with_a_one_line_headline():
    for name in shipped("experiment"):
        headline = experiment_summary(name)
        assert 10 < len(headline) <= 76, (name, headline)
        assert f"  {name}" in help_text() and headline in help_text()


def test_hydra_help_and_the_config_printout_still_work(tmp_path):
    hydra_help = _run("--hydra-help", cwd=tmp_path)
    assert hydra_help.returncode == 0 and "Hydra" in hydra_help.stdout
    config = _run("--cfg", "job", "experiment=pooling_demo", cwd=tmp_path)
    assert config.returncode == 0, config.stderr
    assert "replications:" in config.stdout and "matter_types:" in config.stdout
