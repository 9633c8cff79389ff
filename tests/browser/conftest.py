"""Real-browser tests: Playwright driving Debian's chromium against a live test server.

Skipped (with the reason) where /usr/bin/chromium is absent; `.ci/run` installs it.
Set SCREENSHOT_DIR to keep a screenshot of every page visited.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from localserver import CHROMIUM_ARGS

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to check the database are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# How long any one step may wait for what it expects (a page, an element, a download).
# Generous on purpose: on a busy machine a first PDF or page can take many seconds, and a
# step that waits for a condition costs nothing extra when the machine is quick.
STEP_TIMEOUT_MS = 90_000

# What the browser refused under the Content-Security-Policy during the current test.
_REFUSED: list[str] = []


def _watch(page) -> None:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            _REFUSED.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


class _WatchedBrowser:
    """The browser, with every page it opens reporting Content-Security-Policy refusals."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.on("page", _watch)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        page.set_default_timeout(STEP_TIMEOUT_MS)
        _watch(page)
        return page


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no chromium at {CHROMIUM} (installed by .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _WatchedBrowser(instance)
        instance.close()


@pytest.fixture(autouse=True)
def nothing_refused_by_the_csp() -> Iterator[None]:
    """Every page of every browser test works under the strict policy: no inline script or
    style the browser had to block."""
    _REFUSED.clear()
    yield
    assert not _REFUSED, "\n".join(_REFUSED)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return VIEWPORTS[request.param]


def shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=str(Path(folder) / f"{name}.{width}.png"), full_page=True)
