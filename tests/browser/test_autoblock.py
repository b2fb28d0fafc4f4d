"""Automatic blocking (`[banner].auto_block`) on a plain page whose markup names no consent
attribute: what reaches the declared hosts before consent (the stand-ins' own request log),
what runs, in which order, once consent comes.

Two ways of serving the same page: as written (`/`), where only the browser holds things
back, and held by the server with `hold_markup` (`/held`), as a site's server does it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.autoblock_site import (
    MARKUP_PATHS,
    RUNTIME_PATHS,
    UNDECLARED,
    Site,
    SiteServer,
)
from tests.browser.conftest import CLS_SCRIPT

pytestmark = pytest.mark.browser

IN_ORDER = ["u:loading", "a", "b", "c"]
"""The undeclared script runs at once, during parsing; the rest in document order."""


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = SiteServer()
    yield server.site
    server.stop()


@pytest.fixture
def open_page(browser: Browser, site: Site) -> Iterator[Callable[..., Page]]:
    """A fresh visitor on a path of the site, its page loaded and its network idle."""
    contexts: list[BrowserContext] = []

    def open_at(path: str, context: BrowserContext | None = None) -> Page:
        if context is None:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(CLS_SCRIPT)
            # The ledger is not under test; answered here, the keepalive POSTs end for sure.
            context.route("**/api/v1/consents", lambda route: route.fulfill(status=201))
            contexts.append(context)
        page = context.new_page()
        page.goto(site.url(path))
        expect(page.locator('[data-consentry="banner"]')).to_be_visible()
        page.wait_for_load_state("networkidle")
        return page

    yield open_at
    for context in contexts:
        context.close()


def ran(page: Page) -> list[str]:
    result: list[str] = page.evaluate("window.log || []")
    return result


def blocked(page: Page) -> set[tuple[str, str]]:
    """(service, path) of everything the page reports held or refused."""
    entries: list[dict[str, Any]] = page.evaluate("consentry.blocked()")
    return {(e["service"], e["url"].split(":", 2)[2].split("/", 1)[1]) for e in entries}


def accept(page: Page, *purposes: str) -> None:
    """Accept everything, or only `purposes` through the preferences."""
    if not purposes:
        page.locator('[data-consentry-action="accept-all"]').click()
        return
    page.locator('[data-consentry-action="customize"]').click()
    for purpose in purposes:
        page.locator(f'input[data-consentry-category="{purpose}"]').check()
    page.locator('[data-consentry-action="save"]').click()


def test_what_scripts_ask_for_at_run_time_never_reaches_a_declared_host(
    open_page: Any, site: Site
) -> None:
    mark = len(site.log)
    page = open_page("/")
    assert not site.declared_since(mark) & RUNTIME_PATHS
    assert ran(page) == ["u:loading"]  # held scripts did not run, markup or run time
    assert page.evaluate("[window.fetchFailed, window.xhrFailed]") == [True, True]
    assert blocked(page) >= {
        ("lib-a", "a.js"),
        ("lib-b", "b.js"),
        ("lib-a", "c.js"),
        ("ads-c", "runtime.gif"),
        ("ads-c", "beacon"),
        ("ads-c", "fetch"),
        ("ads-c", "xhr"),
    }
    # The iframe got the gated embeds' placeholder, in its box: nothing moved.
    placeholder = page.locator(".cy-embed").filter(has_text="Video D")
    expect(placeholder.get_by_role("button", name="Activer Video D")).to_be_visible()
    box = placeholder.bounding_box()
    assert box is not None and (round(box["width"]), round(box["height"])) == (324, 184)
    assert page.evaluate("window.__shifts") == []


def test_what_the_html_loads_is_requested_by_the_browser_itself_and_reported(
    open_page: Any, site: Site
) -> None:
    """The preload scanner and the parser request the HTML's own URLs before any script can
    hold them: measured, not hidden. Each request that reached a declared host is reported
    on the page (the scanner reads `consentry.missed()`), and none of those scripts ran."""
    mark = len(site.log)
    page = open_page("/")
    reached = site.declared_since(mark)
    assert reached <= MARKUP_PATHS
    page.wait_for_function(
        """paths => paths.every(
             p => consentry.missed().some(m => new URL(m.url).pathname === p))""",
        arg=sorted(reached),
        timeout=10_000,
    )
    assert ran(page) == ["u:loading"]
    assert page.frame_locator("iframe").locator("p").count() == 0  # the frame shows nothing


def test_markup_held_by_the_server_reaches_no_declared_host_before_consent(
    open_page: Any, site: Site
) -> None:
    mark = len(site.log)
    page = open_page("/held")
    assert site.declared_since(mark) == set()
    assert ran(page) == ["u:loading"]
    assert page.evaluate("consentry.missed()") == []
    expect(page.locator(".cy-embed").filter(has_text="Video D")).to_be_visible()
    assert page.evaluate("window.__shifts") == []


@pytest.mark.parametrize("path", ["/", "/held"])
def test_after_acceptance_everything_runs_in_document_order(
    open_page: Any, site: Site, path: str
) -> None:
    page = open_page(path)
    mark = len(site.log)
    accept(page)
    page.wait_for_function("(window.log || []).length >= 4", timeout=10_000)
    assert ran(page) == IN_ORDER
    expect(page.frame_locator('iframe[title="Vidéo de démonstration"]').locator("p")).to_have_text(
        "Video D"
    )
    page.wait_for_load_state("networkidle")
    reached = site.declared_since(mark)
    # What the browser fetched speculatively before consent (on "/") it may take from its cache.
    assert {"/c.js", "/runtime.gif"} <= reached
    missed = {m["url"].rsplit("/", 1)[1] for m in page.evaluate("consentry.missed()")}
    assert missed <= ({"a.js", "b.js", "p.gif", "embed"} if path == "/" else set())
    # Held pixels and links were released too: their URLs are back where the page put them.
    assert page.evaluate("document.querySelector('img').getAttribute('src')").endswith("/p.gif")
    assert page.evaluate("document.querySelector('link[rel=preload]').href").endswith("/a.js")


@pytest.mark.parametrize("path", ["/", "/held"])
def test_a_refusal_keeps_everything_held_across_a_reload(
    open_page: Any, site: Site, path: str
) -> None:
    page = open_page(path)
    page.locator('[data-consentry-action="reject-all"]').click()
    mark = len(site.log)
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-consentry="banner"]')).to_have_count(0)
    assert ran(page) == ["u:loading"]
    reached = site.declared_since(mark)
    assert not reached & RUNTIME_PATHS
    assert reached <= (MARKUP_PATHS if path == "/" else set())
    expect(page.locator(".cy-embed").filter(has_text="Video D")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/held"])
def test_accepting_one_purpose_releases_only_its_hosts(
    open_page: Any, site: Site, path: str
) -> None:
    page = open_page(path)
    mark = len(site.log)
    accept(page, "audience")
    page.wait_for_function("(window.log || []).length >= 4", timeout=10_000)
    assert ran(page) == IN_ORDER  # Lib A and Lib B serve audience measurement
    page.wait_for_load_state("networkidle")
    reached = site.declared_since(mark)
    assert "/c.js" in reached
    assert not reached & {"/p.gif", "/runtime.gif", "/embed", "/beacon", "/fetch", "/xhr"}
    expect(page.locator(".cy-embed").filter(has_text="Video D")).to_be_visible()
    assert page.evaluate("document.querySelector('img').hasAttribute('src')") is False


def test_undeclared_hosts_are_untouched(open_page: Any, site: Site) -> None:
    mark = len(site.log)
    page = open_page("/")
    assert ran(page)[0] == "u:loading"  # ran where the page put it, while parsing
    assert any(r.host == UNDECLARED and r.path == "/u.js" for r in site.log[mark:])
    assert page.evaluate("document.querySelector('script[src*=\"cdn-u\"]').type") == ""
    assert not any("cdn-u" in e["url"] for e in page.evaluate("consentry.blocked()"))
    assert page.evaluate("consentry.missed().filter(m => m.url.includes('cdn-u'))") == []
