"""The app answers with strict security headers on every route, and reports its health."""

from __future__ import annotations

from fastapi.testclient import TestClient

from consentry.declaration import Declaration
from consentry.web import create_app


def test_healthz_reports_the_policy_version(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "policy_version": reference.policy_version}


def test_every_response_carries_a_strict_csp(reference: Declaration) -> None:
    client = TestClient(create_app(reference))
    for path in ("/healthz", "/no-such-page", "/openapi.json"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_hsts_only_over_https(reference: Declaration) -> None:
    plain = TestClient(create_app(reference)).get("/healthz")
    secure = TestClient(create_app(reference), base_url="https://testserver").get("/healthz")
    assert "strict-transport-security" not in plain.headers
    assert secure.headers["strict-transport-security"].startswith("max-age=")
