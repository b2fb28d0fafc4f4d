"""Markup held on the server: what automatic blocking holds in the browser, done before the
browser sees the page.

In the browser, automatic blocking cannot stop the requests for what the HTML itself holds:
the preload scanner fetches `<script src>`, `<img src>` and `<link href>` URLs before any
script runs, and the parser starts loading an image or an iframe before an observer hears of
it (measured in Chromium, docs/browser.md). A server that sends the page through
`hold_markup` leaves the browser nothing to fetch: each tag of a declared host without
consent is rewritten into the form the banner releases when consent comes (a gated script, a
gated embed, an image or link whose URL waits in `data-src`, `data-srcset` or `data-href`).

Pure: a page, a declaration and the visitor's consent in, the page out. Only those start tags
change; every other byte of the page is kept as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from consentry.declaration import Declaration

URL_ATTRIBUTES = {
    "script": ("src",),
    "iframe": ("src",),
    "img": ("src", "srcset"),
    "link": ("href",),
}
"""The tags automatic blocking holds, and the attributes that make them load."""

_RUNNABLE = re.compile(r"^(module|.*(java|ecma)script)?$", re.I)
_Attributes = list[tuple[str, str | None]]


def _host_table(declaration: Declaration) -> tuple[dict[str, str], dict[str, str]]:
    """Exact hosts and `*.` wildcard suffixes of the declared services, to service ids."""
    exact: dict[str, str] = {}
    wildcard: dict[str, str] = {}
    for service in declaration.services:
        for host in service.hosts:
            if host.startswith("*."):
                wildcard.setdefault(host[2:], service.id)
            else:
                exact.setdefault(host, service.id)
    return exact, wildcard


def service_of(url: str, declaration: Declaration) -> str | None:
    """The id of the service whose declared hosts hold the URL's host, or None.

    As the catalog matches: an exact host first, then the longest `*.` suffix (which does not
    match the bare domain). A relative URL is the page's own host: None.
    """
    return _service_in(url, _host_table(declaration))


def _service_in(url: str, table: tuple[dict[str, str], dict[str, str]]) -> str | None:
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    exact, wildcard = table
    if host in exact:
        return exact[host]
    labels = host.split(".")
    for start in range(1, len(labels)):
        found = wildcard.get(".".join(labels[start:]))
        if found:
            return found
    return None


def _urls(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    return [value]


def _held_tag(tag: str, attributes: _Attributes, service: str, closed: bool) -> str:
    """The start tag rewritten into the form the banner releases when `service` is allowed."""
    kept: _Attributes = []
    for name, value in attributes:
        if tag != "script" and name in URL_ATTRIBUTES[tag]:
            kept.append((f"data-{name}", value))
        elif tag == "script" and name == "type":
            kept.append(("data-consentry-type", value))
        elif name not in ("data-consentry-service", "data-consentry-type"):
            kept.append((name, value))
    if tag == "script":
        kept.insert(0, ("type", "text/plain"))
    kept.append(("data-consentry-service", service))
    text = "".join(
        f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
        for name, value in kept
    )
    return f"<{tag}{text}{' /' if closed else ''}>"


class _Holder(HTMLParser):
    """Finds the start tags to hold; `edits` lists (offset, old text, new text)."""

    def __init__(self, declaration: Declaration, allows: Callable[[str], bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.hosts = _host_table(declaration)
        self.allows = allows
        self.edits: list[tuple[int, str, str]] = []
        self.line_starts = [0]

    def handle_starttag(self, tag: str, attrs: _Attributes) -> None:
        self._visit(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: _Attributes) -> None:
        self._visit(tag, attrs, closed=True)

    def _visit(self, tag: str, attrs: _Attributes, closed: bool) -> None:
        watched = URL_ATTRIBUTES.get(tag)
        if not watched:
            return
        values = dict(attrs)
        if tag == "script" and not _RUNNABLE.match(values.get("type") or ""):
            return  # data, or already gated
        service = next(
            (
                found
                for name in watched
                for url in _urls(name, values.get(name) or "")
                if (found := _service_in(url, self.hosts)) and not self.allows(found)
            ),
            None,
        )
        original = self.get_starttag_text()
        if service is None or original is None:
            return
        line, column = self.getpos()
        self.edits.append(
            (self.line_starts[line - 1] + column, original, _held_tag(tag, attrs, service, closed))
        )


class MarkupHolder:
    """`hold_markup` a piece at a time, for a page that is sent as it is made.

    `feed` returns the page so far, held, up to the last construct it could read whole (a tag
    or an inline script cut by the piece's end waits for the next piece); `close` returns the
    rest. Joined, the pieces are `hold_markup` of the whole page.
    """

    def __init__(self, declaration: Declaration, allows: Callable[[str], bool]) -> None:
        self._parser = _Holder(declaration, allows)
        self._pending = ""  # fed, not yet returned
        self._start = 0  # offset in the page of `_pending`
        self._length = 0  # characters fed so far

    def feed(self, text: str) -> str:
        """The held page from where the last call stopped, as far as `text` completes it."""
        parser = self._parser
        # HTMLParser counts lines by "\n" alone, and columns from the last one.
        parser.line_starts += [self._length + m.end() for m in re.finditer("\n", text)]
        self._length += len(text)
        self._pending += text
        parser.feed(text)
        return self._take(self._length - len(parser.rawdata))

    def close(self) -> str:
        """The rest of the held page; the holder is done."""
        self._parser.close()
        return self._take(self._length)

    def _take(self, end: int) -> str:
        """The page from `_start` to `end` with its edits applied (edits all lie before `end`:
        the parser reports a tag only once it has read all of it)."""
        parts: list[str] = []
        done = self._start
        for offset, original, replacement in self._parser.edits:
            if self._pending.startswith(original, offset - self._start):
                parts += [self._pending[done - self._start : offset - self._start], replacement]
                done = offset + len(original)
        self._parser.edits.clear()
        parts.append(self._pending[done - self._start : end - self._start])
        self._pending = self._pending[end - self._start :]
        self._start = end
        return "".join(parts)


def hold_markup(html: str, declaration: Declaration, allows: Callable[[str], bool]) -> str:
    """`html` with every script, iframe, image and link of a declared host whose service
    `allows(service_id)` refuses rewritten into its held form; nothing else changes.

    `allows` answers for the visitor, such as `Consent.allows` of `consentry.integrations`
    read from their choice cookie: a service it allows loads as the page wrote it.
    """
    holder = MarkupHolder(declaration, allows)
    return holder.feed(html) + holder.close()
