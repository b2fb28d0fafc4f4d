"""Classification on recorded values: declaration first, then knowledge, party, trackers."""

from __future__ import annotations

from consentry.scanner.classify import (
    classify_item,
    classify_request,
    party_of,
    registrable_domain,
)
from tests.scanner.scan_recorded import StubKnowledge, declaration

KNOW = StubKnowledge()


def test_registrable_domain_uses_the_public_suffix_list_offline() -> None:
    assert registrable_domain("www.example.co.uk") == "example.co.uk"
    assert registrable_domain("metrics.site.test") == "site.test"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


def test_party_is_decided_by_registrable_domain_not_by_host() -> None:
    d = declaration()
    assert party_of("cdn.site.test", d) == "first"
    assert party_of("ads.tracker.test", d) == "third"


def test_a_declared_cookie_carries_its_service_purpose_and_lifetime() -> None:
    cls = classify_item("cookie", "_st_id", "www.site.test", declaration(), KNOW)
    assert (cls.source, cls.service_id, cls.purpose, cls.exempt) == (
        "declaration",
        "stats",
        "audience",
        False,
    )
    assert str(cls.declared_lifetime) == "13 months"


def test_an_exempt_service_pattern_cookie_is_exempt() -> None:
    cls = classify_item("cookie", "_pk_id.1.abcd", "www.site.test", declaration(), KNOW)
    assert cls.service_id == "matomo" and cls.exempt and cls.declared


def test_the_consent_cookie_is_consentrys_own_and_exempt() -> None:
    cls = classify_item("cookie", "cookie_consent", "www.site.test", declaration(), KNOW)
    assert cls.source == "consentry" and cls.exempt


def test_a_declared_name_of_another_storage_type_does_not_match() -> None:
    cls = classify_item("localStorage", "_st_id", "www.site.test", declaration(), KNOW)
    assert not cls.declared


def test_the_cookie_database_answers_when_the_declaration_is_silent() -> None:
    cls = classify_item("cookie", "_ga", "www.site.test", declaration(), KNOW)
    assert (cls.source, cls.purpose, cls.declared, cls.needs_consent) == (
        "catalog",
        "audience",
        False,
        True,
    )


def test_an_unknown_cookie_stays_unknown_and_needs_consent() -> None:
    cls = classify_item("cookie", "zz_mystery", "www.site.test", declaration(), KNOW)
    assert cls.source == "unknown" and not cls.known and cls.needs_consent


def test_requests_by_declared_host_first_then_tracker_list() -> None:
    d = declaration()
    ads = classify_request("https://ads.tracker.test/p.gif", d, KNOW)
    assert (ads.service_id, ads.purpose, ads.declared) == ("ads", "advertising", True)
    dc = classify_request("https://stats.g.doubleclick.net/collect", d, KNOW)
    assert (dc.source, dc.purpose, dc.declared) == ("tracker-list", "advertising", False)
    unknown = classify_request("https://fonts.example.org/a.woff2", d, KNOW)
    assert unknown.source == "unknown" and unknown.party == "third"


def test_first_party_assets_and_consentry_paths_are_exempt() -> None:
    d = declaration()
    assert classify_request("https://www.site.test/app.js", d, KNOW).exempt
    banner = classify_request("https://consent.other.test/consentry.js", d, KNOW)
    assert banner.source == "consentry" and banner.exempt


def test_without_a_declaration_everything_seen_is_undeclared() -> None:
    from datetime import date

    from consentry.scanner.blind import blind_declaration

    blind = blind_declaration("https://www.example.fr:8443/page?x=1", date(2026, 1, 1))
    assert blind.site.url == "https://www.example.fr:8443/" and blind.services == []
    cls = classify_item("cookie", "_st_id", "www.example.fr", blind, KNOW)
    assert not cls.declared and cls.party == "first"
