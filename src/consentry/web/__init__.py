"""The HTTP server: routes, security headers and the app factory."""

from consentry.web.app import create_app

__all__ = ["create_app"]
