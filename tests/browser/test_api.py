"""The JavaScript API (`window.consentry`) works from the moment the banner's script has run."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Route, expect

pytestmark = pytest.mark.browser

# The banner in <head> without `defer` (so that it runs before the page's own tags), and a
# page script right after it that calls the API before there is even a <body>.
PAGE = """<!doctype html><html lang="fr"><head><title>Tôt</title>
<script src="/consentry.js"></script><script src="/early.js"></script></head>
<body><main><h1>Cours</h1><a href="#" data-consentry-open>Gérer mes cookies</a></main>
</body></html>"""


def early_page(v: Any, call: str) -> None:
    def page(route: Route) -> None:
        route.fulfill(content_type="text/html; charset=utf-8", body=PAGE)

    def early(route: Route) -> None:
        route.fulfill(content_type="text/javascript", body=call)

    v.context.route("**/early", page)
    v.context.route("**/early.js", early)
    v.goto("/early")


def test_accept_all_called_before_the_banner_started_is_carried_out(visit: Any) -> None:
    v = visit()
    early_page(v, "window.consentry.acceptAll();")
    v.wait_records(1)
    assert v.records[0]["mechanism"] == "accept_all"
    assert v.page.evaluate("window.consentry.get().mechanism") == "accept_all"
    expect(v.banner()).to_have_count(0)
    assert v.errors == []


def test_open_called_before_the_banner_started_opens_the_preferences(visit: Any) -> None:
    v = visit()
    early_page(v, "window.consentry.open();")
    expect(v.prefs()).to_be_visible()
    expect(v.banner()).to_have_count(0)
    assert v.errors == []
