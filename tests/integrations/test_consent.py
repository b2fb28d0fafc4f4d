"""Reading the choice cookie on the server: valid choices count, anything else is no choice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry.declaration import Declaration
from consentry.integrations import cookie_value, parse_consent, read_consent
from tests.factories import make_declaration
from tests.integrations.choices import (
    NOW,
    SERVICES,
    SITE,
    ChoiceCookie,
    choice_cookie_for,
    encode_choice,
)


def test_without_a_cookie_only_necessary_and_exempt_services_are_allowed(
    site: Declaration,
) -> None:
    consent = parse_consent(None, site, NOW)
    assert not consent.decided
    assert consent.allows("app") and consent.allows("necessary")
    assert consent.allows("matomo")  # exempt audience measurement runs until opted out
    assert not consent.allows("google-analytics")
    assert not consent.allows("youtube")
    assert not consent.allows("audience") and not consent.allows("functional")


def test_an_acceptance_allows_every_service_and_purpose(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    consent = parse_consent(choice_cookie(accept_all=True, decided_at=NOW), site, NOW)
    assert consent.decided and consent.mechanism == "accept_all"
    assert consent.consent_id == "0" * 32
    assert consent.decided_at == NOW
    for target in ("youtube", "google-analytics", "matomo", "audience", "functional", "app"):
        assert consent.allows(target), target


def test_a_custom_choice_allows_exactly_what_was_chosen(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    value = choice_cookie(functional=True, youtube=True, matomo=False, decided_at=NOW)
    consent = parse_consent(value, site, NOW)
    assert consent.allows("youtube") and consent.allows("functional")
    assert not consent.allows("google-analytics") and not consent.allows("audience")
    assert not consent.allows("matomo")  # opted out of the exempt measurement
    assert consent.allows("app")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yes",
        "%7B",  # "{"
        "%E9",  # not UTF-8
        "null",
        "%5B1%2C2%5D",  # a list
        encode_choice({"v": 1}),
        "x" * 5000,
    ],
)
def test_garbage_is_no_choice(site: Declaration, value: str) -> None:
    assert not parse_consent(value, site, NOW).decided


def test_another_format_version_is_no_choice(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    value = choice_cookie(accept_all=True, version=2, decided_at=NOW)
    assert not parse_consent(value, site, NOW).allows("youtube")


def test_a_choice_made_under_another_policy_version_is_no_choice(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    value = choice_cookie(accept_all=True, policy_version="0123456789ab", decided_at=NOW)
    consent = parse_consent(value, site, NOW)
    assert not consent.decided and not consent.allows("google-analytics")


def test_a_choice_expires_after_the_declared_lifetime_in_calendar_months(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    decided = datetime(2025, 8, 31, 9, 0, tzinfo=UTC)  # + 6 months = 2026-02-28 09:00
    value = choice_cookie(accept_all=True, decided_at=decided)
    assert parse_consent(value, site, datetime(2026, 2, 28, 8, 59, tzinfo=UTC)).decided
    assert not parse_consent(value, site, datetime(2026, 2, 28, 9, 0, tzinfo=UTC)).decided


@pytest.mark.parametrize("decided_at", ["1700000000000", True, -5, 1.5, 10**15, None])
def test_a_decision_time_that_is_not_a_millisecond_count_is_no_choice(
    site: Declaration, decided_at: object
) -> None:
    data = {"v": 1, "policyVersion": site.policy_version, "decidedAt": decided_at}
    assert not parse_consent(encode_choice(data), site, NOW).decided


def test_missing_or_non_boolean_flags_read_as_refused(site: Declaration) -> None:
    data = {
        "v": 1,
        "policyVersion": site.policy_version,
        "decidedAt": int(NOW.timestamp() * 1000),
        "purposes": {"audience": "true", "functional": 1},
        "services": {"google-analytics": "yes"},
    }
    consent = parse_consent(encode_choice(data), site, NOW)
    assert consent.decided
    assert not consent.allows("audience") and not consent.allows("functional")
    assert not consent.allows("google-analytics") and not consent.allows("youtube")
    assert not consent.allows("matomo")  # a choice without the key: opted out (CONTRACTS §1)


def test_an_unknown_id_is_refused_and_named_in_the_log(
    site: Declaration, choice_cookie: ChoiceCookie, caplog: pytest.LogCaptureFixture
) -> None:
    consent = parse_consent(choice_cookie(accept_all=True, decided_at=NOW), site, NOW)
    with caplog.at_level(logging.WARNING, "consentry.integrations"):
        assert not consent.allows("youtbe")
    assert "'youtbe'" in caplog.text and "youtube" in caplog.text


def test_the_cookie_is_found_among_others_in_the_header(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    value = choice_cookie(audience=True, google_analytics=True, decided_at=NOW)
    header = f'broken; a=1; _ga=GA1.1; cookie_consent={value}; cookie_consent="older"'
    assert read_consent(header, site, NOW).allows("google-analytics")
    assert cookie_value(header, "a") == "1"
    assert cookie_value(header, "missing") is None
    assert cookie_value(None, "a") is None


def test_a_custom_cookie_name_is_read() -> None:
    site = make_declaration(services=SERVICES, banner={"cookie_name": "eu-consent"})
    value = choice_cookie_for(site)(accept_all=True)
    now = datetime.now(UTC)
    assert read_consent(f"eu-consent={value}", site, now).allows("youtube")
    assert not read_consent(f"cookie_consent={value}", site, now).decided


@given(st.text(max_size=300))
def test_any_cookie_value_gives_an_answer_never_an_error(value: str) -> None:
    site = SITE
    consent = parse_consent(value, site, NOW)
    assert consent.allows("app")
    assert not consent.allows("google-analytics")


@given(st.dictionaries(st.sampled_from(["youtube", "google-analytics", "matomo"]), st.booleans()))
def test_the_services_read_are_the_services_written(flags: dict[str, bool]) -> None:
    site = SITE
    data = {
        "v": 1,
        "policyVersion": site.policy_version,
        "decidedAt": int((NOW - timedelta(days=1)).timestamp() * 1000),
        "services": flags,
    }
    consent = parse_consent(encode_choice(data), site, NOW)
    for service in ("youtube", "google-analytics", "matomo"):
        assert consent.allows(service) is flags.get(service, False)
