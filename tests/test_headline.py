"""The headline: a card per alternative in one sentence, on the console and atop the report."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from orgsim.analysis.report import build_report
from orgsim.analysis.report.headline import cards, headline_text
from orgsim.analysis.summary import compare, summary_dict
from orgsim.analysis.units import Display
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.sim.results import METRICS

N = 8


def _summary(display: Display | None = None) -> dict:
    """big_sections against current: shorter waits, more on time, same throughput, no idling."""
    rng = np.random.default_rng(7)
    noise = lambda scale: rng.normal(0, scale, N)  # noqa: E731
    base = {
        "throughput": 3.0 + noise(0.01),
        "wait_mean": 2.0 + noise(0.05),
        "wait_p90": 5.0 + noise(0.1),
        "deadline_attainment": 0.80 + noise(0.005),
        "utilisation_cv": 0.2 + noise(0.005),
        "idle_while_work_waits": 0.15 + noise(0.005),
    }
    alternative = {
        "throughput": base["throughput"] + noise(0.001),
        "wait_mean": base["wait_mean"] - 1.2 + noise(0.01),
        "wait_p90": base["wait_p90"] - 3 + noise(0.01),
        "deadline_attainment": base["deadline_attainment"] + 0.02 + noise(0.001),
        "utilisation_cv": base["utilisation_cv"] + noise(0.001),
        "idle_while_work_waits": np.zeros(N),
    }
    rows = [
        {
            "structure": name,
            "replication": r,
            "seed": r,
            **{m: 0.5 for m in METRICS},
            **{m: float(v[r]) for m, v in values.items()},
        }
        for name, values in (("current", base), ("big_sections", alternative))
        for r in range(N)
    ]
    summary, differences = compare(pd.DataFrame(rows), "current")
    structures = {"current": {}, "big_sections": {}}
    info = {"time_unit": "hour", "baseline": "current", "confidence": 0.95}
    return summary_dict(summary, differences, structures, info, display)


def test_the_card_says_in_one_sentence_what_changes_and_what_does_not():
    (card,) = cards(_summary())
    assert card.sentence == (
        "big_sections against current: waits 1.2 hours less on average (90th percentile "
        "3 hours less), 2.02 points more matters on time, throughput no different, how evenly "
        "work is spread no different, nobody idle any more while others' work waits."
    )
    statuses = {item.topic: item.status for item in card.items}
    assert statuses == {
        "waits": "better",
        "deadline attainment": "better",
        "throughput": "negligible",
        "busy/idle imbalance": "negligible",
        "idle while work waits": "better",
    }
    assert card.status == "better"


def test_the_card_speaks_the_offices_units():
    shown = _summary(Display(unit="minute", throughput_per="week"))
    (card,) = cards(shown)
    assert "waits 72 minutes less on average (90th percentile 180 minutes less)" in card.sentence
    assert "  waits: better; deadline attainment: better;" in headline_text(shown)


def test_a_run_prints_the_cards_first_and_its_page_opens_with_them(tmp_path, capsys):
    execute(compose_config(["workload=quick", "replications=2", "figure=false"]), tmp_path)
    printed = capsys.readouterr().out
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    first = printed.splitlines()[0]
    alternative = next(iter(summary["paired_differences"]))
    assert first.startswith(f"{alternative} against {summary['baseline']}: waits ")
    page = build_report(tmp_path)
    assert page.index('id="headline"') < page.index('id="compared"')
    assert page.count('<div class="card ') == len(summary["paired_differences"])
