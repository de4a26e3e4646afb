"""The robustness and B-post pages in Chinese: field terms, no English left, offline in Chromium.

``orgsim-report --lang zh`` builds each page inside ``speaking("zh")``: headings, tables,
sentences, reasons and the figure (drawn again from the folder's own files) are Chinese,
structure and people's names stay as written, and English stays the default.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from orgsim.analysis.plotting import chinese_font
from orgsim.analysis.report import build_report
from tests.offline_page import assert_images_drawn_and_photograph, offline_page
from tests.test_b_post_search_cli import org_file
from tests.test_cli import orgsim

SHORT = ["workload.horizon=600", "workload.warmup=60", "replications=3"]

#: Per page: Chinese it must show, and English headings of its own it must not.
CHINESE = {
    "robustness": (
        ["结论", "改革方案在范围内何处更好", "不确定的假设及其合理范围", "无实际差别", "更好"],
        ["Where in the range the plan wins", "What was sampled", "Which assumptions decide"],
    ),
    "b_posts": (
        ["建议设置B岗", "谁为谁作B岗及理由", "闭合链条", "与链式、两两互备和专岗对比", "建议B岗"],
        [
            "Who backs up whom, and why",
            "The recommendation",
            "closes the chain",
            "Who should back up",
        ],
    ),
}


@pytest.fixture(scope="module")
def robustness_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("robustness")
    out = root / "run"
    done = orgsim(
        "task=robustness",
        "robustness.ranges={workload.arrival_scale: [0.6, 1.0]}",
        "robustness.points=4",
        *SHORT,
        f"hydra.run.dir={out}",
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def b_posts_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("b_posts")
    out = root / "run"
    done = orgsim(
        "task=b_posts",
        f"org={org_file(root, 3, 1, 0.85)}",
        "b_posts.speed=1.0",
        "b_posts.evaluations=3",
        "workload.horizon=2000",
        "workload.warmup=200",
        "replications=4",
        f"hydra.run.dir={out}",
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return out


def _embedded(page: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


@pytest.mark.parametrize("kind", list(CHINESE))
def test_the_page_speaks_chinese_with_the_field_terms(kind, request):
    folder = request.getfixturevalue(f"{kind}_dir")
    page = build_report(folder, language="zh")
    assert '<html lang="zh-CN">' in page
    chinese, english = CHINESE[kind]
    assert all(word in page for word in chinese), [w for w in chinese if w not in page]
    assert not [sentence for sentence in english if sentence in page]
    assert ("current" in page and "merged" in page) or kind == "b_posts"  # names stay
    english_page = build_report(folder)
    assert '<html lang="en">' in english_page and english[0] in english_page
    if chinese_font() is not None:  # the figure is drawn again in Chinese
        assert _embedded(page) and _embedded(page) != _embedded(english_page)


def test_the_robustness_page_says_the_band_in_chinese(robustness_dir):
    page = build_report(robustness_dir, language="zh")
    assert "基准值的 5%与1 分钟中的较大者" in page
    assert "whichever is larger" not in page


def test_b_post_reasons_keep_the_names_and_numbers(b_posts_dir):
    page = build_report(b_posts_dir, language="zh")
    assert re.search(r"把最闲的科室（S\d，负荷 0\.85）|延续链条（S\d为S\d作B岗）", page)
    assert "<strong>p0</strong>" in page and "建议方案" in page


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("kind", list(CHINESE))
def test_the_page_renders_offline_in_chromium(kind, language, request, tmp_path):
    folder = request.getfixturevalue(f"{kind}_dir")
    html = tmp_path / "report.html"
    html.write_text(build_report(folder, language=language), encoding="utf-8")
    with offline_page(html) as (page, outside):
        text = page.locator("body").inner_text()
        heading = CHINESE[kind][0][1] if language == "zh" else CHINESE[kind][1][0]
        assert heading in text, text[:500]
        assert page.locator("html").get_attribute("lang") == ("zh-CN" if language == "zh" else "en")
        assert_images_drawn_and_photograph(page, tmp_path / f"{kind}-{language}.png")
    assert outside == [], outside
