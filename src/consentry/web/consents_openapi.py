"""The consent API's response models and the OpenAPI text of its raw-body routes.

`POST /api/v1/consents` parses its own body (see consents.py), so FastAPI cannot infer its
description; it is written here from the very model the intake validates with, so the
published schema and the checks cannot drift apart. schemathesis tests the result.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from consentry.declaration import Declaration
from consentry.ledger import MAX_BODY, ConsentSubmission, VersionRules, origin_of
from consentry.web.problems import Problem

PATH = "/api/v1/consents"


class RecordAccepted(BaseModel):
    record_id: str
    received_at: str = Field(description="Server receipt time, RFC 3339 UTC with milliseconds.")


class ReceiptRecord(BaseModel):
    seq: int = Field(description="Position in the ledger's hash chain.")
    record_id: str
    consent_id: str
    mechanism: str
    purposes: dict[str, bool]
    services: dict[str, bool]
    policy_version: str
    texts_hash: str
    language: str
    page_url: str
    client_time: str
    received_at: str
    expires_at: str
    site: str
    user_agent: str = Field(description="Browser family and major version only.")
    ip: str | None = Field(description="The client network (truncated), if the site keeps it.")
    gpc: bool
    sec_gpc: bool
    chain_hash: str


class PolicyRef(BaseModel):
    published_at: str | None
    policy_url: str


class Receipt(BaseModel):
    consent_id: str
    records: list[ReceiptRecord]
    policies: dict[str, PolicyRef]


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = headers
    return response


_RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}},
}
_ORIGIN = {
    "name": "Origin",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "Sent by browsers; must be one of the site's origins.",
}


def _operations() -> dict[str, Any]:
    accepted = {"application/json": {"schema": {"$ref": "#/components/schemas/RecordAccepted"}}}
    return {
        "post": {
            "tags": ["consents"],
            "summary": "Record one consent decision",
            "operationId": "post_consent",
            "description": (
                "Stores the record once it is durably committed (201). A replay of a stored "
                "`record_id` with the same body answers 200 with the first answer; with another "
                f"body, 409. Bodies over {MAX_BODY} bytes are refused before parsing (413). "
                "Only the site's origins may call it from a browser (CORS)."
            ),
            "parameters": [
                _ORIGIN,
                {
                    "name": "Sec-GPC",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": 'Global Privacy Control; only "1" counts (R48).',
                },
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ConsentSubmission"}
                    }
                },
            },
            "responses": {
                "201": {"description": "Stored and committed.", "content": accepted},
                "200": {"description": "A replay of a stored record.", "content": accepted},
                "400": _problem("The body is not JSON."),
                "403": _problem("The Origin is not one of the site's."),
                "409": _problem("This record_id was stored with another body."),
                "413": _problem(f"The body is larger than {MAX_BODY} bytes."),
                "415": _problem("The body is not application/json."),
                "422": _problem("A field is invalid for the policy version it names."),
                "429": _problem("Too many requests from this address.", _RETRY_AFTER),
                "503": _problem("No ledger, or the database is unavailable; nothing stored."),
            },
        },
        "options": {
            "tags": ["consents"],
            "summary": "CORS preflight for recording consents",
            "operationId": "preflight_consents",
            "parameters": [_ORIGIN],
            "responses": {
                "204": {"description": "The origin may post consents."},
                "403": _problem("The Origin is missing or not one of the site's."),
            },
        },
    }


def submission_schema(declaration: Declaration, version: str) -> dict[str, Any]:
    """The body schema of this server: the model's, narrowed to what this site accepts.

    A body valid against it is accepted (the version in force, its purposes, services and
    languages, a page on the site); earlier published versions are accepted too, but are not
    listed: they are for pages loaded before the update.
    """
    schema = ConsentSubmission.model_json_schema(ref_template="#/components/schemas/{model}")
    properties = schema["properties"]
    rules = VersionRules.of(declaration)
    properties["policy_version"]["enum"] = [version]
    properties["language"]["enum"] = sorted(rules.languages)
    for name, allowed in (("purposes", rules.purposes), ("services", rules.services)):
        properties[name]["propertyNames"] = {"enum": sorted(allowed)}
        properties[name]["maxProperties"] = len(allowed)
    origins = sorted(filter(None, map(origin_of, declaration.allowed_origins)))
    alternatives = "|".join(re.escape(origin) for origin in origins)
    properties["page_url"]["pattern"] = rf"^({alternatives})([/?#][^\s]*)?$"
    properties["client_time"]["format"] = "date-time"
    return schema


def document_consent_routes(app: FastAPI, declaration: Declaration, version: str) -> None:
    """Add the raw-body consent routes and their models to the app's OpenAPI document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        submission = submission_schema(declaration, version)
        schemas.update(submission.pop("$defs", {}))
        schemas["ConsentSubmission"] = submission
        schemas["RecordAccepted"] = RecordAccepted.model_json_schema()
        schemas["Problem"] = Problem.model_json_schema()
        schema.setdefault("paths", {}).setdefault(PATH, {}).update(_operations())
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
