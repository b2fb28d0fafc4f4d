"""Fixtures of the WordPress end-to-end tests: a consent server and a real WordPress.

Session-scoped: installing MariaDB and WordPress takes about twenty seconds, once.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from consentry.declaration import Declaration
from consentry.integrations.wordpress import build_plugin
from consentry.web import create_app
from tests.conftest import require
from tests.factories import make_declaration
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


class ConsentServer:
    """`consentry serve` in a thread of the test process, on a free loopback port."""

    def __init__(self, declaration: Declaration) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(declaration), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ConsentServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the consent server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def wp_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def wp_declaration(wp_port: int) -> Declaration:
    """The WordPress site's declaration: its URL is the loopback WordPress."""
    return make_declaration(site={"url": f"http://127.0.0.1:{wp_port}"}, services=WP_SERVICES)


@pytest.fixture(scope="session")
def consent_server(wp_declaration: Declaration) -> Iterator[ConsentServer]:
    with ConsentServer(wp_declaration) as server:
        yield server


@pytest.fixture(scope="session")
def wp(
    tmp_path_factory: pytest.TempPathFactory,
    wp_declaration: Declaration,
    consent_server: ConsentServer,
    wp_port: int,
) -> Iterator[WordPressSite]:
    """WordPress with the plugin built from `wp_declaration`, active, and test content."""
    missing = missing_packages()
    if missing:
        require(f"Debian packages {', '.join(missing)}")
    folder = tmp_path_factory.mktemp("wordpress")
    plugin = build_plugin(wp_declaration, folder / "dist")
    with wordpress(folder, plugin, consent_server.url, wp_port) as site:
        yield site


@pytest.fixture
def wp_settings(wp: WordPressSite, consent_server: ConsentServer) -> Iterator[Any]:
    """Change the plugin's settings for one test: `wp_settings(auto_block=False)`."""
    defaults = {"server_url": consent_server.url, "auto_block": True, "footer_link": True}

    def apply(**changes: Any) -> None:
        settings = json.dumps({**defaults, **changes})
        wp.php(FIXTURES / "settings.php", CONSENTRY_SETTINGS=settings)

    yield apply
    apply()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
