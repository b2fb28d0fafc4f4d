"""WSGI middleware (Flask, Django, Bottle, any WSGI app): consent in, unconsented cookies out.

    application = ConsentMiddleware(application, declaration="consentry.toml")

Views read the visitor's choice as `environ["consentry.consent"]` (`consent_of(environ)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent
from consentry.integrations.gate import Clock, ConsentGate, DeclarationSource, utc_now

Environ = dict[str, Any]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
StartResponse = Callable[..., Callable[[bytes], object]]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

ENVIRON_KEY = "consentry.consent"


class ConsentMiddleware:
    """Put the visitor's `Consent` in the environ; drop `Set-Cookie`s it does not allow."""

    def __init__(
        self,
        app: WSGIApp,
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

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        consent = self.gate.read(environ.get("HTTP_COOKIE"))
        environ[ENVIRON_KEY] = consent
        path = str(environ.get("PATH_INFO", ""))

        def start_filtered(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            lines = [v for k, v in headers if k.lower() == "set-cookie"]
            if lines:
                kept = set(self.gate.filter(lines, consent, path))
                headers = [(k, v) for k, v in headers if k.lower() != "set-cookie" or v in kept]
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        return self.app(environ, start_filtered)


def consent_of(environ: Environ) -> Consent:
    """The visitor's consent from a WSGI environ; `ConsentryError` if the middleware is absent."""
    consent = environ.get(ENVIRON_KEY)
    if not isinstance(consent, Consent):
        raise ConsentryError(
            "no visitor consent on this request: wrap the application in "
            "consentry.integrations.wsgi.ConsentMiddleware"
        )
    return consent
