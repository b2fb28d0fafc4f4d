"""A tiny Django site for the middleware tests: settings, views and URLs in one module."""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

from tests.integrations.choices import SITE
from tests.integrations.held_pages import PAGE, byte_pieces

TEMPLATE = """{% load consentry %}{% consent "youtube" %}<iframe title="video"></iframe>\
{% else %}<p>placeholder</p>{% endconsent %}\
{% if request.consent|allows:"audience" %}<i>stats</i>{% endif %}"""


def configure() -> None:
    """Configure Django once per process (the settings cannot be changed afterwards)."""
    if settings.configured:
        return
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["consentry.integrations.django"],
        MIDDLEWARE=["consentry.integrations.django.ConsentMiddleware"],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": False,
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
        CONSENTRY_DECLARATION=SITE,
        USE_TZ=True,
    )
    django.setup()


configure()

from django.http import HttpResponse, StreamingHttpResponse  # noqa: E402  # needs settings
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402


def _set_cookies(response: HttpResponse) -> HttpResponse:
    response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
    response.set_cookie("sessionid", "abc", httponly=True)
    return response


def home(request: Any) -> HttpResponse:
    return _set_cookies(HttpResponse(f"audience={request.consent.allows('audience')}"))


async def async_home(request: Any) -> HttpResponse:
    return _set_cookies(HttpResponse(f"audience={request.consent.allows('audience')}"))


def video(request: Any) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(TEMPLATE).render({}, request))


def page(request: Any) -> HttpResponse:
    response = HttpResponse(PAGE)  # text/html; charset=utf-8
    response["Content-Length"] = str(len(response.content))
    return response


def streamed_page(request: Any) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter(byte_pieces()), content_type="text/html; charset=utf-8")


async def async_page(request: Any) -> HttpResponse:
    return HttpResponse(PAGE)


async def async_streamed_page(request: Any) -> StreamingHttpResponse:
    async def pieces() -> Any:
        for piece in byte_pieces():
            yield piece

    return StreamingHttpResponse(pieces(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("", home),
    path("async", async_home),
    path("video", video),
    path("page", page),
    path("streamed", streamed_page),
    path("async-page", async_page),
    path("async-streamed", async_streamed_page),
]
