"""`POST /api/v1/consents` and the visitor's receipt (CONTRACTS §2 and §3).

The POST is the hot path, so it is a raw ASGI app on the raw body (`consent_post.py`),
answered ahead of the middleware stack (`fast_path`). FastAPI's body parsing would cost two
thirds of the throughput budget (write-limits.md), so the route's OpenAPI description is
written here from the same pydantic model instead of being inferred.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from consentry.declaration import Declaration
from consentry.errors import LedgerError
from consentry.ledger import (
    ConsentStore,
    GroupCommitter,
    Intake,
    VersionArchive,
    iso_ms,
)
from consentry.web.consent_post import PATH, ConsentFastPath, ConsentPost
from consentry.web.consents_openapi import Receipt, document_consent_routes
from consentry.web.cors import Cors
from consentry.web.problems import NO_LEDGER, TOO_MANY, Problem, problem
from consentry.web.ratelimit import RateLimiter
from consentry.web.versions import published_documents

Clock = Callable[[], datetime]
UNKNOWN = "no consent record with this id and secret"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Ledger:
    """Everything the consent routes need, built once per app (`app.state.ledger`)."""

    declaration: Declaration
    store: ConsentStore | None
    clock: Clock
    limiter: RateLimiter
    post_cors: Cors
    get_cors: Cors
    intake: Intake | None = None
    committer: GroupCommitter | None = field(default=None)

    @classmethod
    def of(cls, declaration: Declaration, store: ConsentStore | None, clock: Clock) -> Ledger:
        origins = declaration.allowed_origins
        return cls(
            declaration=declaration,
            store=store,
            clock=clock,
            limiter=RateLimiter(declaration.server.rate_limit),
            post_cors=Cors(origins, "POST", "content-type"),
            get_cors=Cors(origins, "GET", "authorization"),
        )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Archive the version in force, then run the group committer while the app serves."""
    ledger: Ledger = app.state.ledger
    if ledger.store is None:
        yield
        return
    archive = VersionArchive.of(ledger.declaration, published_documents(ledger.declaration))
    await run_in_threadpool(ledger.store.archive_version, archive, ledger.clock())
    ledger.intake = Intake(ledger.declaration, await run_in_threadpool(ledger.store.versions))
    ledger.committer = GroupCommitter(ledger.store)
    ledger.committer.start()
    try:
        yield
    finally:
        await ledger.committer.stop()


def fast_path(app: FastAPI, stack: ASGIApp) -> ASGIApp:
    """`stack` (the app's middleware stack) behind the consent POST's shortcut."""
    return ConsentFastPath(stack, ConsentPost(app.state.ledger))


def install(
    app: FastAPI, declaration: Declaration, store: ConsentStore | None, clock: Clock | None
) -> None:
    """Add the consent routes to `app` (which must use `lifespan` above)."""
    ledger = app.state.ledger = Ledger.of(declaration, store, clock or utc_now)
    # The POST is answered by `fast_path` ahead of the middleware stack; the route stays for
    # the 405s' Allow header and for any request that does not take the shortcut.
    app.router.routes.append(
        Route(PATH, ConsentPost(ledger), methods=["POST"], include_in_schema=False)
    )
    app.router.add_route(PATH, preflight, methods=["OPTIONS"], include_in_schema=False)
    app.router.add_route(
        PATH + "/{consent_id}", preflight, methods=["OPTIONS"], include_in_schema=False
    )
    app.include_router(router)
    document_consent_routes(app, declaration, declaration.policy_version)


async def preflight(request: Request) -> Response:
    """CORS preflight: 204 with the allowed method and header, or 403 for other origins."""
    ledger: Ledger = request.app.state.ledger
    cors = ledger.get_cors if "consent_id" in request.path_params else ledger.post_cors
    headers = cors.preflight(request.headers.get("origin"))
    if headers is None:
        return problem(403, "this origin may not call the consent API", "Origin")
    return Response(status_code=204, headers=headers)


router = APIRouter(tags=["consents"])
_bearer = HTTPBearer(auto_error=False, description="The secret from the visitor's choice cookie.")


@router.get(
    PATH + "/{consent_id}",
    response_model=Receipt,
    responses={
        404: {"model": Problem, "description": UNKNOWN + " (also a wrong or missing secret)"},
        429: {"model": Problem, "description": "Too many requests from this address."},
        403: {"model": Problem, "description": "The Origin is not one of the site's."},
        503: {"model": Problem, "description": "This server keeps no consent ledger."},
    },
)
async def receipt(
    request: Request,
    consent_id: str,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> Any:
    """The visitor's own records and the policy versions they saw (R33).

    A wrong or missing secret answers exactly as an unknown consent id does: 404, same body.
    """
    ledger: Ledger = request.app.state.ledger
    cors = ledger.get_cors.allowed(request.headers.get("origin"))
    if cors is None:
        return problem(403, "this origin may not call the consent API", "Origin")
    address = request.client.host if request.client else None
    retry = ledger.limiter.retry_after(address)
    if retry is not None:
        return problem(429, TOO_MANY, None, {**cors, "retry-after": retry})
    store = ledger.store
    if store is None:
        return problem(503, NO_LEDGER, None, cors)
    secret = credentials.credentials if credentials is not None else ""
    base = str(request.base_url).rstrip("/")
    policies: dict[str, Any] = {}
    try:
        records = await run_in_threadpool(store.get, consent_id, secret)
        for version in dict.fromkeys(r.policy_version for r in records):
            archived = await run_in_threadpool(store.archived_version, version)
            policies[version] = {
                "published_at": iso_ms(archived.published_at) if archived else None,
                "policy_url": f"{base}/policy?version={version}",
            }
    except LedgerError:
        return problem(503, "the consent ledger is unavailable", None, cors)
    if not records:
        return problem(404, UNKNOWN, "consent_id", cors)
    body = {
        "consent_id": consent_id,
        "records": [r.to_json() for r in records],
        "policies": policies,
    }
    return Response(orjson.dumps(body), 200, headers=cors, media_type="application/json")
