"""The lesson without a server: ``orgsim-class --export`` (an HTML replay) and ``--handout``.

The exported file is opened in headless Chromium from ``file://`` with every other request
blocked and recorded (none may be made); skipped without chromium, as the other browser tests.

``python -m tests.test_classroom_export`` writes the lesson plan's screenshot of an exported
lesson, docs/images/classroom_export.png.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from orgsim.experiments.classroom.cli import main
from orgsim.experiments.classroom.drawing import SHOWN_COUNTERS, format_counter
from orgsim.experiments.classroom.export import embedded_json, replay_html
from orgsim.experiments.classroom.handout import A4_INCHES, handout_figure
from orgsim.experiments.classroom.lesson import SIDES, Lesson
from orgsim.experiments.classroom.replay import replay_data
from orgsim.experiments.classroom.settings import PRESETS, LessonError, LessonSettings, preset

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``orgsim-class`` as its own process, as a teacher runs it."""
    return subprocess.run(
        [sys.executable, "-m", "orgsim.experiments.classroom.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _refused(capsys: Any, *args: str) -> str:
    """Run ``orgsim-class`` in this process, expecting bad input; return its error line."""
    with pytest.raises(SystemExit) as ended:
        main(list(args))
    assert ended.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    return err


def _data_block(page: str) -> Any:
    match = re.search(r'<script type="application/json" id="lesson-data">(.*?)</script>', page)
    assert match is not None
    return json.loads(match.group(1))


# --- the frames ------------------------------------------------------------------------


def test_the_last_frame_is_the_lesson_at_that_hour():
    data = replay_data(preset("running_in").replace(seed=3), 120, "en", "running_in")
    assert [f["t"] for f in data["frames"]] == [float(h) for h in range(121)]
    offices = Lesson(preset("running_in").replace(seed=3)).advance(120)
    for side, office in zip(data["frames"][-1]["o"], offices, strict=True):
        shown = [format_counter(name, getattr(office.counters, name)) for name in SHOWN_COUNTERS]
        assert side["c"] == shown
        assert side["done"] == office.counters.completed
        assert side["arrived"] == office.counters.arrived
        assert side["n"] == [len(s.waiting) for s in office.sections]
        assert len(side["d"]) == sum(len(s.desks) for s in office.sections)


def test_the_floor_plan_changes_at_the_reform_and_only_on_the_right():
    data = replay_data(preset("running_in"), 110, "zh", "running_in")
    plans = data["plans"]
    left = {f["o"][0]["p"] for f in data["frames"]}
    right = [len(plans[f["o"][1]["p"]]["sections"]) for f in data["frames"]]
    assert len(left) == 1 and len(plans[left.pop()]["sections"]) == 4
    assert right[:101] == [4] * 101 and set(right[101:]) == {1}  # reformed at hour 100
    assert data["reform_note"] == "第 100 小时改革" and data["words"]["hour"] == "第 {h} 小时"


def test_a_replay_covers_one_to_two_thousand_hours():
    with pytest.raises(LessonError, match="hours: 0 is out of range; give a whole number from 1"):
        replay_data(preset("ab_chain"), 0, "en")


def test_long_matters_are_marked_in_the_queues():
    data = replay_data(preset("merging_hurts"), 300, "en", "merging_hurts")
    queued = "".join(q for f in data["frames"] for o in f["o"] for q in o["q"])
    assert data["has_long"] and set(queued) == {"0", "1"}


# --- the page --------------------------------------------------------------------------


def test_names_cannot_end_the_data_block_or_become_markup():
    hostile = {"title": '</script><script>alert("x")</script>&amp;\u2028'}
    text = embedded_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile
    data = replay_data(LessonSettings(sections=2), 3, "en")
    data["title"] = data["offices"][1] = hostile["title"]
    page = replay_html(data)
    assert page.count("</script>") == 2  # the data block's and the player's
    assert html.escape(hostile["title"]) in page
    assert _data_block(page)["title"] == hostile["title"]


def test_the_page_asks_for_nothing_outside_itself_and_stays_small():
    biggest = LessonSettings(sections=6, people_per_section=3, load=0.98, away_share=0.1)
    page = replay_html(replay_data(biggest, 300, "zh"))
    assert len(page.encode("utf-8")) < 2_000_000
    assert not re.search(r"https?:|//[a-z]", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", page) and "<link" not in page
    assert "@import" not in page and "url(" not in page


# --- the command -----------------------------------------------------------------------


def test_export_writes_once_and_replaces_only_with_force(tmp_path, capsys):
    target = tmp_path / "lesson.html"
    done = _cli("--export", str(target), "--preset", "ab_chain", "--hours", "20", "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"orgsim-class: wrote {target} (preset ab_chain, seed 7")
    data = _data_block(target.read_text(encoding="utf-8"))
    assert data["settings"]["seed"] == 7 and len(data["frames"]) == 21
    left, right = Lesson(preset("ab_chain").replace(seed=7)).advance(20)
    summary = done.stdout.splitlines()[1]
    assert summary.startswith("  hour 20, the office as it is against ab_chain: mean wait (hours) ")
    for name in SHOWN_COUNTERS:  # the terminal quotes the last frame, the lesson at hour 20
        shown = [format_counter(name, getattr(o.counters, name)) for o in (left, right)]
        assert (
            f"{name.replace('_', ' ')}" in summary and f"{shown[0]} against {shown[1]}" in summary
        )
    assert data["offices"][1] == "AB岗：链式"  # Chinese unless --lang en
    before = target.read_bytes()
    assert _refused(capsys, "--export", str(target), "--preset", "four_counters") == (
        f"orgsim-class: error: --export: {target} already exists; choose another name or "
        "add --force to replace it\n"
    )
    assert target.read_bytes() == before
    main(["--export", str(target), "--hours", "5", "--force", "--lang", "en"])
    assert len(_data_block(target.read_text(encoding="utf-8"))["frames"]) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.html"]  # no temp file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--export", "x.html", "--hours", "0"], "--hours: 0 is out of range; give a whole"),
        (["--export", "x.html", "--hours", "2001"], "--hours: 2001 is out of range"),
        (["--export", "x.txt"], "--export: 'x.txt' does not end in .html or .htm; name the"),
        (["--export", "missing/x.html"], "--export: the folder missing does not exist"),
        (["--export", "."], "--export: '.' does not end in .html or .htm"),
        (["--export", "x.html", "--preset", "x"], "argument --preset: invalid choice: 'x'"),
        (["--handout", "x.gif"], "--handout: 'x.gif' does not end in .png or .pdf or .svg"),
        (["--handout", "x.png", "--preset", "ab_chain"], "--preset: the handout shows every"),
        (["--hours", "10"], "--hours: only with --export or --handout; add one or leave it out"),
        (["--force"], "--force: only with --export or --handout"),
        (["--export", "x.html", "--handout", "x.png"], "argument --handout: not allowed with"),
        (["--export", "x.html", "--seed", "-2"], "--seed: -2 is out of range"),
    ],
)
def test_bad_file_options_end_in_one_line_and_write_nothing(
    tmp_path, monkeypatch, capsys, args, message
):
    monkeypatch.chdir(tmp_path)
    assert _refused(capsys, *args).startswith(f"orgsim-class: error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_one_line(tmp_path, monkeypatch, capsys):
    from orgsim.experiments.classroom import export

    def refuse(path: Path, write: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export, "atomic_write", refuse)  # a folder one may not write to
    target = tmp_path / "x.html"
    assert _refused(capsys, "--export", str(target), "--hours", "2") == (
        f"orgsim-class: error: --export: {target} cannot be written (Permission denied); "
        "choose another folder\n"
    )
    assert list(tmp_path.iterdir()) == []


# --- the handout -----------------------------------------------------------------------


def test_the_handout_is_one_a4_page_of_every_preset_in_chinese():
    figure = handout_figure(40, "zh", seed=1)
    assert tuple(figure.get_size_inches()) == pytest.approx(A4_INCHES)
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles == [
        "1. 四个窗口 vs 一个队列",
        "2. AB岗：链式互补",
        "3. 合并反而更糟",
        "4. 改革后的磨合期",
    ]
    for ax in figure.axes:
        lines = [line for line in ax.lines if not line.get_label().startswith("_")]
        assert len(lines) == len(SIDES) and lines[0].get_label() == "现在的办公室（分科室）"
        assert len(lines[0].get_xdata()) == 40
    assert len(figure.axes) == len(PRESETS)


def test_the_handout_command_writes_a_printable_page_and_keeps_it(tmp_path, capsys):
    from PIL import Image

    target = tmp_path / "handout.png"
    done = _cli("--handout", str(target), "--hours", "30")
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    assert printed[0] == f"orgsim-class: wrote {target} (every preset, seed 1, 30 hours, A4)"
    for line, (name, settings) in zip(printed[1:], PRESETS.items(), strict=True):
        left, right = Lesson(settings).advance(30)
        assert line == (
            f"  {name}: mean wait at hour 30: {left.counters.mean_wait:.2f} h as it is, "
            f"{right.counters.mean_wait:.2f} h {settings.structure}"
        )
    with Image.open(target) as image:
        width, height = image.size
    assert height / width == pytest.approx(A4_INCHES[1] / A4_INCHES[0], rel=0.01)
    assert width >= 1600  # sharp enough to print
    before = target.read_bytes()
    assert "handout.png already exists" in _refused(capsys, "--handout", str(target))
    assert target.read_bytes() == before
    pdf = tmp_path / "handout.pdf"
    main(["--handout", str(pdf), "--hours", "10", "--lang", "en"])
    assert pdf.read_bytes().startswith(b"%PDF")


# --- in a real browser -----------------------------------------------------------------


def _chromium() -> tuple[Any, str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed: apt-get install chromium (make test does it)")
    return sync_playwright, chromium


def _pixel_spread(png: bytes) -> float:
    """Standard deviation of the screenshot's grey levels (0 for a blank page)."""
    from PIL import Image, ImageStat

    return float(ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0])


def _shown(page: Any) -> dict[str, str]:
    return {
        f"{side}-{name}": page.locator(f"#counter-{side}-{name}").inner_text()
        for side in SIDES
        for name in SHOWN_COUNTERS
    }


def test_the_exported_lesson_plays_offline_in_chromium(tmp_path):
    sync_playwright, chromium = _chromium()
    hours, seed = 130, 4
    target = tmp_path / "running_in.html"
    done = _cli(
        *("--export", str(target), "--preset", "running_in"),
        *("--hours", str(hours), "--seed", str(seed)),
    )
    assert done.returncode == 0, done.stderr
    expected = Lesson(preset("running_in").replace(seed=seed)).advance(hours)
    requested: list[str] = []
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        requested.append(url)
        if url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(20_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route("**/*", route)
            page.goto(target.as_uri(), wait_until="load")
            page.wait_for_selector("body[data-ready=true]")
            table = page.locator("#counters")
            assert table.get_attribute("data-clock") == "0"
            for side in SIDES:  # both offices: four sections of one person each
                assert page.locator(f"#office-{side} .desk").count() == 4
                assert page.locator(f"#office-{side} .wall").count() == 4
                assert page.locator(f"#office-{side} svg").is_visible()
            assert page.locator("#plot polyline").count() == 2
            start = _shown(page)

            page.click("#step")
            assert table.get_attribute("data-clock") == "1"
            page.click("#play")
            page.wait_for_function(
                "() => Number(document.querySelector('#counters').dataset.clock) >= 12"
            )
            page.click("#play")  # pause
            paused = table.get_attribute("data-clock")
            page.wait_for_timeout(400)
            assert table.get_attribute("data-clock") == paused
            assert page.locator("#play").get_attribute("data-playing") == "false"
            assert _shown(page) != start
            assert page.locator("#counter-current-completed").inner_text() != "0"
            points = page.locator("#plot polyline").first.get_attribute("points")
            assert len(points.split()) == int(paused) + 1  # the line grows with the clock

            page.select_option("#speed", "50")
            page.click("#to-end")
            assert table.get_attribute("data-clock") == str(hours)
            assert table.get_attribute("data-sections-reformed") == "1"  # the big section
            assert page.locator("#office-reformed .wall").count() == 1
            for side, office in zip(SIDES, expected, strict=True):
                for name in SHOWN_COUNTERS:
                    shown = page.locator(f"#counter-{side}-{name}").inner_text()
                    assert shown == format_counter(name, getattr(office.counters, name))
                completed = table.get_attribute(f"data-completed-{side}")
                assert completed == str(office.counters.completed)
                assert table.get_attribute(f"data-arrived-{side}") == str(office.counters.arrived)
            page.click("#back")
            assert table.get_attribute("data-clock") == str(hours - 1)

            shot = page.screenshot()
            assert _pixel_spread(shot) > 20.0
            assert _pixel_spread(page.locator("#plot").screenshot()) > 10.0
        finally:
            browser.close()
    assert errors == []
    assert outside == []
    assert requested and all(url.startswith("file:") for url in requested)


def write_screenshot(path: Path = ROOT / "docs" / "images" / "classroom_export.png") -> Path:
    """The lesson plan's screenshot: the exported running-in lesson at hour 150."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as folder:
        lesson = Path(folder) / "running_in.html"
        done = _cli("--export", str(lesson), "--preset", "running_in")
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(lesson.as_uri())
            page.wait_for_selector("body[data-ready=true]")
            page.locator("#scrub").evaluate(
                "(scrub) => { scrub.value = '150'; scrub.dispatchEvent(new Event('input')); }"
            )
            partial = path.with_suffix(".png.part")
            partial.write_bytes(page.screenshot(full_page=True))
            partial.replace(path)
            browser.close()
    return path


if __name__ == "__main__":
    print(write_screenshot())
