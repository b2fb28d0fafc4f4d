"""ASGI middleware (Starlette, FastAPI, any ASGI app): consent in, unconsented cookies out.

    app.add_middleware(ConsentMiddleware, declaration="consentry.toml")   # Starlette/FastAPI
    app = ConsentMiddleware(app, declaration="consentry.toml")            # any ASGI app

Views read the visitor's choice as `request.state.consent` (Starlette), `scope["consentry"]`
(raw ASGI) or through the FastAPI dependency `Depends(get_consent)`.

With `hold_markup` (by default the declaration's `[banner].auto_block`), HTML pages leave with
the tags of declared hosts the visitor does not allow already held (`consentry.banner.
hold_markup`). A body announced with `Content-Length` is read whole, held, and sent with its
new length; a streamed one (no length) is held and sent piece by piece as it comes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import HTTPConnection

from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent
from consentry.integrations.gate import (
    Clock,
    ConsentGate,
    DeclarationSource,
    middleware_gate,
    utc_now,
)
from consentry.integrations.markup import BodyHolder

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SCOPE_KEY = "consentry"
_STARTS = {"http.response.start", "websocket.accept"}
_FILE_SENDS = ("http.response.pathsend", "http.response.zerocopysend")
"""Server extensions that send a file's body without body messages, which a held page needs."""


class ConsentMiddleware:
    """Put the visitor's `Consent` in the scope; drop `Set-Cookie`s it does not allow; with
    `hold_markup`, hold the tags of HTML pages it does not allow."""

    def __init__(
        self,
        app: ASGIApp,
        declaration: DeclarationSource | None = None,
        *,
        gate: ConsentGate | None = None,
        clock: Clock = utc_now,
        log_undeclared: bool = True,
        hold_markup: bool | None = None,
    ) -> None:
        self.app = app
        self.gate = middleware_gate(
            declaration, gate, clock=clock, log_undeclared=log_undeclared, hold_markup=hold_markup
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        consent = self.gate.read(_cookie_header(scope))
        state = dict(scope.get("state") or {})
        state["consent"] = consent
        scope = {**scope, SCOPE_KEY: consent, "state": state}
        path = str(scope.get("path", ""))
        holding = self.gate.hold_markup and scope["type"] == "http"
        if holding and scope.get("extensions"):
            extensions = scope["extensions"]
            scope["extensions"] = {k: v for k, v in extensions.items() if k not in _FILE_SENDS}
        head = scope.get("method") == "HEAD"
        held: _HeldPage | None = None

        async def send_filtered(message: Message) -> None:
            nonlocal held
            if message["type"] in _STARTS:
                hold = holding and message["type"] == "http.response.start"
                held = self._start(message, consent, path, hold=hold, head=head)
                if held is not None:
                    for out in held.started():
                        await send(out)
                    return
            if held is not None and message["type"] == "http.response.body":
                for out in held.body(message):
                    await send(out)
                return
            await send(message)

        await self.app(scope, receive, send_filtered)

    def _start(
        self, start: Message, consent: Consent, path: str, *, hold: bool, head: bool
    ) -> _HeldPage | None:
        """Withhold the start's unconsented cookies; with `hold`, mark an HTML page as varying
        with the cookie. The page's holder, if its body is held."""
        raw = start.get("headers")
        if not raw:
            return None
        decoded = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]
        headers = self.gate.filter_headers(decoded, consent, path)
        holder = None
        if hold:
            headers, holder = self.gate.hold_headers(headers, consent, path, head=head)
        if headers is not decoded:  # ASGI names are lower case (the added `Vary` too)
            start["headers"] = [
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers
            ]
        return None if holder is None else _HeldPage(start, holder)


class _HeldPage:
    """An HTML response on its way out, its body held: whole when its length was announced
    (the new length replaces it), else piece by piece."""

    def __init__(self, start: Message, holder: BodyHolder) -> None:
        self.start = start
        self.holder = holder
        self.whole = any(k.lower() == b"content-length" for k, _ in start["headers"])
        self.pieces: list[bytes] = []

    def started(self) -> list[Message]:
        """What to send now that the response starts: its start, unless the length waits."""
        return [] if self.whole else [self.start]

    def body(self, message: Message) -> list[Message]:
        """What to send for one body message."""
        data: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        if not self.whole:
            out = self.holder.feed(data) + (b"" if more else self.holder.close())
            return [{**message, "body": out}]
        self.pieces.append(data)
        if more:
            return []
        out = self.holder.feed(b"".join(self.pieces)) + self.holder.close()
        headers = [(k, v) for k, v in self.start["headers"] if k.lower() != b"content-length"]
        self.start["headers"] = [*headers, (b"content-length", str(len(out)).encode())]
        return [self.start, {"type": "http.response.body", "body": out, "more_body": False}]


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
