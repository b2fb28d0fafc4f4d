"""The policy page in real Chromium: reflow at 320 px, axe-core, CSP, keyboard and print.

The page is served by the real app (uvicorn on a loopback port). `/consentry.js` is refused by
these tests so that they judge the page alone, as a visitor sees it before the banner script
loads or when it fails to: the banner's own checks on /policy belong to the banner tests.
axe-core comes from the PyPI package axe-playwright-python (its bundled axe.min.js), offline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from consentry.declaration import Declaration
from consentry.web import create_app

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture(scope="module")
def base_url(reference: Declaration) -> Iterator[str]:
    """The app for the reference declaration, on a free loopback port, for this module."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(reference), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def tracker_count(declaration: Declaration) -> int:
    """Rows of the tracker table: every declared cookie, plus the choice cookie."""
    return sum(len(service.cookies) for service in declaration.services) + 1


def open_policy(browser: Browser, base_url: str, lang: str, width: int, height: int) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height}, locale=lang)
    page.route("**/consentry.js", lambda route: route.abort())
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto(f"{base_url}/policy?lang={lang}", wait_until="load")
    return page


@pytest.mark.parametrize(
    ("lang", "viewport"), [("fr", (320, 640)), ("en", (320, 640)), ("fr", (640, 256))]
)
def test_reflows_without_horizontal_scrolling(
    browser: Browser, base_url: str, reference: Declaration, lang: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page = open_policy(browser, base_url, lang, width, height)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"the page scrolls sideways: {scroll_width} > {width}"
        rows = page.locator("#tracker-table tbody tr")
        count = tracker_count(reference)
        assert rows.count() == count
        for index in (0, count // 2, count - 1):
            row = rows.nth(index)
            row.scroll_into_view_if_needed()
            box = row.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        for control in ("[data-consentry-open]", "[data-consentry-optout='matomo']"):
            button = page.locator(control).first
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            assert box is not None and box["x"] + box["width"] <= width
            assert box["height"] >= 24 and box["width"] >= 24
    finally:
        page.close()


@pytest.mark.parametrize(("lang", "width"), [("fr", 1280), ("fr", 320), ("en", 320)])
def test_has_no_axe_violations(browser: Browser, base_url: str, lang: str, width: int) -> None:
    page = open_policy(browser, base_url, lang, width, 800)
    try:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, results.generate_report()
        passed = page.evaluate("() => axe.run(document, {runOnly: ['color-contrast']})")
        assert _rule_ids(passed["passes"]) == ["color-contrast"], "contrast was not checked"
    finally:
        page.close()


def _rule_ids(results: list[dict[str, Any]]) -> list[str]:
    return [result["id"] for result in results]


def test_stylesheet_applies_under_the_strict_csp(browser: Browser, base_url: str) -> None:
    page = open_policy(browser, base_url, "fr", 1280, 800)
    try:
        assert page.evaluate("window.__cspViolations") == []
        background = page.locator("button[data-consentry-open]").first.evaluate(
            "(b) => getComputedStyle(b).backgroundColor"
        )
        assert background == "rgb(11, 79, 156)", "policy.css did not load"
        assert page.locator("#tracker-table thead").is_visible()
    finally:
        page.close()


def test_keyboard_reaches_the_skip_link_and_the_controls(browser: Browser, base_url: str) -> None:
    page = open_policy(browser, base_url, "fr", 1280, 800)
    try:
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Aller au contenu")
        assert skip.evaluate("(a) => a === document.activeElement")
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0, "the skip link is visible when focused"
        manage = page.get_by_role("button", name="Gérer mes cookies")
        assert manage.count() == 3
        for _ in range(5):
            page.keyboard.press("Tab")
            if manage.first.evaluate("(b) => b === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the 'Gérer mes cookies' button")
        outline = manage.first.evaluate("(b) => getComputedStyle(b).outlineStyle")
        assert outline == "solid", "the focused button shows a focus ring"
    finally:
        page.close()


def test_prints_without_controls_and_with_link_targets(
    browser: Browser, base_url: str, reference: Declaration
) -> None:
    page = open_policy(browser, base_url, "fr", 1280, 800)
    try:
        page.emulate_media(media="print")
        assert not page.locator("button[data-consentry-open]").first.is_visible()
        assert not page.locator("nav.toc").is_visible()
        after = page.locator("#partners a").first.evaluate(
            "(a) => getComputedStyle(a, '::after').content"
        )
        assert "https://policies.google.com/privacy" in after
        assert page.locator("#tracker-table tbody tr").count() == tracker_count(reference)
    finally:
        page.close()
