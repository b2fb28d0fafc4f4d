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
from consentry.banner.config import site_config
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
    as a constructable stylesheet) and the stylesheet alone for browsers without them."""

    script: Asset
    stylesheet: Asset
    languages: tuple[str, ...]
    texts_hash: dict[str, str] = field(default_factory=dict)

    @property
    def js(self) -> bytes:
        """The minified script, uncompressed."""
        return self.script.body

    @property
    def etag(self) -> str:
        return self.script.etag


def build_payload(declaration: Declaration, lang: str | None = None) -> Payload:
    """Build the banner for `declaration`: every site language inlined, or only `lang`.

    With every language inlined the script follows the page's `<html lang>`; the first site
    language is the fallback. Raises DeclarationError for invalid banner labels, and
    ValueError for a language the site does not declare.
    """
    languages: list[str] = list(declaration.site.languages)
    if lang is not None:
        if lang not in languages:
            raise ValueError(f"{lang!r} is not a language of the site ({', '.join(languages)})")
        languages = [lang]
    config = site_config(declaration, languages)
    css = minified_css()
    config_json = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    script = (
        minified_script()
        .replace(CONFIG_SLOT, config_json, 1)
        .replace(CSS_SLOT, json.dumps(css, ensure_ascii=False), 1)
    )
    return Payload(
        script=Asset.of(script.encode("utf-8")),
        stylesheet=Asset.of(css.encode("utf-8")),
        languages=tuple(languages),
        texts_hash={lang: config["texts"][lang]["hash"] for lang in languages},
    )
