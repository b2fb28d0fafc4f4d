"""The site as a whole: served over https, purposes that are used, partners' policies reachable.

These are warnings: each points at something a visitor or the CNIL would notice, but none
makes the declaration unusable (a plain-http staging site is a normal thing to check).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

from consentry.declaration import Category, Declaration, builtin_categories
from consentry.rules.rule import Found, rule


@rule(
    "R26",
    "warning",
    "GDPR art. 32; CNIL-REC art. 6",
    "The site is served over plain http",
)
def site_over_http(declaration: Declaration) -> Iterator[Found]:
    if urlsplit(declaration.site.url).scheme == "http":
        yield (
            ("site", "url"),
            f"{declaration.site.url} is plain http: the choice cookie cannot be Secure and "
            "consent records travel unencrypted",
            "fine for development; serve the live site over https",
        )


@cache
def _builtins() -> dict[str, Category]:
    """The built-in purposes as models (constant package data, read once)."""
    return {key: Category.model_validate(raw) for key, raw in builtin_categories().items()}


def _declared_here(key: str, category: Category) -> bool:
    """True when the declaration adds or rewrites this purpose (not a built-in left as is)."""
    return _builtins().get(key) != category


@rule(
    "R21",
    "warning",
    "CNIL-REC art. 2 §2.1",
    "A purpose the declaration defines has no service",
)
def purpose_not_used(declaration: Declaration) -> Iterator[Found]:
    # Built-in purposes left untouched are simply listed as "not used" on the policy page:
    # warning about them would repeat on every site, and they cannot be removed anyway.
    in_use = set(declaration.purposes_in_use)
    for key, category in declaration.categories.items():
        if key not in in_use and _declared_here(key, category):
            yield (
                ("categories", key),
                f'purpose "{key}" has no service: the policy page lists it as not used and the '
                "banner does not offer it",
                f'give a service category = "{key}", or remove [categories.{key}]',
            )


@rule(
    "R08",
    "warning",
    "CNIL-LD art. 2; CNIL-REC art. 2 §2.3",
    "A partner's privacy policy is not an https link",
)
def privacy_policy_not_https(declaration: Declaration) -> Iterator[Found]:
    for i, service in enumerate(declaration.services):
        if urlsplit(service.privacy_policy).scheme != "https":
            yield (
                ("services", i, "privacy_policy"),
                f"the privacy policy of {service.name} is not an https link",
                "give the https address of the provider's privacy policy",
            )
