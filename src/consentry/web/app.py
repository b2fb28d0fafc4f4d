"""The ASGI application: composes one router per area; holds no business rule of its own."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp

from consentry import __version__
from consentry.declaration import Declaration
from consentry.ledger import ConsentStore
from consentry.web import banner, consents, gpc, health, policy, versions
from consentry.web.consents import Clock
from consentry.web.security import SecurityHeaders


class _App(FastAPI):
    """FastAPI with the consent POST answered ahead of its middleware stack (the hot path)."""

    def build_middleware_stack(self) -> ASGIApp:
        return consents.fast_path(self, super().build_middleware_stack())


def create_app(
    declaration: Declaration, store: ConsentStore | None = None, clock: Clock | None = None
) -> FastAPI:
    """Build the app serving `declaration` (routes read it from `app.state.declaration`).

    `store` is the consent ledger (without one, the consent API answers 503); `clock` gives
    the server time (tests pass a fixed one).
    """
    app = _App(
        title="Consentry",
        version=__version__,
        docs_url=None,  # Swagger UI needs inline scripts our CSP forbids; /openapi.json stays
        redoc_url=None,
        lifespan=consents.lifespan,
        # No OpenTelemetry: we export nothing, and its per-request provider checks (which read
        # the environment) cost the consent POST measurable throughput.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.declaration = declaration
    app.include_router(health.router)
    app.include_router(policy.router)
    app.include_router(banner.router)
    banner.prepare(app, declaration)
    consents.install(app, declaration, store, clock)
    app.include_router(versions.router)
    app.include_router(gpc.router)
    app.add_middleware(SecurityHeaders)
    return app
