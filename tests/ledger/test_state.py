"""The server's consent state: privacy by default (R04) and GPC (R48)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import orjson

from consentry.declaration import Declaration
from consentry.ledger import consent_state
from tests.factories import make_declaration

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def declaration() -> Declaration:
    return make_declaration(
        services=[
            {"use": "matomo", "exempt": "audience-measurement"},
            {"use": "youtube"},
            {"use": "linkedin"},
        ]
    )


def cookie(d: Declaration, decided: datetime = NOW, **purposes: bool) -> str:
    value = {
        "v": 1,
        "consentId": "0" * 32,
        "secret": "1" * 32,
        "policyVersion": d.policy_version,
        "decidedAt": int(decided.timestamp() * 1000),
        "mechanism": "accept_all",
        "gpc": False,
        "purposes": purposes,
        "services": {"youtube": True, "linkedin": True},
    }
    return quote(orjson.dumps(value).decode())


def test_without_a_cookie_every_purpose_is_refused() -> None:
    d = declaration()
    state = consent_state(d, None, None, NOW)
    assert not state.decided
    assert set(state.purposes) == set(d.consent_purposes)
    assert not any(state.purposes.values())
    assert not any(state.services.values())


def test_a_valid_cookie_grants_what_it_says() -> None:
    d = declaration()
    state = consent_state(d, cookie(d, functional=True, social=True), None, NOW)
    assert state.decided
    assert state.purposes == {"functional": True, "social": True} | {
        p: False for p in d.consent_purposes if p not in ("functional", "social")
    }
    assert state.services["youtube"] is True


def test_gpc_refuses_sharing_whatever_the_cookie_says() -> None:
    d = declaration()
    state = consent_state(d, cookie(d, functional=True, social=True), "1", NOW)
    assert state.gpc
    assert state.purposes["social"] is False
    assert state.services["linkedin"] is False
    assert state.purposes["functional"] is True


def test_only_the_exact_value_1_is_a_gpc_signal() -> None:
    d = declaration()
    for header in ("0", "true", " 1", "yes"):
        state = consent_state(d, cookie(d, social=True), header, NOW)
        assert not state.gpc and state.purposes["social"] is True


def test_an_expired_or_foreign_cookie_is_no_choice() -> None:
    d = declaration()
    old = NOW - timedelta(days=200)
    assert not consent_state(d, cookie(d, old, functional=True), None, NOW).decided
    other = make_declaration(controller={"name": "Quelqu'un d'autre"})
    assert not consent_state(d, cookie(other, functional=True), None, NOW).decided
    assert not consent_state(d, "%7Bnot json", None, NOW).decided
