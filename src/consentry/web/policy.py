"""`GET /policy`: the cookie-policy page rendered from the declaration; `GET /policy.css`."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from consentry.declaration import Declaration
from consentry.ledger import POLICY_HTML
from consentry.policy import STYLESHEET_PATH, policy_stylesheet, render_policy, stylesheet_version
from consentry.web.conditional import not_modified

router = APIRouter()

STYLESHEET_CACHE = "public, max-age=86400"
"""A day: the page links `/policy.css?v=<hash>`, so a new stylesheet is fetched at once anyway."""


@router.get(
    "/policy",
    response_class=HTMLResponse,
    tags=["policy"],
    responses={404: {"description": "No archived policy of that version and language."}},
)
def policy_page(
    request: Request,
    lang: str | None = Query(None, pattern="^[a-z]{2}$"),
    version: str | None = Query(
        None, pattern="^[0-9a-f]{12}$", description="An earlier version, from the ledger's archive."
    ),
) -> HTMLResponse:
    """The policy in the requested language (default: the site's first language).

    With `?version=` other than the version in force, the page as archived when that version
    was published (R34), so a visitor's receipt links to what they were shown.
    """
    declaration: Declaration = request.app.state.declaration
    language: str = declaration.site.default_language
    if lang in declaration.site.languages:
        language = lang
    if version is not None and version != declaration.policy_version:
        return _archived(request, version, lang or language)
    html = render_policy(declaration, language, "html")
    return HTMLResponse(html, headers={"content-language": language})


def _archived(request: Request, version: str, language: str) -> HTMLResponse:
    store = request.app.state.ledger.store
    html = store.archived_document(version, POLICY_HTML, language) if store else None
    if html is None:
        return HTMLResponse(
            "<!doctype html><title>404</title><p>No archived policy of this version.</p>",
            status_code=404,
        )
    return HTMLResponse(html, headers={"content-language": language})


@router.get(STYLESHEET_PATH, tags=["policy"], response_class=Response)
def policy_css(request: Request) -> Response:
    """The policy page's stylesheet, cacheable, with an ETag (304 when unchanged)."""
    etag = f'"{stylesheet_version()}"'
    headers = {"etag": etag, "cache-control": STYLESHEET_CACHE}
    if not_modified(etag, request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(policy_stylesheet(), media_type="text/css; charset=utf-8", headers=headers)
