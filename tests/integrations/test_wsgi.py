"""The WSGI middleware around a bare WSGI application (no framework)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from consentry.errors import ConsentryError
from consentry.integrations.wsgi import ConsentMiddleware, consent_of
from tests.integrations.choices import CASE_IDS, CASE_VALUES, SITE


def bare_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    consent = consent_of(environ)
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/plain"),
            ("Set-Cookie", "_ga=GA1.1.123.456; Max-Age=63072000; Path=/"),
            ("Set-Cookie", "sessionid=abc; HttpOnly; Path=/"),
        ],
    )
    return [f"audience={consent.allows('audience')}".encode()]


def call(app: Any, cookie: str | None) -> tuple[str, list[tuple[str, str]]]:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    if cookie:
        environ["HTTP_COOKIE"] = f"theme=dark; cookie_consent={cookie}"
    sent: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(
        app(environ, lambda status, headers, exc_info=None: sent.append((status, headers)))
    )
    ((status, headers),) = sent
    assert status == "200 OK"
    return body.decode(), headers


@pytest.mark.parametrize(("cookie", "ga_allowed"), CASE_VALUES, ids=CASE_IDS)
def test_ga_cookie_is_sent_only_with_audience_consent(cookie: str | None, ga_allowed: bool) -> None:
    body, headers = call(ConsentMiddleware(bare_app, declaration=SITE), cookie)
    names = [v.split("=", 1)[0] for k, v in headers if k == "Set-Cookie"]
    assert ("_ga" in names) is ga_allowed
    assert "sessionid" in names
    assert ("Content-Type", "text/plain") in headers
    assert body == f"audience={ga_allowed}"


def test_an_app_without_the_middleware_gets_a_clear_error() -> None:
    with pytest.raises(ConsentryError, match="ConsentMiddleware"):
        call(bare_app, None)
