"""The ``orgsim`` console script.

Before handing over to Hydra it (1) lets ``org=`` name an org file anywhere on disk and
(2) parses, composes and validates the config (:mod:`orgsim.experiments.preflight`), so
bad input ends in one line naming the field and the fix, with exit status 2, before any
output folder is made. Hydra then runs a single run's config as the checks composed it
(:mod:`orgsim.experiments.compose_once`) instead of composing it twice more.
"""

from __future__ import annotations

import sys

from orgsim.experiments.app import fail, hydra_job
from orgsim.experiments.build import ConfigError
from orgsim.experiments.collector import collection_paused, resume_collection
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


def main() -> None:
    """Entry point of the ``orgsim`` command."""
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        from orgsim.experiments.help import help_text  # orgsim's own screen, not Hydra's

        print(help_text())
        return
    composed = None
    with collection_paused():  # until the job starts (see orgsim.experiments.collector)
        try:
            args = redirect_org_file(args)
            check_launcher(args)
            if not any(a.split("=")[0] in PASS_THROUGH_FLAGS for a in args):
                composed = reusable(validate(args), args)
        except ConfigError as error:
            fail(str(error))
        if composed is None:  # a sweep, or Hydra's own screens: no job starts here soon
            resume_collection()
        sys.argv = [sys.argv[0], *args]
        with reused_by_hydra(composed):  # a single run is composed once, not three times
            hydra_job()


if __name__ == "__main__":
    main()
