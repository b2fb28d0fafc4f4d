"""The visitor's choice as the server sees it, read from the choice cookie (CONTRACTS §1).

The banner writes the choice into a first-party cookie; a site's server reads the same cookie
to decide what it may do for this visitor. The reader is deliberately unforgiving in one
direction only: anything it cannot trust (a value that does not parse, another format version,
another policy version, a decision older than the declared lifetime) means *no choice*, which
refuses everything that needs consent. It never raises on a visitor's cookie.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args
from urllib.parse import unquote

from consentry.declaration import AUDIENCE_MEASUREMENT, NECESSARY, Declaration, Mechanism

logger = logging.getLogger("consentry.integrations")

FORMAT_VERSION = 1
MAX_COOKIE_LENGTH = 4096
"""Browsers keep at most 4096 bytes per cookie; anything longer was not written by the banner."""

"""The one exemption ground a visitor can still opt out of (CNIL: exempt audience measurement
must offer an opt-out), so such a service is listed in the cookie's `services`."""

_MECHANISMS: frozenset[str] = frozenset(get_args(Mechanism))
_LATEST_MS = 10**14  # year 5138: beyond it a timestamp is garbage (and would overflow datetime)


@dataclass(frozen=True)
class Consent:
    """What one visitor chose: `allows(id)` answers for a service id or a purpose id.

    `decided` is False when there is no valid choice (first visit, expired, garbage, or an
    older policy version): then only necessary and exempt services are allowed.
    """

    declaration: Declaration = field(repr=False, compare=False)
    decided: bool = False
    purposes: Mapping[str, bool] = field(default_factory=dict)
    services: Mapping[str, bool] = field(default_factory=dict)
    consent_id: str | None = None
    decided_at: datetime | None = None
    mechanism: Mechanism | None = None

    def allows(self, target: str) -> bool:
        """True when the visitor allows this service or purpose (unknown ids are refused)."""
        service = self.declaration.service(target)
        if service is not None:
            if service.category == NECESSARY or (
                service.exempt is not None and service.exempt != AUDIENCE_MEASUREMENT
            ):
                return True
            if service.exempt == AUDIENCE_MEASUREMENT and not self.decided:
                return True  # exempt measurement runs until the visitor opts out
            return self.decided and self.services.get(target) is True
        if target == NECESSARY:
            return True
        if target in self.declaration.categories:
            return self.decided and self.purposes.get(target) is True
        logger.warning(
            "consent asked for %r, which is neither a declared service nor a purpose "
            "(services: %s; purposes: %s); refused",
            target,
            ", ".join(s.id for s in self.declaration.services) or "none",
            ", ".join(self.declaration.categories) or "none",
        )
        return False


def no_choice(declaration: Declaration) -> Consent:
    """The consent of a visitor who has not chosen (or whose choice no longer counts)."""
    return Consent(declaration)


def parse_consent(value: str | None, declaration: Declaration, now: datetime) -> Consent:
    """Read the cookie's value (still URL-encoded, as sent by the browser) into a `Consent`.

    Returns `no_choice(declaration)` for anything that is not a current, valid choice.
    """
    data = _decode(value)
    if data is None or data.get("v") != FORMAT_VERSION:
        return no_choice(declaration)
    if data.get("policyVersion") != declaration.policy_version:
        return no_choice(declaration)
    decided_at = _timestamp(data.get("decidedAt"))
    if decided_at is None or now >= declaration.site.consent_lifetime.after(decided_at):
        return no_choice(declaration)
    mechanism = data.get("mechanism")
    consent_id = data.get("consentId")
    return Consent(
        declaration,
        decided=True,
        purposes=_flags(data.get("purposes")),
        services=_flags(data.get("services")),
        consent_id=consent_id if isinstance(consent_id, str) else None,
        decided_at=decided_at,
        mechanism=mechanism if mechanism in _MECHANISMS else None,
    )


def read_consent(cookie_header: str | None, declaration: Declaration, now: datetime) -> Consent:
    """The visitor's consent from a request's `Cookie` header (the first cookie of that name)."""
    return parse_consent(
        cookie_value(cookie_header, declaration.banner.cookie_name), declaration, now
    )


def cookie_value(cookie_header: str | None, name: str) -> str | None:
    """The raw value of the first cookie called `name` in a `Cookie` header, if any.

    Written by hand rather than with `http.cookies`, which gives up on the whole header when
    one unrelated cookie is malformed.
    """
    if not cookie_header:
        return None
    for pair in cookie_header.split(";"):
        key, sep, val = pair.partition("=")
        if sep and key.strip() == name:
            return val.strip().strip('"')
    return None


def _decode(value: str | None) -> dict[str, Any] | None:
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return None
    try:
        data = json.loads(unquote(value, errors="strict"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    if not 0 < value < _LATEST_MS:
        return None
    return datetime.fromtimestamp(int(value) / 1000, UTC)


def _flags(value: Any) -> dict[str, bool]:
    """Keep only `true`/`false` entries; a missing or non-boolean entry reads as refused."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, bool)}
