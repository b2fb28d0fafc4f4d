"""Holding a page's own tags on the server: which responses, and their bodies rewritten.

In the browser, automatic blocking cannot stop what the HTML itself asks for: the preload
scanner requests `<script src>`, `<img src>` and `<link href>` URLs before any script runs
(docs/browser.md). The middleware therefore sends each HTML page through
`consentry.banner.MarkupHolder` for the visitor of the request: the tags of declared hosts
their choice does not allow leave the server already held, and the banner releases them when
consent comes. A visitor who allowed a service gets its tags as the page wrote them.

Only an HTML body the middleware can read is rewritten: `text/html`, not compressed (a
`Content-Encoding` other than `identity` is left alone and logged, since rewriting it would
mean decompressing and compressing again; put the compression outside the middleware). Bytes
that do not decode in the declared charset (UTF-8 by default) pass unchanged: the tags sought
are ASCII, and every other byte goes back out as it came.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from email.message import Message

from consentry.banner import MarkupHolder
from consentry.declaration import Declaration

VARY = "Cookie"
"""The held page depends on the choice cookie: shared caches must keep one copy per cookie."""


def charset_of(content_type: str) -> str:
    """The `charset` parameter of a `Content-Type` value (UTF-8 when it names none)."""
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip() if isinstance(charset, str) and charset.strip() else "utf-8"


def is_html(content_type: str | None) -> bool:
    """True for a `text/html` (or XHTML) `Content-Type`."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml")


def refusal(charset: str, content_encoding: str | None) -> str | None:
    """Why an HTML response in this charset cannot be held (None: it can)."""
    encoding = (content_encoding or "").strip().lower()
    if encoding not in ("", "identity"):
        return (
            f"its body is compressed (Content-Encoding: {encoding}); compress outside "
            "consentry's middleware, after it"
        )
    try:
        codecs.lookup(charset)
    except LookupError:
        return f"its charset {charset!r} is unknown"
    return None


class BodyHolder:
    """One HTML body held as it goes: bytes in, held bytes out, piece by piece.

    Undecodable bytes survive the round trip (`surrogateescape`), so the output differs from
    the input only where a tag was held.
    """

    def __init__(
        self, declaration: Declaration, allows: Callable[[str], bool], charset: str = "utf-8"
    ) -> None:
        self._holder = MarkupHolder(declaration, allows)
        self._decoder = codecs.getincrementaldecoder(charset)(errors="surrogateescape")
        self._charset = charset

    def feed(self, data: bytes) -> bytes:
        """The held bytes of the page so far (a tag cut at the end waits for the next piece)."""
        text = self._decoder.decode(data)
        return self._encode(self._holder.feed(text) if text else "")

    def close(self) -> bytes:
        """The rest of the page."""
        tail = self._decoder.decode(b"", final=True)
        rest = self._holder.feed(tail) if tail else ""
        return self._encode(rest + self._holder.close())

    def _encode(self, text: str) -> bytes:
        return text.encode(self._charset, errors="surrogateescape")
