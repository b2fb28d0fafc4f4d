"""The ASGI application: composes one router per area; holds no business rule of its own."""

from __future__ import annotations

from fastapi import FastAPI

from consentry import __version__
from consentry.declaration import Declaration
from consentry.web import banner, health, policy
from consentry.web.security import SecurityHeaders


def create_app(declaration: Declaration) -> FastAPI:
    """Build the app serving `declaration` (routes read it from `app.state.declaration`)."""
    app = FastAPI(
        title="Consentry",
        version=__version__,
        docs_url=None,  # Swagger UI needs inline scripts our CSP forbids; /openapi.json stays
        redoc_url=None,
    )
    app.state.declaration = declaration
    app.include_router(health.router)
    app.include_router(policy.router)
    app.include_router(banner.router)
    banner.prepare(app, declaration)
    app.add_middleware(SecurityHeaders)
    return app
