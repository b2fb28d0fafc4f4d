"""The Django middleware and template tag, through Django's own test clients."""

from __future__ import annotations

import asyncio

import pytest

from tests.integrations.choices import CASE_IDS, CASE_VALUES, ChoiceCookie
from tests.integrations.django_site import configure

configure()

from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.template import TemplateSyntaxError, engines  # noqa: E402
from django.test import AsyncClient, Client  # noqa: E402


def names_of(response: object) -> list[str]:
    return list(response.cookies)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("cookie", "ga_allowed"), CASE_VALUES, ids=CASE_IDS)
def test_ga_cookie_is_sent_only_with_audience_consent(cookie: str | None, ga_allowed: bool) -> None:
    client = Client()
    if cookie:
        client.cookies["cookie_consent"] = cookie
    response = client.get("/")
    assert response.status_code == 200
    assert ("_ga" in names_of(response)) is ga_allowed
    assert "sessionid" in names_of(response)
    assert response.content.decode() == f"audience={ga_allowed}"


@pytest.mark.parametrize(("cookie", "ga_allowed"), CASE_VALUES[:4], ids=CASE_IDS[:4])
def test_the_async_stack_filters_the_same_way(cookie: str | None, ga_allowed: bool) -> None:
    client = AsyncClient()
    if cookie:
        client.cookies["cookie_consent"] = cookie
    response = asyncio.run(client.get("/async"))
    assert ("_ga" in names_of(response)) is ga_allowed
    assert "sessionid" in names_of(response)


def test_the_template_tag_renders_the_block_only_with_consent(choice_cookie: ChoiceCookie) -> None:
    def render(cookie: str | None) -> str:
        client = Client()
        if cookie:
            client.cookies["cookie_consent"] = cookie
        return str(client.get("/video").content.decode())

    assert render(None) == "<p>placeholder</p>"
    assert render(choice_cookie(functional=True, youtube=True)) == '<iframe title="video"></iframe>'
    assert render(choice_cookie(accept_all=True)) == '<iframe title="video"></iframe><i>stats</i>'


def test_template_mistakes_are_named() -> None:
    with pytest.raises(TemplateSyntaxError, match="one argument"):
        engines["django"].from_string("{% load consentry %}{% consent %}x{% endconsent %}")
    template = engines["django"].from_string(
        '{% load consentry %}{% consent "youtube" %}x{% endconsent %}'
    )
    with pytest.raises(ImproperlyConfigured, match="ConsentMiddleware"):
        template.render({})
