"""The reference declaration lists every cookie the seed's cookie policy names."""

from __future__ import annotations

import pytest

from consentry.declaration import Declaration

# Section 4 of the seed policy (shared/seed/cookie-policy-fr.txt): each example it gives, as
# a browser would show it, and the purpose the seed files it under.
SEED_EXAMPLES = [
    ("PHPSESSID", "necessary"),  # "PHPSESSID"
    ("wordpress_logged_in_9a0b1c2d3e4f", "necessary"),  # "cookie de session WordPress"
    ("yt-remote-session-name", "functional"),  # "yt-remote-session-name (YouTube)"
    ("_pk_id.1.7c2e", "audience"),  # "_pk_id.* (Matomo)"
    ("_ga", "audience"),  # "_ga (Google Analytics)"
]


@pytest.mark.parametrize(("name", "purpose"), SEED_EXAMPLES)
def test_each_seed_cookie_is_declared_under_the_seed_purpose(
    reference: Declaration, name: str, purpose: str
) -> None:
    owners = [s for s in reference.services for c in s.cookies if c.matches(name)]
    assert owners, f"{name} is in the seed policy but no declared service lists it"
    assert purpose in {s.category for s in owners}


def test_the_consent_cookie_is_the_seed_one(reference: Declaration) -> None:
    """Seed §8: the choice is kept in a first-party cookie named "cookie_consent"."""
    assert reference.banner.cookie_name == "cookie_consent"


def test_every_tool_of_seed_section_9_is_declared_with_cookies_or_hosts(
    reference: Declaration,
) -> None:
    for service_id in (
        "wordpress",
        "masterstudy-lms",
        "brevo",
        "matomo",
        "google-analytics",
        "youtube",
        "vimeo",
        "linkedin",
        "x",
    ):
        service = reference.service(service_id)
        assert service is not None, service_id
        assert service.cookies, service_id
