"""Security headers on every response: a strict CSP with no 'unsafe-inline', and friends.

Pages we serve (policy, rights, admin, demo) load scripts and styles only from our own origin,
so the policy can be strict. Responses may tighten or extend it by setting their own
`Content-Security-Policy` header (the demo's pages allow their fake third parties).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000"

RawHeaders = list[tuple[bytes, bytes]]
_RAW = tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in HEADERS.items())
_RAW_HSTS = (b"strict-transport-security", HSTS.encode("latin-1"))
_RAW_HTTPS = (*_RAW, _RAW_HSTS)


def security_headers(https: bool) -> tuple[tuple[bytes, bytes], ...]:
    """`HEADERS` (and HSTS over https) as ASGI raw headers, for responses built by hand."""
    return _RAW_HTTPS if https else _RAW


class SecurityHeaders:
    """Add `HEADERS` to every HTTP response that does not set them itself.

    The headers are appended pre-encoded to the raw list: Starlette's `MutableHeaders` item
    assignment scans and rebuilds the list once per header, a measurable cost on every request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_defaults(message.get("headers", ()), https)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_defaults(headers: RawHeaders, https: bool) -> RawHeaders:
    """`headers` plus each security header it does not already set (names are lower-case)."""
    raw = list(headers)
    present = {name.lower() for name, _ in raw}
    raw.extend(header for header in _RAW if header[0] not in present)
    if https and _RAW_HSTS[0] not in present:
        raw.append(_RAW_HSTS)
    return raw
