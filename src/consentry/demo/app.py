"""The demo's ASGI app: dispatch on the Host header between the site and the stand-ins.

`www.mastermi.localhost` gets the site's pages and static files, then everything else from
the consent server (`/consentry.js`, `/policy`, `/api/…`); each stand-in host gets its own
handler (standins.py). Pages carry a strict Content-Security-Policy without
'unsafe-inline': the demo's one inline script runs by a per-response nonce, and the policy
lists exactly the stand-in origins the declaration declares.
"""

from __future__ import annotations

import secrets

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from consentry.declaration import Declaration
from consentry.demo.declaration import SITE_HOST
from consentry.demo.standins import standin_response
from consentry.demo.static_files import package_file

PAGES = {
    "/": ("home.html", "Accueil"),
    "/cours/rgpd-essentiel": ("course.html", "Le RGPD essentiel"),
}
_templates = Environment(
    loader=PackageLoader("consentry.demo", "templates"), autoescape=select_autoescape()
)


def page_csp(declaration: Declaration, port: int, nonce: str) -> str:
    """The site's CSP: our own origin, the declared stand-in origins, one nonce; no inline."""
    hosts = sorted({h for s in declaration.services for h in s.hosts})
    origins = " ".join(f"http://{h}:{port}" for h in hosts)
    return (
        f"default-src 'none'; script-src 'self' 'nonce-{nonce}' {origins}; style-src 'self'; "
        f"img-src 'self' data: {origins}; connect-src 'self' {origins}; frame-src {origins}; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
    )


class DemoApp:
    """Host-based dispatch; anything the site does not serve goes to the consent server."""

    def __init__(self, declaration: Declaration, consent_app: ASGIApp) -> None:
        self.declaration = declaration
        self.consent_app = consent_app
        self.port = int(declaration.site.url.rsplit(":", 1)[1])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.consent_app(scope, receive, send)
            return
        request = Request(scope)
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].lower()
        if host == SITE_HOST:
            response = self.site(request)
            if response is None:
                await self.consent_app(scope, receive, send)
                return
        elif host.endswith(".localhost"):
            response = standin_response(host, request)
        else:
            response = RedirectResponse(f"{self.declaration.site.url}{request.url.path}")
        await response(scope, receive, send)

    def site(self, request: Request) -> Response | None:
        path = request.url.path
        if path in PAGES:
            return self.page(request, *PAGES[path])
        if path.startswith("/static/"):
            return package_file("static", path[len("/static/") :])
        if path == "/matomo/matomo.js":
            return package_file("standins", "matomo.js")
        if path == "/favicon.ico":
            return Response(status_code=204)
        if path == "/matomo/matomo.php":
            return Response(status_code=204, headers={"cache-control": "no-store"})
        return None

    def page(self, request: Request, template: str, title: str) -> Response:
        nonce = secrets.token_urlsafe(16)
        origin = f"http://{{}}:{self.port}"
        html = _templates.get_template(template).render(
            title=title,
            nonce=nonce,
            path=request.url.path,
            gtm=origin.format("www.googletagmanager.localhost"),
            brevo=origin.format("sibautomation.localhost"),
            forms=origin.format("sibforms.localhost"),
            linkedin=origin.format("platform.linkedin.localhost"),
            x=origin.format("platform.twitter.localhost"),
            chat=origin.format("chat.acme.localhost"),
            youtube=origin.format("www.youtube.localhost"),
            vimeo=origin.format("player.vimeo.localhost"),
        )
        headers = {
            "content-security-policy": page_csp(self.declaration, self.port, nonce),
            "x-content-type-options": "nosniff",
            "referrer-policy": "strict-origin-when-cross-origin",
            "cache-control": "no-store",
        }
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)


def create_demo_app(declaration: Declaration, consent_app: ASGIApp) -> ASGIApp:
    """The demo for a declaration from `demo_declaration(port)` and the consent server app."""
    return DemoApp(declaration, consent_app)
