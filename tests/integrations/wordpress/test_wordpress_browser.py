"""The plugin on a real WordPress, in Chromium: what a visitor's browser fetches."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integrations.wordpress.conftest import Visitor
from tests.integrations.wordpress.fake_hosts import FakeThirdParties
from tests.integrations.wordpress.wordpress_site import WordPressSite

pytestmark = pytest.mark.browser


def test_the_stand_ins_answer_under_the_real_host_names(
    visitor: Visitor, third_parties: FakeThirdParties
) -> None:
    """The harness itself: a request to YouTube's name reaches the local stand-in."""
    visitor.page.goto("https://www.youtube.com/embed/aqz-KE-bpKQ")
    expect(visitor.page.get_by_text("player")).to_be_visible()
    assert ("www.youtube.com", "/embed/aqz-KE-bpKQ") in third_parties.seen()


RECORD_WP_SET_CONSENT = """
window.__wpCalls = [];
window.wp_set_consent = function (category, value) { window.__wpCalls.push([category, value]); };
"""


def change(visitor: Visitor, **accepted: bool) -> None:
    """Dispatch a `consentry:change` as the banner does (refused unless `accepted`)."""
    flags = {key.replace("_", "-"): value for key, value in accepted.items()}
    detail = {
        "purposes": {p: flags.get(p, False) for p in ("functional", "audience")},
        "services": {s: flags.get(s, False) for s in ("google-analytics", "youtube", "matomo")},
    }
    visitor.page.evaluate(
        "detail => document.dispatchEvent(new CustomEvent('consentry:change', {detail}))", detail
    )


def test_a_consentry_change_reaches_the_wp_consent_api_in_the_browser(
    wp: WordPressSite, visitor: Visitor
) -> None:
    """The bridge script calls wp_set_consent() for each category, as the rules say."""
    visitor.context.add_init_script(RECORD_WP_SET_CONSENT)
    visitor.page.goto(wp.about_url)
    assert visitor.page.evaluate("window.wp_consent_type") == "optin"
    change(visitor, audience=True, google_analytics=True)
    calls = dict(visitor.page.evaluate("window.__wpCalls"))
    assert calls == {
        "functional": "allow",
        "preferences": "deny",
        "statistics": "allow",
        "statistics-anonymous": "allow",
        "marketing": "deny",
    }
    change(visitor)
    calls = dict(visitor.page.evaluate("window.__wpCalls"))
    assert calls["statistics"] == "deny" and calls["statistics-anonymous"] == "deny"
