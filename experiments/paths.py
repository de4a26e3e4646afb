"""Where the shipped configs live: package data of ``orgsim.conf``, found by importlib."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The folder of shipped Hydra configs (conf/ in the repository, orgsim/conf installed).
CONF_DIR = str(files("orgsim.conf"))


def shipped(group: str) -> list[str]:
    """The option names of a shipped config group, e.g. ``shipped("experiment")``."""
    return sorted(p.stem for p in (Path(CONF_DIR) / group).glob("*.yaml"))
