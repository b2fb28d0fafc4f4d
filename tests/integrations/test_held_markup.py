"""The middleware holds a page's own tags of declared hosts for a visitor without consent.

Per framework (Starlette, FastAPI, a bare ASGI app, Flask, a bare WSGI app, Django sync and
async): a page with an unmarked `<script src>`, `<img src>` and `<iframe src>` of Google
Analytics and YouTube leaves the server held without consent and untouched with it, whether
it is sent whole (with its new `Content-Length`) or streamed in pieces cut inside tags.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from consentry.errors import ConsentryError
from consentry.integrations.asgi import ConsentMiddleware as AsgiMiddleware
from consentry.integrations.asgi import Scope
from consentry.integrations.flask import Consentry
from consentry.integrations.wsgi import ConsentMiddleware as WsgiMiddleware
from tests.factories import make_declaration
from tests.integrations.choices import SERVICES, SITE, ChoiceCookie
from tests.integrations.held_pages import (
    FRAME,
    GTAG,
    PAGE,
    PIECES,
    PIXEL,
    assert_held,
    byte_pieces,
    held_for,
)

Get = Callable[[str, str | None], tuple[int, dict[str, str], bytes]]
"""GET a path with a choice cookie (or none): status, headers (lower-case names), body."""


# ASGI: Starlette, FastAPI, a bare application -------------------------------------------


def starlette_app(**options: Any) -> Starlette:
    async def streamed(request: Request) -> Response:
        async def pieces() -> AsyncIterator[str]:
            for piece in PIECES:
                yield piece

        return StreamingResponse(pieces(), media_type="text/html")

    app = Starlette(
        routes=[
            Route("/page", lambda request: HTMLResponse(PAGE)),
            Route("/streamed", streamed),
            Route("/text", lambda request: Response(PAGE, media_type="text/plain")),
        ]
    )
    app.add_middleware(AsgiMiddleware, declaration=SITE, **options)
    return app


def fastapi_app(**options: Any) -> FastAPI:
    app = FastAPI()
    app.add_middleware(AsgiMiddleware, declaration=SITE, **options)

    @app.get("/page", response_class=HTMLResponse)
    def page() -> str:
        return PAGE

    return app


async def bare_asgi(scope: Scope, receive: Any, send: Any) -> None:
    """A streamed page: no length, pieces cut inside a tag and inside a character."""
    headers = [(b"content-type", b"text/html; charset=utf-8")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for piece in byte_pieces():
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


def asgi_get(app: Any) -> Get:
    def get(path: str, cookie: str | None) -> tuple[int, dict[str, str], bytes]:
        headers = {"cookie": f"cookie_consent={cookie}"} if cookie else {}

        async def request() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://s.test") as client:
                return await client.get(path, headers={**headers, "accept-encoding": "gzip"})

        response = asyncio.run(request())
        return response.status_code, dict(response.headers), response.content

    return get


# WSGI: Flask, a bare application ---------------------------------------------------------


def flask_app(**options: Any) -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/page", "page", lambda: PAGE)  # text/html, with its length
    app.add_url_rule(
        "/streamed", "streamed", lambda: app.response_class(iter(PIECES), mimetype="text/html")
    )
    Consentry(app, declaration=SITE, **options)
    return app


def flask_get(app: Flask) -> Get:
    def get(path: str, cookie: str | None) -> tuple[int, dict[str, str], bytes]:
        client = app.test_client()
        if cookie:
            client.set_cookie("cookie_consent", cookie)
        response = client.get(path)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status_code, headers, response.get_data()

    return get


def bare_wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """A page with its length, a generator that starts its response when first iterated,
    and an old application that writes its body through write()."""
    html = [("Content-Type", "text/html; charset=utf-8")]
    path = environ["PATH_INFO"]
    if path == "/page":
        data = PAGE.encode()
        start_response("200 OK", [*html, ("Content-Length", str(len(data)))])
        return [data]
    if path == "/streamed":
        return _lazy(start_response, html)
    write = start_response("200 OK", html)
    write(byte_pieces()[0])
    return byte_pieces()[1:]


def _lazy(start_response: Callable[..., Any], headers: list[tuple[str, str]]) -> Iterator[bytes]:
    start_response("200 OK", headers)
    yield from byte_pieces()


def wsgi_get(app: Any) -> Get:
    def get(path: str, cookie: str | None) -> tuple[int, dict[str, str], bytes]:
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ["PATH_INFO"] = path
        if cookie:
            environ["HTTP_COOKIE"] = f"cookie_consent={cookie}"
        started: list[tuple[str, list[tuple[str, str]]]] = []
        written: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            started.append((status, headers))
            return written.append

        result = app(environ, start_response)
        chunks = []
        for chunk in result:
            assert started, "a body piece came before the response started"
            chunks.append(chunk)
        getattr(result, "close", lambda: None)()
        ((status, headers),) = started
        return int(status[:3]), {k.lower(): v for k, v in headers}, b"".join(written + chunks)

    return get


# Django ------------------------------------------------------------------------------------


def django_get(asynchronous: bool) -> Get:
    from tests.integrations.django_site import configure

    configure()
    from django.test import AsyncClient, Client, override_settings

    def get(path: str, cookie: str | None) -> tuple[int, dict[str, str], bytes]:
        with override_settings(CONSENTRY_HOLD_MARKUP=True):
            if not asynchronous:
                client = Client()
                if cookie:
                    client.cookies["cookie_consent"] = cookie
                response = client.get(path)
                body = b"".join(response) if response.streaming else response.content
            else:
                aclient = AsyncClient()
                if cookie:
                    aclient.cookies["cookie_consent"] = cookie

                async def request() -> tuple[Any, bytes]:
                    response = await aclient.get(path)
                    if not response.streaming:
                        return response, response.content
                    return response, b"".join([piece async for piece in response])

                response, body = asyncio.run(request())
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status_code, headers, body

    return get


# The cases -------------------------------------------------------------------------------

CASES: dict[str, tuple[Callable[[], Get], list[str]]] = {
    "starlette": (lambda: asgi_get(starlette_app(hold_markup=True)), ["/page", "/streamed"]),
    "fastapi": (lambda: asgi_get(fastapi_app(hold_markup=True)), ["/page"]),
    "bare-asgi": (lambda: asgi_get(AsgiMiddleware(bare_asgi, SITE, hold_markup=True)), ["/"]),
    "flask": (lambda: flask_get(flask_app(hold_markup=True)), ["/page", "/streamed"]),
    "bare-wsgi": (
        lambda: wsgi_get(WsgiMiddleware(bare_wsgi, SITE, hold_markup=True)),
        ["/page", "/streamed", "/written"],
    ),
    "django": (lambda: django_get(False), ["/page", "/streamed"]),
    "django-async": (lambda: django_get(True), ["/async-page", "/async-streamed"]),
}
PARAMS = [(kind, path) for kind, (_, paths) in CASES.items() for path in paths]


@pytest.mark.parametrize(("kind", "path"), PARAMS, ids=[f"{k}{p}" for k, p in PARAMS])
def test_without_consent_the_tags_of_declared_hosts_leave_the_server_held(
    kind: str, path: str, choice_cookie: ChoiceCookie
) -> None:
    get = CASES[kind][0]()
    for cookie in (None, choice_cookie()):  # no choice yet; everything refused
        status, headers, body = get(path, cookie)
        assert status == 200
        assert_held(body.decode())
        assert "cookie" in headers["vary"].lower()  # a shared cache keeps a copy per choice
        if "content-length" in headers:
            assert int(headers["content-length"]) == len(body)


@pytest.mark.parametrize(("kind", "path"), PARAMS, ids=[f"{k}{p}" for k, p in PARAMS])
def test_with_consent_the_page_is_sent_as_written(
    kind: str, path: str, choice_cookie: ChoiceCookie
) -> None:
    get = CASES[kind][0]()
    status, headers, body = get(path, choice_cookie(accept_all=True))
    assert status == 200 and body == PAGE.encode()
    if "content-length" in headers:
        assert int(headers["content-length"]) == len(body)
    # Audience measurement only: its tags load, YouTube's frame stays held.
    _, _, body = get(path, choice_cookie(audience=True, google_analytics=True))
    assert body.decode() == held_for("google-analytics")
    assert GTAG in body.decode() and PIXEL in body.decode() and FRAME not in body.decode()


def test_holding_follows_the_declarations_automatic_blocking_unless_told() -> None:
    blocking = make_declaration(services=SERVICES, banner={"auto_block": True})
    get = asgi_get(AsgiMiddleware(bare_asgi, blocking))
    assert GTAG not in get("/", None)[2].decode()  # on with [banner].auto_block
    _, headers, body = asgi_get(AsgiMiddleware(bare_asgi, SITE))("/", None)
    assert body == PAGE.encode() and "vary" not in headers  # off by default with it off
    _, _, body = asgi_get(AsgiMiddleware(bare_asgi, blocking, hold_markup=False))("/", None)
    assert body == PAGE.encode()
    _, _, body = wsgi_get(WsgiMiddleware(bare_wsgi, SITE))("/page", None)
    assert body == PAGE.encode()


def test_only_html_is_held() -> None:
    _, headers, body = asgi_get(starlette_app(hold_markup=True))("/text", None)
    assert body == PAGE.encode() and "vary" not in headers


def test_a_compressed_page_is_sent_as_it_is_and_the_log_says_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Compression inside the middleware: the page cannot be read, so it goes out unheld."""
    app = Starlette(routes=[Route("/page", lambda request: HTMLResponse(PAGE * 20))])
    app.add_middleware(GZipMiddleware)  # added first: inside the consent middleware
    app.add_middleware(AsgiMiddleware, declaration=SITE, hold_markup=True)
    with caplog.at_level(logging.WARNING, logger="consentry.integrations"):
        _, headers, body = asgi_get(app)("/page", None)
    assert headers["content-encoding"] == "gzip" and body == (PAGE * 20).encode()
    assert "page /page sent as it is" in caplog.text
    assert "compressed (Content-Encoding: gzip)" in caplog.text
    # Compression outside (added after): the page is held, then compressed.
    app = Starlette(routes=[Route("/page", lambda request: HTMLResponse(PAGE * 20))])
    app.add_middleware(AsgiMiddleware, declaration=SITE, hold_markup=True)
    app.add_middleware(GZipMiddleware)
    _, headers, body = asgi_get(app)("/page", None)
    assert headers["content-encoding"] == "gzip"
    assert body.decode() == held_for() * 20
    assert int(headers["content-length"]) < len(body)  # httpx decompressed it


def test_bytes_that_are_not_utf8_pass_unchanged() -> None:
    latin = PAGE.encode("latin-1")  # declared UTF-8, written in Latin-1: "ç" is one bad byte

    async def app(scope: Scope, receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"text/html")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": latin})

    _, _, body = asgi_get(AsgiMiddleware(app, SITE, hold_markup=True))("/", None)
    assert body == held_for().encode("latin-1")


def test_a_bad_setting_is_named() -> None:
    app = Flask(__name__)
    app.config["CONSENTRY_HOLD_MARKUP"] = "yes"
    with pytest.raises(ConsentryError, match="CONSENTRY_HOLD_MARKUP"):
        Consentry(app, declaration=SITE)


def test_a_streamed_page_leaves_in_pieces_not_at_its_end() -> None:
    """What is complete goes out at once: the page is not held back until its last piece."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    asyncio.run(AsgiMiddleware(bare_asgi, SITE, hold_markup=True)(scope, receive, send))
    bodies = [m["body"] for m in sent if m["type"] == "http.response.body"]
    assert len([b for b in bodies if b]) >= 3 and b"".join(bodies).decode() == held_for()
    assert held_for().encode().startswith(bodies[0]) and bodies[0].startswith(b"<!doctype")
    assert not any(k == b"content-length" for k, _ in sent[0]["headers"])

    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = "/streamed"
    app = WsgiMiddleware(bare_wsgi, SITE, hold_markup=True)
    pieces = list(app(environ, lambda status, headers, exc=None: None))
    assert len(pieces) >= 3 and b"".join(pieces).decode() == held_for()
