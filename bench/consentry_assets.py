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


def _field(payload: object, names: tuple[str, ...]) -> bytes:
    for name in names:
        value = getattr(payload, name, None)
        if isinstance(value, bytes | str):
            return value.encode("utf-8") if isinstance(value, str) else value
    fields = sorted(n for n in dir(payload) if not n.startswith("_"))
    raise ConsentryUnavailable(f"Payload has none of {names}; its fields: {fields}")


def consentry_assets(declaration: Path = REFERENCE) -> dict[str, Asset]:
    """`/consentry.js` (raw, gzip, brotli as built), for `declaration`.

    Raises ConsentryUnavailable when `consentry.banner.build_payload` does not exist yet.
    """
    try:
        from consentry.banner import build_payload
    except ImportError as exc:
        raise ConsentryUnavailable(
            f"consentry.banner.build_payload is not here yet ({exc})"
        ) from exc
    from consentry.declaration import load_declaration

    payload = build_payload(load_declaration(declaration))
    js = _field(payload, ("js", "script", "body", "minified"))
    return {
        "/consentry.js": Asset(
            "/consentry.js",
            js,
            _field(payload, ("gzip", "gz", "js_gzip")),
            _field(payload, ("brotli", "br", "js_brotli")),
        )
    }
