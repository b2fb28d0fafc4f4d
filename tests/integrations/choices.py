"""The integration tests' site: a declaration, and choice cookies as the banner writes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from consentry.declaration import Declaration
from tests.factories import make_declaration

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

SERVICES: list[dict[str, Any]] = [
    {"use": "matomo", "exempt": "audience-measurement"},
    {"use": "youtube"},
    {"use": "google-analytics"},
    {
        "id": "app",
        "name": "Application",
        "provider": "self",
        "category": "necessary",
        "exempt": "session",
        "privacy_policy": "https://www.site.test/privacy",
        "cookies": [
            {
                "name": "sessionid",
                "lifetime": "session",
                "purpose": {"fr": "Session", "en": "Session"},
            }
        ],
    },
]

ChoiceCookie = Callable[..., str]

SITE = make_declaration(services=SERVICES)
"""A site with an exempt Matomo, YouTube, Google Analytics and a necessary session cookie."""


def encode_choice(data: dict[str, Any]) -> str:
    """`encodeURIComponent(JSON.stringify(data))`, as the banner writes the cookie value."""
    return quote(json.dumps(data, separators=(",", ":")), safe="-_.!~*'()")


def choice_cookie_for(site: Declaration) -> ChoiceCookie:
    """Build the cookie value of a choice: `build(audience=True, youtube=False, ...)`.

    Keyword arguments name purposes or services (dashes as underscores); the defaults are a
    refusal of everything, decided one minute before `decided_at` (default: now).
    """

    def build(
        *,
        accept_all: bool = False,
        decided_at: datetime | None = None,
        policy_version: str | None = None,
        version: int = 1,
        **flags: bool,
    ) -> str:
        when = decided_at or datetime.now(UTC) - timedelta(minutes=1)
        flags = {key.replace("_", "-"): value for key, value in flags.items()}
        purposes = {p: accept_all or flags.get(p, False) for p in site.consent_purposes}
        services = {
            s.id: accept_all or flags.get(s.id, s.exempt is not None)
            for s in site.services
            if s.consent_required or s.exempt == "audience-measurement"
        }
        return encode_choice(
            {
                "v": version,
                "consentId": "0" * 32,
                "secret": "1" * 32,
                "policyVersion": policy_version or site.policy_version,
                "decidedAt": int(when.timestamp() * 1000),
                "mechanism": "accept_all" if accept_all else "custom",
                "gpc": False,
                "purposes": purposes,
                "services": services,
            }
        )

    return build


def consent_cases(site: Declaration) -> dict[str, tuple[str | None, bool]]:
    """Cookie header values by case, and whether `_ga` may be set in that case."""
    build = choice_cookie_for(site)
    months_ago = datetime.now(UTC) - timedelta(days=200)
    return {
        "no choice": (None, False),
        "accepted": (build(accept_all=True), True),
        "audience only": (build(audience=True, google_analytics=True), True),
        "refused": (build(), False),
        "video only": (build(functional=True, youtube=True), False),
        "garbage": ("%7B%22v%22%3A1%2C", False),
        "expired": (build(accept_all=True, decided_at=months_ago), False),
        "older policy": (build(accept_all=True, policy_version="000000000000"), False),
    }


CASES = list(consent_cases(SITE).items())
CASE_IDS = [name for name, _ in CASES]
CASE_VALUES = [case for _, case in CASES]
