"""The classroom page in headless Chromium, served by ``orgsim-class`` on 127.0.0.1 only.

One server for the module (started and stopped here, on a free port); every request the
page makes to anything but that server is blocked and recorded, so the page is checked to
work with no internet. Skipped without chromium or the ``class`` extra.

``python -m tests.test_classroom_browser`` writes the README's screenshot,
docs/images/classroom.png.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orgsim.experiments.classroom.settings import PRESETS

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
START_TIMEOUT = 60.0  # seconds for the server to answer
WAIT_MS = 20_000  # for anything on the page


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _requirements() -> tuple[Any, str]:
    if importlib.util.find_spec("solara") is None:
        pytest.skip("the classroom extra is not installed: pip install -e '.[class]'")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed: apt-get install chromium (make test does it)")
    return sync_playwright, chromium


class Server:
    """``orgsim-class`` in a process group of its own, on 127.0.0.1 and a free port."""

    def __init__(self, lang: str = "zh") -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "orgsim.experiments.classroom.cli"]
        command += ["--port", str(self.port), "--lang", lang]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"orgsim-class ended: {self.process.stdout.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(self.url, timeout=5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"orgsim-class did not answer in {START_TIMEOUT} s"
                    ) from None
                time.sleep(0.3)

    def stop(self) -> str:
        """Stop the server and its children; return what it printed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        return self.process.stdout.read() if self.process.stdout else ""  # type: ignore[union-attr]


class Browser:
    """Chromium whose pages may reach only the server; everything else is blocked and listed."""

    def __init__(self, playwright: Any, chromium: str, server: Server) -> None:
        self.server = server
        self.browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        self.outside: list[str] = []

    def open(self) -> Any:
        """A new tab (its own session) showing the page, loaded."""
        page = self.browser.new_page(viewport={"width": 1500, "height": 1150})
        page.set_default_timeout(WAIT_MS)
        local = (self.server.url, f"ws://127.0.0.1:{self.server.port}", "data:", "blob:")

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(local):
                request_route.continue_()
            else:
                self.outside.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(self.server.url)
        page.wait_for_selector("#counters")
        page.wait_for_selector("img")
        return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    sync_playwright, chromium = _requirements()
    server = Server()
    try:
        with sync_playwright() as playwright:
            chrome = Browser(playwright, chromium, server)
            try:
                yield chrome
            finally:
                chrome.browser.close()
    finally:
        server.stop()


def _table(page: Any) -> Any:
    return page.locator("#counters")


def _wait_for(page: Any, attribute: str, value: str) -> None:
    page.wait_for_function(
        "([name, value]) => document.querySelector('#counters')?.getAttribute(name) === value",
        arg=[attribute, value],
    )


def _step(page: Any, times: int) -> None:
    start = float(_table(page).get_attribute("data-clock"))
    for k in range(1, times + 1):
        page.get_by_role("button", name="Step", exact=True).click()
        _wait_for(page, "data-clock", f"{start + k:g}")


def _counters(page: Any) -> list[str]:
    return page.locator("#counters td").all_inner_texts()


def _pixel_spread(png: bytes) -> float:
    """Standard deviation of the screenshot's grey levels (0 for a blank page)."""
    from PIL import Image, ImageStat

    return float(ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0])


def test_the_page_loads_offline_with_both_offices_and_every_control(browser):
    page = browser.open()
    body = page.inner_text("body")
    for words in ("现在的办公室（分科室）", "合并为大科室（一个队列）", "实时指标"):
        assert words in body
    for name in PRESETS:
        assert page.locator(f".preset-{name}").is_visible()
    for control in ("structure", "load", "sections", "people_per_section", "service_cv"):
        assert page.locator(f".control-{control}").is_visible()
    for control in ("long_factor", "unfamiliar_speed", "learning_start", "reform_at", "seed"):
        assert page.locator(f".control-{control}").is_visible()
    for button in ("Reset", "Step", "▶"):
        assert page.get_by_role("button", name=button, exact=True).is_visible()
    assert page.locator("img").count() >= 2  # the offices and the waiting plot
    assert browser.outside == []
    page.close()


def test_stepping_advances_both_clocks_and_changes_the_counters(browser):
    page = browser.open()
    table = _table(page)
    before = _counters(page)
    _step(page, 6)
    assert table.get_attribute("data-clock-current") == "6"
    assert table.get_attribute("data-clock-reformed") == "6"
    assert _counters(page) != before
    assert page.locator("#counter-current-completed").inner_text() != "0"
    assert browser.outside == []
    page.close()


def test_a_preset_and_a_slider_rebuild_the_offices(browser):
    page = browser.open()
    table = _table(page)
    _step(page, 2)
    page.locator(".preset-merging_hurts").click()
    _wait_for(page, "data-sections-current", "2")
    assert table.get_attribute("data-clock") == "0"
    assert table.get_attribute("data-sections-reformed") == "1"
    page.locator(".control-sections [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    _wait_for(page, "data-sections-current", "3")
    page.locator(".control-people_per_section [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    _wait_for(page, "data-people", "6")
    assert table.get_attribute("data-clock") == "0"
    _step(page, 1)  # Reset rebuilds with the new settings, not the preset's
    page.get_by_role("button", name="Reset", exact=True).click()
    _wait_for(page, "data-clock", "0")
    assert table.get_attribute("data-people") == "6"
    page.close()


def test_the_same_seed_gives_the_same_counters(browser):
    first = browser.open()
    _step(first, 8)
    counted = _counters(first)
    first.get_by_role("button", name="Reset", exact=True).click()
    _wait_for(first, "data-clock", "0")
    _step(first, 8)
    assert _counters(first) == counted
    first.close()
    second = browser.open()  # another tab: its own session
    _step(second, 8)
    assert _counters(second) == counted
    second.close()


def test_every_preset_draws_a_non_blank_page(browser):
    page = browser.open()
    blank = _pixel_spread(page.screenshot(clip={"x": 420, "y": 0, "width": 300, "height": 40}))
    for name in PRESETS:
        page.locator(f".preset-{name}").click()
        _wait_for(page, "data-clock", "0")
        _step(page, 3)
        shot = page.locator("img").first.screenshot()
        assert _pixel_spread(shot) > max(20.0, 2 * blank), name
    assert browser.outside == []
    page.close()


def write_screenshot(path: Path = ROOT / "docs" / "images" / "classroom.png") -> Path:
    """The README's screenshot: the first preset after three working days."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed")
    server = Server()
    try:
        with sync_playwright() as playwright:
            chrome = Browser(playwright, chromium, server)
            page = chrome.open()
            _step(page, 24)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".png.part")
            partial.write_bytes(page.screenshot())
            partial.replace(path)
            chrome.browser.close()
            if chrome.outside:
                raise SystemExit(f"the page asked for {chrome.outside}")
    finally:
        server.stop()
    return path


if __name__ == "__main__":
    print(write_screenshot())
