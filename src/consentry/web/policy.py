"""`GET /policy`: the cookie-policy page rendered from the declaration."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from consentry.declaration import Declaration
from consentry.policy import render_policy

router = APIRouter()


@router.get("/policy", response_class=HTMLResponse, tags=["policy"])
def policy_page(
    request: Request, lang: str | None = Query(None, pattern="^[a-z]{2}$")
) -> HTMLResponse:
    """The policy in the requested language (default: the site's first language)."""
    declaration: Declaration = request.app.state.declaration
    language: str = declaration.site.default_language
    if lang in declaration.site.languages:
        language = lang
    html = render_policy(declaration, language, "html")
    return HTMLResponse(html, headers={"content-language": language})
