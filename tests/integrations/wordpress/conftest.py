"""Fixtures of the WordPress end-to-end tests: a consent server and a real WordPress.

Session-scoped: installing MariaDB and WordPress takes about twenty seconds, once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from consentry.declaration import Declaration
from consentry.integrations.wordpress import build_plugin
from consentry.scanner.driver import BASE_ARGS
from tests.conftest import require
from tests.factories import make_declaration
from tests.integrations.consent_server import LoopbackServer, consent_server
from tests.integrations.wordpress.fake_hosts import FakeThirdParties
from tests.integrations.wordpress.wordpress_site import (
    FIXTURES,
    WordPressSite,
    free_port,
    missing_packages,
    wordpress,
)

WP_SERVICES: list[dict[str, Any]] = [
    {"use": "wordpress"},
    {"use": "matomo", "exempt": "audience-measurement"},
    {"use": "google-analytics"},
    {"use": "youtube"},
    {"use": "vimeo"},
]


@pytest.fixture(scope="session")
def wp_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def wp_declaration(wp_port: int) -> Declaration:
    """The WordPress site's declaration: its URL is the loopback WordPress."""
    return make_declaration(site={"url": f"http://127.0.0.1:{wp_port}"}, services=WP_SERVICES)


@pytest.fixture(scope="session")
def wp_consent_server(wp_declaration: Declaration) -> Iterator[LoopbackServer]:
    with consent_server(wp_declaration) as server:
        yield server


@pytest.fixture(scope="session")
def wp(
    tmp_path_factory: pytest.TempPathFactory,
    wp_declaration: Declaration,
    wp_consent_server: LoopbackServer,
    wp_port: int,
) -> Iterator[WordPressSite]:
    """WordPress with the plugin built from `wp_declaration`, active, and test content."""
    missing = missing_packages()
    if missing:
        require(f"Debian packages {', '.join(missing)}")
    folder = tmp_path_factory.mktemp("wordpress")
    plugin = build_plugin(wp_declaration, folder / "dist")
    with wordpress(folder, plugin, wp_consent_server.url, wp_port) as site:
        yield site


@pytest.fixture
def wp_settings(wp: WordPressSite, wp_consent_server: LoopbackServer) -> Iterator[Any]:
    """Change the plugin's settings for one test: `wp_settings(auto_block=False)`."""
    defaults = {"server_url": wp_consent_server.url, "auto_block": True, "footer_link": True}

    def apply(**changes: Any) -> None:
        settings = json.dumps({**defaults, **changes})
        wp.php(FIXTURES / "settings.php", CONSENTRY_SETTINGS=settings)

    yield apply
    apply()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def third_parties(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeThirdParties]:
    with FakeThirdParties(tmp_path_factory.mktemp("third-parties")) as fake:
        yield fake


@pytest.fixture(scope="session")
def wp_browser(chromium: str, third_parties: FakeThirdParties) -> Iterator[Browser]:
    """Chromium with the YouTube, Vimeo and Google host names mapped to the stand-ins."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                *BASE_ARGS,
                "--ignore-certificate-errors",  # the stand-ins' certificate is self-signed
                f"--host-resolver-rules={third_parties.resolver_rules}",
            ],
        )
        yield browser
        browser.close()


@dataclass
class Visitor:
    """One fresh visitor of the WordPress site, with every request their browser made."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)

    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self.requests}


@pytest.fixture
def visitor(wp_browser: Browser, third_parties: FakeThirdParties) -> Iterator[Visitor]:
    third_parties.clear()
    context = wp_browser.new_context(ignore_https_errors=True, locale="fr-FR")
    page = context.new_page()
    found = Visitor(context, page)
    context.on("request", lambda request: found.requests.append(request.url))
    yield found
    context.close()
