"""Before any choice: nothing that needs consent runs or is stored (R01–R04, R44)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Error, expect

from tests.browser.conftest import Demo, Visit

pytestmark = pytest.mark.browser


def assert_nothing_before_consent(visit: Visit, demo: Demo) -> None:
    """R01 and R02: only exempt cookies and storage, only first-party requests."""
    exempt = [
        (s, c) for s in demo.declaration.services if not s.consent_required for c in s.cookies
    ]
    for cookie in visit.context.cookies():
        assert any(c.matches(cookie["name"]) for _, c in exempt), cookie["name"]
    for frame in visit.page.frames:
        try:
            keys = frame.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
        except Error:
            # A held embed's blank frame, replaced by its placeholder meanwhile (placeholders
            # follow the banner's first paint, which may come after the load event). The
            # scanner skips such frames the same way.
            assert frame.is_detached(), frame.url
            continue
        assert keys == [], (frame.url, keys)
    assert visit.hosts() <= {"www.mastermi.localhost"}, visit.hosts()


def test_no_consent_storage_or_third_party_request_before_a_choice(visit: Any, demo: Demo) -> None:
    v = visit()
    for path in ("/", "/cours/rgpd-essentiel"):
        v.goto(path)
        expect(v.banner()).to_be_visible()
        v.page.wait_for_load_state("networkidle")
        assert_nothing_before_consent(v, demo)
    # Matomo (exempt) did run: its first-party cookie is the only tracker.
    assert any(name.startswith("_pk_id.") for name in v.cookie_names())
    assert v.choice() is None


def test_scrolling_navigating_clicking_escape_resizing_and_waiting_grant_nothing(
    visit: Any, demo: Demo
) -> None:
    v = visit()
    v.context.clock.install()
    v.goto("/")
    expect(v.banner()).to_be_visible()
    steps = [
        lambda: v.page.mouse.wheel(0, 4000),
        lambda: v.page.get_by_role("link", name="Cours : le RGPD essentiel").click(),
        lambda: v.page.get_by_role("link", name="Accueil").click(),
        lambda: v.page.get_by_role("link", name="Cours : le RGPD essentiel").click(),
        lambda: v.page.mouse.click(5, 300),
        lambda: v.page.keyboard.press("Escape"),
        lambda: [v.page.keyboard.press("Tab") for _ in range(4)],
        lambda: v.page.set_viewport_size({"width": 390, "height": 844}),
        lambda: v.context.clock.fast_forward("10:00"),
    ]
    for step in steps:
        step()
        v.page.wait_for_load_state("load")
        assert_nothing_before_consent(v, demo)
        assert v.page.evaluate("window.consentry.get()") is None
    expect(v.banner()).to_be_visible()
    assert v.records == []


def test_every_interface_starts_denied(visit: Any, demo: Demo) -> None:
    v = visit()
    v.goto("/cours/rgpd-essentiel")
    expect(v.banner()).to_be_visible()
    assert v.page.evaluate("window.consentry.get()") is None
    for purpose in demo.declaration.consent_purposes:
        assert v.page.evaluate("id => window.consentry.allows(id)", purpose) is False
    for service in demo.declaration.services:
        allowed = v.page.evaluate("id => window.consentry.allows(id)", service.id)
        assert allowed is (not service.consent_required), service.id


def test_consent_mode_default_is_denied_and_comes_before_any_google_tag(
    visit: Any, demo: Demo
) -> None:
    v = visit()
    v.goto("/cours/rgpd-essentiel")
    expect(v.banner()).to_be_visible()
    pushes = v.pushes()
    consent = [p for p in pushes if p[0] == "consent"]
    assert consent[0][1] == "default"
    state = consent[0][2]
    for key in ("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage"):
        assert state[key] == "denied"
    assert state["wait_for_update"] > 0
    assert not any("googletagmanager" in u for u in v.requests)
    with v.page.expect_request(re.compile(r"googletagmanager\.localhost.*/gtag/js")):
        v.action("accept-all").click()
    v.page.wait_for_function("() => window.__pushes.some(p => p[0] === 'config')")
    pushes = v.pushes()
    first_default = pushes.index(consent[0])
    assert all(first_default < i for i, p in enumerate(pushes) if p[0] in ("js", "config"))
