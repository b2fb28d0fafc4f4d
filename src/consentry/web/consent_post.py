"""`POST /api/v1/consents` as a raw ASGI app: the hot path, with no Request or Response objects.

The POST is the one route under load, and the web layer, not the ledger, was its cost: a
Starlette `Request`/`Response` pair, the exception-handler wrapper, FastAPI's outer middleware
and `MutableHeaders` were most of the CPU of a request (bench/ledger.py). So `ConsentFastPath`
answers it ahead of the whole middleware stack, reading the few headers it needs straight from
the scope and sending pre-encoded header lists. What the stack did for it is done here: the
security headers (`security.security_headers`), and a JSON 500 problem on a server error
before the error goes on to the server's log, as `ServerErrorMiddleware` would.

The size is checked before parsing, the bytes are parsed and validated by `ledger.Intake`, the
record is handed to the group committer, and 201 is answered only once it is committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from consentry.errors import InvalidRecord, LedgerError
from consentry.ledger import MAX_BODY, RequestFacts, iso_ms
from consentry.web.cors import RawCors
from consentry.web.problems import NO_LEDGER, TOO_MANY, problem_body
from consentry.web.security import security_headers

if TYPE_CHECKING:
    from consentry.web.consents import Ledger

PATH = "/api/v1/consents"

Answer = tuple[int, RawCors, bytes]
"""Status, headers beyond the fixed ones, JSON body."""

_WANTED = frozenset((b"origin", b"content-type", b"content-length", b"user-agent", b"sec-gpc"))
_JSON = (b"content-type", b"application/json")


class ConsentFastPath:
    """Hand `POST /api/v1/consents` to `ConsentPost` before `app` (the middleware stack) runs.

    Every other request, the route's OPTIONS and 405s included, goes through `app` unchanged.
    """

    def __init__(self, app: ASGIApp, post: ConsentPost) -> None:
        self.app = app
        self.post = post

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == PATH:
            await self.post(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class ConsentPost:
    """Store one decision: 201 once committed, 200 for a replay, 4xx with nothing stored."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        https = scope.get("scheme") == "https"
        try:
            answer = await self._answer(scope, receive)
        except Exception:
            # Never a traceback to the client; the server's log still gets it (re-raised).
            await _send(send, _problem(500, "internal server error", None, ()), https)
            raise
        if answer is not None:  # None: the client went away before its body arrived
            await _send(send, answer, https)

    async def _answer(self, scope: Scope, receive: Receive) -> Answer | None:
        ledger = self.ledger
        headers = _request_headers(scope["headers"])
        cors = ledger.post_cors.raw_allowed(headers.get(b"origin"))
        if cors is None:
            return _problem(403, "this origin may not record consents here", "Origin", ())
        client = scope.get("client")
        address: str | None = client[0] if client else None
        retry = ledger.limiter.retry_after(address)
        if retry is not None:
            return _problem(429, TOO_MANY, None, (*cors, (b"retry-after", retry.encode())))
        if ledger.intake is None or ledger.committer is None:
            return _problem(503, NO_LEDGER, None, cors)
        try:
            body = await _read_body(headers, receive)
            if body is None:
                return None
            submission = ledger.intake.parse(body)
            if submission.policy_version not in ledger.intake.versions:
                await _learn_version(ledger, submission.policy_version)
            facts = RequestFacts(
                received_at=ledger.clock(),
                user_agent=headers.get(b"user-agent"),
                client_ip=address,
                sec_gpc=headers.get(b"sec-gpc"),
            )
            record = ledger.intake.record(submission, facts)
        except InvalidRecord as exc:
            return _problem(exc.status, exc.detail, exc.field, cors)
        try:
            result = await ledger.committer.submit(record)
        except LedgerError:
            detail = "the consent ledger is unavailable; nothing was stored"
            return _problem(503, detail, None, cors)
        if result.status == "conflict":
            detail = "this record_id was already stored with a different body"
            return _problem(409, detail, "record_id", cors)
        answer = {"record_id": result.record_id, "received_at": iso_ms(result.received_at)}
        return (201 if result.status == "created" else 200), cors, orjson.dumps(answer)


def _request_headers(raw: list[tuple[bytes, bytes]]) -> dict[bytes, str]:
    """The headers the POST reads, first occurrence of each (as Starlette's `Headers.get`)."""
    found: dict[bytes, str] = {}
    for name, value in raw:
        if name in _WANTED and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def _read_body(headers: dict[bytes, str], receive: Receive) -> bytes | None:
    """The body, refused as soon as it is known to exceed MAX_BODY (before parsing).

    None when the client disconnected first: there is nobody to answer, and nothing is stored.
    """
    content_type = headers.get(b"content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise InvalidRecord("send the record as application/json", "Content-Type", 415)
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise InvalidRecord(f"the body is larger than {MAX_BODY} bytes", "body", 413)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise InvalidRecord(f"the body is larger than {MAX_BODY} bytes", "body", 413)
        if not chunks and not message.get("more_body", False):
            return chunk  # the usual case: the whole body in one message
        chunks.append(chunk)
        if not message.get("more_body", False):
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


def _problem(status: int, detail: str, field: str | None, headers: RawCors) -> Answer:
    """An error answer with the body every consent API error has (`problems.Problem`)."""
    return status, headers, problem_body(detail, field)


async def _send(send: Send, answer: Answer, https: bool) -> None:
    status, headers, body = answer
    raw = [_JSON, (b"content-length", str(len(body)).encode()), *headers]
    raw.extend(security_headers(https))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
