"""Progress bars (tqdm) for long runs and sweeps, shown only to a person at a terminal.

``progress=true|false`` in the config forces them on or off; by default they appear when
standard error is a terminal and the ``CI`` variable is unset, so logs and CI stay clean.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig
from tqdm import tqdm

from orgsim.analysis.results_folder import STATUS, read_status
from orgsim.experiments.sweep_plan import planned_jobs


def wanted(setting: bool | None = None) -> bool:
    """Whether to draw bars: the explicit setting, else only at a terminal outside CI."""
    if setting is not None:
        return bool(setting)
    return sys.stderr.isatty() and not os.environ.get("CI")


def bar[Item](
    items: Iterable[Item], total: int | None, description: str, setting: bool | None = None
) -> Iterator[Item]:
    """``items`` with a progress bar on standard error when :func:`wanted`."""
    return iter(
        tqdm(
            items,
            total=total,
            desc=description,
            disable=not wanted(setting),
            leave=False,
            file=sys.stderr,
            dynamic_ncols=True,
        )
    )


def sweep_size(overrides: list[str], params: dict[str, str] | None = None) -> int | None:
    """Number of jobs the basic sweep of ``overrides`` makes; None if it cannot tell.

    (e.g. glob sweeps need the config loader: the bar is then shown without a total)
    """
    jobs = planned_jobs(overrides, params)
    return None if jobs is None else len(jobs)


def finished_jobs(sweep_dir: Path) -> int:
    """Jobs whose ``status.json`` says they ended (a running job has one too)."""
    done = 0
    for path in sweep_dir.glob(f"*/{STATUS}"):
        try:
            done += (read_status(path.parent) or {}).get("status") != "running"
        except ValueError:
            done += 1  # unreadable: not running any more, as far as can be told
    return done


class SweepProgress(Callback):
    """A bar of finished jobs for a sweep, counted from the jobs' ``status.json`` files.

    Jobs may run in other processes or on other machines, so the bar watches the sweep
    folder from a background thread instead of being told by the jobs.
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Launchers pickle the callbacks with each job; a thread cannot travel.
        return {"interval": self.interval}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["interval"])  # type: ignore[misc]

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: start watching the sweep folder."""
        if not wanted(config.get("progress")):
            return
        params = config.hydra.sweeper.get("params") or {}
        total = sweep_size(list(config.hydra.overrides.task), dict(params))
        sweep_dir = Path(config.hydra.sweep.dir)
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, args=(sweep_dir, total), daemon=True)
        self._thread.start()

    def _watch(self, sweep_dir: Path, total: int | None) -> None:
        with tqdm(total=total, desc="sweep jobs", unit="job", file=sys.stderr) as progress:
            while True:
                stopping = self._stop.wait(self.interval)
                done = finished_jobs(sweep_dir)
                progress.update(done - progress.n)
                if stopping:
                    return

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: draw the last count and stop watching."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
