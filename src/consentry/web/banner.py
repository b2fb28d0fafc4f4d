"""`GET /consentry.js`, `/consentry.css` and `/consentry-texts.json`: the banner, built once
per variant, served precompressed.

A variant is a language (`?lang=`, or every site language) and whether the automatic blocking
module is in (`?auto_block=1|0`, or the declaration's `[banner].auto_block`). The bare tag's
payload is built when the app starts, so that bad banner labels stop the server there; every
other variant is built on its first request, once, then kept. A request only picks bytes:
brotli or gzip by `Accept-Encoding`, an `ETag` for revalidation, and `Cache-Control:
no-cache` so that a new policy version reaches a returning visitor on their very next page
view (DESIGN: HTTP).
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse

from consentry.banner import Asset, Payload, build_payload
from consentry.declaration import Declaration
from consentry.web.conditional import not_modified

router = APIRouter(tags=["banner"])


class Payloads:
    """The payloads of one declaration by (language or None, automatic blocking)."""

    def __init__(self, declaration: Declaration) -> None:
        self.declaration = declaration
        bare = (None, declaration.banner.auto_block)
        self._built: dict[tuple[str | None, bool], Payload] = {bare: build_payload(declaration)}
        self._lock = threading.Lock()

    def get(self, lang: str | None = None, auto_block: bool | None = None) -> Payload:
        """The variant for `lang` (a language the site lacks: every language) and
        `auto_block` (None: the declaration's), built on first use."""
        if lang not in self.declaration.site.languages:
            lang = None
        blocking = self.declaration.banner.auto_block if auto_block is None else auto_block
        key: tuple[str | None, bool] = (lang, blocking)
        found = self._built.get(key)
        if found is None:
            with self._lock:  # concurrent first requests build it once
                found = self._built.get(key)
                if found is None:
                    found = build_payload(self.declaration, lang, auto_block=blocking)
                    self._built[key] = found
        return found


def prepare(app: FastAPI, declaration: Declaration) -> None:
    """Build the bare tag's payload at start; bad banner labels stop the server here."""
    app.state.banner_payloads = Payloads(declaration)


def _payloads(request: Request) -> Payloads:
    payloads: Payloads = request.app.state.banner_payloads
    return payloads


def _encoding(accept: str) -> str | None:
    """The best encoding we hold that the client accepts (q=0 refuses one)."""
    accepted = set()
    for part in accept.lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip())
    for encoding in ("br", "gzip"):
        if encoding in accepted or "*" in accepted:
            return encoding
    return None


def _serve(request: Request, asset: Asset, media_type: str) -> Response:
    encoding = _encoding(request.headers.get("accept-encoding", ""))
    etag = asset.etag if encoding is None else f'{asset.etag[:-1]}-{encoding}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding, Origin",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    origin = request.headers.get("origin")
    if origin and origin in request.app.state.declaration.allowed_origins:
        headers["Access-Control-Allow-Origin"] = origin
    if encoding:
        headers["Content-Encoding"] = encoding
    if not_modified(etag, request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    body = asset.br if encoding == "br" else asset.gzip if encoding == "gzip" else asset.body
    return Response(body, media_type=media_type, headers=headers)


@router.get("/consentry.js", response_class=Response)
def consentry_js(
    request: Request,
    lang: str | None = Query(None, pattern="^[a-z]{2}$"),
    auto_block: bool | None = Query(
        None,
        description="1: with the automatic blocking module, whatever the declaration says; "
        "0: without it; absent: as `[banner].auto_block`.",
    ),
) -> Response:
    """The banner script with the site's declaration inlined (`?lang=` keeps one language,
    `?auto_block=1` joins automatic blocking)."""
    asset = _payloads(request).get(lang, auto_block).script
    return _serve(request, asset, "text/javascript; charset=utf-8")


@router.get("/consentry.css", response_class=Response)
def consentry_css(request: Request) -> Response:
    """The banner's stylesheet, for browsers without constructable stylesheets."""
    return _serve(request, _payloads(request).get().stylesheet, "text/css; charset=utf-8")


@router.get("/consentry-texts.json", response_class=Response)
def consentry_texts(request: Request, lang: str = Query(pattern="^[a-z]{2}$")) -> Response:
    """One language's banner texts, which `/consentry.js` fetches on pages in that language."""
    asset = _payloads(request).get().texts.get(lang)
    if asset is None:
        languages = ", ".join(request.app.state.declaration.site.languages)
        return JSONResponse(
            {"detail": f"{lang!r} is not a language of the site ({languages})", "field": "lang"},
            status_code=404,
        )
    return _serve(request, asset, "application/json")
