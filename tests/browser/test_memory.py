"""Remembering the choice: format, lifetime, expiry checked in JavaScript, policy version
(R24–R27), with Playwright's clock."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Route, expect

from consentry.banner import build_payload
from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
BEFORE_EXPIRY = datetime(2026, 7, 14, 10, 0, tzinfo=UTC)  # +6 months -1 day
AFTER_EXPIRY = datetime(2026, 7, 16, 10, 0, tzinfo=UTC)  # +6 months +1 day
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def test_a_refusal_holds_six_months_then_the_banner_asks_again(visit: Any, demo: Demo) -> None:
    v = visit()
    v.context.clock.install(time=T0)
    v.goto("/")
    v.action("reject-all").click()
    for path in ("/cours/rgpd-essentiel", "/", "/cours/rgpd-essentiel"):
        v.goto(path)
        expect(v.page.locator(".cy-float")).to_be_visible()
        expect(v.banner()).to_have_count(0)
    cookie = next(c for c in v.context.cookies() if c["name"] == "cookie_consent")
    lifetime = (datetime(2026, 7, 15, 10, 0, tzinfo=UTC) - T0).total_seconds()
    assert cookie["expires"] - time.time() <= lifetime + 86400

    v.context.clock.set_system_time(BEFORE_EXPIRY)
    v.requests.clear()
    v.page.reload()
    expect(v.page.locator(".cy-float")).to_be_visible()
    expect(v.banner()).to_have_count(0)
    assert v.page.evaluate("window.consentry.get().purposes.audience") is False
    v.page.wait_for_load_state("networkidle")
    assert v.hosts() <= {"www.mastermi.localhost"}

    v.context.clock.set_system_time(AFTER_EXPIRY)
    v.requests.clear()
    v.page.reload()
    expect(v.banner()).to_be_visible()
    v.page.wait_for_load_state("networkidle")
    assert v.hosts() <= {"www.mastermi.localhost"}


def test_an_acceptance_is_not_extended_by_visits_and_expires(visit: Any) -> None:
    v = visit()
    v.context.clock.install(time=T0)
    v.goto("/")
    v.action("accept-all").click()
    decided = v.choice()["decidedAt"]  # type: ignore[index]
    assert 0 <= decided - T0.timestamp() * 1000 < 60_000  # the clock runs on from T0
    for month in (2, 6):
        v.context.clock.set_system_time(datetime(2026, month, 15, 10, 0, tzinfo=UTC))
        v.goto("/cours/rgpd-essentiel")
        expect(v.page.locator('iframe[data-consentry-service="youtube"]')).to_be_visible()
        assert v.choice()["decidedAt"] == decided  # type: ignore[index]
    v.context.clock.set_system_time(AFTER_EXPIRY)
    v.requests.clear()
    v.page.reload()
    expect(v.banner()).to_be_visible()
    v.page.wait_for_load_state("networkidle")
    assert v.hosts() <= {"www.mastermi.localhost"}


def test_the_cookie_holds_the_contract_fields(visit: Any, demo: Demo) -> None:
    v = visit()
    v.goto("/")
    assert v.choice() is None
    v.action("customize").click()
    v.page.locator('input[data-consentry-service="youtube"]').check()
    v.action("save").click()
    v.wait_records(1)
    choice = v.choice()
    assert choice is not None
    assert list(choice) == [
        "v", "consentId", "secret", "policyVersion", "decidedAt", "mechanism", "gpc",
        "purposes", "services",
    ]  # fmt: skip
    assert choice["v"] == 1 and choice["mechanism"] == "custom" and choice["gpc"] is False
    assert HEX32.match(choice["consentId"]) and HEX32.match(choice["secret"])
    assert choice["consentId"] != choice["secret"]
    assert choice["policyVersion"] == demo.declaration.policy_version
    assert set(choice["purposes"]) == set(demo.declaration.consent_purposes)
    assert choice["services"]["youtube"] is True and choice["services"]["vimeo"] is False
    assert choice["services"]["matomo"] is True  # exempt, not objected to
    cookie = next(c for c in v.context.cookies() if c["name"] == "cookie_consent")
    assert cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert cookie["domain"] == "www.mastermi.localhost"
    assert not cookie["secure"]  # plain http here; Secure is added on https pages
    record = v.records[0]
    assert record["consent_id"] == choice["consentId"] and record["secret"] == choice["secret"]
    assert re.match(
        r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        record["record_id"],
    )
    assert record["texts_hash"] == build_payload(demo.declaration, "fr").texts_hash["fr"]
    assert record["language"] == "fr" and record["policy_version"] == choice["policyVersion"]
    assert record["page_url"] == demo.url("/")
    # A later decision keeps the browser's consent id and secret.
    v.page.locator("[data-consentry-open]").first.click()
    v.action("reject-all").click()
    v.wait_records(2)
    assert v.records[1]["consent_id"] == record["consent_id"]
    assert v.records[1]["mechanism"] == "withdraw"


def test_a_new_policy_version_asks_again(visit: Any, demo: Demo) -> None:
    v = visit()
    v.goto("/")
    # Wait for the last trackers the acceptance released, so none is counted on the next page.
    with v.page.expect_request("**/i/jot*"), v.page.expect_request("**/collect*"):
        v.action("accept-all").click()
    v.wait_records(1)
    assert v.records[0]["policy_version"] == demo.declaration.policy_version
    changed = demo.declaration.model_copy(
        update={"services": [s for s in demo.declaration.services if s.id != "x"]}
    )
    assert changed.policy_version != demo.declaration.policy_version
    script = build_payload(changed, "fr").js

    def serve_v2(route: Route) -> None:
        route.fulfill(body=script, content_type="text/javascript")

    v.context.route("**/consentry.js*", serve_v2)
    v.requests.clear()
    v.goto("/cours/rgpd-essentiel")
    expect(v.banner()).to_be_visible()
    v.page.wait_for_load_state("networkidle")
    assert v.hosts() <= {"www.mastermi.localhost"}
    v.action("accept-all").click()
    v.wait_records(2)
    assert v.records[1]["policy_version"] == changed.policy_version
