"""The package as a user installs it: a wheel, non-editable, in a fresh venv, used elsewhere.

Builds the wheel from a clean copy of the sources (no stale ``build/`` folder can leak in),
installs it with its dependencies into a new virtual environment (pip's cache makes this a
local copy after the first set-up), and runs ``orgsim`` and ``orgsim-report`` from a folder
that has its own ``sim/``, ``experiments/`` and ``analysis/`` packages, which must not
shadow orgsim's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(
    ".venv*", ".git", "build", "dist", "outputs", "multirun", "*.egg-info", "__pycache__", ".*cache"
)


PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]


def _run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, wheel path): orgsim installed from its wheel into a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    _run(
        [*PIP_WHEEL, "-w", str(base / "dist"), str(source)],
        cwd=base,
    )
    wheel = next((base / "dist").glob("orgsim-*.whl"))
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=base)
    return venv / "bin", wheel


def test_wheel_holds_one_namespaced_package_with_its_configs(installed):
    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"orgsim"}, f"top-level entries besides orgsim: {tops}"
    shipped = {
        f"orgsim/conf/{p.relative_to(ROOT / 'conf')}" for p in (ROOT / "conf").rglob("*.yaml")
    }
    assert shipped <= set(names), f"configs missing from the wheel: {sorted(shipped - set(names))}"
    assert "orgsim/conf/org/example.yaml" in names


def _unrelated_folder(tmp_path: Path) -> Path:
    """A researcher's folder with packages named like orgsim's layers, which would break it."""
    folder = tmp_path / "my-project"
    for name in ("sim", "experiments", "analysis", "conf"):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text("raise ImportError('shadowed by the user')\n")
    return folder


def test_installed_commands_run_from_an_unrelated_folder(installed, tmp_path):
    bin_dir, _ = installed
    folder = _unrelated_folder(tmp_path)
    run = folder / "run"
    done = _run(
        [str(bin_dir / "orgsim"), "experiment=pooling_demo", f"hydra.run.dir={run}"], cwd=folder
    )
    assert "merged - current" in done.stdout
    summary = json.loads((run / "summary.json").read_text())
    assert set(summary["structures"]) == {"current", "merged"}
    _run([str(bin_dir / "orgsim-report"), str(run)], cwd=folder)
    page = (run / "report.html").read_text()
    assert "wait" in page and "merged" in page


def test_installed_python_api_loads_a_shipped_scenario(installed, tmp_path):
    bin_dir, _ = installed
    folder = _unrelated_folder(tmp_path)
    code = (
        "import orgsim; o = orgsim.load_office('pooling_demo'); "
        "print(orgsim.__version__, list(o.specs), orgsim.__file__)"
    )
    done = _run([str(bin_dir / "python"), "-c", code], cwd=folder)
    assert "['current', 'merged']" in done.stdout
    assert "site-packages" in done.stdout  # the installed copy, not the repository
