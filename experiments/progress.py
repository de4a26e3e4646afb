"""Progress bars (tqdm) for long runs and sweeps, shown only to a person at a terminal.

``progress=true|false`` in the config forces them on or off; by default they appear when
standard error is a terminal and the ``CI`` variable is unset, so logs and CI stay clean.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig
from tqdm import tqdm


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


def sweep_size(overrides: list[str]) -> int | None:
    """Number of jobs the basic sweep of ``overrides`` makes; None if it cannot tell."""
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
        sizes = [len(list(o.sweep_string_iterator())) for o in parsed if o.is_sweep_override()]
    except Exception:  # e.g. glob sweeps need the config loader: show a bar without total
        return None
    return math.prod(sizes)


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
        total = sweep_size(list(config.hydra.overrides.task))
        sweep_dir = Path(config.hydra.sweep.dir)
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, args=(sweep_dir, total), daemon=True)
        self._thread.start()

    def _watch(self, sweep_dir: Path, total: int | None) -> None:
        with tqdm(total=total, desc="sweep jobs", unit="job", file=sys.stderr) as progress:
            while True:
                stopping = self._stop.wait(self.interval)
                done = len(list(sweep_dir.glob("*/status.json")))
                progress.update(done - progress.n)
                if stopping:
                    return

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Hydra hook: draw the last count and stop watching."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
