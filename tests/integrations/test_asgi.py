"""The ASGI middleware in Starlette, FastAPI and a bare ASGI app."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.responses import PlainTextResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from consentry.declaration import Declaration
from consentry.errors import ConsentryError, DeclarationError
from consentry.integrations import Consent
from consentry.integrations.asgi import ConsentMiddleware, consent_of, get_consent
from consentry.integrations.asgi import Scope as ASGIScope
from consentry.integrations.jinja import install
from tests.factories import minimal_data, to_toml
from tests.integrations.choices import CASE_IDS, CASE_VALUES, SERVICES, SITE, ChoiceCookie

TEMPLATE = """<main>
{% consent "youtube" %}<iframe title="video"></iframe>{% else %}<p>placeholder</p>{% endconsent %}
{% if consentry_allows("audience") %}<i>stats</i>{% endif %}
</main>"""


def page(request: Request) -> Response:
    response = Response(f"audience={request.state.consent.allows('audience')}")
    response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
    response.set_cookie("sessionid", "abc", httponly=True)
    return response


def starlette_app(tmp_path: Path) -> Starlette:
    (tmp_path / "page.html").write_text(TEMPLATE, encoding="utf-8")
    templates = Jinja2Templates(directory=tmp_path)
    install(templates.env)

    def templated(request: Request) -> Response:
        return templates.TemplateResponse(request, "page.html")

    app = Starlette(routes=[Route("/", page), Route("/video", templated)])
    app.add_middleware(ConsentMiddleware, declaration=SITE)
    return app


def fastapi_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(ConsentMiddleware, declaration=SITE)

    @app.get("/")
    def home(consent: Consent = Depends(get_consent)) -> PlainTextResponse:
        response = PlainTextResponse(f"audience={consent.allows('audience')}")
        response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
        response.set_cookie("sessionid", "abc", httponly=True)
        return response

    return app


async def bare_app(scope: ASGIScope, receive: object, send: object) -> None:
    consent = consent_of(scope)
    headers = [
        (b"content-type", b"text/plain"),
        (b"set-cookie", b"_ga=GA1.1.123.456; Max-Age=63072000; Path=/"),
        (b"set-cookie", b"sessionid=abc; HttpOnly; Path=/"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})  # type: ignore[operator]
    body = f"audience={consent.allows('audience')}".encode()
    await send({"type": "http.response.body", "body": body})  # type: ignore[operator]


def app_for(kind: str, tmp_path: Path) -> Any:
    if kind == "starlette":
        return starlette_app(tmp_path)
    if kind == "fastapi":
        return fastapi_app()
    return ConsentMiddleware(bare_app, declaration=SITE)  # type: ignore[arg-type]


def get(app: Any, path: str, cookie: str | None) -> tuple[str, list[str]]:
    """GET through the app in-process; the body and the names of the cookies it sets."""
    headers = {"cookie": f"cookie_consent={cookie}"} if cookie else {}

    async def request() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://site.test") as client:
            return await client.get(path, headers=headers)

    response = asyncio.run(request())
    assert response.status_code == 200
    names = [line.split("=", 1)[0] for line in response.headers.get_list("set-cookie")]
    return response.text, names


@pytest.mark.parametrize("kind", ["starlette", "fastapi", "bare"])
@pytest.mark.parametrize(("cookie", "ga_allowed"), CASE_VALUES, ids=CASE_IDS)
def test_ga_cookie_is_sent_only_with_audience_consent(
    kind: str, cookie: str | None, ga_allowed: bool, tmp_path: Path
) -> None:
    text, names = get(app_for(kind, tmp_path), "/", cookie)
    assert ("_ga" in names) is ga_allowed
    assert "sessionid" in names  # necessary: always
    assert text == f"audience={ga_allowed}"


def test_the_template_block_renders_only_with_consent(
    tmp_path: Path, choice_cookie: ChoiceCookie
) -> None:
    app = app_for("starlette", tmp_path)
    text, _ = get(app, "/video", None)
    assert "placeholder" in text and "<iframe" not in text and "stats" not in text
    text, _ = get(app, "/video", choice_cookie(functional=True, youtube=True))
    assert "<iframe" in text and "placeholder" not in text and "stats" not in text
    text, _ = get(app, "/video", choice_cookie(accept_all=True))
    assert "<iframe" in text and "<i>stats</i>" in text


def test_a_path_to_the_declaration_is_loaded_once_at_start(tmp_path: Path) -> None:

    data = {**minimal_data(), "services": SERVICES}
    path = tmp_path / "consentry.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    middleware = ConsentMiddleware(bare_app, declaration=str(path))  # type: ignore[arg-type]
    assert isinstance(middleware.gate.declaration, Declaration)
    assert middleware.gate.declaration.policy_version == SITE.policy_version


def test_a_broken_declaration_stops_the_app_at_start(tmp_path: Path) -> None:
    path = tmp_path / "consentry.toml"
    path.write_text("[site]\nname = 1\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"consentry\.toml"):
        ConsentMiddleware(bare_app, declaration=path)  # type: ignore[arg-type]
    with pytest.raises(ConsentryError, match="declaration="):
        ConsentMiddleware(bare_app)  # type: ignore[arg-type]


def test_a_view_without_the_middleware_gets_a_clear_error() -> None:
    with pytest.raises(ConsentryError, match="ConsentMiddleware"):
        consent_of({"type": "http"})


def test_the_jinja_extension_alone_brings_what_its_tag_needs(choice_cookie: ChoiceCookie) -> None:
    from jinja2 import Environment

    from consentry.integrations.consent import parse_consent
    from consentry.integrations.jinja import ConsentExtension

    env = Environment(extensions=[ConsentExtension], autoescape=True)
    template = env.from_string('{% consent "audience" %}on{% else %}off{% endconsent %}')
    accepted = parse_consent(choice_cookie(accept_all=True), SITE, datetime.now(UTC))
    assert template.render(consent=accepted) == "on"
    assert template.render(consent=parse_consent(None, SITE, datetime.now(UTC))) == "off"
    with pytest.raises(ConsentryError, match="holds none"):
        template.render()
