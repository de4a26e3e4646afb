"""A robustness run's points as jobs of the configured Hydra launcher.

With ``robustness.launcher=true`` each sampled point is one job of the launcher the run is
configured with (``hydra/launcher=joblib`` on this machine, ``slurm`` or ``ray_cluster`` on
a cluster), as a sweep's jobs are: the run composes its own config again in multirun mode,
launches one job per point into ``<run folder>/points/<n>`` and reads back each job's
paired comparison. A job runs exactly what :func:`orgsim.experiments.robustness.paired_point`
runs in one process (the same seeds, common random numbers), so the table is the same
whichever way the points run; the job folders are removed once every point is back.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

#: The folder of the run that holds the points' job folders while they run.
POINTS_DIR = "points"


def _point_job(
    job_cfg: DictConfig,
    run_cfg: DictConfig,
    points: list[dict[str, float]],
    baseline: str,
    plan: str,
    metric: str,
) -> dict[str, float]:
    """One launched job: the paired comparison at the point of its job number."""
    from hydra.core.hydra_config import HydraConfig

    from orgsim.experiments.robustness import paired_point

    number = int(HydraConfig.get().job.num)
    return paired_point(run_cfg, points[number], baseline, plan, metric)


@contextmanager
def _hydra_config_kept() -> Iterator[None]:
    """The run's own Hydra config back after launching (the basic launcher replaces it)."""
    from hydra.core.hydra_config import HydraConfig

    kept = HydraConfig.instance().cfg
    try:
        yield
    finally:
        HydraConfig.instance().cfg = kept


def _override_value(path: Path) -> str:
    """A folder as an override's value, quoted when the override grammar needs it."""
    text = str(path)
    if re.fullmatch(r"[\w/.\-]+", text):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def launched_points(
    cfg: DictConfig,
    points: list[dict[str, float]],
    baseline: str,
    plan: str,
    metric: str,
    out_dir: Path,
) -> list[dict[str, float]]:
    """Every point's paired comparison, each run as a job of the configured launcher.

    Raises:
        RuntimeError: outside a Hydra run (the Python API), or when a point's job failed
            (its folder under ``points/`` is kept, with its log).
    """
    from hydra._internal.callbacks import Callbacks
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.hydra_config import HydraConfig
    from hydra.core.plugins import Plugins
    from hydra.core.utils import JobStatus
    from hydra.types import HydraContext, RunMode

    if not GlobalHydra.instance().is_initialized():
        raise RuntimeError("robustness.launcher: points run through a launcher only in a run")
    run = HydraConfig.get()
    loader = GlobalHydra.instance().config_loader()
    folder = out_dir / POINTS_DIR
    hydra_overrides = [
        *[str(o) for o in run.overrides.hydra if not str(o).startswith("hydra.sweep.")],
        f"hydra.sweep.dir={_override_value(folder)}",
        "hydra.sweep.subdir=${hydra.job.num}",
    ]
    task = [str(o) for o in run.overrides.task]
    with _hydra_config_kept():
        master = loader.load_configuration(
            config_name=run.job.config_name,
            overrides=[*hydra_overrides, *task],
            run_mode=RunMode.MULTIRUN,
        )
        job = partial(
            _point_job, run_cfg=cfg, points=points, baseline=baseline, plan=plan, metric=metric
        )
        context = HydraContext(config_loader=loader, callbacks=Callbacks())
        launcher = Plugins.instance().instantiate_launcher(
            hydra_context=context, task_function=job, config=master
        )
        returns = launcher.launch([task for _ in points], initial_job_idx=0)
    rows: list[dict[str, float]] = []
    for number, done in enumerate(returns):
        if done.status != JobStatus.COMPLETED:
            raise RuntimeError(
                f"robustness point {number} failed in its launcher job ({done._return_value}); "
                f"see {folder / str(number)}"
            )
        rows.append(done.return_value)
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def launcher_name() -> str:
    """The configured launcher's class, for the run's record ('' outside a Hydra run)."""
    from hydra.core.hydra_config import HydraConfig

    try:
        found: Any = HydraConfig.get().launcher.get("_target_")
    except ValueError:
        return ""
    return str(found or "")
