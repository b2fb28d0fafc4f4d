"""`POST /api/v1/consents` and the visitor's receipt (CONTRACTS §2 and §3).

The POST is the hot path, so it is a plain Starlette route on the raw body: size checked
before parsing, parsed and validated from the bytes by `ledger.Intake`, handed to the group
committer, answered 201 once committed. FastAPI's body parsing would cost two thirds of the
throughput budget (write-limits.md), so the route's OpenAPI description is written here from
the same pydantic model instead of being inferred.
"""

from __future__ import annotations

import math
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
from starlette.routing import request_response
from starlette.types import ASGIApp, Receive, Scope, Send

from consentry.declaration import Declaration
from consentry.errors import InvalidRecord, LedgerError
from consentry.ledger import (
    MAX_BODY,
    ConsentStore,
    GroupCommitter,
    Intake,
    RequestFacts,
    VersionArchive,
    iso_ms,
)
from consentry.web.consents_openapi import Receipt, document_consent_routes
from consentry.web.cors import Cors
from consentry.web.problems import Problem, problem
from consentry.web.ratelimit import RateLimiter
from consentry.web.versions import published_documents

Clock = Callable[[], datetime]
PATH = "/api/v1/consents"
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
    policy_version: str
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
            policy_version=declaration.policy_version,
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


def install(
    app: FastAPI, declaration: Declaration, store: ConsentStore | None, clock: Clock | None
) -> None:
    """Add the consent routes to `app` (which must use `lifespan` above)."""
    app.state.ledger = Ledger.of(declaration, store, clock or utc_now)
    app.add_middleware(ConsentFastPath)
    app.router.add_route(PATH, post_consent, methods=["POST"], include_in_schema=False)
    app.router.add_route(PATH, preflight, methods=["OPTIONS"], include_in_schema=False)
    app.router.add_route(
        PATH + "/{consent_id}", preflight, methods=["OPTIONS"], include_in_schema=False
    )
    app.include_router(router)
    document_consent_routes(app, declaration, app.state.ledger.policy_version)


class ConsentFastPath:
    """Hand `POST /api/v1/consents` straight to its endpoint, past routing and FastAPI's stack.

    The consent POST is the one hot route, and FastAPI's per-request machinery (routing over
    every route, exception and exit-stack middleware) is about 50 µs of CPU, as much as the
    whole bare request (write-limits.md, "Where the CPU goes"). The route stays registered
    (OPTIONS, 405s, the docs); only the POST takes this shortcut. Outer middleware (security
    headers, server errors) still applies.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.endpoint = request_response(post_consent)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == PATH:
            await self.endpoint(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def post_consent(request: Request) -> Response:
    """Store one decision: 201 once committed, 200 for a replay, 4xx with nothing stored."""
    ledger: Ledger = request.app.state.ledger
    cors = ledger.post_cors.allowed(request.headers.get("origin"))
    if cors is None:
        return problem(403, "this origin may not record consents here", "Origin")
    address = request.client.host if request.client else None
    wait = ledger.limiter.wait(address)
    if wait:
        headers = {**cors, "retry-after": str(math.ceil(wait))}
        return problem(429, "too many requests from this address; retry later", None, headers)
    if ledger.intake is None or ledger.committer is None:
        return problem(503, "this server keeps no consent ledger", None, cors)
    try:
        body = await _read_body(request)
        submission = ledger.intake.parse(body)
        if submission.policy_version not in ledger.intake.versions:
            await _learn_version(ledger, submission.policy_version)
        facts = RequestFacts(
            received_at=ledger.clock(),
            user_agent=request.headers.get("user-agent"),
            client_ip=address,
            sec_gpc=request.headers.get("sec-gpc"),
        )
        record = ledger.intake.record(submission, facts)
    except InvalidRecord as exc:
        return problem(exc.status, exc.detail, exc.field, cors)
    try:
        result = await ledger.committer.submit(record)
    except LedgerError:
        return problem(503, "the consent ledger is unavailable; nothing was stored", None, cors)
    if result.status == "conflict":
        return problem(
            409, "this record_id was already stored with a different body", "record_id", cors
        )
    answer = orjson.dumps(
        {"record_id": result.record_id, "received_at": iso_ms(result.received_at)}
    )
    status = 201 if result.status == "created" else 200
    return Response(answer, status, headers=cors, media_type="application/json")


async def preflight(request: Request) -> Response:
    """CORS preflight: 204 with the allowed method and header, or 403 for other origins."""
    ledger: Ledger = request.app.state.ledger
    cors = ledger.get_cors if "consent_id" in request.path_params else ledger.post_cors
    headers = cors.preflight(request.headers.get("origin"))
    if headers is None:
        return problem(403, "this origin may not call the consent API", "Origin")
    return Response(status_code=204, headers=headers)


async def _read_body(request: Request) -> bytes:
    """The body, refusing it as soon as it is known to exceed MAX_BODY (before parsing)."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise InvalidRecord("send the record as application/json", "Content-Type", 415)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit():
        if int(declared) > MAX_BODY:
            raise InvalidRecord(f"the body is larger than {MAX_BODY} bytes", "body", 413)
        return await request.body()  # uvicorn holds the body to its declared length
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise InvalidRecord(f"the body is larger than {MAX_BODY} bytes", "body", 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _learn_version(ledger: Ledger, version: str) -> None:
    """A version this process has not seen may have been published by another server."""
    if ledger.store is None or ledger.intake is None:
        return
    try:
        archived = await run_in_threadpool(ledger.store.archived_version, version)
    except LedgerError:
        return
    if archived is not None:
        ledger.intake.learn(version, archived.rules)


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
    wait = ledger.limiter.wait(address)
    if wait:
        headers = {**cors, "retry-after": str(math.ceil(wait))}
        return problem(429, "too many requests from this address; retry later", None, headers)
    store = ledger.store
    if store is None:
        return problem(503, "this server keeps no consent ledger", None, cors)
    secret = credentials.credentials if credentials is not None else ""
    try:
        records = await run_in_threadpool(store.get, consent_id, secret)
    except LedgerError:
        return problem(503, "the consent ledger is unavailable", None, cors)
    if not records:
        return problem(404, UNKNOWN, "consent_id", cors)
    base = str(request.base_url).rstrip("/")
    policies: dict[str, Any] = {}
    for version in dict.fromkeys(r.policy_version for r in records):
        archived = await run_in_threadpool(store.archived_version, version)
        policies[version] = {
            "published_at": iso_ms(archived.published_at) if archived else None,
            "policy_url": f"{base}/policy?version={version}",
        }
    body = {
        "consent_id": consent_id,
        "records": [r.to_json() for r in records],
        "policies": policies,
    }
    return Response(orjson.dumps(body), 200, headers=cors, media_type="application/json")
