"""Consentry on a site's own server: read the visitor's choice, enforce it on cookies.

The framework adapters live at stable paths that site owners import:
`consentry.integrations.asgi` (Starlette, FastAPI), `.wsgi`, `.flask`, `.django` and `.jinja`;
the WordPress plugin is built by `consentry.integrations.wordpress`. This package itself holds
the framework-free parts: the consent reader and the cookie rules.
"""

from consentry.integrations.consent import (
    Consent,
    cookie_value,
    no_choice,
    parse_consent,
    read_consent,
)
from consentry.integrations.enforce import (
    CookieOwner,
    CookieRules,
    Filtered,
    Judgement,
    is_deletion,
    set_cookie_name,
)
from consentry.integrations.gate import ConsentGate, DeclarationSource

__all__ = [
    "Consent",
    "ConsentGate",
    "CookieOwner",
    "CookieRules",
    "DeclarationSource",
    "Filtered",
    "Judgement",
    "cookie_value",
    "is_deletion",
    "no_choice",
    "parse_consent",
    "read_consent",
    "set_cookie_name",
]
