"""A stand-in for the catalog's cookie look-up (`consentry.catalog.lookup_cookie`).

The rules read `CookieFacts.well_known_tracker` through the look-up of CONTRACTS.md §4. This
double answers for a handful of names with real `CookieFacts`, so rule tests do not depend on
what the Open Cookie Database happens to hold: `force_catalog_double(monkeypatch)` installs it.
"""

from __future__ import annotations

import fnmatch

import pytest

from consentry import catalog
from consentry.catalog import CookieFacts, Purpose


def _facts(
    name: str, service_id: str | None, category: Purpose, provider: str, tracker: bool
) -> CookieFacts:
    return CookieFacts(
        name=name,
        pattern="*" in name,
        platform=provider,
        service_id=service_id,
        category=category,
        lifetime="1 year",
        domain=None,
        description="test double",
        provider=provider,
        privacy_policy=None,
        source="catalog",
        well_known_tracker=tracker,
    )


KNOWN = [
    _facts("_ga", "google-analytics", "audience", "Google", True),
    _facts("_ga_*", "google-analytics", "audience", "Google", True),
    _facts("_gid", "google-analytics", "audience", "Google", True),
    _facts("_gcl_au", None, "advertising", "Google", True),
    _facts("IDE", None, "advertising", "Google", True),
    _facts("_fbp", None, "advertising", "Meta", True),
    _facts("_pk_id.*", "matomo", "audience", "Matomo", True),
    _facts("_pk_ses.*", "matomo", "audience", "Matomo", False),
    _facts("PHPSESSID", None, "necessary", "PHP", False),
    _facts("wordpress_logged_in_*", "wordpress", "necessary", "WordPress", False),
]


def fake_lookup_cookie(name: str, domain: str | None = None) -> CookieFacts | None:
    """Exact names first, then patterns, as the catalog's look-up answers."""
    for facts in KNOWN:
        if not facts.pattern and facts.name == name:
            return facts
    for facts in KNOWN:
        if facts.pattern and fnmatch.fnmatchcase(name, facts.name):
            return facts
    return None


def force_catalog_double(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "lookup_cookie", fake_lookup_cookie)
