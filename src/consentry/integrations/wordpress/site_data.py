"""What the WordPress plugin needs to know of the declaration, as plain JSON (`site.json`).

PHP cannot read `consentry.toml`, so `consentry wordpress-plugin` bakes the parts the plugin
uses into the zip: the choice cookie's name, lifetime and policy version (to read the cookie
as the banner wrote it), the services and their hosts (to gate oEmbed iframes and the tags of
other plugins), and how our purposes answer the WP Consent API's categories.
"""

from __future__ import annotations

from typing import Any

from consentry.declaration import AUDIENCE_MEASUREMENT, Declaration

WP_CONSENT_CATEGORIES = (
    "functional",
    "preferences",
    "statistics",
    "statistics-anonymous",
    "marketing",
)
"""The categories of the WP Consent API, in its order."""

_PURPOSES_OF_CATEGORY: dict[str, tuple[str, ...]] = {
    "preferences": ("functional",),
    "statistics": ("audience",),
    "statistics-anonymous": ("audience",),
    "marketing": ("support", "social", "advertising"),
}
"""Our purposes behind each WP category. The WP category "functional" is the necessary one
(always allowed); a category is allowed only when *every* purpose behind it that the banner
asks about is accepted, so that a plugin asking for "marketing" never gets more than the
visitor gave."""

LABELS = {
    "fr": {"manage": "Gérer mes cookies", "video": "Vidéo"},
    "en": {"manage": "Manage my cookies", "video": "Video"},
}


def wp_consent_rules(declaration: Declaration) -> dict[str, dict[str, Any]]:
    """How each WP Consent API category is answered from a choice.

    `{"always": true}`, or `{"purposes": [...], "exempt_services": [...]}`: allowed when the
    choice accepts all the purposes (none listed: never), or else when every listed exempt
    service still runs (no choice yet, or not opted out).
    """
    asked = set(declaration.consent_purposes)
    rules: dict[str, dict[str, Any]] = {"functional": {"always": True}}
    for category, purposes in _PURPOSES_OF_CATEGORY.items():
        exempt = (
            [
                s.id
                for s in declaration.services
                if s.category == "audience" and s.exempt == AUDIENCE_MEASUREMENT
            ]
            if category == "statistics-anonymous"
            else []
        )
        rules[category] = {
            "purposes": [p for p in purposes if p in asked],
            "exempt_services": exempt,
        }
    return rules


def plugin_site_data(declaration: Declaration, version: str) -> dict[str, Any]:
    """The content of `site.json` for a declaration (`version`: the plugin's version)."""
    lifetime = declaration.site.consent_lifetime
    return {
        "plugin_version": version,
        "site_url": declaration.site.url,
        "languages": list(declaration.site.languages),
        "cookie_name": declaration.banner.cookie_name,
        "policy_version": declaration.policy_version,
        "lifetime": {"amount": lifetime.amount, "unit": lifetime.unit},
        "policy_url": declaration.banner.policy_url,
        "purposes": declaration.consent_purposes,
        "services": [
            {
                "id": service.id,
                "name": service.name,
                "category": service.category,
                "consent_required": service.consent_required,
                "opt_out": service.exempt == AUDIENCE_MEASUREMENT,
                "hosts": list(service.hosts),
            }
            for service in declaration.services
        ],
        "wp_consent": wp_consent_rules(declaration),
        "labels": {lang: LABELS[lang] for lang in declaration.site.languages},
    }
