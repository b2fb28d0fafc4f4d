"""The plugin on a real WordPress, seen from the server side (the page markup, the APIs)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from consentry.declaration import Declaration
from tests.integrations.choices import choice_cookie_for
from tests.integrations.consent_server import LoopbackServer
from tests.integrations.wordpress.wordpress_site import WordPressSite


def fetch(url: str, cookie: str | None = None) -> httpx.Response:
    cookies = {"cookie_consent": cookie} if cookie else {}
    response = httpx.get(url, cookies=cookies, timeout=60, follow_redirects=True)
    assert response.status_code == 200, response.text[:2000]
    return response


def head_of(html: str) -> str:
    return html.split("<head>", 1)[1].split("</head>", 1)[0]


def test_the_banner_script_is_the_first_script_in_head_synchronous_and_blocking(
    wp: WordPressSite, wp_consent_server: LoopbackServer
) -> None:
    head = head_of(fetch(wp.video_url).text)
    first = re.search(r"<script\b[^>]*>", head)
    assert first is not None
    url = f"{wp_consent_server.url}/consentry.js?auto_block=1"
    assert f"src='{url}'" in first.group(0).replace('"', "'")
    assert "defer" not in first.group(0) and "async" not in first.group(0)
    # The test declaration leaves [banner].auto_block off: the URL asks for the module.
    script = httpx.get(url, timeout=60).text
    assert "consentry:missed" in script and '"hosts":["www.googletagmanager.com"' in script
    plain = httpx.get(f"{wp_consent_server.url}/consentry.js", timeout=60).text
    assert "consentry:missed" not in plain


def test_images_pixels_and_links_of_declared_hosts_are_held_back(
    wp: WordPressSite, wp_declaration: Declaration
) -> None:
    html = fetch(wp.about_url).text
    pixel = re.search(r"<img\b[^>]*test-pixel[^>]*>", html)
    frame = re.search(r"<iframe\b[^>]*test-frame[^>]*>", html)
    preload = re.search(r"<link\b[^>]*preload[^>]*>", html)
    assert pixel is not None and frame is not None and preload is not None
    assert 'data-src="https://www.google-analytics.com/collect?v=2' in pixel.group(0)
    assert 'data-consentry-service="google-analytics"' in pixel.group(0)
    assert " src=" not in pixel.group(0)
    assert 'data-src="https://www.youtube-nocookie.com/embed/plain-frame"' in frame.group(0)
    assert 'data-consentry-service="youtube"' in frame.group(0)
    assert 'data-href="https://www.googletagmanager.com/gtag/js' in preload.group(0)
    assert 'data-consentry-service="google-analytics"' in preload.group(0)
    # The markup is the same for every visitor, whatever they chose: page caches stay safe.
    build = choice_cookie_for(wp_declaration)
    assert fetch(wp.about_url, build(accept_all=True)).text == html


def test_without_automatic_blocking_the_banner_script_is_plain_and_deferred(
    wp: WordPressSite, wp_settings: Any, wp_consent_server: LoopbackServer
) -> None:
    wp_settings(auto_block=False)
    html = fetch(wp.video_url).text
    first = re.search(r"<script\b[^>]*>", head_of(html))
    assert first is not None
    assert f"src='{wp_consent_server.url}/consentry.js'" in first.group(0).replace('"', "'")
    assert re.search(r"\bdefer\b", first.group(0))
    # The plain banner releases no image or link: those load as written; scripts and
    # iframes are still held back.
    assert '<img src="https://www.google-analytics.com/collect?v=2' in html
    assert '<link rel="preload" as="script" href="https://www.googletagmanager.com/' in html
    assert 'data-src="https://www.youtube-nocookie.com/embed/plain-frame"' in html
    assert re.search(r'<script type="text/plain"[^>]*googletagmanager', html)


def test_youtube_and_vimeo_oembeds_become_gated_embeds(wp: WordPressSite) -> None:
    html = fetch(wp.video_url).text
    youtube = re.search(r"<iframe\b[^>]*youtube[^>]*>", html)
    vimeo = re.search(r"<iframe\b[^>]*vimeo[^>]*>", html)
    assert youtube is not None and vimeo is not None, html
    assert 'data-consentry-service="youtube"' in youtube.group(0)
    assert 'data-src="https://www.youtube.com/embed/aqz-KE-bpKQ?feature=oembed"' in youtube.group(0)
    assert 'data-consentry-service="vimeo"' in vimeo.group(0)
    assert 'data-src="https://player.vimeo.com/video/76979871' in vimeo.group(0)
    assert not re.search(r"<iframe\b[^>]*\ssrc=", html)  # no iframe loads anything


def test_the_plain_google_analytics_tag_of_another_plugin_is_held_back(
    wp: WordPressSite,
) -> None:
    html = fetch(wp.about_url).text
    tags = re.findall(r"<script\b[^>]*googletagmanager[^>]*>", html)
    assert len(tags) == 1
    assert 'type="text/plain"' in tags[0]
    assert 'data-consentry-service="google-analytics"' in tags[0]
    # The inline configuration names no host: it only queues commands, and still runs.
    assert "<script>window.dataLayer" in html
    # An inline loader that names a declared host is held back; structured data is not code.
    loader = re.search(r"<script\b[^>]*>\(function \(\) \{ var s", html)
    assert loader is not None
    assert loader.group(0).startswith(
        '<script type="text/plain" data-consentry-service="google-analytics">'
    )
    assert '<script type="application/ld+json">{"@context"' in html


def test_the_manage_cookies_controls_reopen_the_preferences(
    wp: WordPressSite, wp_consent_server: LoopbackServer, wp_settings: Any
) -> None:
    html = fetch(wp.video_url).text
    links = re.findall(r"<a\b[^>]*data-consentry-open[^>]*>([^<]*)</a>", html)
    # The shortcode, the block (with its own label) and the footer link.
    assert links == ["Gérer mes cookies", "Mes choix de cookies", "Gérer mes cookies"]
    assert f'href="{wp_consent_server.url}/policy"' in html
    wp_settings(footer_link=False)
    assert "consentry-footer" not in fetch(wp.video_url).text
    assert "consentry-footer" not in fetch(wp.about_url).text


def answers(wp: WordPressSite, cookie: str | None) -> dict[str, Any]:
    data: dict[str, Any] = fetch(f"{wp.url}/?consentry-test=1", cookie).json()
    return data


NOTHING = {
    "functional": True,
    "preferences": False,
    "statistics": False,
    "statistics-anonymous": True,  # the exempt Matomo runs until the visitor opts out
    "marketing": False,
}


def test_wp_has_consent_follows_the_choice_cookie(
    wp: WordPressSite, wp_declaration: Declaration
) -> None:
    build = choice_cookie_for(wp_declaration)
    assert answers(wp, None)["wp_has_consent"] == NOTHING
    assert answers(wp, None)["consent_type"] == "optin"
    everything = answers(wp, build(accept_all=True))
    assert everything["wp_has_consent"] == {**NOTHING, "preferences": True, "statistics": True}
    assert everything["youtube"] is True
    stats = answers(wp, build(audience=True, google_analytics=True))["wp_has_consent"]
    assert stats == {**NOTHING, "statistics": True}
    refused = answers(wp, build(matomo=False))
    assert refused["wp_has_consent"] == {**NOTHING, "statistics-anonymous": False}
    assert refused["youtube"] is False


@pytest.mark.parametrize("case", ["garbage", "expired", "older policy"])
def test_a_choice_that_does_not_count_answers_as_no_choice(
    wp: WordPressSite, wp_declaration: Declaration, case: str
) -> None:
    build = choice_cookie_for(wp_declaration)
    cookie = {
        "garbage": "%7B%22v%22%3A1",
        "expired": build(accept_all=True, decided_at=datetime.now(UTC) - timedelta(days=190)),
        "older policy": build(accept_all=True, policy_version="0123456789ab"),
    }[case]
    assert answers(wp, cookie)["wp_has_consent"] == NOTHING


def test_with_the_wp_consent_api_plugin_consentry_answers_through_its_filter(
    wp: WordPressSite, wp_declaration: Declaration, fixtures: Path
) -> None:
    build = choice_cookie_for(wp_declaration)

    def check(cookie: str) -> dict[str, Any]:
        output = wp.php(fixtures / "wp-consent-api-check.php", CONSENTRY_CHOICE=cookie)
        data: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
        return data

    refused = check(build())
    assert refused["api"] == "stand-in" and refused["registered"] is True
    assert refused["consent_type"] == "optin"
    # The API's own cookies say "allow"; the visitor refused in Consentry: refused.
    assert refused["wp_has_consent"]["statistics"] is False
    assert refused["wp_has_consent"]["marketing"] is False
    accepted = check(build(accept_all=True))
    assert accepted["wp_has_consent"]["statistics"] is True


def test_the_plugin_logs_no_php_error(wp: WordPressSite) -> None:
    fetch(wp.video_url)
    fetch(wp.about_url)
    assert [line for line in wp.php_errors() if "consentry" in line.lower()] == []


def test_the_plugin_counts_the_lifetime_in_calendar_months_as_python_does(
    wp: WordPressSite, wp_declaration: Declaration, fixtures: Path
) -> None:
    instants = [
        datetime(2025, 8, 31, 9, 30, 15, 123000, tzinfo=UTC),  # + 6 months: Feb 28
        datetime(2023, 8, 31, 23, 59, 59, tzinfo=UTC),  # + 6 months: Feb 29 (leap year)
        datetime(2025, 1, 15, 0, 0, tzinfo=UTC),
        datetime(2025, 7, 1, 12, 0, tzinfo=UTC),  # crosses the year
    ]
    ms = [int(i.timestamp() * 1000) for i in instants]
    output = wp.php(fixtures / "expiry.php", CONSENTRY_INSTANTS=json.dumps(ms))
    lifetime = wp_declaration.site.consent_lifetime
    expected = [int(lifetime.after(i).timestamp() * 1000) for i in instants]
    assert json.loads(output.strip().splitlines()[-1]) == expected
