"""ASGI middleware (Starlette, FastAPI, any ASGI app): consent in, unconsented cookies out.

    app.add_middleware(ConsentMiddleware, declaration="consentry.toml")   # Starlette/FastAPI
    app = ConsentMiddleware(app, declaration="consentry.toml")            # any ASGI app

Views read the visitor's choice as `request.state.consent` (Starlette), `scope["consentry"]`
(raw ASGI) or through the FastAPI dependency `Depends(get_consent)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import HTTPConnection

from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent
from consentry.integrations.gate import Clock, ConsentGate, DeclarationSource, utc_now

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SCOPE_KEY = "consentry"
_STARTS = {"http.response.start", "websocket.accept"}


class ConsentMiddleware:
    """Put the visitor's `Consent` in the scope; drop `Set-Cookie`s it does not allow."""

    def __init__(
        self,
        app: ASGIApp,
        declaration: DeclarationSource | None = None,
        *,
        gate: ConsentGate | None = None,
        clock: Clock = utc_now,
        log_undeclared: bool = True,
    ) -> None:
        if gate is None:
            if declaration is None:
                raise ConsentryError(
                    "ConsentMiddleware needs declaration= (a Declaration or the path of "
                    "consentry.toml)"
                )
            gate = ConsentGate(declaration, clock=clock, log_undeclared=log_undeclared)
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        consent = self.gate.read(_cookie_header(scope))
        state = dict(scope.get("state") or {})
        state["consent"] = consent
        scope = {**scope, SCOPE_KEY: consent, "state": state}
        path = str(scope.get("path", ""))

        async def send_filtered(message: Message) -> None:
            if message["type"] in _STARTS and message.get("headers"):
                message["headers"] = self._filter(message["headers"], consent, path)
            await send(message)

        await self.app(scope, receive, send_filtered)

    def _filter(
        self, headers: list[tuple[bytes, bytes]], consent: Consent, path: str
    ) -> list[tuple[bytes, bytes]]:
        lines = [v.decode("latin-1") for k, v in headers if k.lower() == b"set-cookie"]
        if not lines:
            return list(headers)
        kept = set(self.gate.filter(lines, consent, path))
        return [
            (k, v) for k, v in headers if k.lower() != b"set-cookie" or v.decode("latin-1") in kept
        ]


def _cookie_header(scope: Scope) -> str | None:
    # HTTP/2 may split cookies over several headers; they join with "; " (RFC 9113 §8.2.3).
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"cookie"]
    return "; ".join(values) or None


def consent_of(connection: HTTPConnection | Scope) -> Consent:
    """The visitor's consent from a Starlette request/websocket or a raw ASGI scope.

    Raises `ConsentryError` when `ConsentMiddleware` did not run for this request.
    """
    scope = connection.scope if isinstance(connection, HTTPConnection) else connection
    consent = scope.get(SCOPE_KEY)
    if not isinstance(consent, Consent):
        raise ConsentryError(
            "no visitor consent on this request: add consentry.integrations.asgi."
            "ConsentMiddleware to the application"
        )
    return consent


def get_consent(request: HTTPConnection) -> Consent:
    """FastAPI dependency: `consent: Consent = Depends(get_consent)`."""
    return consent_of(request)
