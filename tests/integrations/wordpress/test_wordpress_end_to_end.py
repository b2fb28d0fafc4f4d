"""End to end on a real WordPress, with the real banner: the issue's "Done when".

A visitor reads a post with a YouTube embed (oEmbed) on a site where another plugin prints a
plain Google Analytics tag, a preload of it, a plain tracking pixel (`<img src>`) and a plain
player iframe on every page. Before any choice nothing reaches YouTube or Google (their host
names lead to local stand-ins, whose own log is checked) and the embeds show their
placeholders; after acceptance everything loads; WordPress's `wp_has_consent( 'statistics' )`
follows the choice; a refusal, and a withdrawal, hold on every page.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.integrations.wordpress.conftest import Visitor
from tests.integrations.wordpress.fake_hosts import HOSTS, FakeThirdParties
from tests.integrations.wordpress.wordpress_site import WordPressSite

pytestmark = pytest.mark.browser

EMBED = ("www.youtube.com", "/embed/aqz-KE-bpKQ")
GTAG = ("www.googletagmanager.com", "/gtag/js")
PIXEL = ("www.google-analytics.com", "/collect")
FRAME = ("www.youtube-nocookie.com", "/embed/plain-frame")


def action(visitor: Visitor, name: str) -> Any:
    return visitor.page.locator(f'[data-consentry-action="{name}"]')


def placeholder(visitor: Visitor, service: str) -> Any:
    """The placeholder of the post's oEmbed player of `service`."""
    return visitor.page.locator(".wp-block-embed .cy-embed").filter(has_text=service)


def frame_placeholder(visitor: Visitor) -> Any:
    """The placeholder of the plain iframe the test plugin prints (it keeps its class)."""
    return visitor.page.locator(".cy-embed.test-frame")


def pixel_held(visitor: Visitor) -> bool:
    """The plain pixel is on the page with its URL held, not loaded."""
    held: bool = visitor.page.evaluate(
        """() => { const img = document.querySelector('img.test-pixel');
                   return !!img && !img.hasAttribute('src') && !!img.dataset.src; }"""
    )
    return held


def wait_for_pixel(visitor: Visitor) -> None:
    visitor.page.wait_for_function(
        "() => { const img = document.querySelector('img.test-pixel');"
        " return img && img.complete && img.naturalWidth === 1; }",
        timeout=10_000,
    )


def wp_has_consent(wp: WordPressSite, visitor: Visitor) -> dict[str, bool]:
    """What wp_has_consent() answers on the server for this browser's cookies."""
    response = visitor.context.request.get(f"{wp.url}/?consentry-test=1")
    assert response.ok
    answers: dict[str, bool] = response.json()["wp_has_consent"]
    return answers


def third_party_requests(visitor: Visitor, fake: FakeThirdParties) -> set[str]:
    return (visitor.hosts() & set(HOSTS)) | {host for host, _ in fake.seen()}


def test_before_a_choice_the_embed_is_a_placeholder_and_nothing_reaches_google(
    wp: WordPressSite, visitor: Visitor, third_parties: FakeThirdParties
) -> None:
    visitor.page.goto(wp.video_url)
    expect(action(visitor, "accept-all")).to_be_visible()
    expect(placeholder(visitor, "YouTube")).to_be_visible()
    expect(placeholder(visitor, "Vimeo")).to_be_visible()
    visitor.page.goto(wp.about_url)
    expect(action(visitor, "accept-all")).to_be_visible()
    visitor.page.goto(wp.video_url, wait_until="load")
    expect(placeholder(visitor, "YouTube")).to_be_visible()
    expect(frame_placeholder(visitor)).to_be_visible()
    assert pixel_held(visitor)
    visitor.page.wait_for_load_state("networkidle")
    assert third_party_requests(visitor, third_parties) == set()
    assert wp_has_consent(wp, visitor)["statistics"] is False


def test_after_acceptance_youtube_and_google_analytics_load(
    wp: WordPressSite, visitor: Visitor, third_parties: FakeThirdParties
) -> None:
    visitor.page.goto(wp.video_url)
    action(visitor, "accept-all").click()
    youtube = visitor.page.frame_locator('iframe[title="Big Buck Bunny"]')
    expect(youtube.get_by_text("player")).to_be_visible()  # served by the YouTube stand-in
    visitor.page.wait_for_function("window.fakeGtagLoaded === true", timeout=10_000)
    visitor.page.wait_for_function("window.fakeAnalyticsLoaded === true", timeout=10_000)
    wait_for_pixel(visitor)  # the plain pixel, released: the GIF of the Google stand-in
    plain = visitor.page.frame_locator("iframe.test-frame")
    expect(plain.get_by_text("player")).to_be_visible()  # the plain iframe, released
    seen = third_parties.seen()
    assert EMBED in seen and GTAG in seen and PIXEL in seen and FRAME in seen
    assert wp_has_consent(wp, visitor)["statistics"] is True
    # On the next page the choice holds without asking again.
    third_parties.clear()
    visitor.page.goto(wp.about_url)
    visitor.page.wait_for_function("window.fakeGtagLoaded === true", timeout=10_000)
    wait_for_pixel(visitor)
    expect(visitor.page.frame_locator("iframe.test-frame").get_by_text("player")).to_be_visible()
    expect(action(visitor, "accept-all")).to_have_count(0)
    assert PIXEL in third_parties.seen() and FRAME in third_parties.seen()


def test_a_refusal_holds_across_pages(
    wp: WordPressSite, visitor: Visitor, third_parties: FakeThirdParties
) -> None:
    visitor.page.goto(wp.about_url)
    action(visitor, "reject-all").click()
    expect(action(visitor, "reject-all")).to_have_count(0)
    for url in (wp.video_url, wp.about_url, wp.video_url):
        visitor.page.goto(url, wait_until="load")
        expect(action(visitor, "accept-all")).to_have_count(0)  # not asked again
        expect(frame_placeholder(visitor)).to_be_visible()
        assert pixel_held(visitor)
    expect(placeholder(visitor, "YouTube")).to_be_visible()
    visitor.page.wait_for_load_state("networkidle")
    assert third_party_requests(visitor, third_parties) == set()
    assert wp_has_consent(wp, visitor) == {
        "functional": True,
        "preferences": False,
        "statistics": False,
        "statistics-anonymous": True,  # the exempt Matomo runs on: an opt-out is separate
        "marketing": False,
    }


def test_a_withdrawal_holds_across_pages(
    wp: WordPressSite, visitor: Visitor, third_parties: FakeThirdParties
) -> None:
    visitor.page.goto(wp.video_url)
    action(visitor, "accept-all").click()
    visitor.page.wait_for_function("window.fakeGtagLoaded === true", timeout=10_000)
    wait_for_pixel(visitor)
    assert wp_has_consent(wp, visitor)["statistics"] is True
    # "Gérer mes cookies" in the footer, then refuse everything: a withdrawal.
    visitor.page.locator(".consentry-footer").get_by_role("link", name="Gérer mes cookies").click()
    expect(visitor.page.locator('[data-consentry="preferences"]')).to_be_visible()
    action(visitor, "reject-all").click()
    expect(visitor.page.locator('[data-consentry="preferences"]')).to_have_count(0)
    expect(placeholder(visitor, "YouTube")).to_be_visible()  # the player is unloaded at once
    third_parties.clear()
    visitor.requests.clear()
    for url in (wp.about_url, wp.video_url):
        visitor.page.goto(url, wait_until="load")
        expect(frame_placeholder(visitor)).to_be_visible()
        assert pixel_held(visitor)
    expect(placeholder(visitor, "YouTube")).to_be_visible()
    assert visitor.page.evaluate("typeof window.fakeGtagLoaded") == "undefined"
    visitor.page.wait_for_load_state("networkidle")
    assert third_party_requests(visitor, third_parties) == set()
    assert wp_has_consent(wp, visitor)["statistics"] is False
