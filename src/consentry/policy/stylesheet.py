"""The policy page's stylesheet: a separate file, because our CSP forbids inline styles.

The page links it as `/policy.css?v=<version>`; the version is a hash of its bytes, so a new
release of the stylesheet reaches visitors at once while the server may let browsers cache it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files

STYLESHEET_PATH = "/policy.css"


@cache
def policy_stylesheet() -> bytes:
    """The stylesheet's bytes (UTF-8 CSS), read once from the package."""
    return (files("consentry.policy") / "static" / "policy.css").read_bytes()


@cache
def stylesheet_version() -> str:
    """12 hex digits of SHA-256 over the stylesheet: its cache-busting version and ETag."""
    return hashlib.sha256(policy_stylesheet()).hexdigest()[:12]
