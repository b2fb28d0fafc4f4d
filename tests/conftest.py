"""Shared fixtures: a clean environment, the declarations under test, and the external tools.

Tests that need Debian's Chromium or a PostgreSQL server skip on a developer machine that
lacks them, but fail in CI (`CI` set): CI must run every test, never hide one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from consentry.declaration import Declaration, load_declaration

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL database the tests may use (set by .ci/run)."""
    url = os.environ.get("CONSENTRY_TEST_POSTGRES_URL")
    if not url:
        require("PostgreSQL (CONSENTRY_TEST_POSTGRES_URL)")
    assert url is not None
    yield url
