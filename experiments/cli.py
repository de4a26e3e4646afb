"""The ``orgsim`` console script.

Before handing over to Hydra it (1) lets ``org=`` name an org file anywhere on disk and
(2) parses, composes and validates the config (:mod:`orgsim.experiments.preflight`), so
bad input ends in one line naming the field and the fix, with exit status 2, before any
output folder is made. Hydra then runs a single run's config as the checks composed it
(:mod:`orgsim.experiments.compose_once`) instead of composing it twice more.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from orgsim.experiments.app import fail, hydra_job
from orgsim.experiments.build import ConfigError
from orgsim.experiments.compose_once import reusable, reused_by_hydra
from orgsim.experiments.org_files import redirect_org_file
from orgsim.experiments.preflight import check_launcher, validate

__all__ = ["PASS_THROUGH_FLAGS", "check_launcher", "main", "validate"]

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


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the config is read, composed and checked.

    Composing a large office makes hundreds of thousands of config nodes, nearly all of
    them kept; the collector would scan them over and over (a tenth of the set-up) and find
    little. That little is collected once the collector is back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def main() -> None:
    """Entry point of the ``orgsim`` command."""
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        from orgsim.experiments.help import help_text  # orgsim's own screen, not Hydra's

        print(help_text())
        return
    composed = None
    try:
        with collection_paused():
            args = redirect_org_file(args)
            check_launcher(args)
            if not any(a.split("=")[0] in PASS_THROUGH_FLAGS for a in args):
                composed = reusable(validate(args), args)
    except ConfigError as error:
        fail(str(error))
    sys.argv = [sys.argv[0], *args]
    with reused_by_hydra(composed):  # a single run is composed once, not three times
        hydra_job()


if __name__ == "__main__":
    main()
