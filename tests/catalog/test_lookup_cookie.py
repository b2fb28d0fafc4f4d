"""`lookup_cookie`: our catalog first, then the Open Cookie Database, with our corrections."""

from __future__ import annotations

import builtins
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.catalog import CookieFacts, lookup_cookie
from consentry.catalog.corrections import Corrections, corrections
from consentry.catalog.index import build_cookie_index
from consentry.catalog.lookup import cookie_index
from consentry.catalog.ocd import ocd_rows


def known(name: str, domain: str | None = None) -> CookieFacts:
    facts = lookup_cookie(name, domain)
    assert facts is not None, f"{name} should be known"
    return facts


def test_catalog_exact_name() -> None:
    facts = known("_ga")
    assert (facts.source, facts.service_id, facts.name, facts.pattern) == (
        "catalog",
        "google-analytics",
        "_ga",
        False,
    )
    assert facts.category == "audience" and facts.lifetime == "2 years"
    assert facts.provider == "Google Ireland Limited"
    assert facts.privacy_policy == "https://policies.google.com/privacy"
    assert facts.well_known_tracker


def test_catalog_pattern() -> None:
    facts = known("_pk_id.1.3f2a9c0e")
    assert (facts.service_id, facts.name, facts.pattern) == ("matomo", "_pk_id.*", True)
    assert facts.provider == "self" and facts.lifetime == "13 months"
    storage = known("yt-remote-device-id", "www.youtube.com")
    assert (storage.service_id, storage.name, storage.domain) == (
        "youtube",
        "yt-remote-*",
        "www.youtube.com",
    )


def test_exact_name_beats_pattern_and_longer_pattern_beats_shorter() -> None:
    assert known("stm_lms_notauth_cart").name == "stm_lms_notauth_cart"
    assert known("stm_lms_other_thing").name == "stm_lms_*"
    assert known("wp-settings-time-1").name == "wp-settings-time-*"
    assert known("wp-settings-1").name == "wp-settings-*"


def test_open_cookie_database_exact_name() -> None:
    facts = known("_clck")
    assert facts.source == "open-cookie-database" and facts.platform == "Microsoft"
    assert facts.category == "audience" and facts.well_known_tracker
    assert facts.lifetime == "1 year" and facts.domain == "clarity.ms"
    embed = known("LOGIN_INFO", ".youtube.com")  # not in our catalog, but a YouTube cookie
    assert embed.source == "open-cookie-database" and embed.service_id == "youtube"


def test_open_cookie_database_prefix() -> None:
    facts = known("_gac_UA-12345-1")
    assert facts.source == "open-cookie-database" and facts.pattern
    assert facts.name == "_gac_*" and facts.category == "advertising"
    assert known("_gac_gb_UA-1").name == "_gac_gb_*"  # the longest prefix wins
    assert known("AMCV_ABC123%40AdobeOrg").platform == "Adobe Audience Manager"


def test_open_cookie_database_categories_map_to_our_purposes() -> None:
    assert known("cookieyesID").category == "functional"  # Functional
    assert known("pll_language").category == "functional"
    assert known("XSRF-TOKEN").category == "necessary"  # Security
    assert known("_uetvid").category == "advertising"  # Marketing
    assert known("_hjid").category == "audience"  # Analytics


def test_domain_breaks_ties_between_platforms() -> None:
    assert known("token", "adform.net").platform == "Adform"
    assert known("token", ".adnxs.com").platform == "Xandr"
    assert known("DSID", ".doubleclick.net").platform == "DoubleClick/Google Marketing"


def test_a_generic_name_is_a_platform_cookie_only_on_its_domain() -> None:
    assert lookup_cookie("sessionid", "www.site.test") is None  # a site's own session
    assert known("sessionid", ".instagram.com").platform == "Instagram"
    assert known("sessionid", ".instagram.com").well_known_tracker
    unverified = known("sessionid")
    assert unverified.platform == "Instagram" and not unverified.well_known_tracker
    assert lookup_cookie("s", "www.site.test") is None


def test_a_catalog_cookie_bound_to_another_domain_yields_to_a_better_match() -> None:
    """Vimeo's catalog entry names .vimeo.com; on the site itself __cf_bm is Cloudflare's."""
    assert known("__cf_bm", ".vimeo.com").service_id == "vimeo"
    own = known("__cf_bm", "www.site.test")
    assert own.platform == "Cloudflare" and own.category == "necessary"
    assert own.lifetime == "30 minutes"


def test_corrections_are_applied() -> None:
    assert known("vuid").lifetime == "2 years"
    assert known("YSC").category != "necessary" and known("YSC").well_known_tracker
    assert known("test_cookie").lifetime == "15 minutes"


def test_corrections_change_the_open_cookie_database_answers() -> None:
    """Without the catalog in front, the OCD rows themselves carry our corrections."""
    corrected = build_cookie_index({}, ocd_rows(), corrections())
    raw = build_cookie_index({}, ocd_rows(), Corrections())
    assert raw.lookup("vuid").lifetime == "1 minute"  # type: ignore[union-attr]
    assert corrected.lookup("vuid").lifetime == "2 years"  # type: ignore[union-attr]
    assert not raw.lookup("YSC").well_known_tracker  # type: ignore[union-attr]
    assert corrected.lookup("YSC").well_known_tracker  # type: ignore[union-attr]
    assert corrected.lookup("YSC").category == "functional"  # type: ignore[union-attr]
    assert raw.lookup("mtm_consent_removed").well_known_tracker  # type: ignore[union-attr]
    assert not corrected.lookup("mtm_consent_removed").well_known_tracker  # type: ignore[union-attr]
    assert raw.lookup("sessionid", "www.site.test") is not None
    assert corrected.lookup("sessionid", "www.site.test") is None


@pytest.mark.parametrize(
    "name",
    [
        "_ga",
        "_gid",
        "_fbp",
        "IDE",
        "_gcl_au",
        "test_cookie",
        "MUID",
        "_hjSessionUser_42",
        "_ga_5XK3",
        "YSC",
        "vuid",
        "sib_cuid",
        "_pk_id.1.ab",
    ],
)
def test_well_known_trackers(name: str) -> None:
    assert known(name).well_known_tracker


@pytest.mark.parametrize(
    "name",
    [
        "PHPSESSID",
        "wordpress_logged_in_5e3f",
        "wordpress_sec_5e3f",
        "mtm_consent_removed",
        "li_gc",
        "stm_lms_notauth_cart",
        "wp-settings-1",
        "cf_clearance",
        "curriculum_open",
    ],
)
def test_not_trackers(name: str) -> None:
    assert not known(name).well_known_tracker


@pytest.mark.parametrize("name", ["consentry_unknown_cookie", "", "*", "zz", "_pk"])
def test_unknown_names_are_none(name: str) -> None:
    assert lookup_cookie(name) is None


def test_open_cookie_database_lifetimes_read_as_durations() -> None:
    from consentry.declaration import DurationError, parse_duration

    unreadable = set()
    for row in ocd_rows():
        try:
            parse_duration(row.lifetime)
        except DurationError:
            unreadable.add(row.lifetime)
    # Only texts without a figure stay as written ("Varies", "Unknown", a calendar date).
    assert unreadable and len(unreadable) < 15
    assert all(not any(ch.isdigit() for ch in text) or "2030" in text for text in unreadable)


def test_lookups_do_no_io_once_the_index_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    cookie_index()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("lookup_cookie did I/O")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    assert lookup_cookie("a_name_never_looked_up_before") is None
    assert known("_pk_ses.7.beef").service_id == "matomo"
    assert known("_gac_UA-999", "www.site.test").name == "_gac_*"


def test_the_index_is_built_once() -> None:
    assert cookie_index() is cookie_index()
    assert len(cookie_index()) > 2264  # every OCD row plus our catalog cookies


@given(name=st.text(max_size=80), domain=st.one_of(st.none(), st.text(max_size=40)))
@settings(max_examples=300, deadline=None)
def test_any_name_and_domain_get_an_answer_never_an_error(name: str, domain: str | None) -> None:
    facts = lookup_cookie(name, domain)
    assert facts is None or isinstance(facts, CookieFacts)
