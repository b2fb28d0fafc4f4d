"""`lookup_host`: which catalog service a request host belongs to."""

from __future__ import annotations

import pytest

from consentry.catalog import lookup_host
from consentry.catalog.hosts import HostIndex


@pytest.mark.parametrize(
    ("host", "service_id"),
    [
        ("www.youtube.com", "youtube"),
        ("player.vimeo.com", "vimeo"),
        ("platform.linkedin.com", "linkedin"),
        ("px.ads.linkedin.com", "linkedin-insight"),
        ("connect.facebook.net", "facebook-pixel"),
        ("fonts.gstatic.com", "google-fonts"),
        ("sibforms.com", "brevo"),
    ],
)
def test_exact_hosts(host: str, service_id: str) -> None:
    assert lookup_host(host) == service_id


@pytest.mark.parametrize(
    ("host", "service_id"),
    [
        ("rr3---sn-25glene6.googlevideo.com", "youtube"),
        ("i.ytimg.com", "youtube"),
        ("region1.google-analytics.com", "google-analytics"),
        ("f.vimeocdn.com", "vimeo"),
        ("static.hotjar.com", "hotjar"),
        ("ad.doubleclick.net", "google-ads"),
        ("abs.twimg.com", "x"),
    ],
)
def test_wildcard_hosts(host: str, service_id: str) -> None:
    assert lookup_host(host) == service_id


def test_the_most_specific_match_wins() -> None:
    # exact "stats.g.doubleclick.net" (Analytics) beats "*.doubleclick.net" (Ads)
    assert lookup_host("stats.g.doubleclick.net") == "google-analytics"
    index = HostIndex(
        [
            ("*.example.com", "broad"),
            ("*.cdn.example.com", "narrow"),
            ("a.cdn.example.com", "exact"),
        ]
    )
    assert index.lookup("x.cdn.example.com") == "narrow"
    assert index.lookup("x.example.com") == "broad"
    assert index.lookup("a.cdn.example.com") == "exact"


def test_host_names_are_compared_without_case_or_final_dot() -> None:
    assert lookup_host("WWW.YouTube.COM.") == "youtube"


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "",
        "ytimg.com",
        "youtube.com.evil.test",
        "notyoutube.com",
        "www.site.test",
        "localhost",
    ],
)
def test_unknown_hosts_are_none(host: str) -> None:
    assert lookup_host(host) is None
