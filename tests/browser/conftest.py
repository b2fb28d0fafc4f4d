"""The demo site, served in-process on 127.0.0.1:0, and a fresh browser context per test.

Every visit records the requests of every frame, and the consent records the banner POSTs
(the route answers 201 as the ledger would, so the banner's side is tested on its own).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Route

from consentry.cli.demo import build_demo
from consentry.declaration import Declaration
from consentry.demo import SITE_HOST, demo_declaration
from consentry.ledger import ConsentStore, open_store

GPC_SCRIPT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
DATALAYER_SCRIPT = """
window.__pushes = [];
const dataLayer = [];
const push = dataLayer.push;
dataLayer.push = function (...entries) {
  for (const e of entries) window.__pushes.push(JSON.parse(JSON.stringify(Array.from(e))));
  return push.apply(this, entries);
};
window.dataLayer = dataLayer;
"""
CLS_SCRIPT = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
}).observe({type: "layout-shift", buffered: true});
"""


@dataclass
class Demo:
    port: int
    declaration: Declaration
    store: ConsentStore

    @property
    def origin(self) -> str:
        return f"http://{SITE_HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def hosts_of(self, predicate: Callable[[Any], bool]) -> set[str]:
        """Declared hosts of the services matching `predicate` (wildcards dropped)."""
        return {
            h.removeprefix("*.") for s in self.declaration.services if predicate(s) for h in s.hosts
        }


# Package scope: the server thread ends with the browser tests, before other packages' tests
# patch process-wide functions (the rules tests forbid `time.time`, which uvicorn's loop reads).
@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'demo.sqlite3'}")
    server = uvicorn.Server(uvicorn.Config(build_demo(port, store), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the demo server did not start")
        time.sleep(0.02)
    yield Demo(port, demo_declaration(port), store)
    server.should_exit = True
    thread.join(10)
    store.close()


@dataclass
class Visit:
    """One fresh visitor: their context, page, every request and every consent record."""

    demo: Demo
    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.demo.url(path))

    def hosts(self) -> set[str]:
        return {urllib.parse.urlsplit(u).hostname or "" for u in self.requests}

    def choice(self) -> dict[str, Any] | None:
        """The decoded `cookie_consent` value, or None."""
        for c in self.context.cookies():
            if c["name"] == "cookie_consent":
                value: dict[str, Any] = json.loads(urllib.parse.unquote(c["value"]))
                return value
        return None

    def cookie_names(self) -> set[str]:
        return {c["name"] for c in self.context.cookies()}

    def pushes(self) -> list[list[Any]]:
        result: list[list[Any]] = self.page.evaluate("window.__pushes")
        return result

    def wait_records(self, count: int) -> None:
        """Wait until `count` consent records have reached the server (10 s at most).

        Sync Playwright delivers events only while it waits, so checking the list and then
        waiting for the next finished POST cannot miss one.
        """
        while len(self.records) < count:
            self.page.wait_for_event(
                "requestfinished",
                predicate=lambda r: r.method == "POST" and r.url.endswith("/api/v1/consents"),
                timeout=10_000,
            )

    def banner(self) -> Any:
        return self.page.locator('[data-consentry="banner"]')

    def prefs(self) -> Any:
        return self.page.locator('[data-consentry="preferences"]')

    def action(self, name: str) -> Any:
        return self.page.locator(f'[data-consentry-action="{name}"]')


@pytest.fixture
def visit(browser: Browser, demo: Demo) -> Iterator[Callable[..., Visit]]:
    """Open a fresh visitor (no storage); options go to `browser.new_context`."""
    contexts: list[BrowserContext] = []

    def open_visit(*, gpc: bool = False, ledger_status: int = 201, **options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        if gpc:
            options["extra_http_headers"] = {"Sec-GPC": "1"}
        context = browser.new_context(**options)
        contexts.append(context)
        context.add_init_script(DATALAYER_SCRIPT)
        context.add_init_script(CLS_SCRIPT)
        if gpc:
            context.add_init_script(GPC_SCRIPT)
        page = context.new_page()
        result = Visit(demo, context, page)
        context.on("request", lambda r: result.requests.append(r.url))
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.on(
            "console",
            lambda m: result.errors.append(m.text) if "Consentry" in m.text else None,
        )

        def ledger(route: Route) -> None:
            if route.request.method != "POST":
                route.fallback()
                return
            result.records.append(json.loads(route.request.post_data or "{}"))
            route.fulfill(
                status=ledger_status,
                content_type="application/json",
                body=json.dumps({"record_id": "x", "received_at": "2026-01-01T00:00:00Z"}),
            )

        if ledger_status:
            context.route("**/api/v1/consents", ledger)
        return result

    yield open_visit
    for context in contexts:
        context.close()
