"""Global Privacy Control on the server (R48) and the consent-state view (R04).

`/.well-known/gpc.json` tells user agents the site honours GPC (GPC spec, "GPC Support
Resource"). `GET /api/v1/consent-state` shows what the server may do for a request: every
purpose refused without a valid choice cookie, advertising and sharing refused with
`Sec-GPC: 1` (rules in `consentry.ledger.state`).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from consentry.declaration import Declaration
from consentry.ledger import consent_state

router = APIRouter(tags=["gpc"])


class GpcSupport(BaseModel):
    gpc: bool
    lastUpdate: str = Field(description="RFC 3339 full-date of the last change.")


class ConsentStateOut(BaseModel):
    policy_version: str
    decided: bool = Field(description="Whether a valid, current choice cookie was sent.")
    gpc: bool = Field(description='Whether the request carried "Sec-GPC: 1".')
    purposes: dict[str, bool]
    services: dict[str, bool]


@router.get("/.well-known/gpc.json", response_model=GpcSupport)
def gpc_support(request: Request) -> Any:
    """The GPC support resource: this site honours Global Privacy Control."""
    declaration: Declaration = request.app.state.declaration
    body = {"gpc": True, "lastUpdate": declaration.site.policy_updated.isoformat()}
    return Response(orjson.dumps(body), media_type="application/json")


@router.get("/api/v1/consent-state", response_model=ConsentStateOut)
def consent_state_view(request: Request) -> Any:
    """What the visitor allowed, as the server must apply it (privacy by default, GPC)."""
    ledger = request.app.state.ledger
    declaration: Declaration = ledger.declaration
    state = consent_state(
        declaration,
        request.cookies.get(declaration.banner.cookie_name),
        request.headers.get("sec-gpc"),
        ledger.clock(),
    )
    headers = {"cache-control": "no-store", "vary": "Cookie, Sec-GPC"}
    return Response(orjson.dumps(state.to_json()), media_type="application/json", headers=headers)
