"""Proof of consent end to end: the real banner, the real consent API, the real ledger.

Each decision a visitor makes in the demo becomes a record in the demo's SQLite ledger (R32),
which the visitor can read back with their secret (R33), which names the mechanism used (R06,
R31), keeps no raw IP, user agent or query string (R36), and whose chain verifies (R35).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


FETCH = """async ([path, secret]) => {
  const r = await fetch(path, {headers: {Authorization: `Bearer ${secret}`}});
  return [r.status, await r.text()];
}"""


def receipt(v: Any) -> dict[str, Any]:
    result: dict[str, Any] = v.page.evaluate("window.consentry.receipt()")
    return result


def test_each_decision_is_kept_as_proof_the_visitor_can_read(visit: Any, demo: Any) -> None:
    v = visit(ledger_status=0)  # no stand-in: records go to the demo's ledger
    v.goto("/cours/rgpd-essentiel?utm_source=newsletter#video")

    with v.page.expect_response("**/api/v1/consents") as first:
        v.page.get_by_role("button", name="Activer YouTube").click()
    assert first.value.status == 201
    expect(v.page.locator('iframe[src*="youtube"]')).to_have_count(1)

    with v.page.expect_response("**/api/v1/consents") as second:
        v.action("accept-all").click()
    assert second.value.status == 201

    v.page.locator("footer [data-consentry-open]").click()
    with v.page.expect_response("**/api/v1/consents") as third:
        v.prefs().locator('[data-consentry-action="reject-all"]').click()
    assert third.value.status == 201

    proof = receipt(v)
    choice = v.choice()
    assert choice is not None and proof["consent_id"] == choice["consentId"]
    records = proof["records"]
    assert [r["mechanism"] for r in records] == ["embed_activation", "accept_all", "withdraw"]
    assert records[0]["services"]["youtube"] is True
    assert all(value is True for value in records[1]["purposes"].values())
    assert not any(records[2]["purposes"].values())
    assert {r["policy_version"] for r in records} == {demo.declaration.policy_version}
    assert demo.declaration.policy_version in proof["policies"]
    for record in records:
        assert "?" not in record["page_url"] and "#" not in record["page_url"]  # R36
        assert "Mozilla/5.0 (" not in str(record)  # browser family only, never the raw UA
        assert "secret" not in record

    assert demo.store.verify().ok


def test_the_receipt_needs_the_visitors_secret(visit: Any) -> None:
    v = visit(ledger_status=0)
    v.goto("/")
    with v.page.expect_response("**/api/v1/consents") as answer:
        v.action("reject-all").click()
    assert answer.value.status == 201
    choice = v.choice()
    assert choice is not None

    def get(consent_id: str, secret: str) -> tuple[int, str]:
        status, body = v.page.evaluate(FETCH, [f"/api/v1/consents/{consent_id}", secret])
        return int(status), str(body)

    right = get(choice["consentId"], choice["secret"])
    wrong = get(choice["consentId"], "0" * 32)
    unknown = get("f" * 32, choice["secret"])
    assert right[0] == 200
    assert [r["mechanism"] for r in json.loads(right[1])["records"]] == ["reject_all"]
    assert wrong == unknown  # a wrong secret answers exactly as an unknown id: no oracle
    assert wrong[0] == 404
