"""Shared fixtures: a clean environment, the declarations under test, and the external tools.

`browser` is Debian's Chromium launched with the scanner's base arguments
(`consentry.scanner.driver.BASE_ARGS`), one per test module.

Tests that need Debian's Chromium or a PostgreSQL server skip on a developer machine that
lacks them, but fail in CI (`CI` set): CI must run every test, never hide one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from consentry.declaration import Declaration, load_declaration
from consentry.scanner.driver import BASE_ARGS

HERE = Path(__file__).parent
DECLARATIONS = HERE / "declarations"
REFERENCE = HERE.parent / "examples" / "mastermi-learning" / "consentry.toml"
CHROMIUM = "/usr/lib/chromium/chromium"
_KEEP = {"CONSENTRY_TEST_POSTGRES_URL", "CONSENTRY_CHROMIUM"}

# Hypothesis' per-example deadline is a timed test in disguise: on a loaded 2-core CI box it
# fails correct code. Property tests check behaviour; benchmarks under bench/ check speed.
settings.register_profile("consentry", deadline=None)
settings.load_profile("consentry")


def require(what: str) -> None:
    """Skip outside CI; fail in CI, where every test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but missing")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CONSENTRY_* setting of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("CONSENTRY_") and name not in _KEEP:
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def reference() -> Declaration:
    """The reference declaration of the seed site, as shipped in examples/."""
    return load_declaration(REFERENCE)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium binary (not the /usr/bin launcher, which loads extensions)."""
    path = os.environ.get("CONSENTRY_CHROMIUM", CHROMIUM)
    if not Path(path).exists():
        require(f"Chromium ({path})")
    return path


# Module scope: one sync Playwright at a time, so the next module's browser can start its own.
@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """Chromium with the launch arguments that work here as root, for one test module."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(BASE_ARGS))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL database the tests may use (set by .ci/run)."""
    url = os.environ.get("CONSENTRY_TEST_POSTGRES_URL")
    if not url:
        require("PostgreSQL (CONSENTRY_TEST_POSTGRES_URL)")
    assert url is not None
    yield url
