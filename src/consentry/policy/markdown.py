"""Escaping for the Markdown page: a declaration string stays text, never a link or HTML.

Markdown has no autoescape, so every value the Markdown templates print goes through
`escape_markdown` (Jinja's `finalize`), unless it is `Markup` that this package built itself (a
link, a control). What is escaped, and why:

- `\\ ` * _ [ ] < > | ~ # &` anywhere: emphasis, code, links and images, raw HTML and autolinks,
  table cells, strikethrough, headings, entities;
- a `-`, `+`, `=` or a number followed by `.` or `)` at the start: list items, setext underlines;
- `:` before `//`, `.` after `www` and every `@`: the GFM extended autolinks, which turn bare
  URLs and e-mail addresses into links with no bracket at all;
- line breaks become spaces: a string never starts a block or breaks a table row.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|~#&@])")
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)(\bwww)\.")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_LINK_SCHEMES = ("http", "https", "mailto")


def escape_markdown(value: object) -> Markup:
    """`value` as Markdown text that renders exactly as written (see the module docstring)."""
    if isinstance(value, Markup):
        return value
    text = _NEWLINES.sub(" ", "" if value is None else str(value))
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _SCHEME.sub(r"\\:", text)
    text = _WWW.sub(r"\1\\.", text)
    match = _LINE_START.match(text)
    if match:
        head = match.group(1)
        text = f"\\{head}{text[1:]}" if head in "-+=" else f"{head}\\{text[len(head) :]}"
    return Markup(text)


def markdown_url(url: str) -> str:
    """A link destination that cannot end the link early or smuggle markup: percent-encoded."""
    return quote(url, safe="/:?#=&%+,;@!$*-._~")


def linkable(url: str) -> bool:
    """Only http(s) and mailto URLs become links (HTML or Markdown): never `javascript:`."""
    return url.split(":", 1)[0].lower() in _LINK_SCHEMES


def markdown_link(url: str, label: object) -> Markup:
    """`[label](url)` for an http(s) or mailto URL; anything else is printed as text."""
    if not linkable(url):
        return escape_markdown(label)
    return Markup(f"[{escape_markdown(label)}]({markdown_url(url)})")
