"""First-party hosts: what the audience-measurement collector rule calls "the site" (R38)."""

from __future__ import annotations

import pytest

from consentry.rules.domains import is_first_party, is_within, registrable_domain
from tests.factories import make_declaration


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.mastermi-learning.com", "mastermi-learning.com"),
        ("stats.example.co.uk", "example.co.uk"),
        ("foo.github.io", "foo.github.io"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("WWW.Example.COM.", "example.com"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_within_means_equal_or_subdomain() -> None:
    assert is_within("stats.site.test", "site.test")
    assert is_within("*.site.test", "site.test")
    assert is_within("site.test", ".site.test")
    assert not is_within("evilsite.test", "site.test")
    assert not is_within("site.test.evil.test", "site.test")


def test_first_party_is_the_site_or_a_declared_domain() -> None:
    declaration = make_declaration(
        site={"url": "https://www.site.test", "first_party_domains": ["stats-site.test"]}
    )
    assert is_first_party("stats.site.test", declaration)
    assert is_first_party("collect.stats-site.test", declaration)
    assert not is_first_party("analytics.cloud.test", declaration)


def test_public_suffix_siblings_are_not_first_party() -> None:
    declaration = make_declaration(site={"url": "https://alice.github.io"})
    assert not is_first_party("bob.github.io", declaration)
