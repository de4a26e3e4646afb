"""The run header states what is easy to overlook: the B-post speed of a B-post arrangement."""

from __future__ import annotations

import json

from orgsim.experiments.app import execute
from orgsim.experiments.build import b_post_speeds
from orgsim.experiments.compose import compose_config

CHAIN = "++org.structures={chained: {b_post_arrangement: chain, policy: ab}}"
SLOW = "++org.structures={slow: {b_post_arrangement: full, b_post_speed: 0.5, policy: ab}}"
NONE = "++org.structures={plain: {b_post_arrangement: none, policy: ab}}"


def test_only_structures_that_arrange_b_posts_have_a_b_post_speed():
    assert b_post_speeds(compose_config([CHAIN])) == {"chained": 0.8}
    assert b_post_speeds(compose_config([SLOW])) == {"slow": 0.5}
    assert b_post_speeds(compose_config([NONE])) == {}
    assert b_post_speeds(compose_config([])) == {}


def test_the_header_prints_the_default_b_post_speed(tmp_path, capsys):
    execute(compose_config(["workload=quick", "replications=2", "figure=false", CHAIN]), tmp_path)
    header = capsys.readouterr().out.split("\n                ")[0]
    # the headline cards come first; the structure lines are those naming their sections
    lines = {
        line.split(":")[0].strip(): line
        for line in header.splitlines()
        if line.startswith("  ") and "section(s)" in line
    }
    assert "B-post skills learned at speed 0.8 (b_post_speed)" in lines["chained"]
    assert "b_post_speed" not in lines["current"] + lines["merged"]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["structures"]["chained"]["b_post_speed"] == 0.8
    assert "b_post_speed" not in summary["structures"]["merged"]
