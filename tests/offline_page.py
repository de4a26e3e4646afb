"""A report page opened in headless Chromium with every request off this machine blocked.

Shared by the browser tests of the pages in both languages: they differ in what they look
for on the page, not in how it is opened, checked for images and photographed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.test_report import BROWSER_ARGS, _browser

#: Requests a self-contained page may make: itself, its embedded data, this machine.
LOCAL = ("file:", "data:", "http://127.0.0.1")


@contextmanager
def offline_page(html: Path) -> Iterator[tuple[Any, list[str]]]:
    """``html`` loaded in Chromium, and the list of outside requests it tried (blocked).

    Skips the test when playwright or Chromium is missing (see ``tests/test_report.py``).
    """
    sync_playwright, chromium = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(30_000)
            outside: list[str] = []

            def only_local(route: Any) -> None:
                url = route.request.url
                if url.startswith(LOCAL):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            page.route("**/*", only_local)
            page.goto(html.as_uri(), wait_until="load")
            yield page, outside
        finally:
            browser.close()


def assert_images_drawn_and_photograph(page: Any, shot: Path) -> None:
    """Every image on ``page`` is loaded and drawn, and a full-page picture is not blank."""
    images = page.locator("img")
    assert images.count() > 0
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
