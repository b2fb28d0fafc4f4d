"""Django: `request.consent`, unconsented cookies withheld, and `{% consent %}` in templates.

    # settings.py
    INSTALLED_APPS = [..., "consentry.integrations.django"]     # for {% load consentry %}
    MIDDLEWARE = ["consentry.integrations.django.ConsentMiddleware", ...]   # first: outermost
    CONSENTRY_DECLARATION = BASE_DIR / "consentry.toml"

Put the middleware first so that it sees the cookies every other middleware sets (the
session's, CSRF's) on the way out.
"""

from consentry.integrations.django.middleware import ConsentMiddleware, gate_from_settings

__all__ = ["ConsentMiddleware", "gate_from_settings"]
