"""Consentry's banner as `consentry serve` sends it: the payload built for the reference site.

`consentry.banner.build_payload(declaration)` inlines the declaration, minifies and
precompresses; the benchmark serves those very bytes at `/consentry.js`.
"""

from __future__ import annotations

from pathlib import Path

from assets import Asset

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "examples" / "mastermi-learning" / "consentry.toml"


class ConsentryUnavailable(RuntimeError):
    """The banner's payload builder is missing or does not return what the benchmark reads."""


def _bytes(holder: object, names: tuple[str, ...]) -> bytes:
    for name in names:
        value = getattr(holder, name, None)
        if isinstance(value, bytes | str):
            return value.encode("utf-8") if isinstance(value, str) else value
    fields = sorted(n for n in dir(holder) if not n.startswith("_"))
    raise ConsentryUnavailable(f"{type(holder).__name__} has none of {names}; it has {fields}")


def _build(declaration: Path, lang: str | None) -> Asset:
    try:
        from consentry.banner import build_payload
    except ImportError as exc:
        raise ConsentryUnavailable(
            f"consentry.banner.build_payload is not here yet ({exc})"
        ) from exc
    from consentry.declaration import load_declaration

    loaded = load_declaration(declaration)
    payload = build_payload(loaded) if lang is None else build_payload(loaded, lang)
    script = getattr(payload, "script", payload)
    raw = _bytes(script, ("body", "js"))
    return Asset(
        "/consentry.js", raw, _bytes(script, ("gzip", "gz")), _bytes(script, ("br", "brotli"))
    )


def one_language(declaration: Path = REFERENCE, lang: str = "fr") -> Asset:
    """The script with only `lang` inlined (what `/consentry.js?lang=fr` serves), for a note."""
    return _build(declaration, lang)


def consentry_assets(declaration: Path = REFERENCE) -> dict[str, Asset]:
    """`/consentry.js` as `consentry serve` sends it by default (every site language inlined).

    Reads `payload.script.{body,gzip,br}` (or the same fields on the payload itself).
    Raises ConsentryUnavailable when `consentry.banner.build_payload` does not exist yet.
    """
    return {"/consentry.js": _build(declaration, None)}
