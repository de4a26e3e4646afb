"""orgsim: does merging sections give "1+1>2"? Simulate an office before and after a reform.

The public API for notebooks and scripts::

    import orgsim

    office = orgsim.load_office("pooling_demo")          # a shipped scenario, or a path
    result = orgsim.compare(office, replications=10)
    result.summary                                      # mean and 95% interval per metric

Names are loaded on first use, so ``import orgsim.sim`` (the engine alone) stays light.
The packages are ``orgsim.sim`` (the engine), ``orgsim.analysis`` (statistics, figures,
reports) and ``orgsim.experiments`` (configs, the command line, sweeps, searches).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("orgsim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

#: public name -> the module that defines it
_EXPORTS = {
    "load_office": "orgsim.experiments.api",
    "compare": "orgsim.experiments.api",
    "list_scenarios": "orgsim.experiments.api",
    "Office": "orgsim.experiments.api",
    "Comparison": "orgsim.experiments.api",
    "ConfigError": "orgsim.experiments.build",
    "simulate": "orgsim.sim",
    "Organization": "orgsim.sim",
    "Results": "orgsim.sim",
    "SimSpec": "orgsim.sim",
    "Structure": "orgsim.sim",
    "Section": "orgsim.sim",
    "StaffMember": "orgsim.sim",
    "MatterType": "orgsim.sim",
    "ServiceTime": "orgsim.sim",
    "SpecError": "orgsim.sim",
    "UnstableLoadWarning": "orgsim.sim",
    "required_utilisation": "orgsim.sim",
    "METRICS": "orgsim.sim",
    "recommend_b_posts": "orgsim.experiments.api",
    "BPostRecommendation": "orgsim.experiments.api",
}

__all__ = [
    "METRICS",
    "Comparison",
    "ConfigError",
    "MatterType",
    "Office",
    "Organization",
    "Results",
    "Section",
    "ServiceTime",
    "SimSpec",
    "SpecError",
    "StaffMember",
    "Structure",
    "UnstableLoadWarning",
    "__version__",
    "compare",
    "list_scenarios",
    "load_office",
    "required_utilisation",
    "simulate",
]

if TYPE_CHECKING:
    from orgsim.experiments.api import Comparison, Office, compare, list_scenarios, load_office
    from orgsim.experiments.build import ConfigError
    from orgsim.sim import (
        METRICS,
        MatterType,
        Organization,
        Results,
        Section,
        ServiceTime,
        SimSpec,
        SpecError,
        StaffMember,
        Structure,
        UnstableLoadWarning,
        required_utilisation,
        simulate,
    )


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'orgsim' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
