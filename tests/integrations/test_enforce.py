"""Which Set-Cookie lines a visitor's consent lets through."""

from __future__ import annotations

import pytest

from consentry.declaration import Declaration
from consentry.integrations import CookieRules, is_deletion, parse_consent, set_cookie_name
from tests.integrations.choices import NOW, ChoiceCookie

GA = "_ga=GA1.1.123.456; Max-Age=63072000; Path=/; SameSite=Lax"
GA4 = "_ga_ABC123=GS1.1.1700000000; Max-Age=63072000; Path=/"
SESSION = "sessionid=abc; HttpOnly; Path=/; SameSite=Lax"
UNKNOWN = "theme=dark; Path=/"
MATOMO = "_pk_id.1.1fff=0123456789abcdef.1700000000.; Max-Age=33696000; Path=/"
MATOMO_OPT_OUT = "mtm_consent_removed=1; Max-Age=33696000; Path=/"
ALL = [GA, GA4, SESSION, UNKNOWN, MATOMO, MATOMO_OPT_OUT]


def kept(site: Declaration, cookie: str | None, lines: list[str] = ALL) -> list[str]:
    return CookieRules(site).filter(lines, parse_consent(cookie, site, NOW), NOW).kept


def test_without_a_choice_analytics_cookies_are_withheld(site: Declaration) -> None:
    assert kept(site, None) == [SESSION, UNKNOWN, MATOMO, MATOMO_OPT_OUT]


def test_with_audience_consent_analytics_cookies_are_sent(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    cookie = choice_cookie(audience=True, google_analytics=True, decided_at=NOW)
    assert kept(site, cookie) == ALL


def test_a_refusal_withholds_analytics_and_the_opted_out_measurement(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    cookie = choice_cookie(matomo=False, decided_at=NOW)
    assert kept(site, cookie) == [SESSION, UNKNOWN, MATOMO_OPT_OUT]


def test_consent_to_another_service_of_the_purpose_is_not_enough(
    site: Declaration, choice_cookie: ChoiceCookie
) -> None:
    cookie = choice_cookie(functional=True, youtube=True, decided_at=NOW)
    assert GA not in kept(site, cookie)


@pytest.mark.parametrize(
    "line",
    [
        "_ga=; Max-Age=0; Path=/",
        "_ga=; Max-Age=-1",
        "_ga=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
        "_ga=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/",
    ],
)
def test_deleting_an_analytics_cookie_always_passes(site: Declaration, line: str) -> None:
    assert kept(site, None, [line]) == [line]


def test_a_valid_max_age_wins_over_a_past_expires(site: Declaration) -> None:
    line = "_ga=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=600"
    assert kept(site, None, [line]) == []
    assert is_deletion("_ga=x; Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT", NOW)
    assert not is_deletion("_ga=x; Expires=not a date", NOW)


def test_undeclared_cookies_pass_and_are_reported(site: Declaration) -> None:
    result = CookieRules(site).filter([UNKNOWN, GA], parse_consent(None, site, NOW), NOW)
    assert result.kept == [UNKNOWN]
    assert [j.name for j in result.undeclared] == ["theme"]
    assert [(j.name, j.owner and j.owner.service.id) for j in result.dropped] == [
        ("_ga", "google-analytics")
    ]


def test_names_are_read_as_browsers_read_them() -> None:
    assert set_cookie_name(" _ga = 1; Path=/") == "_ga"
    assert set_cookie_name("novalue") == ""
    assert set_cookie_name("a=b=c") == "a"


def test_storage_keys_are_not_mistaken_for_cookies(site: Declaration) -> None:
    # "yt-remote-*" is a localStorage key of YouTube: a cookie of that name is undeclared.
    rules = CookieRules(site)
    assert rules.owner("yt-remote-device-id") is None
    owner = rules.owner("YSC")
    assert owner is not None and owner.service.id == "youtube"
