"""Progress bars appear for a person at a terminal, never in logs or CI."""

from __future__ import annotations

import io
import pickle
import sys

from orgsim.experiments.progress import SweepProgress, bar, sweep_size, wanted


def test_bars_are_off_under_ci_and_off_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert not wanted()
    assert wanted(True) and not wanted(False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    assert not wanted()


def test_a_forced_bar_draws_on_stderr_and_passes_items_through(monkeypatch):
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    assert list(bar(range(3), 3, "replications", setting=True)) == [0, 1, 2]
    assert "replications" in captured.getvalue() and "/3" in captured.getvalue()
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(bar(range(3), 3, "replications", setting=False)) == [0, 1, 2]
    assert quiet.getvalue() == ""


def test_sweep_size_counts_the_jobs_of_a_basic_sweep():
    assert sweep_size(["a=1,2,3", "b=x,y", "c=5"]) == 6
    assert sweep_size(["a=range(0,4)"]) == 4
    assert sweep_size([]) == 1


def test_the_sweep_bar_survives_being_sent_to_a_worker():
    callback = SweepProgress(interval=0.1)
    copy = pickle.loads(pickle.dumps(callback))
    assert copy.interval == 0.1
