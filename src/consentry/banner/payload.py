"""The payload served as /consentry.js: the script with the site's configuration inlined,
minified and precompressed once, so serving it is a dictionary look-up.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field

import brotli

from consentry.banner.bundle import CONFIG_SLOT, CSS_SLOT, minified_css, minified_script
from consentry.banner.config import language_texts, site_config
from consentry.declaration import Declaration


@dataclass(frozen=True)
class Asset:
    """One served file: identity bytes, their brotli and gzip forms, and a strong ETag."""

    body: bytes
    br: bytes
    gzip: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Asset:
        digest = hashlib.sha256(body).hexdigest()[:32]
        return cls(
            body=body,
            br=brotli.compress(body, mode=brotli.MODE_TEXT, quality=11),
            gzip=gzip.compress(body, compresslevel=9, mtime=0),
            etag=f'"{digest}"',
        )


@dataclass(frozen=True)
class Payload:
    """Everything the banner needs for one declaration: the script (stylesheet inside, adopted
    as a constructable stylesheet), the stylesheet alone for browsers without them, and the
    texts of each language the script may fetch, as JSON."""

    script: Asset
    stylesheet: Asset
    languages: tuple[str, ...]
    texts_hash: dict[str, str] = field(default_factory=dict)
    texts: dict[str, Asset] = field(default_factory=dict)

    @property
    def js(self) -> bytes:
        """The minified script, uncompressed."""
        return self.script.body

    @property
    def etag(self) -> str:
        return self.script.etag


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_payload(
    declaration: Declaration, lang: str | None = None, *, auto_block: bool | None = None
) -> Payload:
    """Build the banner for `declaration`: for every site language, or only `lang`.

    For every language, the default language (the first) is inlined and the others are
    fetched from `texts` when a page's `<html lang>` asks for one; with `lang`, only that
    language is inlined and the page's language is ignored. The automatic blocking module and
    the hosts it holds are joined when `auto_block` says so (None: `[banner].auto_block`), so
    that a tag can ask for it on a site whose declaration leaves it off (the WordPress
    plugin's switch, `GET /consentry.js?auto_block=1`). Raises DeclarationError for
    invalid banner labels, and ValueError for a language the site does not declare.
    """
    languages: list[str] = list(declaration.site.languages)
    if lang is not None:
        if lang not in languages:
            raise ValueError(f"{lang!r} is not a language of the site ({', '.join(languages)})")
        languages = [lang]
    blocking = declaration.banner.auto_block if auto_block is None else auto_block
    config = site_config(declaration, languages, blocking)
    css = minified_css()
    script = (
        minified_script(blocking)
        .replace(CONFIG_SLOT, _json(config), 1)
        .replace(CSS_SLOT, json.dumps(css, ensure_ascii=False), 1)
    )
    texts = {language: language_texts(declaration, language) for language in languages}
    return Payload(
        script=Asset.of(script.encode("utf-8")),
        stylesheet=Asset.of(css.encode("utf-8")),
        languages=tuple(languages),
        texts_hash={language: value["hash"] for language, value in texts.items()},
        texts={
            language: Asset.of(_json(value).encode("utf-8")) for language, value in texts.items()
        },
    )
