"""Findings on recorded observations: each check fires on its violation and only there."""

from __future__ import annotations

from dataclasses import replace

from consentry.scanner.checks import check_scan, cname_candidates
from consentry.scanner.findings import Finding, at_or_above
from consentry.scanner.observations import (
    AFTER_CHOICE,
    AFTER_WITHDRAWAL,
    BEFORE_CHOICE,
    BannerSeen,
    SiteScan,
)
from tests.scanner.scan_recorded import (
    ADS,
    BUTTON,
    CLEAN_BANNER,
    REJECT,
    SITE,
    StubKnowledge,
    cookie,
    declaration,
    request,
    run,
    scan,
    service,
    stored,
)

KNOW = StubKnowledge()


def codes(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.subject) for f in findings}


def clean_scan() -> SiteScan:
    """A compliant site: only exempt items before a choice, trackers only once accepted."""
    return scan(
        run(
            "no-interaction",
            cookie("sid"),
            cookie("_pk_id.1.ab", months=13),
            request(SITE + "matomo.js"),
            banner=CLEAN_BANNER,
            choice_made=False,
        ),
        run("refuse", cookie("cookie_consent", months=6, phase=AFTER_CHOICE)),
        run(
            "accept-all",
            cookie("_st_id", months=13, phase=AFTER_CHOICE),
            cookie("ad_id", "ads.tracker.test", AFTER_CHOICE, months=12),
            request("https://analytics.tracker.test/s.js", AFTER_CHOICE),
            request("https://ads.tracker.test/p.gif", AFTER_CHOICE, "image"),
            cookie("_pk_ses.1.ab", months=0.001, phase=AFTER_CHOICE),
            cookie("_pk_ref.1.ab", months=6, phase=AFTER_CHOICE),
            cookie("mtm_consent_removed", months=1, phase=AFTER_CHOICE),
            cookie("_pk_testcookie.1.ab", phase=AFTER_CHOICE),
        ),
        run(
            "purpose:audience",
            cookie("_st_id", months=13, phase=AFTER_CHOICE),
            request("https://analytics.tracker.test/s.js", AFTER_CHOICE),
            purpose="audience",
        ),
        run(
            "withdraw",
            cookie("_st_id", months=13, phase=AFTER_CHOICE),
            cookie("_st_id", phase=AFTER_WITHDRAWAL, deleted=True),
            stored("sid", phase=AFTER_WITHDRAWAL),
        ),
    )


def test_a_compliant_scan_has_no_finding() -> None:
    assert check_scan(clean_scan(), declaration(), KNOW) == []


def test_a_declared_tracker_before_choice_is_an_r01_error_with_its_setter() -> None:
    result = clean_scan()
    result.scenarios[0].writes.append(
        cookie("ad_id", "ads.tracker.test", setter="https://ads.tracker.test/p.gif")
    )
    [finding] = check_scan(result, declaration(), KNOW)
    assert (finding.code, finding.rule, finding.severity, finding.subject) == (
        "tracker-before-choice",
        "R01",
        "error",
        "ads",
    )
    assert finding.scenario == "no-interaction"
    assert finding.evidence[0].setter == "https://ads.tracker.test/p.gif"
    assert finding.evidence[0].raw == "ad_id=1"
    assert "art. 82" in finding.source


def test_a_blocked_cookie_attempt_still_counts_and_says_so() -> None:
    result = clean_scan()
    result.scenarios[0].writes.append(
        cookie("ad_id", "ads.tracker.test", blocked=("ThirdPartyBlocked",))
    )
    [finding] = check_scan(result, declaration(), KNOW)
    assert "ThirdPartyBlocked" in finding.evidence[0].detail


def test_a_tracker_request_before_choice_is_an_r02_error() -> None:
    result = clean_scan()
    result.scenarios[0].requests.append(request("https://ads.tracker.test/p.gif"))
    assert codes(check_scan(result, declaration(), KNOW)) == {("request-before-choice", "ads")}


def test_trackers_after_refusal_are_refusal_ignored_but_earlier_items_are_not() -> None:
    result = clean_scan()
    refuse = result.scenarios[1]
    refuse.stored.append(stored("sid", phase=BEFORE_CHOICE))
    refuse.stored.append(stored("sid", phase=AFTER_CHOICE))
    refuse.requests.append(request("https://analytics.tracker.test/s.js", AFTER_CHOICE))
    refuse.writes.append(cookie("_st_id", months=13, phase=AFTER_CHOICE))
    [finding] = check_scan(result, declaration(), KNOW)
    assert (finding.code, finding.subject, finding.scenario) == (
        "refusal-ignored",
        "stats",
        "refuse",
    )
    assert len(finding.evidence) == 2


def test_a_new_storage_key_after_refusal_counts_even_without_a_seen_write() -> None:
    result = clean_scan()
    result.scenarios[1].stored.append(stored("_st_id", phase=AFTER_CHOICE))
    assert codes(check_scan(result, declaration(), KNOW)) == {("refusal-ignored", "stats")}


def test_a_purpose_not_chosen_leaks() -> None:
    result = clean_scan()
    result.scenarios[3].requests.append(request("https://ads.tracker.test/p.gif", AFTER_CHOICE))
    assert codes(check_scan(result, declaration(), KNOW)) == {("purpose-leak", "ads")}


def test_a_first_party_tracker_left_after_withdrawal_is_an_r31_error() -> None:
    result = clean_scan()
    result.scenarios[4].stored.append(stored("_st_id", phase=AFTER_WITHDRAWAL))
    [finding] = check_scan(result, declaration(), KNOW)
    assert (finding.code, finding.rule, finding.subject) == (
        "withdrawal-not-effective",
        "R31",
        "stats",
    )


def test_a_third_party_cookie_left_after_withdrawal_is_not_the_sites_fault() -> None:
    result = clean_scan()
    result.scenarios[4].writes.append(cookie("ad_id", "ads.tracker.test", AFTER_CHOICE, months=12))
    result.scenarios[4].stored.append(stored("ad_id", "ads.tracker.test", AFTER_WITHDRAWAL))
    assert check_scan(result, declaration(), KNOW) == []


def test_undeclared_cookie_names_what_the_database_says() -> None:
    result = clean_scan()
    result.scenarios[2].writes.append(cookie("_ga", months=13, phase=AFTER_CHOICE))
    result.scenarios[2].writes.append(cookie("zz_mystery", phase=AFTER_CHOICE))
    found = {f.subject: f for f in check_scan(result, declaration(), KNOW)}
    assert set(found) == {"_ga", "zz_mystery"}
    assert "Google" in found["_ga"].message
    assert "unknown" in found["zz_mystery"].message
    assert {f.code for f in found.values()} == {"undeclared-tracker"}


def test_undeclared_hosts_are_warnings_unless_known_trackers() -> None:
    result = clean_scan()
    result.scenarios[2].requests.append(request("https://fonts.example.org/f.css", AFTER_CHOICE))
    result.scenarios[2].requests.append(request("https://bat.bing.com/bat.js", AFTER_CHOICE))
    found = {f.subject: f.severity for f in check_scan(result, declaration(), KNOW)}
    assert found == {"fonts.example.org": "warning", "bat.bing.com": "error"}


def test_a_declared_cookie_never_seen_means_the_policy_is_out_of_date() -> None:
    result = clean_scan()
    result.scenarios[2].writes.pop(1)  # ad_id no longer set
    assert codes(check_scan(result, declaration(), KNOW)) == {("declared-not-seen", "ads/ad_id")}


def test_lifetimes_over_13_months_and_over_the_declared_one() -> None:
    result = clean_scan()
    result.scenarios[2].writes.append(cookie("ad_id", "ads.tracker.test", AFTER_CHOICE, months=25))
    found = {f.code: f for f in check_scan(result, declaration(), KNOW)}
    assert set(found) == {"lifetime-over-13-months", "lifetime-over-declared"}
    assert all("25.0 months" in f.message for f in found.values())
    # consent-based: 13 months is a CNIL recommendation; over the declaration: an error
    assert found["lifetime-over-13-months"].severity == "warning"
    assert found["lifetime-over-declared"].severity == "error"


def test_an_exempt_tracker_over_13_months_loses_its_exemption_an_error() -> None:
    result = clean_scan()
    result.scenarios[0].writes.append(cookie("_pk_id.1.ab", months=25))
    found = {f.code: f for f in check_scan(result, declaration(), KNOW)}
    assert found["lifetime-over-13-months"].severity == "error"
    assert "exempt tracker may live 13 months at most" in found["lifetime-over-13-months"].message


def test_a_declared_cookie_on_another_domain_of_its_service_is_declared() -> None:
    twitter = service(
        "xx",
        "social",
        {"name": "guest_id", "lifetime": "13 months", "party": "third", "domain": ".twitter.test"},
        name="X",
        provider="X Corp",
        privacy_policy="https://x.example/privacy",
        hosts=["platform.twitter.test", "x.test"],
    )
    result = clean_scan()
    result.scenarios[2].writes.append(cookie("guest_id", "x.test", AFTER_CHOICE, months=12))
    result.scenarios[2].writes.append(cookie("guest_id", "other.test", AFTER_CHOICE, months=12))
    found = check_scan(result, declaration(twitter), KNOW)
    assert codes(found) == {("undeclared-tracker", "guest_id")}
    assert [e.setter for e in found[0].evidence] == [SITE]
    assert "other.test" in found[0].message


def test_thirteen_calendar_months_pass_and_a_day_more_fails() -> None:
    result = clean_scan()
    # 13 calendar months from 2026-09-21 is 2027-10-21: 395 days; 398 days is over
    # (two days of slack).
    result.scenarios[2].writes.append(
        replace(cookie("_st_id", phase=AFTER_CHOICE), requested_seconds=395 * 86400.0)
    )
    assert check_scan(result, declaration(), KNOW) == []
    result.scenarios[2].writes.append(
        replace(cookie("_st_id", phase=AFTER_CHOICE), requested_seconds=398 * 86400.0)
    )
    assert {f.code for f in check_scan(result, declaration(), KNOW)} == {
        "lifetime-over-13-months",
        "lifetime-over-declared",
    }


def test_a_well_known_tracker_declared_necessary_is_flagged() -> None:
    ga_as_necessary = service(
        "ga-necessary", "necessary", {"name": "_ga", "lifetime": "13 months"}, name="GA"
    )
    result = clean_scan()
    result.scenarios[0].writes.append(cookie("_ga", months=13))
    assert codes(check_scan(result, declaration(ga_as_necessary), KNOW)) == {
        ("tracker-declared-exempt", "_ga")
    }


def test_banner_mechanics() -> None:
    result = clean_scan()
    result.scenarios[0].banner = BannerSeen("consentry", BUTTON, None, True, ("audience",), None, 2)
    found = {f.code: f for f in check_scan(result, declaration(), KNOW)}
    assert set(found) == {
        "reject-not-first-layer",
        "pre-ticked",
        "no-policy-link",
        "several-consent-dialogs",
    }
    assert "second layer" in found["reject-not-first-layer"].message


def test_a_smaller_link_styled_reject_is_less_prominent() -> None:
    result = clean_scan()
    small = replace(REJECT, width=60, height=20, background="rgba(0, 0, 0, 0)", tag="a")
    result.scenarios[0].banner = replace(CLEAN_BANNER, reject=small)
    [finding] = check_scan(result, declaration(), KNOW)
    assert finding.code == "reject-less-prominent" and finding.severity == "warning"
    assert "width 60px" in finding.message and "<a>" in finding.message


def test_no_banner_is_said_when_the_site_asks_for_consent() -> None:
    result = scan(run("no-interaction", banner=BannerSeen("none"), choice_made=False))
    assert codes(check_scan(result, declaration(), KNOW)) == {("no-banner", "banner")}


def test_cname_cloaking_names_the_provider() -> None:
    result = clean_scan()
    result.scenarios[0].requests.append(request("https://metrics.site.test/hit", AFTER_CHOICE))
    assert cname_candidates(result, declaration()) == ["metrics.site.test"]
    [finding] = check_scan(
        result, declaration(), KNOW, {"metrics.site.test": "collector.tracker.test"}
    )
    assert (finding.code, finding.rule, finding.severity) == ("cname-cloaking", "R53", "error")
    assert "Collector Corp" in finding.message
    assert check_scan(result, declaration(), KNOW, {"metrics.site.test": "lb.site.test"}) == []


def test_fail_on_thresholds() -> None:
    result = clean_scan()
    result.scenarios[2].requests.append(request("https://fonts.example.org/f.css", AFTER_CHOICE))
    found = check_scan(result, declaration(), KNOW)
    assert at_or_above(found, "error") == []
    assert len(at_or_above(found, "warning")) == 1
    assert at_or_above(found, "never") == []


def test_unused_ads_declaration_is_only_a_warning() -> None:
    assert ADS["id"] == "ads"


def test_what_the_refuse_scenario_learnt_in_the_second_layer_is_reported() -> None:
    result = clean_scan()
    result.scenarios[0].banner = replace(CLEAN_BANNER, reject=None)
    result.scenarios[1].banner = replace(CLEAN_BANNER, reject=None, reject_in_second_layer=True)
    result.scenarios[3].banner = replace(CLEAN_BANNER, pre_ticked=("audience",))
    found = {f.code: f for f in check_scan(result, declaration(), KNOW)}
    assert set(found) == {"reject-not-first-layer", "pre-ticked"}
    assert "second layer" in found["reject-not-first-layer"].message


def test_what_could_not_be_observed_is_a_warning_not_silence() -> None:
    result = clean_scan()
    result.scenarios[4].notes.append("not observed: withdrawal (no visible control)")
    [finding] = check_scan(result, declaration(), KNOW)
    assert (finding.code, finding.severity, finding.scenario) == (
        "not-observed",
        "warning",
        "withdraw",
    )
