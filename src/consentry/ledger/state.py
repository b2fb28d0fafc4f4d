"""The server's view of a visitor's consent, from the choice cookie and `Sec-GPC` (R04, R48).

Privacy by default (R04, GDPR art. 25(2)): without a valid choice cookie every purpose that
needs consent is refused. A cookie counts only if it parses, is format `v` 1, names the policy
version in force, and is younger than the consent lifetime (CONTRACTS §1). With `Sec-GPC: 1`
(that exact value; any other is no signal, per the GPC specification) advertising and
data-sharing purposes are refused whatever the cookie says (R48).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import orjson

from consentry.declaration import Declaration
from consentry.ledger.records import from_ms

GPC_REFUSED = frozenset({"advertising", "social"})
"""Purposes GPC refuses: advertising, and sharing with social networks (R47, R48)."""


@dataclass(frozen=True)
class ConsentState:
    """What the server may do for this request, per purpose and per service."""

    policy_version: str
    decided: bool
    gpc: bool
    purposes: dict[str, bool]
    services: dict[str, bool]

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_version": self.policy_version,
            "decided": self.decided,
            "gpc": self.gpc,
            "purposes": self.purposes,
            "services": self.services,
        }


def consent_state(
    declaration: Declaration, cookie: str | None, sec_gpc: str | None, now: datetime
) -> ConsentState:
    """The state for a request carrying `cookie` (the raw value) and `Sec-GPC` at `now`."""
    choice = read_choice(declaration, cookie, now)
    gpc = sec_gpc == "1"
    purposes = dict.fromkeys(declaration.consent_purposes, False)
    services = {s.id: False for s in declaration.services if s.consent_required}
    if choice is not None:
        chosen_purposes = choice.get("purposes")
        chosen_services = choice.get("services")
        for key in purposes:
            purposes[key] = _granted(chosen_purposes, key)
        for key in services:
            services[key] = _granted(chosen_services, key)
    if gpc:
        for key in purposes.keys() & GPC_REFUSED:
            purposes[key] = False
        for service in declaration.services:
            if service.category in GPC_REFUSED and service.id in services:
                services[service.id] = False
    return ConsentState(declaration.policy_version, choice is not None, gpc, purposes, services)


def read_choice(
    declaration: Declaration, cookie: str | None, now: datetime
) -> dict[str, Any] | None:
    """The decoded choice cookie if it is valid and current (CONTRACTS §1), else None."""
    if not cookie or len(cookie) > 8192:
        return None
    try:
        data = orjson.loads(unquote(cookie))
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("v") != 1:
        return None
    if data.get("policyVersion") != declaration.policy_version:
        return None
    decided = data.get("decidedAt")
    if not isinstance(decided, int) or isinstance(decided, bool) or decided <= 0:
        return None
    try:
        expires = declaration.site.consent_lifetime.after(from_ms(decided))
    except (OverflowError, ValueError, OSError):
        return None
    if expires <= now:
        return None
    return data


def _granted(choices: Any, key: str) -> bool:
    """A missing key, or anything but `true`, is a refusal (CONTRACTS §1)."""
    return isinstance(choices, dict) and choices.get(key) is True
