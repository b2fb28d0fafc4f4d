"""Archived policy versions: what is archived at start, and `GET /api/v1/versions/…` (R34).

At start the app archives the version in force with what the other packages render from it:
the policy page per language (`consentry.policy.render_policy`) and the banner texts per
language (`consentry.banner.banner_texts`, with their `texts_hash`). Together with
the declaration they let anyone rebuild what a visitor saw from a record's `policy_version`
and `texts_hash`. Archived versions are immutable: the routes are read-only (a PUT is 405).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from consentry.banner import banner_texts, texts_hash
from consentry.declaration import Declaration
from consentry.errors import LedgerError
from consentry.ledger import BANNER_TEXTS, POLICY_HTML, ArchivedVersion, Document, iso_ms
from consentry.policy import render_policy
from consentry.web.problems import NO_LEDGER, Problem, problem

router = APIRouter(tags=["versions"])


def published_documents(declaration: Declaration) -> tuple[Document, ...]:
    """The policy page and the banner texts of each of the site's languages."""
    documents: list[Document] = []
    for language in declaration.site.languages:
        html = render_policy(declaration, language, "html")
        documents.append(Document(POLICY_HTML, language, html))
        documents.append(Document(BANNER_TEXTS, language, banner_document(declaration, language)))
    return tuple(documents)


def banner_document(declaration: Declaration, language: str) -> str:
    """The banner texts shown in `language`, with the `texts_hash` records carry for them.

    A record's `texts_hash` is matched against this document's to tell which wording was on
    screen (the banner computes the hash; CONTRACTS §2).
    """
    texts = banner_texts(declaration, language)
    document = {"texts_hash": texts_hash(texts), "texts": texts}
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode()


class DocumentOut(BaseModel):
    kind: str = Field(description="policy_html or banner_texts.")
    language: str
    sha256: str
    archived_at: str


class VersionOut(BaseModel):
    version: str
    active: bool = Field(description="Whether this is the version the server serves now.")
    published_at: str = Field(description="When this server first served it (RFC 3339 UTC).")
    declaration_sha256: str = Field(description="SHA-256 of the archived declaration JSON.")
    policy_url: str
    documents: list[DocumentOut]


def _out(archived: ArchivedVersion, active: str, base: str) -> dict[str, Any]:
    return {
        "version": archived.version,
        "active": archived.version == active,
        "published_at": iso_ms(archived.published_at),
        "declaration_sha256": archived.declaration_sha256,
        "policy_url": f"{base}/policy?version={archived.version}",
        "documents": [
            {
                "kind": d.kind,
                "language": d.language,
                "sha256": d.sha256,
                "archived_at": iso_ms(d.archived_at),
            }
            for d in archived.documents
        ],
    }


_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such version was ever published here."},
    503: {"model": Problem, "description": "This server keeps no consent ledger."},
}


@router.get("/api/v1/versions/active", response_model=VersionOut, responses=_ERRORS)
async def active_version(request: Request) -> Any:
    """The version in force: when it was published, and the hashes of what was archived."""
    return await _version(request, request.app.state.ledger.declaration.policy_version)


@router.get("/api/v1/versions/{version}", response_model=VersionOut, responses=_ERRORS)
async def version(request: Request, version: str) -> Any:
    """An archived version (any version this server ever published)."""
    return await _version(request, version)


async def _version(request: Request, version: str) -> Response:
    ledger = request.app.state.ledger
    if ledger.store is None:
        return problem(503, NO_LEDGER, None)
    try:
        archived = await run_in_threadpool(ledger.store.archived_version, version)
    except LedgerError:
        return problem(503, "the consent ledger is unavailable", None)
    if archived is None:
        return problem(404, f"policy version {version!r} was never published here", "version")
    body = _out(archived, ledger.declaration.policy_version, str(request.base_url).rstrip("/"))
    return Response(orjson.dumps(body), media_type="application/json")
