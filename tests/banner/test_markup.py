"""hold_markup: the server-side half of automatic blocking, and the payload it goes with."""

from __future__ import annotations

import json

import pytest

from consentry.banner import MarkupHolder, build_payload, hold_markup, service_of, site_config
from consentry.declaration import Declaration
from tests.factories import make_declaration

PAGE = """<!DOCTYPE html>
<html lang="fr"><head>
<script src="https://www.googletagmanager.com/gtag/js?id=G-1" async></script>
<SCRIPT type="module" src="https://static.licdn.com/x.js"></SCRIPT>
<script type="application/ld+json" src="https://www.googletagmanager.com/data">{}</script>
<script type="text/plain" data-consentry-service="x" src="https://platform.twitter.com/w.js"></script>
<link rel=preload as=script href="//www.googletagmanager.com/gtag/js">
<script src="/own.js"></script><script src="https://cdn.undeclared.example/lib.js"></script>
</head>
<body>
<!-- <img src="https://www.google-analytics.com/c"> -->
<img src="https://i.ytimg.com/vi/x.jpg"
     srcset="https://i.ytimg.com/a.jpg 1x, https://i.ytimg.com/b.jpg 2x" alt="a &amp; b"/>
<iframe src="https://www.youtube.com/embed/x" width=560 title='dit "bonjour"'></iframe>
<script>var tag = '<img src="https://www.google-analytics.com/c">';</script>
</body></html>
"""


def nothing(_: str) -> bool:
    return False


def test_every_tag_of_a_refused_host_is_held_and_nothing_else_changes(
    reference: Declaration,
) -> None:
    held = hold_markup(PAGE, reference, nothing)
    expected = (
        PAGE.replace(
            '<script src="https://www.googletagmanager.com/gtag/js?id=G-1" async>',
            '<script type="text/plain" src="https://www.googletagmanager.com/gtag/js?id=G-1"'
            ' async data-consentry-service="google-analytics">',
        )
        .replace(
            '<SCRIPT type="module" src="https://static.licdn.com/x.js">',
            '<script type="text/plain" data-consentry-type="module"'
            ' src="https://static.licdn.com/x.js" data-consentry-service="linkedin">',
        )
        .replace(
            '<link rel=preload as=script href="//www.googletagmanager.com/gtag/js">',
            '<link rel="preload" as="script" data-href="//www.googletagmanager.com/gtag/js"'
            ' data-consentry-service="google-analytics">',
        )
        .replace(
            """<img src="https://i.ytimg.com/vi/x.jpg"
     srcset="https://i.ytimg.com/a.jpg 1x, https://i.ytimg.com/b.jpg 2x" alt="a &amp; b"/>""",
            '<img data-src="https://i.ytimg.com/vi/x.jpg"'
            ' data-srcset="https://i.ytimg.com/a.jpg 1x, https://i.ytimg.com/b.jpg 2x"'
            ' alt="a &amp; b" data-consentry-service="youtube" />',
        )
        .replace(
            """<iframe src="https://www.youtube.com/embed/x" width=560 title='dit "bonjour"'>""",
            '<iframe data-src="https://www.youtube.com/embed/x" width="560"'
            ' title="dit &quot;bonjour&quot;" data-consentry-service="youtube">',
        )
    )
    assert held == expected  # comments, script text, data and gated scripts untouched


def test_what_the_visitor_allows_loads_as_written(reference: Declaration) -> None:
    held = hold_markup(PAGE, reference, lambda service: service in ("youtube", "linkedin"))
    assert '<iframe src="https://www.youtube.com/embed/x"' in held
    assert '<SCRIPT type="module" src="https://static.licdn.com/x.js">' in held
    assert 'data-consentry-service="google-analytics"' in held
    assert hold_markup(PAGE, reference, lambda _: True) == PAGE


def test_a_page_with_nothing_to_hold_is_returned_as_it_was(reference: Declaration) -> None:
    page = "<p>Bonjour\r\n<img src='/a.png'>\r\n<iframe src=\"https://maps.example/\"></iframe>"
    assert hold_markup(page, reference, nothing) == page


def test_a_page_sent_in_pieces_is_held_as_the_whole_page(reference: Declaration) -> None:
    """Wherever a streamed page is cut (inside a tag, an attribute, a script, a comment, a
    character reference), the pieces held one by one join into the page held whole."""
    whole = hold_markup(PAGE, reference, nothing)
    for cut in range(1, len(PAGE)):
        holder = MarkupHolder(reference, nothing)
        first = holder.feed(PAGE[:cut])
        assert whole.startswith(first)
        assert first + holder.feed(PAGE[cut:]) + holder.close() == whole, cut
    holder = MarkupHolder(reference, nothing)
    pieces = [holder.feed(PAGE[i : i + 7]) for i in range(0, len(PAGE), 7)]
    assert "".join(pieces) + holder.close() == whole
    # What is complete goes out at once: a page is not held back to its end.
    head = PAGE.index("<link")
    assert MarkupHolder(reference, nothing).feed(PAGE[:head]) == whole[: whole.index("<link")]


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("https://www.youtube.com/embed/x", "youtube"),  # exact
        ("https://i.ytimg.com/vi/x.jpg", "youtube"),  # *.ytimg.com
        ("//region1.google-analytics.com/g/collect", "google-analytics"),
        ("https://google-analytics.com/", None),  # a wildcard does not match the bare domain
        ("/own.js", None),
        ("https://www.youtube.com.evil.example/", None),
        ("http://[::1", None),  # not a URL
    ],
)
def test_hosts_match_as_the_catalog_matches_them(
    reference: Declaration, url: str, service: str | None
) -> None:
    assert service_of(url, reference) == service


def test_the_blocking_module_and_the_hosts_ship_only_when_auto_block_is_on() -> None:
    off = make_declaration()
    on = make_declaration(banner={"auto_block": True})
    assert b"consentry:missed" not in build_payload(off).js
    assert b"consentry:missed" in build_payload(on).js
    youtube = next(s for s in site_config(on, ["fr"])["services"] if s["id"] == "youtube")
    assert "www.youtube.com" in youtube["hosts"]
    assert all("hosts" not in s for s in site_config(off, ["fr"])["services"])
    matomo = next(s for s in site_config(on, ["fr"])["services"] if s["id"] == "matomo")
    assert json.dumps(matomo["hosts"]) == "[]"  # self-hosted: nothing to hold
    print(
        f"\nconsentry.js with automatic blocking, minimal declaration: "
        f"{len(build_payload(on).script.br)} B brotli "
        f"(without: {len(build_payload(off).script.br)} B)"
    )
