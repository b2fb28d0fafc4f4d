"""GET /consentry.js and /consentry.css: encodings, revalidation, caching, CORS."""

from __future__ import annotations

import asyncio
from typing import Any

import brotli
import httpx

from consentry.banner import build_payload
from consentry.declaration import Declaration
from consentry.web import create_app


class Client:
    """A synchronous façade over httpx's ASGI transport (no network, no server)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.get(url, headers=headers or {})

        return asyncio.run(fetch())


def test_script_is_served_precompressed_with_an_etag(reference: Declaration) -> None:
    client = Client(create_app(reference))
    payload = build_payload(reference)
    response = client.get("/consentry.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.content == payload.js  # httpx decoded the brotli bytes
    etag = response.headers["etag"]
    again = client.get("/consentry.js", headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    gz = client.get("/consentry.js", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip" and gz.headers["etag"] != etag
    plain = client.get("/consentry.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == payload.js
    assert brotli.decompress(payload.script.br) == payload.js


def test_one_language_and_the_stylesheet(reference: Declaration) -> None:
    client = Client(create_app(reference))
    fr = client.get("/consentry.js?lang=fr")
    every = client.get("/consentry.js")
    assert len(fr.content) < len(every.content)
    assert b'"en":{' not in fr.content
    css = client.get("/consentry.css")
    assert css.headers["content-type"].startswith("text/css") and b".cy-banner" in css.content


def test_cors_only_for_the_declared_site_origin(reference: Declaration) -> None:
    client = Client(create_app(reference))
    site = client.get("/consentry.js", headers={"Origin": "https://www.mastermi-learning.com"})
    assert site.headers["access-control-allow-origin"] == "https://www.mastermi-learning.com"
    other = client.get("/consentry.js", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
