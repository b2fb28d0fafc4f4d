"""The JSON error of the ledger's routes: `{"detail": "...", "field": "..."}` (STYLE 8)."""

from __future__ import annotations

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response

NO_LEDGER = "this server keeps no consent ledger"
TOO_MANY = "too many requests from this address; retry later"


class Problem(BaseModel):
    """Every error of the consent API: what is wrong, and which field or header it is in."""

    detail: str
    field: str | None = Field(description="The JSON field or header at fault, if one is.")


def problem(
    status: int, detail: str, field: str | None, headers: dict[str, str] | None = None
) -> Response:
    """An error response; `field` names the JSON field or header at fault (or None)."""
    return Response(
        problem_body(detail, field), status, headers=headers, media_type="application/json"
    )


def problem_body(detail: str, field: str | None) -> bytes:
    """The JSON of a `Problem`, for `problem` and for the consent POST's raw ASGI answers."""
    return orjson.dumps({"detail": detail, "field": field})
