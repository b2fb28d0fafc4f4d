"""Withdrawal from any page, as easy as consent, effective at once (R29–R31, R46)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser

WITHDRAWN = ("_ga", "sib_cuid", "acme_sid")


def test_every_page_has_the_footer_control_and_it_opens_the_preferences(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("reject-all").click()
    for path, key in (("/", "click"), ("/cours/rgpd-essentiel", "Enter")):
        v.goto(path)
        link = v.page.locator("footer").get_by_role("link", name="Gérer mes cookies")
        expect(link).to_be_visible()
        if key == "click":
            link.click()
        else:
            link.focus()
            v.page.keyboard.press("Enter")
        expect(v.prefs()).to_be_visible()
        v.page.keyboard.press("Escape")
        expect(v.prefs()).to_have_count(0)
        expect(link).to_be_focused()
    v.page.locator(".cy-float").click()
    expect(v.prefs()).to_be_visible()


def test_withdrawal_takes_two_activations_and_stops_everything_at_once(
    visit: Any, demo: Demo
) -> None:
    v = visit()
    v.context.clock.install()
    v.goto("/cours/rgpd-essentiel")
    v.action("accept-all").click()
    v.page.wait_for_function(
        "() => ['_ga=', 'sib_cuid=', 'acme_sid='].every(n => document.cookie.includes(n))"
    )
    expect(v.page.locator('iframe[data-consentry-service="youtube"]')).to_be_visible()
    v.goto("/")  # another page
    v.page.wait_for_function("() => document.cookie.includes('sib_cuid=')")
    v.page.get_by_role("link", name="Gérer mes cookies").click()  # activation 1
    for box in v.prefs().locator("input[data-consentry-category]").all():
        expect(box).to_be_checked()  # the stored state, not the defaults
    v.action("reject-all").click()  # activation 2
    v.wait_records(2)
    assert v.records[1]["mechanism"] == "withdraw"
    assert not any(v.records[1]["purposes"].values())
    names = v.cookie_names()
    assert not any(n == w or n.startswith("_ga") for n in names for w in WITHDRAWN), names
    updates = [p for p in v.pushes() if p[:2] == ["consent", "update"]]
    assert updates[-1][2]["analytics_storage"] == "denied"
    withdrawn = demo.hosts_of(lambda s: s.consent_required)
    v.requests.clear()
    v.context.clock.run_for(10_000)
    for path in ("/cours/rgpd-essentiel", "/"):
        v.goto(path)
        v.page.wait_for_load_state("networkidle")
    assert not v.hosts() & withdrawn, v.hosts()
    assert not any(n.startswith("_ga") or n in WITHDRAWN for n in v.cookie_names())


def test_withdrawal_unloads_embeds_without_a_reload(visit: Any) -> None:
    v = visit()
    v.goto("/cours/rgpd-essentiel")
    v.action("accept-all").click()
    expect(v.page.locator('iframe[data-consentry-service="youtube"]')).to_be_visible()
    v.page.evaluate("window.consentry.rejectAll()")
    expect(v.page.locator('iframe[data-consentry-service="youtube"]')).to_have_count(0)
    expect(v.page.locator(".cy-embed")).to_have_count(2)


def test_consent_mode_updates_follow_each_decision_exactly(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").click()
    v.page.locator('input[data-consentry-category="audience"]').check()
    v.action("save").click()
    updates = [p for p in v.pushes() if p[:2] == ["consent", "update"]]
    assert len(updates) == 1
    state = updates[0][2]
    assert state["analytics_storage"] == "granted"
    assert all(state[k] == "denied" for k in ("ad_storage", "ad_user_data", "ad_personalization"))
    v.page.get_by_role("link", name="Gérer mes cookies").click()
    v.action("reject-all").click()
    updates = [p for p in v.pushes() if p[:2] == ["consent", "update"]]
    assert len(updates) == 2
    assert set(updates[1][2].values()) == {"denied"}
