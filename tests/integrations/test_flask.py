"""The Flask extension: `g.consent`, cookies withheld (also the session's), `{% consent %}`."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, g, make_response, render_template_string, session

from consentry.errors import ConsentryError
from consentry.integrations.flask import Consentry
from tests.integrations.choices import CASE_IDS, CASE_VALUES, SITE, ChoiceCookie

TEMPLATE = """{% consent "youtube" %}<iframe title="video"></iframe>\
{% else %}<p>placeholder</p>{% endconsent %}\
{% if consent.allows("audience") %}<i>stats</i>{% endif %}"""


def make_app(**config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test only", **config)

    @app.get("/")
    def home() -> Any:
        session["seen"] = True  # Flask's session cookie is set after the view
        response = make_response(f"audience={g.consent.allows('audience')}")
        response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
        response.set_cookie("sessionid", "abc", httponly=True)
        return response

    @app.get("/video")
    def video() -> str:
        return render_template_string(TEMPLATE)

    return app


def get(app: Flask, path: str, cookie: str | None) -> tuple[str, list[str]]:
    client = app.test_client()
    if cookie:
        client.set_cookie("cookie_consent", cookie)
    response = client.get(path)
    assert response.status_code == 200
    names = [line.split("=", 1)[0] for line in response.headers.getlist("Set-Cookie")]
    return response.get_data(as_text=True), names


@pytest.mark.parametrize(("cookie", "ga_allowed"), CASE_VALUES, ids=CASE_IDS)
def test_ga_cookie_is_sent_only_with_audience_consent(cookie: str | None, ga_allowed: bool) -> None:
    app = make_app()
    Consentry(app, declaration=SITE)
    text, names = get(app, "/", cookie)
    assert ("_ga" in names) is ga_allowed
    assert "sessionid" in names
    assert "session" in names  # undeclared: passes (and is logged)
    assert text == f"audience={ga_allowed}"


def test_the_template_block_renders_only_with_consent(choice_cookie: ChoiceCookie) -> None:
    app = make_app(CONSENTRY_DECLARATION=SITE)
    Consentry().init_app(app)
    text, _ = get(app, "/video", None)
    assert text == "<p>placeholder</p>"
    text, _ = get(app, "/video", choice_cookie(functional=True, youtube=True))
    assert text == '<iframe title="video"></iframe>'
    text, _ = get(app, "/video", choice_cookie(accept_all=True))
    assert text == '<iframe title="video"></iframe><i>stats</i>'


def test_an_app_without_a_declaration_is_refused_at_start() -> None:
    with pytest.raises(ConsentryError, match="CONSENTRY_DECLARATION"):
        Consentry(make_app())
