"""Run mypy on the installed layout: ``orgsim.sim``, ``orgsim.analysis``, ``orgsim.experiments``.

The folders sit at the top of the repository and are mapped into ``orgsim`` by setuptools'
``package-dir``, which mypy cannot follow; a view of symbolic links under ``build/`` gives
it the package as installed. ``python -m tests.typecheck`` (``make lint`` does this).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sim", "experiments", "analysis")


def package_view() -> Path:
    """``build/typecheck/orgsim``: the package as installed, made of links into the repo."""
    base = ROOT / "build" / "typecheck"
    view = base / "orgsim"
    view.mkdir(parents=True, exist_ok=True)
    for source in [*(ROOT / "orgsim").glob("*.py"), *(ROOT / p for p in PACKAGES)]:
        link = view / source.name
        if not link.is_symlink():
            link.symlink_to(source)
    return base


def run_mypy() -> subprocess.CompletedProcess[str]:
    """mypy over the whole package; its report names files by their repository paths."""
    base = package_view()
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or "mypy"
    done = subprocess.run(
        [mypy, "--config-file", str(ROOT / "pyproject.toml"), "-p", "orgsim"],
        capture_output=True,
        text=True,
        cwd=base,
    )
    done.stdout = done.stdout.replace("orgsim/", "")
    return done


if __name__ == "__main__":
    result = run_mypy()
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    sys.exit(result.returncode)
