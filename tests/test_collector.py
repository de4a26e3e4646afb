"""The garbage collector is paused for a command's set-up only, never for its simulation."""

from __future__ import annotations

import gc
import sys

from orgsim.experiments import cli, runner
from orgsim.experiments.collector import collection_paused, resume_collection

QUICK = ["workload=quick", "replications=2", "figure=false", "n_jobs=1", "progress=false"]


def test_paused_for_the_block_or_until_resumed():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        resume_collection()
        assert gc.isenabled()
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_who_turned_it_off_keeps_it_off():
    gc.disable()
    try:
        with collection_paused():
            resume_collection()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_checks_run_paused_and_every_model_with_the_collector_on(monkeypatch, tmp_path):
    seen: dict[str, list[bool]] = {"checks": [], "models": []}
    validate, build = cli.validate, runner.Organization

    def checked(args):
        seen["checks"].append(gc.isenabled())
        return validate(args)

    def model(*args, **kwargs):
        seen["models"].append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(cli, "validate", checked)
    monkeypatch.setattr(runner, "Organization", model)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.setattr(sys, "argv", ["orgsim", *QUICK, f"hydra.run.dir={tmp_path / 'run'}"])
    cli.main()
    assert seen["checks"] == [False]
    assert seen["models"] and all(seen["models"])  # two structures, two replications
    assert gc.isenabled()
