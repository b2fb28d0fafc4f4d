"""WSGI middleware (Flask, Django, Bottle, any WSGI app): consent in, unconsented cookies out.

    application = ConsentMiddleware(application, declaration="consentry.toml")

Views read the visitor's choice as `environ["consentry.consent"]` (`consent_of(environ)`).

With `hold_markup` (by default the declaration's `[banner].auto_block`), HTML pages leave with
the tags of declared hosts the visitor does not allow already held (`consentry.banner.
hold_markup`). A body announced with `Content-Length` is read whole, held, and sent with its
new length; a streamed one (no length) is held and sent piece by piece as the application
yields it. The headers wait for the body's first held piece, as PEP 3333 lets a middleware do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent
from consentry.integrations.gate import (
    Clock,
    ConsentGate,
    DeclarationSource,
    header_value,
    middleware_gate,
    utc_now,
)
from consentry.integrations.markup import BodyHolder

Environ = dict[str, Any]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
StartResponse = Callable[..., Callable[[bytes], object]]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

ENVIRON_KEY = "consentry.consent"


class ConsentMiddleware:
    """Put the visitor's `Consent` in the environ; drop `Set-Cookie`s it does not allow; with
    `hold_markup`, hold the tags of HTML pages it does not allow."""

    def __init__(
        self,
        app: WSGIApp,
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

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        consent = self.gate.read(environ.get("HTTP_COOKIE"))
        environ[ENVIRON_KEY] = consent
        path = str(environ.get("PATH_INFO", ""))
        page = _Page(start_response) if self.gate.hold_markup else None

        def start_filtered(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            headers = self.gate.filter_headers(headers, consent, path)
            if page is not None:
                head = environ.get("REQUEST_METHOD") == "HEAD"
                headers, holder = self.gate.hold_headers(headers, consent, path, head=head)
                if holder is not None:
                    return page.hold(status, headers, exc_info, holder)
                page.passed()
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, start_filtered)
        if page is None or page.sent_as_is:
            return result  # the common case untouched: file wrappers keep working
        return _HeldBody(result, page)


class _Page:
    """One response's start, kept back while its body is held."""

    def __init__(self, start_response: StartResponse) -> None:
        self.start_response = start_response
        self.holder: BodyHolder | None = None
        self.sent_as_is = False
        self.whole = False
        self.status = ""
        self.headers: list[tuple[str, str]] = []
        self.exc_info: ExcInfo | None = None
        self.written: list[bytes] = []  # what the application gave the legacy write()

    def passed(self) -> None:
        """The application started a response that is not held (or no longer)."""
        self.holder = None
        self.sent_as_is = True

    def hold(
        self,
        status: str,
        headers: list[tuple[str, str]],
        exc_info: ExcInfo | None,
        holder: BodyHolder,
    ) -> Callable[[bytes], object]:
        """Keep this start back; the returned write() collects a legacy application's body."""
        self.status, self.headers, self.exc_info, self.holder = status, headers, exc_info, holder
        self.whole = header_value(headers, "content-length") is not None
        self.sent_as_is = False
        return self.written.append

    def send_start(self, length: int | None = None) -> None:
        """Start the response, with the held body's length when it is known."""
        headers = self.headers
        if length is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(length)))
        if self.exc_info is None:
            self.start_response(self.status, headers)
        else:
            self.start_response(self.status, headers, self.exc_info)


class _HeldBody:
    """The application's body, held on its way out (`close` reaches the application's)."""

    def __init__(self, result: Iterable[bytes], page: _Page) -> None:
        self.result = result
        self.page = page

    def __iter__(self) -> Iterator[bytes]:
        page = self.page
        started = False
        pieces: list[bytes] = []
        for chunk in self.result:
            holder = page.holder
            if holder is None:  # the application started a response that is not held
                yield chunk
                continue
            data = b"".join([*page.written, chunk])
            page.written.clear()
            if page.whole:
                pieces.append(data)
                continue
            out = holder.feed(data)
            if out:
                if not started:
                    page.send_start()
                    started = True
                yield out
        holder = page.holder
        if holder is None:
            return
        if page.whole:
            out = holder.feed(b"".join([*pieces, *page.written])) + holder.close()
            page.send_start(len(out))
        else:
            out = holder.feed(b"".join(page.written)) + holder.close()
            if not started:
                page.send_start()
        yield out

    def close(self) -> None:
        close = getattr(self.result, "close", None)
        if close is not None:
            close()


def consent_of(environ: Environ) -> Consent:
    """The visitor's consent from a WSGI environ; `ConsentryError` if the middleware is absent."""
    consent = environ.get(ENVIRON_KEY)
    if not isinstance(consent, Consent):
        raise ConsentryError(
            "no visitor consent on this request: wrap the application in "
            "consentry.integrations.wsgi.ConsentMiddleware"
        )
    return consent
