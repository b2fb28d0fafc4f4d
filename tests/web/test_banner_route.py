"""GET /consentry.js and /consentry.css: encodings, revalidation, caching, CORS."""

from __future__ import annotations

import brotli
from fastapi.testclient import TestClient

from consentry.banner import build_payload
from consentry.declaration import Declaration
from consentry.web import create_app


def test_script_is_served_precompressed_with_an_etag(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
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
    client = TestClient(create_app(reference))
    fr = client.get("/consentry.js?lang=fr")
    every = client.get("/consentry.js")
    assert len(fr.content) < len(every.content)
    assert b'"en":{' not in fr.content
    css = client.get("/consentry.css")
    assert css.headers["content-type"].startswith("text/css") and b".cy-banner" in css.content


def test_cors_only_for_the_declared_site_origin(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
    site = client.get("/consentry.js", headers={"Origin": "https://www.mastermi-learning.com"})
    assert site.headers["access-control-allow-origin"] == "https://www.mastermi-learning.com"
    other = client.get("/consentry.js", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
