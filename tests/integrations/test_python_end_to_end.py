"""End to end on a Python site: the real banner writes the choice, the middleware enforces it.

A FastAPI site sets `_ga` and its session cookie on every page and loads the banner from the
consent server. In Chromium: before a choice only the session cookie is stored; after
"accept all" the next page stores `_ga`; after a withdrawal it never comes back.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from playwright.sync_api import Browser, BrowserContext, expect

from consentry.declaration import Declaration
from consentry.integrations.asgi import ConsentMiddleware
from tests.factories import make_declaration
from tests.integrations.choices import SERVICES
from tests.integrations.consent_server import LoopbackServer, consent_server, free_port

pytestmark = pytest.mark.browser


def python_site(declaration: Declaration, banner_url: str) -> FastAPI:
    app = FastAPI()
    app.add_middleware(ConsentMiddleware, declaration=declaration)

    @app.get("/{page}", response_class=HTMLResponse)
    def page(request: Request, page: str) -> HTMLResponse:
        audience = request.state.consent.allows("audience")
        response = HTMLResponse(
            f"""<!doctype html><html lang="fr"><head>
            <script src="{banner_url}/consentry.js"></script><title>{page}</title></head>
            <body><main><h1>{page}</h1><p id="audience">{audience}</p></main>
            <footer><a href="/policy" data-consentry-open>Gérer mes cookies</a></footer>
            </body></html>"""
        )
        response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
        response.set_cookie("sessionid", "abc", httponly=True)
        return response

    return app


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    port = free_port()
    declaration = make_declaration(site={"url": f"http://127.0.0.1:{port}"}, services=SERVICES)
    server = consent_server(declaration)
    with server, LoopbackServer(python_site(declaration, server.url), port) as site:
        yield site.url


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="fr-FR")
    yield context
    context.close()


def names(context: BrowserContext) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def test_the_banners_choice_decides_which_cookies_the_server_may_set(
    site_url: str, context: BrowserContext
) -> None:
    page = context.new_page()
    page.goto(f"{site_url}/accueil")
    accept = page.locator('[data-consentry-action="accept-all"]')
    expect(accept).to_be_visible()
    assert "sessionid" in names(context) and "_ga" not in names(context)
    expect(page.locator("#audience")).to_have_text("False")

    accept.click()
    expect(accept).to_have_count(0)
    page.goto(f"{site_url}/cours")
    expect(page.locator("#audience")).to_have_text("True")
    assert "_ga" in names(context)

    page.get_by_role("link", name="Gérer mes cookies").click()
    page.locator('[data-consentry="preferences"] [data-consentry-action="reject-all"]').click()
    expect(page.locator('[data-consentry="preferences"]')).to_have_count(0)
    context.clear_cookies(name="_ga")  # whatever the banner could or could not delete
    for path in ("/accueil", "/cours"):
        page.goto(f"{site_url}{path}")
        expect(page.locator("#audience")).to_have_text("False")
    assert "_ga" not in names(context) and "sessionid" in names(context)
