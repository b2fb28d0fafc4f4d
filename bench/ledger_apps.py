"""The two ASGI apps `bench/ledger.py` compares, run by uvicorn in their own process.

`bare`: read the body, parse it with orjson, answer 201 (write-limits.md's reference).
`consentry()`: the real app (factory) with its ledger at $CONSENTRY_BENCH_DB, declared by
$CONSENTRY_BENCH_CONFIG, checkpoint key at $CONSENTRY_BENCH_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from consentry.declaration import load_declaration
from consentry.ledger import open_store
from consentry.web import create_app


async def _bare_post(request: Request) -> Response:
    orjson.loads(await request.body())
    return Response(b"{}", 201, media_type="application/json")


bare = Starlette(routes=[Route("/api/v1/consents", _bare_post, methods=["POST"])])


def consentry() -> object:
    declaration = load_declaration(Path(os.environ["CONSENTRY_BENCH_CONFIG"]))
    store = open_store(os.environ["CONSENTRY_BENCH_DB"], os.environ["CONSENTRY_BENCH_KEY"])
    return create_app(declaration, store)
