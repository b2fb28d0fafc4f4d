"""`GET /policy` and `GET /policy.css`: the page in the asked language, under a strict CSP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from consentry.declaration import Declaration
from consentry.web import create_app
from consentry.web.security import CSP
from tests.html_checks import check_page, text_of


@pytest.fixture(scope="module")
def client(reference: Declaration) -> TestClient:
    return TestClient(create_app(reference))


@pytest.mark.parametrize(
    ("query", "lang", "title"),
    [
        ("?lang=en", "en", "Cookie policy"),
        ("?lang=fr", "fr", "Politique de cookies"),
        ("", "fr", "Politique de cookies"),  # the site's first language
        ("?lang=de", "fr", "Politique de cookies"),  # not a site language: the default
    ],
)
def test_policy_page_in_the_asked_language(
    client: TestClient, query: str, lang: str, title: str
) -> None:
    response = client.get(f"/policy{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == lang
    root = check_page(response.text)  # valid HTML5, no inline script or style= markup
    assert root.get("lang") == lang
    h1 = root.find(".//h1")
    assert h1 is not None and text_of(h1) == title


def test_policy_page_is_served_under_the_strict_csp(client: TestClient) -> None:
    response = client.get("/policy?lang=en")
    csp = response.headers["content-security-policy"]
    assert csp == CSP
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<style" not in response.text and " style=" not in response.text
    assert "<script>" not in response.text


def test_the_linked_stylesheet_is_served_and_cacheable(client: TestClient) -> None:
    root = check_page(client.get("/policy").text)
    link = root.find(".//link[@rel='stylesheet']")
    assert link is not None
    href = link.get("href", "")
    assert href.startswith("/policy.css?v=")
    response = client.get(href)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert "max-age=" in response.headers["cache-control"]
    assert "@media print" in response.text and "@media (max-width: 48em)" in response.text
    etag = response.headers["etag"]
    assert etag.strip('"') == href.rsplit("=", 1)[1], "the link's version is the ETag"
    again = client.get("/policy.css", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/policy.css", headers={"if-none-match": '"other"'}).status_code == 200
