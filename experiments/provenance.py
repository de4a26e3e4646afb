"""What every result records about how it was made: config, seeds, versions, spec hashes."""

from __future__ import annotations

import hashlib
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from orgsim.analysis.results_folder import write_text
from orgsim.sim import SimSpec
from orgsim.sim.streams import replication_seeds


def spec_hash(spec: SimSpec) -> str:
    """Short stable fingerprint of a spec, recorded with every result."""
    return hashlib.sha256(repr(spec).encode()).hexdigest()[:16]


def package_versions() -> dict[str, str]:
    """Versions that a result depends on."""
    names = ("orgsim", "mesa", "simpy", "numpy", "scipy", "pandas", "hydra-core")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


def run_info(cfg: DictConfig, baseline: str) -> dict[str, Any]:
    """The run's identity: office, seeds, confidence level, run length and package versions."""
    return {
        "task": cfg.task,
        "org": cfg.org.name,
        "org_source": cfg.org_source,
        "time_unit": cfg.org.time_unit,
        "baseline": baseline,
        "seed": cfg.seed,
        "replications": cfg.replications,
        "replication_seeds": replication_seeds(cfg.seed, cfg.replications),
        "confidence": cfg.confidence,
        "horizon": cfg.workload.horizon,
        "warmup": cfg.workload.warmup,
        # per-type metrics are named after these (wait_mean.<type>); the report needs them
        # to tell a type from a priority class
        "matter_types": list(cfg.org.matter_types),
        "versions": package_versions(),
    }


def write_config(cfg: DictConfig, info: dict[str, Any], path: Path) -> None:
    """``config.yaml``: the run's identity, then the whole resolved config."""
    resolved = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(resolved, dict)
    run = {k: v for k, v in info.items() if k != "org"}
    write_text(path, OmegaConf.to_yaml({"run": run, **resolved}))
