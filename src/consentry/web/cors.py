"""CORS for the consent API: only the site's declared origins may call it from a browser.

The banner runs on the site's pages and posts to the consent server, often another origin
(CONTRACTS §2). A browser sends `Origin`; a request from an origin the declaration does not
list (`Declaration.allowed_origins`) is refused with 403, preflight included, and stores
nothing. A request without `Origin` (a server-side client, not a browser) is let through.
"""

from __future__ import annotations

from collections.abc import Iterable

from consentry.ledger import origin_of

MAX_AGE = "600"

RawCors = tuple[tuple[bytes, bytes], ...]


class Cors:
    """The allowed origins and what a route accepts, settled once (as Starlette's CORS does)."""

    def __init__(self, origins: Iterable[str], methods: str, headers: str) -> None:
        self.origins = frozenset(filter(None, map(origin_of, origins)))
        self._seen: dict[str, bool] = {}  # Origin header → allowed, so each is parsed once
        self._raw: dict[str, RawCors | None] = {}  # Origin header → `raw_allowed` answer
        self.methods = methods
        self.headers = headers

    def allowed(self, origin: str | None) -> dict[str, str] | None:
        """Headers to add to a response for `origin`, or None when it may not call us."""
        if origin is None:
            return {}
        allowed = self._seen.get(origin)
        if allowed is None:
            allowed = origin_of(origin) in self.origins
            if len(self._seen) < 1024:
                self._seen[origin] = allowed
        if not allowed:
            return None
        return {"access-control-allow-origin": origin, "vary": "Origin"}

    def raw_allowed(self, origin: str | None) -> RawCors | None:
        """`allowed` as ASGI raw headers, encoded once per origin for the consent POST."""
        if origin is None:
            return ()
        if origin in self._raw:
            return self._raw[origin]
        headers = self.allowed(origin)
        raw = None
        if headers is not None:
            raw = tuple((name.encode(), value.encode("latin-1")) for name, value in headers.items())
        if len(self._raw) < 1024:
            self._raw[origin] = raw
        return raw

    def preflight(self, origin: str | None) -> dict[str, str] | None:
        """Headers answering a preflight from `origin`, or None when it may not call us."""
        base = self.allowed(origin)
        if not base:
            return None
        return {
            **base,
            "access-control-allow-methods": self.methods,
            "access-control-allow-headers": self.headers,
            "access-control-max-age": MAX_AGE,
        }
