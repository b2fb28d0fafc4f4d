"""The banner's picture in the report: the banner itself, as Playwright would have taken it.

The scanner captures it with one CDP call when the banner lies within the viewport, and falls
back to Playwright's element screenshot (which scrolls to it) when it does not; these tests
compare both with the picture Playwright takes of the same banner in another context.
"""

from __future__ import annotations

import asyncio
import base64
import struct
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.async_api import Browser, async_playwright

from consentry.scanner.banners import find_banner
from consentry.scanner.driver import BrowserOptions, launch_browser

_BANNER = """<div data-consentry="banner" style="{style} background: #fde; padding: 12px 20px;
    font: 16px sans-serif; width: 640px; height: 90px;{extra}">
  <p>Nous utilisons des cookies. <a href="/policy">Politique</a></p>
  <button data-consentry-action="accept-all">Tout accepter</button>
  <button data-consentry-action="reject-all">Tout refuser</button>
</div>"""
_FADE = "<style>@keyframes fade { from { opacity: 0.1 } to { opacity: 1 } }</style>"

IN_VIEW = _BANNER.format(style="position: fixed; bottom: 0; left: 0;", extra="")
BELOW = '<div style="height: 2400px">Article</div>' + _BANNER.format(style="", extra="")
FADING = _FADE + _BANNER.format(
    style="position: fixed; top: 0; left: 0;", extra=" animation: fade 60s linear;"
)


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def pictures(browser: Browser, html: str) -> tuple[bytes, bytes]:
    """(the scanner's picture, Playwright's element screenshot), each in a fresh context."""
    shots = []
    for ours in (True, False):
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        await page.set_content(html)
        if ours:
            seen = await find_banner(page, None, timeout=5)
            assert seen.kind == "consentry"
            shots.append(base64.b64decode(seen.screenshot_png))
        else:
            banner = page.locator('[data-consentry="banner"]')
            shots.append(await banner.screenshot(animations="disabled"))
        await context.close()
    return shots[0], shots[1]


def take(chromium: str, html: str) -> tuple[bytes, bytes]:
    async def run() -> tuple[bytes, bytes]:
        async with (
            async_playwright() as playwright,
            launch_browser(playwright, BrowserOptions(chromium)) as browser,
        ):
            return await pictures(browser, html)

    # A thread of its own: another module's sync Playwright may hold this thread's loop.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(run())).result()


@pytest.mark.browser
@pytest.mark.parametrize("html", [IN_VIEW, BELOW, FADING], ids=["in-view", "below", "fading"])
def test_the_banner_picture_is_the_one_playwright_takes(chromium: str, html: str) -> None:
    ours, playwrights = take(chromium, html)
    assert png_size(ours) == (680, 114)  # 640 × 90 and the padding
    assert ours == playwrights
