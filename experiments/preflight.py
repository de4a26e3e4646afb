"""Checks of a command line before Hydra runs it, so bad input never makes an output folder.

Every override is parsed here first (a value Hydra cannot read gets a line saying how to
quote it), a sweep without ``-m`` is refused, and the config of every job is composed,
checked for unknown keys and built into specs; any problem is one :class:`ConfigError`.
"""

from __future__ import annotations

import importlib.util
import math
import re
from decimal import Decimal

from hydra import initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, IntervalSweep, Override, RangeSweep
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from orgsim.experiments.b_posts_app import check_b_posts
from orgsim.experiments.build import ConfigError, build_specs, check_run_settings, typed
from orgsim.experiments.compose import compose_config, job_part
from orgsim.experiments.org_files import hydra_quoted
from orgsim.experiments.paths import CONF_DIR
from orgsim.experiments.robustness import check_robustness
from orgsim.experiments.schema import Config, register, shape_problem

#: Launchers whose plugin comes with an optional extra: name -> (extra, modules it needs).
LAUNCHER_EXTRAS = {
    "slurm": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "submitit_slurm": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "submitit_local": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "ray_cluster": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
    "ray": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
    "ray_aws": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
}


def check_launcher(args: list[str]) -> None:
    """ConfigError naming the extra to install when the chosen launcher's plugin is missing.

    Without it Hydra fails deep in composition with a page about search paths.
    """
    for arg in args:
        key, _, name = arg.partition("=")
        if key == "hydra/launcher" and name in LAUNCHER_EXTRAS:
            extra, modules = LAUNCHER_EXTRAS[name]
            if not all(importlib.util.find_spec(module) for module in modules):
                raise ConfigError(
                    f"hydra/launcher={name} needs the {extra} extra: pip install -e '.[{extra}]'"
                )


#: Flags of Hydra's that take the next argument as their value.
VALUE_FLAGS = ("-cn", "--config-name", "-cp", "--config-path", "-cd", "--config-dir")
MULTIRUN_FLAGS = ("-m", "--multirun")
#: Most jobs one ``-m`` command may launch: the product of the lengths of its sweeps.
MAX_JOBS = 1_000
_KEY_CHARACTERS = re.compile(r"[+~]*[A-Za-z0-9_.@/:-]*")


def _overrides(args: list[str]) -> list[str]:
    """The overrides among ``args``: flags and the values of flags left out."""
    out: list[str] = []
    after_flag = False
    for arg in args:
        if not after_flag and not arg.startswith("-"):
            out.append(arg)
        after_flag = arg in VALUE_FLAGS
    return out


def _parse(arg: str) -> Override:
    """One override as Hydra reads it; ConfigError saying how to write it if Hydra cannot."""
    key, _, value = arg.partition("=")
    if not _KEY_CHARACTERS.fullmatch(key):
        raise ConfigError(
            f"{key}: a key on the command line may use only ASCII letters, digits, _ and -; "
            "give the entry such a name in the org file (e.g. jianshe_xuke, with the full "
            "name in its description), or change the value in the file itself"
        )
    try:
        return OverridesParser.create().parse_override(arg)
    except HydraException:
        quoted = f"{key}={hydra_quoted(value)}"
        try:
            OverridesParser.create().parse_override(quoted)
        except HydraException:
            quoted = f"{key}='...'"
        raise ConfigError(
            f"{key or arg}: Hydra cannot read {arg!r}; close every [ and {{, and quote a text "
            "value holding spaces, any of ,()[]{}='\"$ or non-ASCII letters, "
            f'e.g. {quoted} (in the shell: "{quoted}")'
        ) from None


def _range_length(key: str, sweep: RangeSweep) -> int:
    """How many values ``range(start, stop, step)`` takes, without listing them."""
    bounds = [Decimal(str(b)) for b in (sweep.start, sweep.stop, sweep.step)]
    if not all(b.is_finite() for b in bounds) or bounds[2] == 0:
        raise ConfigError(
            f"{key}: range({sweep.start}, {sweep.stop}, {sweep.step}) is not a finite range; "
            "give finite start and stop and a step other than 0, e.g. range(0.5,1.0,0.1)"
        )
    start, stop, step = bounds
    return max(0, math.ceil((stop - start) / step))


def _glob_values(override: Override) -> list[str]:
    """The options of a config group that ``glob(...)`` picks, as Hydra would list them."""
    register()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            override.config_loader = GlobalHydra.instance().config_loader()
            return list(override.sweep_string_iterator())
    finally:
        override.config_loader = None
        GlobalHydra.instance().clear()


def _sweep_values(arg: str, override: Override) -> list[str]:
    """The values a sweep takes, counted before any is listed; ConfigError if unusable."""
    key = override.get_key_element()
    sweep = override.value()
    written = arg.partition("=")[2]
    if isinstance(sweep, IntervalSweep):
        raise ConfigError(
            f"{key}: {written} is an interval for an optimising sweeper, which orgsim does not "
            "use; list the values (a,b,c) or give range(start,stop,step)"
        )
    if isinstance(sweep, RangeSweep) and _range_length(key, sweep) > MAX_JOBS:
        raise ConfigError(
            f"{key}: {written} takes {_range_length(key, sweep):,} values, more than the "
            f"{MAX_JOBS:,} jobs one command may launch; use a larger step or a shorter range"
        )
    values = _glob_values(override) if isinstance(sweep, Glob) else None
    if values is None:
        values = list(override.sweep_string_iterator())
    if not values:
        if isinstance(sweep, Glob):
            raise ConfigError(
                f"{key}: {written} matches no config of a group {key}, so nothing would run; "
                "glob() picks the configs of a group (e.g. org=glob(bengbu*)), list values here"
            )
        raise ConfigError(f"{key}: {written} gives no value, so nothing would run; give one")
    return [f"{key}={v}" for v in values]


def _check_job_count(choices: list[list[str]]) -> None:
    """Refuse a sweep whose jobs (every combination of its values) are too many to run."""
    jobs = math.prod(len(c) for c in choices)
    if jobs > MAX_JOBS:
        widest = max(choices, key=len)
        raise ConfigError(
            f"{widest[0].partition('=')[0]}: the sweep makes {jobs:,} jobs (every combination "
            f"of its values), more than the {MAX_JOBS:,} one command may launch; sweep fewer "
            "values, or split the sweep over several commands"
        )


def _validation_overrides(args: list[str]) -> list[list[str]]:
    """Override lists to validate: sweeps are checked value by value."""
    plain = _overrides(args)
    multirun = any(a in MULTIRUN_FLAGS for a in args)
    choices: list[list[str]] = []
    for arg in plain:
        override = _parse(arg)
        if override.is_sweep_override():
            key = override.get_key_element()
            if not multirun:
                raise ConfigError(
                    f"{key}: {arg.partition('=')[2]} is a sweep (several values); add -m to "
                    f"run one job per value (orgsim -m {arg}), or give one value"
                )
            choices.append(_sweep_values(arg, override))
            _check_job_count(choices)
        else:
            choices.append([arg])
    width = max((len(c) for c in choices), default=1)
    return [[c[min(i, len(c) - 1)] for c in choices] for i in range(width)]


def validate(args: list[str]) -> DictConfig | None:
    """Compose and build the specs for ``args``; ConfigError on the first problem.

    A single run's composed config is returned whole, Hydra's node included, for Hydra to
    run without composing it again (:mod:`orgsim.experiments.compose_once`); a sweep's
    (``-m``) jobs are composed by Hydra, and None is returned.
    """
    single = not any(a in MULTIRUN_FLAGS for a in args)
    cfg = None
    for overrides in _validation_overrides(args):
        cfg = compose_config(overrides, with_hydra=single)
        check_composed(cfg)
    return cfg if single else None


def check_composed(cfg: DictConfig) -> None:
    """Refuse unknown keys and anything the specs cannot be built from; ConfigError."""
    with job_part(cfg) as job:
        problem = shape_problem(OmegaConf.to_container(job, resolve=False), Config, "")
        if problem is not None:
            raise ConfigError(problem)
        config = typed(job)  # converted once for both checks: a city takes a second
        check_run_settings(config)
        build_specs(config)
        if job.task == "robustness":
            check_robustness(job)
        if job.task == "b_posts":
            check_b_posts(job)
