"""Fixtures and helpers for the ledger's tests, shared by tests/ledger, tests/web and tests/cli.

`store_url` is parametrized over SQLite and PostgreSQL: every test that uses it runs on both.
PostgreSQL gets one database per test session (created here, dropped at the end) and one
schema per test, so tests never see each other's records.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import uuid
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from consentry.declaration import Declaration
from consentry.ledger import ConsentStore, open_store

SITE = "https://www.site.test"
T = TypeVar("T")


@pytest.fixture(scope="session")
def pg_database(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database made for this test session, dropped at its end."""
    name = f"consentry_ledger_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ledger database URL: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
        return
    base: str = request.getfixturevalue("pg_database")
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield base + "?options=" + quote(f"-csearch_path={schema}")
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "ledger.key"


@pytest.fixture
def store(store_url: str, key_file: Path) -> Iterator[ConsentStore]:
    opened = open_store(store_url, key_file)
    try:
        yield opened
    finally:
        opened.close()


def body(declaration: Declaration, **overrides: Any) -> dict[str, Any]:
    """A valid consent POST body for `declaration` (CONTRACTS §2), with fields replaced."""
    data: dict[str, Any] = {
        "record_id": str(uuid.uuid4()),
        "consent_id": secrets.token_hex(16),
        "secret": secrets.token_hex(16),
        "mechanism": "custom",
        "purposes": {p: p == "functional" for p in declaration.consent_purposes},
        "services": {"youtube": True},
        "policy_version": declaration.policy_version,
        "texts_hash": secrets.token_hex(32),
        "language": "fr",
        "page_url": f"{SITE}/cours/photo?utm_source=x#top",
        "client_time": "2026-11-26T14:00:00.000Z",
        "gpc": False,
    }
    data.update(overrides)
    return data


class ApiClient:
    """An in-process HTTP client that runs the app's lifespan (so the ledger writer runs).

    httpx's ASGI transport on a private event loop in its own thread, so it works whatever
    the calling thread runs (other tests leave loops running in the main thread); `client`
    sets the peer address the app sees, for rate-limit and truncation tests; `base_url`'s
    scheme is the one the app sees; with `raise_app_exceptions=False` a server error is seen
    as the client gets it rather than raised.
    """

    TIMEOUT = 120.0

    def __init__(
        self,
        app: FastAPI,
        client: tuple[str, int] = ("203.0.113.7", 40000),
        base_url: str = "http://testserver",
        raise_app_exceptions: bool = True,
    ) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="api-client")
        self._thread.start()
        self._lifespan = app.router.lifespan_context(app)
        transport = httpx.ASGITransport(
            app=app, client=client, raise_app_exceptions=raise_app_exceptions
        )
        self.http = httpx.AsyncClient(transport=transport, base_url=base_url)
        try:
            self._call(self._lifespan.__aenter__())
        except BaseException:
            self._stop()
            raise

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(self.TIMEOUT)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._call(self.http.request(method, url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)

    def gather(self, *requests: tuple[str, str, dict[str, Any]]) -> list[httpx.Response]:
        """Send requests concurrently (so the group committer batches them)."""

        async def run() -> list[httpx.Response]:
            calls = [self.http.request(m, u, **kw) for m, u, kw in requests]
            return list(await asyncio.gather(*calls))

        return self._call(run())

    def close(self) -> None:
        try:
            self._call(self.http.aclose())
            self._call(self._lifespan.__aexit__(None, None, None))
        finally:
            self._stop()

    def _stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(self.TIMEOUT)
        self.loop.close()
