"""The plugin's PHP rewriter holds what Python's `hold_markup` holds, the same way.

Both run on the same pages (a WordPress page as themes and plugins print it, oEmbed fragments,
and markup written every which way): their outputs, read by an HTML parser, must be the same
tags with the same attributes, the same text and comments. The PHP holds for every visitor
(a page cache serves one copy to all), so Python's side is the visitor who allows nothing
but what needs no consent. The PHP's own addition, inline loader snippets, is left out of
these pages (it is tested on the running site).
"""

from __future__ import annotations

import json
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from consentry.banner import hold_markup
from consentry.declaration import Declaration
from consentry.integrations.wordpress.site_data import plugin_site_data
from tests.factories import make_declaration
from tests.integrations.wordpress.wordpress_site import WordPressSite

PAGES = Path(__file__).parent / "fixtures" / "markup"

DECLARATION = make_declaration(
    services=[
        {"use": "matomo", "exempt": "audience-measurement", "hosts": ["stats.site.test"]},
        {"use": "youtube"},
        {"use": "vimeo"},
        {"use": "google-analytics"},
        {"use": "google-fonts"},
        {"use": "facebook-pixel"},
        {"use": "linkedin-insight"},
        {"use": "x"},
        {
            "id": "cdn",
            "name": "CDN du site",
            "provider": "self",
            "category": "necessary",
            "exempt": "session",
            "privacy_policy": "https://www.site.test/privacy",
            "hosts": ["cdn.site.test"],
        },
    ]
)
"""Services that need consent, one that may be objected to (held too), one necessary."""

Event = tuple[Any, ...]


class _Events(HTMLParser):
    """A page as an HTML parser reads it: start tags (attributes sorted), end tags, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, sorted((k, v or "") for k, v in attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl))


def events(html: str) -> list[Event]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def held_by_everyone(declaration: Declaration) -> Any:
    """What the plugin holds for every visitor: each service that needs consent, or that
    the visitor may object to."""

    def allows(service_id: str) -> bool:
        service = declaration.service(service_id)
        assert service is not None
        return not (service.consent_required or service.exempt == "audience-measurement")

    return allows


@pytest.fixture(scope="module")
def php_held(wp: WordPressSite, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`php_held(resources)`: each page's name to the PHP rewriter's output."""
    folder = tmp_path_factory.mktemp("parity")
    site_json = folder / "site.json"
    site_json.write_text(json.dumps(plugin_site_data(DECLARATION, "test")), encoding="utf-8")

    @cache
    def run(resources: bool) -> dict[str, str]:
        pages = {page: folder / f"{page.stem}-{int(resources)}.held" for page in PAGES.iterdir()}
        wp.php(
            PAGES.parent / "hold-markup.php",
            CONSENTRY_SITE_JSON=str(site_json),
            CONSENTRY_PAGES=json.dumps({str(k): str(v) for k, v in pages.items()}),
            CONSENTRY_RESOURCES="1" if resources else "0",
        )
        return {page.name: held.read_text(encoding="utf-8") for page, held in pages.items()}

    return run


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.iterdir()))
def test_php_and_python_hold_the_same_tags_the_same_way(php_held: Any, name: str) -> None:
    page = (PAGES / name).read_text(encoding="utf-8")
    python = hold_markup(page, DECLARATION, held_by_everyone(DECLARATION))
    php = php_held(True)[name]
    assert python != page  # each page has something to hold
    assert events(php) == events(python)


def test_without_automatic_blocking_images_and_links_load_as_written(php_held: Any) -> None:
    """The plain banner releases no image or link: without automatic blocking the plugin holds
    only scripts and iframes, as Python does, and leaves images and links as written."""
    for name, php in php_held(False).items():
        page = (PAGES / name).read_text(encoding="utf-8")
        python = events(hold_markup(page, DECLARATION, held_by_everyone(DECLARATION)))
        written = events(page)
        assert len(python) == len(written) == len(events(php))
        for ours, held, as_written in zip(events(php), python, written, strict=True):
            resource = as_written[0] == "start" and as_written[1] in ("img", "link")
            assert ours == (as_written if resource else held), name
