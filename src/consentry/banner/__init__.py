"""The browser client: the banner script, its stylesheet and texts, and the payload builder.

`build_payload(declaration)` turns a declaration into the served `consentry.js` (minified,
precompressed, with an ETag); `banner_texts(declaration, lang)` lists what a visitor is
shown, for the ledger's archive.
"""

from consentry.banner.bundle import BundleError, join_modules
from consentry.banner.config import service_kind, site_config
from consentry.banner.payload import Asset, Payload, build_payload
from consentry.banner.texts import LABEL_KEYS, banner_texts, texts_hash

__all__ = [
    "LABEL_KEYS",
    "Asset",
    "BundleError",
    "Payload",
    "banner_texts",
    "build_payload",
    "join_modules",
    "service_kind",
    "site_config",
    "texts_hash",
]
