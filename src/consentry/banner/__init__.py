"""The browser client: the banner script, its stylesheet and texts, and the payload builder.

`build_payload(declaration)` turns a declaration into the served `consentry.js` (minified,
precompressed, with an ETag); `banner_texts(declaration, lang)` lists what a visitor is
shown, for the ledger's archive; `hold_markup(html, declaration, allows)` holds on the server
what automatic blocking holds in the browser, so that the browser requests none of it
(`MarkupHolder` does the same to a page sent in pieces).
"""

from consentry.banner.bundle import BundleError, join_modules
from consentry.banner.config import service_kind, site_config
from consentry.banner.markup import MarkupHolder, hold_markup, service_of
from consentry.banner.payload import Asset, Payload, build_payload
from consentry.banner.texts import LABEL_KEYS, banner_texts, texts_hash

__all__ = [
    "LABEL_KEYS",
    "Asset",
    "BundleError",
    "MarkupHolder",
    "Payload",
    "banner_texts",
    "build_payload",
    "hold_markup",
    "join_modules",
    "service_kind",
    "service_of",
    "site_config",
    "texts_hash",
]
