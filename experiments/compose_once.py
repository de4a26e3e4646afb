"""One composition per command: Hydra runs the config the checks before it composed.

``@hydra.main`` composes a single run's config twice: once only to read ``hydra.mode``
(Hydra's ``get_mode``), then for the run, with ``hydra.mode=RUN`` appended to the
overrides when the config leaves the mode unset. The checks of
:mod:`orgsim.experiments.preflight` have composed the same config already, with the same
config files and overrides. For an office of thousands each composition takes seconds,
nearly all of it OmegaConf merging the org file into the typed schema, so
:func:`reused_by_hydra` hands Hydra the checked config for exactly those two calls, each
at most once; any other composition (a sweep's jobs, other overrides, another config
name) is Hydra's own.

Hydra 1.3 has no hook for a precomposed config, so the config loader's
``load_configuration`` is wrapped for the duration of the command only. The config Hydra
gets this way is the one it would have composed (``tests/test_compose_once.py`` compares
the saved configs of both).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

#: Hydra's primary config of ``orgsim`` (``@hydra.main(config_name=...)``).
CONFIG_NAME = "config"
#: What Hydra appends to a single run's overrides when the config leaves the mode unset.
RUN_MODE_OVERRIDE = "hydra.mode=RUN"


@dataclass
class Composed:
    """A single run's config as the checks composed it (Hydra's node included).

    Attributes:
        overrides: the command line's overrides, exactly as Hydra will read them.
        config: the composed config; after it was handed over for the run, Hydra's.
        served: the calls already answered ("mode", "run"); each is answered once.
    """

    overrides: list[str]
    config: DictConfig
    served: set[str] = field(default_factory=set)

    def answer(
        self,
        config_name: str | None,
        overrides: list[str],
        run_mode: RunMode,
        validate_sweep_overrides: bool,
    ) -> DictConfig | None:
        """The config for Hydra's composition, or None when this is not one of the two."""
        if config_name != CONFIG_NAME or "run" in self.served:
            return None
        mode = self.config.hydra.mode
        if (
            "mode" not in self.served
            and run_mode == RunMode.MULTIRUN
            and not validate_sweep_overrides
            and overrides == self.overrides
        ):
            self.served.add("mode")  # get_mode reads hydra.mode and drops the config
            return self.config
        if run_mode != RunMode.RUN:
            return None
        if mode is None and overrides == [*self.overrides, RUN_MODE_OVERRIDE]:
            self._record_run_mode()
        elif not (mode == RunMode.RUN and overrides == self.overrides):
            return None
        self.served.add("run")
        return self.config

    def _record_run_mode(self) -> None:
        """What Hydra does with ``hydra.mode=RUN``: set the mode and list the override."""
        OmegaConf.update(self.config, "hydra.mode", "RUN", merge=True)
        self.config.hydra.overrides.hydra.append(RUN_MODE_OVERRIDE)


def reusable(config: DictConfig | None, args: list[str]) -> Composed | None:
    """The checked config of a plain single run, for Hydra to reuse; None for anything else.

    Only a command line of overrides alone qualifies: a flag (``-m``, ``--config-dir``,
    ``--config-name``...) changes what or how Hydra composes, and a config that sets
    ``hydra.mode: MULTIRUN`` makes Hydra sweep.
    """
    if config is None or any(arg.startswith("-") for arg in args):
        return None
    if config.hydra.mode not in (None, RunMode.RUN):
        return None
    return Composed(list(args), config)


@contextmanager
def reused_by_hydra(composed: Composed | None) -> Iterator[None]:
    """While the block runs, Hydra's compositions of ``composed``'s run are answered by it."""
    if composed is None:
        yield
        return
    original = ConfigLoaderImpl.load_configuration

    def load_configuration(
        self: ConfigLoaderImpl,
        config_name: str | None,
        overrides: list[str],
        run_mode: RunMode,
        from_shell: bool = True,
        validate_sweep_overrides: bool = True,
    ) -> Any:
        served = composed.answer(config_name, overrides, run_mode, validate_sweep_overrides)
        if served is not None:
            return served
        return original(
            self,
            config_name=config_name,
            overrides=overrides,
            run_mode=run_mode,
            from_shell=from_shell,
            validate_sweep_overrides=validate_sweep_overrides,
        )

    ConfigLoaderImpl.load_configuration = load_configuration  # type: ignore[method-assign]
    try:
        yield
    finally:
        ConfigLoaderImpl.load_configuration = original  # type: ignore[method-assign]
