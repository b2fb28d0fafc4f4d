"""Consentry's banner as `consentry serve` sends it: the payload built for the reference site.

`consentry.banner.build_payload(declaration, lang)` inlines the declaration, minifies and
precompresses; `GET /consentry.js?lang=fr` sends `payload.script`'s brotli or gzip bytes, and
the French test page loads exactly that (as the demo's French pages do). The benchmark serves
those very bytes. Without `?lang`, `consentry serve` inlines the default language only (the
first of `[site].languages`, French here), and a page in another language fetches its texts
from `GET /consentry-texts.json?lang=` (a second request on those pages only); with
`?auto_block=1` the script carries automatic blocking. The report gives those sizes too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assets import Asset

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "examples" / "mastermi-learning" / "consentry.toml"
PAGE_LANGUAGE = "fr"


class ConsentryUnavailable(RuntimeError):
    """The banner's payload builder is not on this branch yet."""


def script(
    declaration: Path = REFERENCE, lang: str | None = PAGE_LANGUAGE, auto_block: bool = False
) -> Asset:
    """The served script for `declaration`: only `lang` inlined, or for None the default
    language (the others' texts on request); with `auto_block`, automatic blocking in.

    Raises ConsentryUnavailable when `consentry.banner` is missing.
    """
    built = _payload(declaration, lang, auto_block).script
    return Asset("/consentry.js", built.body, built.gzip, built.br)


def texts(declaration: Path = REFERENCE, lang: str = "en") -> Asset:
    """`GET /consentry-texts.json?lang=`: what a page in `lang` fetches after the bare script."""
    built = _payload(declaration, None, False).texts[lang]
    return Asset("/consentry-texts.json", built.body, built.gzip, built.br)


def _payload(declaration: Path, lang: str | None, auto_block: bool) -> Any:
    try:
        from consentry.banner import build_payload
    except ImportError as exc:
        raise ConsentryUnavailable(f"consentry.banner is not here yet ({exc})") from exc
    from consentry.declaration import load_declaration

    return build_payload(load_declaration(declaration), lang, auto_block=auto_block)


def consentry_assets(declaration: Path = REFERENCE) -> dict[str, Asset]:
    """What the Consentry test page loads, by URL path (the query `?lang=fr` is not part of it)."""
    return {"/consentry.js": script(declaration)}
