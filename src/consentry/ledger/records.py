"""A consent record as the ledger stores it, and its canonical form (what the chain hashes).

One record per decision (R32): what the visitor chose, under which policy version and banner
texts, when, and the few facts the server adds about the request. Nothing here identifies a
person beyond the random consent id: no raw IP address, no raw user agent, no query string
(R36). The secret that proves possession of the consent id is kept only as its SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

import orjson

from consentry.declaration import Mechanism

CANONICAL_FORMAT = 1
"""Bumped only if the canonical form changes; it is part of every hashed record."""

AppendStatus = Literal["created", "replayed", "conflict"]


@dataclass(frozen=True, slots=True)
class NewRecord:
    """A validated record, ready to be chained and stored (times in ms since the epoch, UTC)."""

    record_id: str
    consent_id: str
    secret_hash: str
    mechanism: Mechanism
    purposes: str
    """The per-purpose choices as canonical JSON text (sorted keys), exactly as hashed."""
    services: str
    """The per-service choices as canonical JSON text (sorted keys), exactly as hashed."""
    policy_version: str
    texts_hash: str
    language: str
    page_url: str
    client_time: str
    received_at: int
    expires_at: int
    site: str
    user_agent: str
    ip: str | None
    gpc: bool
    sec_gpc: bool

    def same_submission(self, other: NewRecord) -> bool:
        """True when `other` carries the same client-sent body (a retry, not a new decision).

        What the server adds (receipt time, user agent, address, `Sec-GPC`) may differ between
        a request and its retry, so it is left out of the comparison.
        """
        return (
            self.consent_id == other.consent_id
            and self.secret_hash == other.secret_hash
            and self.mechanism == other.mechanism
            and self.purposes == other.purposes
            and self.services == other.services
            and self.policy_version == other.policy_version
            and self.texts_hash == other.texts_hash
            and self.language == other.language
            and self.page_url == other.page_url
            and self.client_time == other.client_time
            and self.gpc == other.gpc
        )


@dataclass(frozen=True, slots=True)
class StoredRecord(NewRecord):
    """A record as read back: its place in the chain (`seq`) and its chain hash."""

    seq: int
    chain_hash: str

    def to_json(self) -> dict[str, Any]:
        """The record for receipts and exports (no secret hash: it is useless to a reader)."""
        return {
            "seq": self.seq,
            "record_id": self.record_id,
            "consent_id": self.consent_id,
            "mechanism": self.mechanism,
            "purposes": orjson.loads(self.purposes),
            "services": orjson.loads(self.services),
            "policy_version": self.policy_version,
            "texts_hash": self.texts_hash,
            "language": self.language,
            "page_url": self.page_url,
            "client_time": self.client_time,
            "received_at": iso_ms(self.received_at),
            "expires_at": iso_ms(self.expires_at),
            "site": self.site,
            "user_agent": self.user_agent,
            "ip": self.ip,
            "gpc": self.gpc,
            "sec_gpc": self.sec_gpc,
            "chain_hash": self.chain_hash,
        }


@dataclass(frozen=True, slots=True)
class AppendResult:
    """What happened to one submitted record: stored, a replay of a stored one, or a clash."""

    status: AppendStatus
    record_id: str
    received_at: int
    """For `replayed`, the receipt time of the record stored first (the answer is the same)."""


def canonical(record: NewRecord) -> bytes:
    """The bytes the chain hashes: every stored field but `seq` and the hash, keys sorted.

    `seq` is left out on purpose: order is carried by the chain itself, so a record moved to
    another place no longer follows its predecessor's hash, and `verify` can say "reordered".
    """
    return orjson.dumps(
        {
            "format": CANONICAL_FORMAT,
            "record_id": record.record_id,
            "consent_id": record.consent_id,
            "secret_hash": record.secret_hash,
            "mechanism": record.mechanism,
            "purposes": record.purposes,
            "services": record.services,
            "policy_version": record.policy_version,
            "texts_hash": record.texts_hash,
            "language": record.language,
            "page_url": record.page_url,
            "client_time": record.client_time,
            "received_at": record.received_at,
            "expires_at": record.expires_at,
            "site": record.site,
            "user_agent": record.user_agent,
            "ip": record.ip,
            "gpc": record.gpc,
            "sec_gpc": record.sec_gpc,
        },
        option=orjson.OPT_SORT_KEYS,
    )


def choices_json(choices: dict[str, bool]) -> str:
    """Per-purpose or per-service choices as canonical JSON text (sorted keys, no spaces)."""
    return orjson.dumps(choices, option=orjson.OPT_SORT_KEYS).decode()


def hash_secret(secret: str) -> str:
    """SHA-256 of the visitor's secret, in hex.

    The secret is 128 random bits made by the browser, so a fast hash is enough: there is no
    password to brute-force, only a value to avoid keeping in clear.
    """
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The aware UTC datetime of a millisecond timestamp."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def iso_ms(ms: int) -> str:
    """RFC 3339 UTC with milliseconds, as JavaScript's `toISOString()` writes it."""
    seconds, millis = divmod(ms, 1000)
    return f"{_iso_second(seconds)}{millis:03d}Z"


@lru_cache(maxsize=256)
def _iso_second(seconds: int) -> str:
    """The text up to the milliseconds; cached because every answer under load shares it
    with its neighbours, and `strftime` was a tenth of the consent POST's intake cost."""
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.")
