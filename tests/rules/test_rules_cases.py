"""Boundaries and special cases of the rules, on declarations built by `make_declaration`."""

from __future__ import annotations

from typing import Any

import pytest

from consentry.declaration import Cookie, Declaration, Issue
from consentry.rules import check_declaration, rule_named
from consentry.rules.trackers import cookie_facts
from tests.catalog_double import force_catalog_double
from tests.factories import make_declaration

MATOMO = {"use": "matomo", "exempt": "audience-measurement"}


@pytest.fixture(autouse=True)
def _catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    force_catalog_double(monkeypatch)


def fired(declaration: Declaration) -> list[tuple[str, str]]:
    return [(i.rule, i.severity) for i in check_declaration(declaration)]


def issues_of(name: str, declaration: Declaration) -> list[Issue]:
    return rule_named(name)(declaration)


def with_services(*services: dict[str, Any], **overrides: Any) -> Declaration:
    return make_declaration(services=list(services), **overrides)


def test_minimal_and_reference_have_no_error(reference: Declaration) -> None:
    assert fired(make_declaration()) == []
    assert all(i.severity == "warning" for i in check_declaration(reference))


@pytest.mark.parametrize(
    ("lifetime", "expected"),
    [
        ("6 months", []),
        ("26 weeks", []),
        ("7 months", [("R24", "warning")]),
        ("13 months", [("R24", "warning")]),
        ("1 year", [("R24", "warning")]),
        ("14 months", [("R24", "error")]),
        ("2 years", [("R24", "error")]),
    ],
)
def test_choice_lifetime(lifetime: str, expected: list[tuple[str, str]]) -> None:
    declaration = make_declaration(
        site={"consent_lifetime": lifetime}, ledger={"retention": "5 years"}
    )
    assert fired(declaration) == expected


@pytest.mark.parametrize(
    ("retention", "lifetime", "expected"),
    [
        ("6 months", "6 months", []),
        ("5 months", "6 months", [("R37", "error")]),
        ("30 days", "6 months", [("R37", "error")]),
        ("session", "6 months", [("R37", "error")]),
        ("66 months", "6 months", []),  # 5 years + the 6-month choice
        ("67 months", "6 months", [("R37", "warning")]),
        ("6 years", "12 months", [("R24", "warning")]),
        ("persistent", "6 months", [("R37", "error")]),
    ],
)
def test_ledger_retention_bounds(
    retention: str, lifetime: str, expected: list[tuple[str, str]]
) -> None:
    declaration = make_declaration(
        site={"consent_lifetime": lifetime}, ledger={"retention": retention}
    )
    assert fired(declaration) == expected


def test_clean_self_hosted_matomo_passes_and_each_condition_breaks_it() -> None:
    assert fired(with_services(MATOMO)) == []
    breaks = {
        "user_id": (True, "audience-user-id"),
        "hosts": (["matomo.cloud.test"], "audience-collector-third-party"),
        "ip_truncation": (1, "audience-ip-not-truncated"),
        "data_retention": ("26 months", "audience-data-retention"),
        "integrations": (["conversion-tracking"], "audience-integration-forbidden"),
        "category": ("functional", "audience-exemption-off-purpose"),
    }
    for key, (value, rule) in breaks.items():
        declaration = with_services({**MATOMO, key: value})
        assert issues_of(rule, declaration), key


def test_matomo_on_a_subdomain_of_the_site_is_first_party() -> None:
    declaration = with_services({**MATOMO, "hosts": ["stats.site.test", "*.site.test"]})
    assert fired(declaration) == []


def test_matomo_without_exemption_needs_none_of_its_conditions() -> None:
    declaration = with_services({"use": "matomo", "user_id": True, "ip_truncation": 0})
    assert fired(declaration) == []


def test_matomo_own_identifier_may_be_exempt_but_not_google_s() -> None:
    # _pk_id.* is a well-known analytics identifier (double), yet Matomo's own under the
    # audience exemption; _ga in a self-hosted tool is Google Analytics in disguise.
    assert cookie_facts(load_cookie("_pk_id.*")) is not None
    assert issues_of("tracker-declared-necessary", with_services(MATOMO)) == []
    disguised = {
        "id": "stats",
        "name": "Stats",
        "provider": "self",
        "category": "audience",
        "privacy_policy": "https://www.site.test/privacy",
        "exempt": "audience-measurement",
        "justification": {"fr": "Mesure", "en": "Measurement"},
        "ip_truncation": 2,
        "data_retention": "25 months",
        "cookies": [{"name": "_ga", "lifetime": "13 months", "purpose": {"fr": "x", "en": "x"}}],
    }
    declaration = with_services(disguised)
    assert issues_of("tracker-declared-necessary", declaration)
    assert issues_of("google-analytics-claimed-exempt", declaration)


def load_cookie(name: str) -> Cookie:
    service = {
        "id": "s",
        "name": "S",
        "provider": "P",
        "category": "audience",
        "privacy_policy": "https://p.test/",
        "cookies": [{"name": name, "lifetime": "1 day", "purpose": {"fr": "x", "en": "x"}}],
    }
    return with_services(service).services[0].cookies[0]


def test_google_analytics_consent_based_is_fine_but_never_exempt() -> None:
    assert ("R38", "error") not in fired(with_services({"use": "google-analytics"}))
    claimed = with_services({"use": "google-analytics", "exempt": "session"})
    assert issues_of("google-analytics-claimed-exempt", claimed)


def test_every_exempt_ground_needs_a_justification() -> None:
    youtube = {"use": "youtube", "exempt": "ui-preference"}
    assert issues_of("exemption-without-justification", with_services(youtube))
    justified = {**youtube, "justification": {"fr": "Langue", "en": "Language"}}
    assert issues_of("exemption-without-justification", with_services(justified)) == []


def test_legitimate_interest_is_refused_even_with_an_exemption() -> None:
    declaration = with_services({**MATOMO, "legal_basis": "legitimate_interest"})
    assert [i.rule for i in issues_of("basis-not-consent", declaration)] == ["R19"]
    assert (
        issues_of("basis-not-consent", with_services({**MATOMO, "legal_basis": "exemption"})) == []
    )


def test_close_button_alone_keeps_the_banner_s_statement() -> None:
    assert fired(make_declaration(banner={"close_button": True})) == []
    own_words = make_declaration(
        banner={"close_button": True, "labels": {"fr": {"close_notice": "Fermer = refuser"}}}
    )
    assert fired(own_words) == []
    silent = make_declaration(
        banner={"close_button": True, "labels": {"fr": {"close_notice": "Fermer la fenêtre"}}}
    )
    assert issues_of("close-without-refusal-statement", silent)
    # the same notice is harmless while no × is shown
    no_close = make_declaration(banner={"labels": {"fr": {"close_notice": "Fermer la fenêtre"}}})
    assert fired(no_close) == []


def test_every_known_label_key_is_accepted() -> None:
    from consentry.rules import LABEL_KEYS

    texts = {"reject_all": "Tout refuser", "accept_all": "Tout accepter"}
    labels = {key: texts.get(key, "Fermer = refuser") for key in LABEL_KEYS}
    declaration = make_declaration(banner={"close_button": True, "labels": {"fr": labels}})
    assert fired(declaration) == []


def test_built_in_purposes_unused_are_silent_declared_ones_are_not() -> None:
    assert issues_of("purpose-not-used", make_declaration()) == []
    extra = make_declaration(
        categories={
            "forum": {
                "title": {"fr": "Forum", "en": "Forum"},
                "description": {"fr": "Forum", "en": "Forum"},
            }
        }
    )
    assert [i.loc for i in issues_of("purpose-not-used", extra)] == [("categories", "forum")]
