"""What the server adds to a record is minimised (R36)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry.ledger import strip_url, truncate_ip, user_agent_family

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.6478.126 Safari/537.36"
)
EDGE = CHROME + " Edg/125.0.2535.92"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15"
)


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (CHROME, "Chrome 126"),
        (EDGE, "Edge 125"),
        (FIREFOX, "Firefox 128"),
        (SAFARI, "Safari 17"),
        ("curl/8.5.0", "bot"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_only_the_browser_family_and_major_version_are_kept(agent: str | None, family: str) -> None:
    assert user_agent_family(agent) == family


@given(st.text(max_size=300))
def test_no_raw_user_agent_ever_comes_out(agent: str) -> None:
    family = user_agent_family(agent)
    assert len(family) <= 24
    assert "Mozilla/5.0 (" not in family


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("203.0.113.9", "203.0.0.0/16"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.7", "198.51.0.0/16"),
        ("not an address", None),
        (None, None),
    ],
)
def test_addresses_are_truncated(address: str | None, kept: str | None) -> None:
    assert truncate_ip(address) == kept


@given(st.ip_addresses())
def test_no_full_address_is_ever_kept(address: object) -> None:
    kept = truncate_ip(str(address))
    assert kept is not None
    assert kept.endswith(("/16", "/48"))
    assert str(address) not in kept or str(address).endswith((".0.0", "::"))


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.site.test/cours?id=42&utm=x#top", "https://www.site.test/cours"),
        ("https://user:pw@www.site.test:8443/a/b/", "https://www.site.test:8443/a/b/"),
        ("http://[2001:db8::1]/x?y", "http://[2001:db8::1]/x"),
    ],
)
def test_query_fragment_and_credentials_are_dropped(url: str, kept: str) -> None:
    assert strip_url(url) == kept
