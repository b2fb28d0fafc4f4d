"""Consentry's banner as `consentry serve` sends it: the payload built for the reference site.

`consentry.banner.build_payload(declaration, lang)` inlines the declaration, minifies and
precompresses; `GET /consentry.js?lang=fr` sends `payload.script`'s brotli or gzip bytes, and
the French test page loads exactly that (as the demo's French pages do). The benchmark serves
those very bytes. Without `?lang`, `consentry serve` inlines every site language: the report
gives that size too.
"""

from __future__ import annotations

from pathlib import Path

from assets import Asset

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "examples" / "mastermi-learning" / "consentry.toml"
PAGE_LANGUAGE = "fr"


class ConsentryUnavailable(RuntimeError):
    """The banner's payload builder is not on this branch yet."""


def script(declaration: Path = REFERENCE, lang: str | None = PAGE_LANGUAGE) -> Asset:
    """The served script for `declaration`: only `lang` inlined, or every language for None.

    Raises ConsentryUnavailable when `consentry.banner` is missing.
    """
    try:
        from consentry.banner import build_payload
    except ImportError as exc:
        raise ConsentryUnavailable(f"consentry.banner is not here yet ({exc})") from exc
    from consentry.declaration import load_declaration

    built = build_payload(load_declaration(declaration), lang).script
    return Asset("/consentry.js", built.body, built.gzip, built.br)


def consentry_assets(declaration: Path = REFERENCE) -> dict[str, Asset]:
    """What the Consentry test page loads, by URL path (the query `?lang=fr` is not part of it)."""
    return {"/consentry.js": script(declaration)}
