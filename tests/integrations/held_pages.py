"""The page of the held-markup tests, and what a visitor gets of it by their choice."""

from __future__ import annotations

import re

from consentry.banner import hold_markup
from consentry.integrations import no_choice
from tests.integrations.choices import SITE

PAGE = """<!doctype html>
<html lang="fr"><head>
<script src="https://consent.site.test/consentry.js?auto_block=1"></script>
<script src="https://www.googletagmanager.com/gtag/js?id=G-TEST" async></script>
<title>Cours n°1</title>
</head><body><p>Leçon d'introduction</p>
<img src="https://www.google-analytics.com/collect?v=2&amp;tid=G-TEST" alt="" width="1" height="1">
<iframe src="https://www.youtube.com/embed/aqz-KE-bpKQ" title="Vidéo du cours"></iframe>
</body></html>
"""
"""Unmarked tags of declared hosts (Google Analytics, YouTube), as a template writes them."""

GTAG = '<script src="https://www.googletagmanager.com/gtag/js?id=G-TEST" async>'
PIXEL = '<img src="https://www.google-analytics.com/collect'
FRAME = '<iframe src="https://www.youtube.com/embed/aqz-KE-bpKQ"'

PIECES = [PAGE[:150], PAGE[150:160], PAGE[160:320], PAGE[320:]]
"""The page streamed in pieces cut inside tags (the first cut falls in the gtag tag)."""


def held_for(*allowed: str) -> str:
    """The page as a visitor who allows the services `allowed` (and the exempt ones) gets it."""
    visitor = no_choice(SITE).allows
    return hold_markup(PAGE, SITE, lambda service: service in allowed or visitor(service))


def assert_held(body: str) -> None:
    """Every tag of a declared host is in its held form; the rest of the page is intact."""
    assert body == held_for()
    assert GTAG not in body and PIXEL not in body and FRAME not in body
    assert re.search(
        r'<script type="text/plain" src="https://www\.googletagmanager\.com/gtag/js\?id=G-TEST"'
        r' async data-consentry-service="google-analytics">',
        body,
    )
    assert 'data-src="https://www.google-analytics.com/collect?v=2&amp;tid=G-TEST"' in body
    assert '<iframe data-src="https://www.youtube.com/embed/aqz-KE-bpKQ"' in body
    assert "Leçon d'introduction" in body


def byte_pieces() -> list[bytes]:
    """The page's UTF-8 bytes in pieces, one cut inside a tag, one inside the "ç" of Leçon."""
    data = PAGE.encode()
    inside = data.index("ç".encode()) + 1
    return [data[:150], data[150:inside], data[inside:]]
