"""The ``orgsim`` console script.

Before handing over to Hydra it (1) lets ``org=`` name an org file anywhere on disk and
(2) composes and validates the config, so bad input ends in one line naming the field
and the fix, with exit status 2, before any output folder is made.
"""

from __future__ import annotations

import importlib.util
import sys

from hydra.core.override_parser.overrides_parser import OverridesParser

from orgsim.experiments.app import fail, hydra_job
from orgsim.experiments.build import ConfigError, build_specs, check_run_settings
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file

#: Flags after which Hydra does its own thing (help, config printing, shell completion).
PASS_THROUGH_FLAGS = (
    "-h",
    "--help",
    "--hydra-help",
    "--cfg",
    "-c",
    "--info",
    "-i",
    "--shell-completion",
    "-sc",
    "--resolve",
    "-p",
    "--package",
)

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


def _validation_overrides(args: list[str]) -> list[list[str]]:
    """Override lists to validate: sweeps are checked value by value."""
    plain = [a for a in args if not a.startswith("-") and not a.lstrip("+~").startswith("hydra")]
    searchpath = [a for a in args if a.startswith("hydra.searchpath=")]
    parsed = OverridesParser.create().parse_overrides(plain)
    choices: list[list[str]] = []
    for arg, override in zip(plain, parsed, strict=True):
        if override.is_sweep_override():
            values = list(override.sweep_string_iterator())
            choices.append([f"{override.get_key_element()}={v}" for v in values] or [arg])
        else:
            choices.append([arg])
    width = max((len(c) for c in choices), default=1)
    return [[c[min(i, len(c) - 1)] for c in choices] + searchpath for i in range(width)]


def validate(args: list[str]) -> None:
    """Compose and build the specs for ``args``; ConfigError on the first problem."""
    for overrides in _validation_overrides(args):
        cfg = compose_config(overrides)
        check_run_settings(cfg)
        build_specs(cfg)


def main() -> None:
    """Entry point of the ``orgsim`` command."""
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        from orgsim.experiments.help import help_text  # orgsim's own screen, not Hydra's

        print(help_text())
        return
    try:
        args = redirect_org_file(args)
        check_launcher(args)
        if not any(a.split("=")[0] in PASS_THROUGH_FLAGS for a in args):
            validate(args)
    except ConfigError as error:
        fail(str(error))
    sys.argv = [sys.argv[0], *args]
    hydra_job()


if __name__ == "__main__":
    main()
