"""`GET /healthz`: is the server up, and which policy version does it serve."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/healthz", tags=["operations"])
def healthz(request: Request) -> dict[str, str]:
    """Liveness, and the policy version in force."""
    return {"status": "ok", "policy_version": request.app.state.declaration.policy_version}
