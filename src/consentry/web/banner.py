"""`GET /consentry.js` and `GET /consentry.css`: the banner, built once, served precompressed.

The payload is built when the app starts (every site language inlined, plus one payload per
language for `?lang=`), so a request only picks bytes: brotli or gzip by `Accept-Encoding`,
an `ETag` for revalidation, and `Cache-Control: no-cache` so that a new policy version
reaches a returning visitor on their very next page view (DESIGN: HTTP).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Query, Request, Response

from consentry.banner import Asset, Payload, build_payload
from consentry.declaration import Declaration

router = APIRouter(tags=["banner"])


def prepare(app: FastAPI, declaration: Declaration) -> None:
    """Build the payloads once, at start; bad banner labels stop the server here."""
    payloads: dict[str | None, Payload] = {None: build_payload(declaration)}
    for lang in declaration.site.languages:
        payloads[lang] = build_payload(declaration, lang)
    app.state.banner_payloads = payloads


def _payload(request: Request, lang: str | None) -> Payload:
    payloads: dict[str | None, Payload] = request.app.state.banner_payloads
    return payloads.get(lang, payloads[None])


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
    match = request.headers.get("if-none-match", "")
    if etag in (tag.strip() for tag in match.split(",")) or match.strip() == "*":
        return Response(status_code=304, headers=headers)
    body = asset.br if encoding == "br" else asset.gzip if encoding == "gzip" else asset.body
    return Response(body, media_type=media_type, headers=headers)


@router.get("/consentry.js", response_class=Response)
def consentry_js(
    request: Request, lang: str | None = Query(None, pattern="^[a-z]{2}$")
) -> Response:
    """The banner script with the site's declaration inlined (`?lang=` keeps one language)."""
    return _serve(request, _payload(request, lang).script, "text/javascript; charset=utf-8")


@router.get("/consentry.css", response_class=Response)
def consentry_css(request: Request) -> Response:
    """The banner's stylesheet, for browsers without constructable stylesheets."""
    return _serve(request, _payload(request, None).stylesheet, "text/css; charset=utf-8")
