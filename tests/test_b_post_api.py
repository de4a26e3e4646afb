"""``orgsim.recommend_b_posts``: the B-post recommendation from Python, as a typed result."""

from __future__ import annotations

import pandas as pd
import pytest

import orgsim
from tests.test_b_post_search_cli import org_file

SHORT = ["workload.horizon=1500", "workload.warmup=150", "b_posts.evaluations=4"]


def test_a_busy_office_gets_b_posts_with_their_gain(tmp_path):
    office = orgsim.load_office(org_file(tmp_path, 4, 1, 0.85), [*SHORT, "b_posts.speed=1.0"])
    found = orgsim.recommend_b_posts(office, replications=4)
    assert isinstance(found, orgsim.BPostRecommendation)
    assert found.recommended and found.headline.startswith("B posts recommended")
    assert list(found.posts["person"]) == ["p0", "p1", "p2", "p3"]
    assert set(found.posts.columns) == {
        "person",
        "a_post",
        "a_post_load",
        "current_b_post",
        "recommended_b_post",
        "why",
    }
    assert found.posts["recommended_b_post"].notna().all()
    assert list(found.comparisons["name"]) == ["recommended", "chain", "pairs", "dedicated"]
    mean, low, high = found.gain
    assert 0 < low <= mean <= high and found.comparisons["verdict"].iloc[0] == "better"
    assert found.current_mean > found.comparisons["mean"].iloc[0]
    assert isinstance(found.tried, pd.DataFrame) and len(found.tried) >= 1
    assert "| person | A post |" in found._repr_markdown_()


def test_the_same_seed_gives_the_same_answer_and_bad_settings_one_line(tmp_path):
    office = orgsim.load_office(org_file(tmp_path, 3, 1, 0.05), SHORT)
    first = orgsim.recommend_b_posts(office, replications=2, seed=5)
    again = orgsim.recommend_b_posts(office, replications=2, seed=5)
    assert not first.recommended
    pd.testing.assert_frame_equal(first.comparisons, again.comparisons)
    assert set(first.posts["recommended_b_post"]) == {"unnecessary"}
    with pytest.raises(orgsim.ConfigError, match=r"^replications: 1 is too few"):
        orgsim.recommend_b_posts(office, replications=1)
    bad = orgsim.load_office(org_file(tmp_path, 3, 1, 0.05), ["b_posts.evaluations=0"])
    with pytest.raises(orgsim.ConfigError, match=r"^b_posts\.evaluations: 0 is out of range"):
        orgsim.recommend_b_posts(bad)
