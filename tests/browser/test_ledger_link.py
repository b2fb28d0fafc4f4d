"""Sending records: quiet when the site has no ledger yet, retried when it is unreachable."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Route, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("status", [404, 503])
def test_no_ledger_yet_means_no_error_and_a_working_banner(visit: Any, status: int) -> None:
    v = visit(ledger_status=0)
    # A consent server without the ledger (404) or without a database (503).
    v.context.route(
        "**/api/v1/consents",
        lambda route: route.fulfill(status=status, content_type="application/json", body="{}"),
    )
    v.goto("/")
    with v.page.expect_response("**/api/v1/consents") as response:
        v.action("accept-all").click()
    assert response.value.status == status
    expect(v.banner()).to_have_count(0)
    assert v.page.evaluate("window.consentry.allows('audience')") is True
    assert v.errors == []


def test_an_unreachable_ledger_gets_the_same_record_again(visit: Any) -> None:
    v = visit(ledger_status=0)
    bodies: list[dict[str, Any]] = []

    def flaky(route: Route) -> None:
        bodies.append(json.loads(route.request.post_data or "{}"))
        if len(bodies) == 1:
            route.fulfill(status=503, body="down")
        else:
            route.fulfill(status=201, content_type="application/json", body="{}")

    v.context.route("**/api/v1/consents", flaky)
    v.goto("/")
    with v.page.expect_request("**/api/v1/consents"):
        v.action("reject-all").click()
    for _ in range(3):  # the failed attempt, then the retry (about 1 s later)
        if len(bodies) >= 2:
            break
        v.page.wait_for_event(
            "requestfinished", predicate=lambda r: r.method == "POST", timeout=5_000
        )
    assert len(bodies) >= 2
    assert bodies[0]["record_id"] == bodies[1]["record_id"]
