"""Every string from the declaration is inert on the page, in HTML and in Markdown."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from consentry.declaration import Declaration
from consentry.policy import render_policy
from tests.factories import make_declaration
from tests.html_checks import by_id, check_page, parse_strict, text_of

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(2)'
IMAGE = "<img src=x onerror=alert(3)>"
MARKDOWN_LINK = "[click](javascript:alert(4)) ![i](https://evil.example/i.png)"
AUTOLINKS = "www.evil.example https://evil.example/x mail@evil.example <https://evil.example>"
TABLE_BREAKER = "a | b\n\n# heading"
EMPHASIS = "**bold** _it_ `code` ~~gone~~ &lt;b&gt;"
EVIL_URL = 'https://evil.example/"><script>alert(5)</script>(x)'


@pytest.fixture(scope="module")
def hostile() -> Declaration:
    """A declaration whose every free-text field carries markup or a link."""
    return make_declaration(
        site={"name": f"Site {SCRIPT}"},
        controller={
            "name": f"Éditeur {ATTRIBUTE}",
            "email": "contact@site.test",
            "address": f"{IMAGE}\n{MARKDOWN_LINK}",
            "phone": TABLE_BREAKER,
        },
        categories={
            "support": {"title": {"fr": f"Aide {SCRIPT}", "en": f"Help {SCRIPT}"}},
        },
        services=[
            {"use": "matomo", "exempt": "audience-measurement", "name": f"Matomo {IMAGE}"},
            {
                "id": "evil-chat",
                "name": f"Chat {SCRIPT}",
                "provider": f"Evil {ATTRIBUTE} {AUTOLINKS}",
                "category": "support",
                "privacy_policy": EVIL_URL,
                "description": {"fr": MARKDOWN_LINK, "en": MARKDOWN_LINK},
                "cookies": [
                    {
                        "name": "<b>evil|name</b>",
                        "lifetime": "30 days",
                        "purpose": {
                            "fr": f"{SCRIPT} {ATTRIBUTE} {EMPHASIS} {AUTOLINKS}",
                            "en": f"{TABLE_BREAKER} {MARKDOWN_LINK}",
                        },
                    }
                ],
            },
        ],
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_renders_declaration_strings_as_text(hostile: Declaration, lang: str) -> None:
    root = check_page(render_policy(hostile, lang, "html"))  # no handler, no inline script
    assert [s.get("src") for s in root.iter("script")] == ["/consentry.js"]
    assert root.find(".//img") is None and root.find(".//b") is None
    text = text_of(root)
    assert SCRIPT in text and "<b>evil|name</b>" in text and IMAGE in text
    assert " ".join(ATTRIBUTE.split()) in text
    assert f"Aide {SCRIPT}" in text if lang == "fr" else f"Help {SCRIPT}" in text
    hrefs = {a.get("href") for a in root.iter("a")}
    assert EVIL_URL in hrefs, "the URL stays one attribute value, quotes and all"
    assert not any(h and h.lower().startswith("javascript:") for h in hrefs)


def test_html_keeps_the_controller_address_lines_apart(hostile: Declaration) -> None:
    root = check_page(render_policy(hostile, "fr", "html"))
    address = by_id(root, "controller").find(".//address")
    assert address is not None and address.find("br") is not None
    assert text_of(address).startswith(IMAGE)


def render_markdown(text: str) -> str:
    """CommonMark with GFM tables and raw HTML allowed, as a permissive CMS would render it."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markdown_renders_declaration_strings_as_text(hostile: Declaration, lang: str) -> None:
    source = render_policy(hostile, lang, "markdown")
    html = render_markdown(source)
    root = parse_strict(f"<!DOCTYPE html><html lang={lang}><body>{html}</body></html>")
    tags = {element.tag for element in root.iter()}
    assert {"script", "img", "b", "strong", "em", "h4"} & tags <= {"strong"}
    assert not [e for e in root.iter() if any(a.startswith("on") for a in e.attrib)]
    buttons = [
        (b.get("data-consentry-open"), b.get("data-consentry-optout")) for b in root.iter("button")
    ]
    assert buttons == [("", None), ("", None), (None, "matomo")]
    text = text_of(root)
    for literal in (SCRIPT, IMAGE, "<b>evil|name</b>"):
        assert literal in text


def test_markdown_makes_no_link_from_declaration_text(hostile: Declaration) -> None:
    source = render_policy(hostile, "fr", "markdown")
    root = parse_strict(
        f"<!DOCTYPE html><html lang=fr><body>{render_markdown(source)}</body></html>"
    )
    hrefs = [a.get("href") or "" for a in root.iter("a")]
    assert not [h for h in hrefs if "evil" in h and not h.startswith("https://evil.example/%22")]
    assert not [h for h in hrefs if h.startswith("javascript")]
    # GFM also links bare URLs and addresses: none may survive unescaped outside a link target.
    prose = re.sub(r"\]\([^)]*\)", "]()", source)
    for bare in ("www.evil", "https://evil", "mail@evil", "<https:"):
        assert bare not in prose, bare
    assert "[click](javascript" not in source


def test_markdown_table_cells_stay_in_their_columns(hostile: Declaration) -> None:
    html = render_markdown(render_policy(hostile, "en", "markdown"))
    root = parse_strict(f"<!DOCTYPE html><html lang=en><body>{html}</body></html>")
    tracker_table = root.findall(".//table")[0]
    rows = tracker_table.findall(".//tr")
    assert all(len(row) == 7 for row in rows)
    evil = [row for row in rows if text_of(row[0]) == "<b>evil|name</b>"]
    assert len(evil) == 1
    assert text_of(evil[0][2]).startswith("Help <script>")
