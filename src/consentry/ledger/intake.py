"""Turn the bytes of `POST /api/v1/consents` into a `NewRecord`, or refuse them with a reason.

The body is checked twice: its shape by a strict pydantic model validated straight from the
raw JSON bytes (`model_validate_json`: no intermediate dict, a fraction of FastAPI's body
parsing cost), then its meaning against the policy version it names: only purposes and
services that version asked about, one of its languages, a page on the site (CONTRACTS §2).
Every refusal is an `InvalidRecord` naming the field; nothing is stored for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from consentry.declaration import NECESSARY, Declaration, Mechanism
from consentry.errors import InvalidRecord
from consentry.ledger.minimize import truncate_ip, user_agent_family
from consentry.ledger.records import NewRecord, choices_json, from_ms, hash_secret, to_ms

_DAY_MS = 86_400_000
MAX_BODY = 8 * 1024
"""Largest body accepted, in bytes (CONTRACTS §2)."""

CLIENT_TIME = (
    r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
"""RFC 3339 as browsers write it (`Date.prototype.toISOString`), in a plausible century."""
_UUID4 = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
_ID = Annotated[str, StringConstraints(min_length=1, max_length=48, pattern=r"^[a-z0-9-]+$")]


class ConsentSubmission(BaseModel):
    """The body the banner sends for one decision (CONTRACTS §2); unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    record_id: Annotated[str, StringConstraints(pattern=_UUID4)] = Field(
        description="A UUID v4 made by the browser for this decision; retries reuse it."
    )
    consent_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description="The browser's random consent id (16 bytes, lower-case hex)."
    )
    secret: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description="The browser's secret for its receipt; only its SHA-256 is stored."
    )
    mechanism: Mechanism
    purposes: dict[_ID, bool] = Field(max_length=64, description="Choice per purpose id.")
    services: dict[_ID, bool] = Field(max_length=256, description="Choice per service id.")
    policy_version: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]
    texts_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the banner texts shown, as the banner payload computed it."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    page_url: Annotated[str, StringConstraints(min_length=8, max_length=2048)] = Field(
        description="The page the choice was made on; query and fragment are dropped."
    )
    client_time: Annotated[str, StringConstraints(pattern=CLIENT_TIME)] = Field(
        description='The browser clock at the decision, RFC 3339 ("2026-11-26T14:00:00.000Z").'
    )
    gpc: bool = Field(description="Whether Global Privacy Control was on in the browser.")


@dataclass(frozen=True)
class VersionRules:
    """What a published policy version asked about, to check records made under it."""

    purposes: frozenset[str]
    services: frozenset[str]
    languages: frozenset[str]

    @classmethod
    def of(cls, declaration: Declaration) -> VersionRules:
        """Purposes the banner asks about, services a visitor can choose, the site's languages.

        Services in the necessary category are never a choice; every other declared service
        is (consent-requiring ones, and exempt ones a visitor can opt out of, CONTRACTS §1).
        """
        return cls(
            purposes=frozenset(declaration.consent_purposes),
            services=frozenset(s.id for s in declaration.services if s.category != NECESSARY),
            languages=frozenset(declaration.site.languages),
        )

    def to_json(self) -> dict[str, list[str]]:
        return {
            "purposes": sorted(self.purposes),
            "services": sorted(self.services),
            "languages": sorted(self.languages),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Iterable[str]]) -> VersionRules:
        return cls(
            purposes=frozenset(data.get("purposes", ())),
            services=frozenset(data.get("services", ())),
            languages=frozenset(data.get("languages", ())),
        )


@dataclass(frozen=True)
class RequestFacts:
    """What the server knows about the request itself, gathered by the web layer."""

    received_at: datetime
    user_agent: str | None
    client_ip: str | None
    sec_gpc: str | None
    """The raw `Sec-GPC` header; only the exact value "1" counts (R48)."""


class Intake:
    """Checks submissions against the published versions and builds records from them."""

    def __init__(self, declaration: Declaration, versions: Mapping[str, VersionRules]) -> None:
        self.declaration = declaration
        self.site = declaration.site.origin
        self.origins = frozenset(filter(None, map(origin_of, declaration.allowed_origins)))
        self.keep_ip = declaration.server.ip == "truncated"
        self.versions: dict[str, VersionRules] = dict(versions)
        self._lifetimes: dict[int, int] = {}

    def learn(self, version: str, rules: VersionRules) -> None:
        """Accept records for a version published after this intake was built."""
        self.versions[version] = rules

    def parse(self, body: bytes) -> ConsentSubmission:
        """The submission in `body`, or InvalidRecord (400 for bad JSON, 413, 422)."""
        if len(body) > MAX_BODY:
            raise InvalidRecord(f"the body is larger than {MAX_BODY} bytes", "body", 413)
        try:
            return ConsentSubmission.model_validate_json(body)
        except ValidationError as exc:
            raise _refusal(exc) from None

    def record(self, submission: ConsentSubmission, facts: RequestFacts) -> NewRecord:
        """The record to store, or InvalidRecord naming what does not match the version."""
        rules = self.versions.get(submission.policy_version)
        if rules is None:
            raise InvalidRecord(
                f"policy version {submission.policy_version!r} was never published here",
                "policy_version",
            )
        _only(submission.purposes, rules.purposes, "purposes", "purpose")
        _only(submission.services, rules.services, "services", "service")
        if submission.language not in rules.languages:
            raise InvalidRecord(
                f"language {submission.language!r} is not one of the site's "
                f"({', '.join(sorted(rules.languages))})",
                "language",
            )
        page_url = self._page_url(submission.page_url)
        received = to_ms(facts.received_at)
        expires = received + self._lifetime_ms(received // _DAY_MS)
        return NewRecord(
            record_id=submission.record_id,
            consent_id=submission.consent_id,
            secret_hash=hash_secret(submission.secret),
            mechanism=submission.mechanism,
            purposes=choices_json(submission.purposes),
            services=choices_json(submission.services),
            policy_version=submission.policy_version,
            texts_hash=submission.texts_hash,
            language=submission.language,
            page_url=page_url,
            client_time=_client_time(submission.client_time),
            received_at=received,
            expires_at=expires,
            site=self.site,
            user_agent=user_agent_family(facts.user_agent),
            ip=truncate_ip(facts.client_ip) if self.keep_ip else None,
            gpc=submission.gpc,
            sec_gpc=facts.sec_gpc == "1",
        )

    def _lifetime_ms(self, day: int) -> int:
        """How long a choice made on this UTC day lasts, in ms (calendar months, cached).

        Adding calendar months only depends on the date (the 31st clamps to the month's end),
        not the time of day, so one computation per day serves every record of that day.
        """
        cached = self._lifetimes.get(day)
        if cached is None:
            midnight = day * _DAY_MS
            cached = to_ms(self.declaration.site.consent_lifetime.after(from_ms(midnight)))
            cached -= midnight
            self._lifetimes = {day: cached}
        return cached

    def _page_url(self, url: str) -> str:
        parts = _split(url)
        origin = None if parts is None else _origin(parts)
        if parts is None or origin is None:
            raise InvalidRecord("page_url must be an http(s) URL", "page_url")
        if origin not in self.origins:
            raise InvalidRecord(
                f"page_url is not on this site (its origin {origin!r} is not one of "
                f"{', '.join(sorted(self.origins))})",
                "page_url",
            )
        # The origin already carries host and port: add the path, drop query and fragment.
        return origin + parts.path


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an http(s) URL (default port left out), else None."""
    parts = _split(url.strip())
    return None if parts is None else _origin(parts)


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return parts


def _origin(parts: SplitResult) -> str | None:
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        return None
    port = parts.port
    if (parts.scheme, port) in (("http", 80), ("https", 443)):
        port = None
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


def _client_time(text: str) -> str:
    """The client time (shape checked by the model) normalised to UTC with milliseconds."""
    try:
        moment = datetime.fromisoformat(text).astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidRecord(f"client_time {text!r} is not a real date", "client_time") from None
    if len(text) == 24 and text[19] == "." and text[23] == "Z":
        return text  # already as toISOString() writes it: UTC, milliseconds
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _only(choices: Mapping[str, bool], allowed: frozenset[str], field: str, noun: str) -> None:
    for key in choices:
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise InvalidRecord(
                f"unknown {noun} {key!r} for this policy version (known: {known})",
                f"{field}.{key}",
            )


def _refusal(exc: ValidationError) -> InvalidRecord:
    """The first pydantic error as an InvalidRecord naming its field."""
    error = exc.errors(include_url=False)[0]
    kind = error["type"]
    loc = ".".join(str(part) for part in error["loc"])
    if kind == "json_invalid":
        return InvalidRecord(f"the body is not valid JSON ({error['msg']})", "body", 400)
    if not loc:
        return InvalidRecord("the body must be a JSON object", "body")
    if kind == "extra_forbidden":
        return InvalidRecord(f"unknown field {loc!r}", loc)
    if kind == "missing":
        return InvalidRecord(f"{loc} is missing", loc)
    return InvalidRecord(f"{loc}: {_message(error)}", loc)


def _message(error: Any) -> str:
    if error["type"] == "string_pattern_mismatch" and error["loc"] == ("client_time",):
        return 'must be an RFC 3339 time with its offset, such as "2026-11-26T14:00:00.000Z"'
    if error["type"] == "string_pattern_mismatch":
        return f"does not have the expected form ({error['ctx']['pattern']})"
    return str(error["msg"]).lower()
