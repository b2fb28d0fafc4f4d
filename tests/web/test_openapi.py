"""schemathesis against /openapi.json: the ledger's routes never answer 5xx or off-schema.

A bounded run (25 generated requests per operation) over the routes this package serves;
the other areas' routes have their own tests. The schema is loaded when the module is
collected (schemathesis' fixture loader does not work with pytest 9), so the app and its
SQLite ledger are made here and removed by the module fixture below.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from consentry.ledger import open_store
from consentry.web import create_app
from tests.factories import make_declaration

_DIRECTORY = Path(tempfile.mkdtemp(prefix="consentry-schemathesis-"))
_STORE = open_store(f"sqlite:///{_DIRECTORY / 'ledger.sqlite3'}")
_APP = create_app(make_declaration(server={"rate_limit": 1_000_000}), _STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP).include(
    path_regex=r"^/(api/v1/|\.well-known/)"
)


@pytest.fixture(scope="module", autouse=True)
def _remove_ledger() -> Iterator[None]:
    yield
    _STORE.close()
    shutil.rmtree(_DIRECTORY, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_ledger_routes_keep_to_their_openapi_description(case: schemathesis.Case) -> None:
    case.call_and_validate()
