"""Refuse an output folder before Hydra writes anything into it.

Hydra records each run's config in its folder (``.hydra``) before the job starts, so
the checks that keep results from being mixed run here, first: a run folder that another
live run holds or that holds earlier results (without ``overwrite=true``), a sweep
folder that holds an earlier sweep (likewise), a folder that cannot be written. Each
ends in one line naming the folder and the fix, exit status 2. A sweep's plan
(``sweep.json``) is written here too, once its folder is known to be free.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from orgsim.analysis.results_folder import (
    FolderError,
    check_folder,
    clear_sweep,
    earlier_sweep,
    hold,
    in_use,
    release,
)
from orgsim.experiments.sweep_plan import write_plan


def fail(field: str, message: str) -> NoReturn:
    """Print a one-line error and exit with status 2."""
    print(f"orgsim: error: {field}: {message}", file=sys.stderr)
    raise SystemExit(2)


def _folder(config: DictConfig, key: str) -> Path | None:
    """The resolved output folder, or None when it cannot be told yet."""
    try:
        return Path(str(config.hydra[key].dir))
    except Exception:  # e.g. an interpolation Hydra resolves only once the job starts
        return None


def check_sweep_folder(sweep_dir: Path, overwrite: bool) -> None:
    """Refuse a sweep folder that holds an earlier sweep unless ``overwrite``; clear it if so.

    Raises:
        FolderError: the folder is refused; the message names the fix.
    """
    if in_use(sweep_dir):
        raise FolderError(
            f"{sweep_dir} is in use by another orgsim sweep; wait for it to finish or choose "
            "another folder"
        )
    earlier = earlier_sweep(sweep_dir)
    if earlier and not overwrite:
        shown = ", ".join(p.name for p in earlier[:4]) + (", ..." if len(earlier) > 4 else "")
        raise FolderError(
            f"{sweep_dir} already holds a sweep ({shown}); choose another folder or ask to "
            "overwrite (overwrite=true), which removes the earlier sweep's results"
        )
    try:
        sweep_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(sweep_dir, os.W_OK | os.X_OK):
            raise PermissionError(13, "permission denied")
        hold(sweep_dir)  # kept until the sweep ends: a second sweep here is refused
        clear_sweep(sweep_dir)
    except OSError as error:
        raise FolderError(
            f"cannot write to {sweep_dir} ({error.strerror or error}); choose a folder you "
            "can write to"
        ) from None


class FolderGuard(Callback):
    """Checks the run or sweep folder before anything is written into it."""

    def on_run_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: refuse a busy, taken or read-only run folder."""
        folder = _folder(config, "run")
        if folder is None:
            return
        try:
            check_folder(folder, bool(config.get("overwrite", False)))
            hold(folder)  # kept for the run: no other run slips in before it claims the folder
        except FolderError as error:
            fail("hydra.run.dir", str(error))

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: refuse a sweep folder with an earlier sweep; record the plan."""
        sweep_dir = _folder(config, "sweep")
        if sweep_dir is None:
            return
        try:
            check_sweep_folder(sweep_dir, bool(config.get("overwrite", False)))
            params = config.hydra.sweeper.get("params") or {}
            write_plan(sweep_dir, list(config.hydra.overrides.task), dict(params))
        except FolderError as error:
            fail("hydra.sweep.dir", str(error))
        except OSError as error:
            fail("hydra.sweep.dir", f"cannot write to {sweep_dir} ({error.strerror or error})")

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: let go of the sweep folder."""
        sweep_dir = _folder(config, "sweep")
        if sweep_dir is not None:
            release(sweep_dir)
