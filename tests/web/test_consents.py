"""`POST /api/v1/consents` and the receipt, over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from consentry.declaration import Declaration
from consentry.ledger import ConsentStore
from consentry.web import create_app
from consentry.web.security import CSP
from tests.factories import make_declaration
from tests.ledger_support import SITE, ApiClient, body

URL = "/api/v1/consents"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def declaration() -> Declaration:
    return make_declaration()


@pytest.fixture
def api(declaration: Declaration, store: ConsentStore) -> Iterator[ApiClient]:
    client = ApiClient(create_app(declaration, store, clock=lambda: NOW))
    yield client
    client.close()


def post(api: ApiClient, data: Any, **headers: str) -> Any:
    return api.post(URL, content=orjson.dumps(data), headers=_headers(headers))


def _headers(extra: dict[str, str]) -> dict[str, str]:
    headers = {"content-type": "application/json", "origin": SITE, "user-agent": FIREFOX}
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return headers


def test_a_decision_is_stored_with_only_minimal_server_facts(
    api: ApiClient, store: ConsentStore, declaration: Declaration
) -> None:
    sent = body(declaration)
    response = post(api, sent, sec_gpc="1")
    assert response.status_code == 201
    assert response.json() == {
        "record_id": sent["record_id"],
        "received_at": "2026-11-26T14:00:00.000Z",
    }
    assert response.headers["access-control-allow-origin"] == SITE
    (stored,) = store.get(sent["consent_id"], sent["secret"])
    assert stored.page_url == f"{SITE}/cours/photo"  # query and fragment dropped (R36)
    assert stored.user_agent == "Firefox 128"
    assert stored.ip is None  # [server] ip = "none" by default
    assert stored.sec_gpc is True and stored.gpc is False
    assert stored.site == SITE
    assert stored.expires_at == int(datetime(2027, 5, 26, 14, 0, tzinfo=UTC).timestamp() * 1000)
    assert sent["secret"] not in repr(stored)


def test_a_replay_answers_200_with_the_same_answer_and_stores_one_record(
    api: ApiClient, store: ConsentStore, declaration: Declaration
) -> None:
    sent = body(declaration)
    first = post(api, sent)
    again = post(api, sent)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert store.count() == 1


def test_the_same_record_id_with_another_body_is_a_conflict(
    api: ApiClient, store: ConsentStore, declaration: Declaration
) -> None:
    sent = body(declaration)
    assert post(api, sent).status_code == 201
    response = post(api, {**sent, "mechanism": "reject_all"})
    assert response.status_code == 409
    assert response.json()["field"] == "record_id"
    assert store.count() == 1


def test_concurrent_decisions_are_all_committed_on_one_chain(
    api: ApiClient, store: ConsentStore, declaration: Declaration
) -> None:
    bodies = [body(declaration) for _ in range(40)]
    responses = api.gather(
        *(("POST", URL, {"content": orjson.dumps(b), "headers": _headers({})}) for b in bodies)
    )
    assert [r.status_code for r in responses] == [201] * 40
    assert store.count() == 40
    report = store.verify()
    assert report.ok and report.records == 40


def _invalid(declaration: Declaration) -> list[tuple[str, Any, dict[str, str], int, str]]:
    ok = body(declaration)
    return [
        ("unknown purpose", {**ok, "purposes": {"marketing": True}}, {}, 422, "purposes.marketing"),
        ("unknown service", {**ok, "services": {"tiktok": True}}, {}, 422, "services.tiktok"),
        (
            "necessary service",
            {**ok, "services": {"wordpress": True}},
            {},
            422,
            "services.wordpress",
        ),
        (
            "unpublished version",
            {**ok, "policy_version": "0123456789ab"},
            {},
            422,
            "policy_version",
        ),
        ("malformed consent id", {**ok, "consent_id": "XYZ"}, {}, 422, "consent_id"),
        ("malformed record id", {**ok, "record_id": "not-a-uuid"}, {}, 422, "record_id"),
        ("unknown mechanism", {**ok, "mechanism": "scroll"}, {}, 422, "mechanism"),
        (
            "choice not boolean",
            {**ok, "purposes": {"functional": "yes"}},
            {},
            422,
            "purposes.functional",
        ),
        ("unknown field", {**ok, "ip": "1.2.3.4"}, {}, 422, "ip"),
        ("missing field", {k: v for k, v in ok.items() if k != "secret"}, {}, 422, "secret"),
        ("unsupported language", {**ok, "language": "de"}, {}, 422, "language"),
        ("page off the site", {**ok, "page_url": "https://evil.test/"}, {}, 422, "page_url"),
        ("client time", {**ok, "client_time": "yesterday at noon"}, {}, 422, "client_time"),
        ("not JSON", b"{not json", {}, 400, "body"),
        ("not an object", [ok], {}, 422, "body"),
        ("oversized body", {**ok, "page_url": f"{SITE}/" + "a" * 9000}, {}, 413, "body"),
        ("content type", ok, {"content_type": "text/plain"}, 415, "Content-Type"),
        ("foreign origin", ok, {"origin": "https://evil.test"}, 403, "Origin"),
    ]


@pytest.mark.parametrize("case", range(18), ids=[c[0] for c in _invalid(make_declaration())])
def test_each_invalid_input_gets_its_4xx_and_stores_nothing(
    case: int, api: ApiClient, store: ConsentStore, declaration: Declaration
) -> None:
    _, data, headers, status, field = _invalid(declaration)[case]
    content = data if isinstance(data, bytes) else orjson.dumps(data)
    response = api.post(URL, content=content, headers=_headers(headers))
    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["field"] == field
    assert problem["detail"]
    assert store.count() == 0


def test_a_declared_origin_passes_the_preflight_and_others_do_not(api: ApiClient) -> None:
    ok = api.options(URL, headers={"origin": SITE, "access-control-request-method": "POST"})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == SITE
    assert "content-type" in ok.headers["access-control-allow-headers"]
    refused = api.options(URL, headers={"origin": "https://evil.test"})
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


def test_clients_over_the_rate_limit_wait_and_others_do_not(store: ConsentStore) -> None:
    declaration = make_declaration(server={"rate_limit": 3})
    app = create_app(declaration, store, clock=lambda: NOW)
    first = ApiClient(app, client=("198.51.100.4", 1000))
    try:
        codes = [post(first, body(declaration)).status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]
        limited = post(first, body(declaration))
        assert int(limited.headers["retry-after"]) >= 1
        assert store.count() == 3
    finally:
        first.close()
    other = ApiClient(app, client=("198.51.200.4", 1000))
    try:
        assert post(other, body(declaration)).status_code == 201
    finally:
        other.close()


def test_the_address_is_kept_only_truncated_and_only_when_asked(store: ConsentStore) -> None:
    declaration = make_declaration(server={"ip": "truncated"})
    client = ApiClient(create_app(declaration, store), client=("203.0.113.77", 5000))
    try:
        sent = body(declaration)
        assert post(client, sent).status_code == 201
    finally:
        client.close()
    (stored,) = store.get(sent["consent_id"], sent["secret"])
    assert stored.ip == "203.0.0.0/16"


def test_the_receipt_needs_the_right_secret(api: ApiClient, declaration: Declaration) -> None:
    sent = body(declaration)
    post(api, sent)
    post(
        api,
        body(
            declaration, consent_id=sent["consent_id"], secret=sent["secret"], mechanism="withdraw"
        ),
    )
    url = f"{URL}/{sent['consent_id']}"
    mine = api.get(url, headers={"authorization": f"Bearer {sent['secret']}"})
    assert mine.status_code == 200
    receipt = mine.json()
    assert [r["mechanism"] for r in receipt["records"]] == ["custom", "withdraw"]
    assert receipt["policies"][declaration.policy_version]["policy_url"].endswith(
        f"/policy?version={declaration.policy_version}"
    )
    assert "secret" not in mine.text and "secret_hash" not in mine.text

    wrong = api.get(url, headers={"authorization": "Bearer " + "0" * 32})
    missing = api.get(url)
    unknown = api.get(f"{URL}/{'f' * 32}", headers={"authorization": f"Bearer {sent['secret']}"})
    for answer in (wrong, missing, unknown):
        assert answer.status_code == 404
        assert answer.content == unknown.content


def test_the_active_version_is_archived_with_its_hashes(
    api: ApiClient, declaration: Declaration
) -> None:
    active = api.get("/api/v1/versions/active")
    assert active.status_code == 200
    data = active.json()
    assert data["version"] == declaration.policy_version and data["active"] is True
    assert len(data["declaration_sha256"]) == 64
    assert api.get(f"/api/v1/versions/{declaration.policy_version}").json() == data
    assert api.get("/api/v1/versions/0123456789ab").status_code == 404
    assert api.request("PUT", f"/api/v1/versions/{declaration.policy_version}").status_code == 405


def test_gpc_support_resource(api: ApiClient) -> None:
    response = api.get("/.well-known/gpc.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"gpc": True, "lastUpdate": "2025-10-01"}


def test_consent_state_is_all_refused_without_a_cookie(api: ApiClient) -> None:
    state = api.get("/api/v1/consent-state").json()
    assert state["decided"] is False and state["gpc"] is False
    assert state["purposes"] and not any(state["purposes"].values())
    assert api.get("/api/v1/consent-state", headers={"sec-gpc": "1"}).json()["gpc"] is True
    assert api.get("/api/v1/consent-state", headers={"sec-gpc": "0"}).json()["gpc"] is False


def test_without_a_ledger_the_api_says_so(declaration: Declaration) -> None:
    client = ApiClient(create_app(declaration))
    try:
        response = post(client, body(declaration))
        assert response.status_code == 503
        assert response.json()["detail"] == "this server keeps no consent ledger"
    finally:
        client.close()


def test_consent_answers_carry_the_security_headers(
    store: ConsentStore, declaration: Declaration
) -> None:
    client = ApiClient(create_app(declaration, store), base_url="https://testserver")
    try:
        created = post(client, body(declaration))
        refused = post(client, body(declaration), origin="https://evil.test")
    finally:
        client.close()
    assert (created.status_code, refused.status_code) == (201, 403)
    for response in (created, refused):
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert response.headers["content-type"] == "application/json"


def test_a_server_error_answers_a_json_problem_without_a_traceback(
    store: ConsentStore, declaration: Declaration
) -> None:
    calls = iter(range(2))

    def clock() -> datetime:  # right for the startup's archive, broken for the request
        if next(calls):
            raise RuntimeError("clock exploded at /srv/consentry/secret.py line 3")
        return NOW

    client = ApiClient(create_app(declaration, store, clock), raise_app_exceptions=False)
    try:
        response = post(client, body(declaration))
    finally:
        client.close()
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error", "field": None}
    assert response.headers["content-security-policy"] == CSP
    assert store.count() == 0
