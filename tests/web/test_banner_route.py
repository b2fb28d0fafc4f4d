"""GET /consentry.js and /consentry.css: encodings, revalidation, caching, CORS."""

from __future__ import annotations

import brotli
from fastapi.testclient import TestClient

from consentry.banner import build_payload
from consentry.declaration import Declaration
from consentry.web import create_app
from tests.factories import make_declaration


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
    # A proxy that weakened the tag, or a list of tags: the copy is still current.
    weak = client.get(
        "/consentry.js", headers={"Accept-Encoding": "br", "If-None-Match": f'"x", W/{etag}'}
    )
    assert weak.status_code == 304
    gz = client.get("/consentry.js", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip" and gz.headers["etag"] != etag
    plain = client.get("/consentry.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == payload.js
    assert brotli.decompress(payload.script.br) == payload.js


def test_one_language_the_texts_of_another_and_the_stylesheet(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
    en = client.get("/consentry.js?lang=en")
    assert b'"langs":["en"]' in en.content and b'"reject_all":"Reject all"' in en.content
    bare = client.get("/consentry.js")
    assert b'"langs":["fr","en"]' in bare.content and b"Reject all" not in bare.content
    texts = client.get(
        "/consentry-texts.json?lang=en",
        headers={"Accept-Encoding": "br", "Origin": "https://www.mastermi-learning.com"},
    )
    assert texts.status_code == 200 and texts.headers["content-encoding"] == "br"
    assert texts.headers["content-type"].startswith("application/json")
    assert texts.headers["cache-control"] == "no-cache" and texts.headers["etag"]
    assert texts.headers["access-control-allow-origin"] == "https://www.mastermi-learning.com"
    assert texts.json()["reject_all"] == "Reject all"
    unknown = client.get("/consentry-texts.json?lang=de")
    assert unknown.status_code == 404 and unknown.json()["field"] == "lang"
    css = client.get("/consentry.css")
    assert css.headers["content-type"].startswith("text/css") and b".cy-banner" in css.content


def test_cors_only_for_the_declared_site_origin(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
    site = client.get("/consentry.js", headers={"Origin": "https://www.mastermi-learning.com"})
    assert site.headers["access-control-allow-origin"] == "https://www.mastermi-learning.com"
    other = client.get("/consentry.js", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_automatic_blocking_on_request(reference: Declaration) -> None:
    """`?auto_block=1` serves the script with the blocking module (the reference leaves it
    off): other bytes, its own ETag, revalidated, with the main script's CORS and CORP."""
    assert not reference.banner.auto_block
    client = TestClient(create_app(reference))
    site = {"Origin": "https://www.mastermi-learning.com", "Accept-Encoding": "br"}
    bare = client.get("/consentry.js", headers=site)
    blocking = client.get("/consentry.js?auto_block=1", headers=site)
    assert blocking.status_code == 200
    assert b"consentry:missed" in blocking.content and b"consentry:missed" not in bare.content
    assert b'"hosts":["www.youtube.com"' in blocking.content
    assert blocking.content == build_payload(reference, auto_block=True).js
    assert blocking.headers["etag"] != bare.headers["etag"]
    for name in ("content-type", "cache-control", "vary", "cross-origin-resource-policy"):
        assert blocking.headers[name] == bare.headers[name]
    assert blocking.headers["access-control-allow-origin"] == "https://www.mastermi-learning.com"
    assert blocking.headers["content-encoding"] == "br"
    again = client.get(
        "/consentry.js?auto_block=1", headers={**site, "If-None-Match": blocking.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    # The bare tag's ETag does not revalidate the blocking script, nor the other way round.
    crossed = client.get(
        "/consentry.js?auto_block=1", headers={**site, "If-None-Match": bare.headers["etag"]}
    )
    assert crossed.status_code == 200
    other = client.get("/consentry.js?auto_block=1", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    en = client.get("/consentry.js?lang=en&auto_block=1")
    assert b'"langs":["en"]' in en.content and b"consentry:missed" in en.content
    assert client.get("/consentry.js?auto_block=0").content == bare.content
    assert client.get("/consentry.js?auto_block=maybe").status_code == 422


def test_a_declaration_with_automatic_blocking_puts_it_in_the_bare_tag() -> None:
    on = make_declaration(banner={"auto_block": True})
    client = TestClient(create_app(on))
    bare = client.get("/consentry.js")
    assert b"consentry:missed" in bare.content
    assert client.get("/consentry.js?auto_block=1").content == bare.content
    assert b"consentry:missed" not in client.get("/consentry.js?auto_block=0").content
