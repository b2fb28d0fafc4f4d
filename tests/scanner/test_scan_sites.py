"""The scanner against local fixture sites in Debian's Chromium (loopback only).

The compliant site must give no error; the non-compliant one exactly its six planted faults
(issue 5, "Done when"). Each site is scanned once per module, through the `consentry scan`
command, so the CLI, the JSON report and the exit status are checked on the way.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from consentry.cli import app
from consentry.scanner.driver import BrowserOptions
from consentry.scanner.pipeline import ScanRequest, scan_site
from consentry.scanner.reports import schema
from consentry.scanner.scenarios import ScenarioPlan
from tests.scanner.fixture_sites import resolver_rules, serve

pytestmark = pytest.mark.browser


def _scan_cli(
    variant: str, chromium: str, out: Path, *extra: str
) -> tuple[int, dict[str, Any], str]:
    with serve(variant) as site:
        config = out / "consentry.toml"
        config.write_text(
            (Path(__file__).parent / "fixtures" / variant / "consentry.toml")
            .read_text(encoding="utf-8")
            .replace("{port}", str(site.port)),
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            app,
            [
                "scan",
                site.url,
                "--config",
                str(config),
                "--out",
                str(out),
                "--format",
                "html,json,csv,junit",
                "--browser",
                chromium,
                "--browser-arg",
                resolver_rules(),
                "--ignore-https-errors",
                *extra,
            ],
        )
    report = json.loads((out / "consentry-scan.json").read_text(encoding="utf-8"))
    return result.exit_code, report, result.output


@pytest.fixture(scope="module")
def compliant(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("compliant")
    yield (*_scan_cli("compliant", chromium, out), out)


@pytest.fixture(scope="module")
def noncompliant(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("noncompliant")
    yield (*_scan_cli("noncompliant", chromium, out), out)


def _items(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in report["inventory"]}


def test_the_compliant_site_has_no_error_and_exits_0(compliant: Any) -> None:
    code, report, output = compliant[:3]
    assert [f for f in report["findings"] if f["severity"] == "error"] == [], output
    assert code == 0, output
    assert report["summary"]["scenarios"] == [
        "no-interaction",
        "refuse",
        "accept-all",
        "purpose:functional",
        "purpose:audience",
        "purpose:support",
        "purpose:advertising",
        "withdraw",
    ]
    assert all(s["choice_made"] for s in report["observations"]["scenarios"][1:])


def test_every_kind_of_item_is_observed_with_its_origin(compliant: Any) -> None:
    items = _items(compliant[1])
    # a header cookie (HttpOnly), a script cookie with the script that set it, Web Storage
    assert items["sid"]["http_only"] and items["sid"]["requested_days"] is None
    assert items["_st_id"]["setters"][0].endswith("/stats.js")
    assert items["_st_id"]["requested_days"] == pytest.approx(390)
    assert items["chat_seen"]["kind"] == "localStorage" and items["chat_seen"]["declared"]
    # a third-party cookie set by a pixel is stored: the seeded profile allows them
    assert items["ad_id"]["party"] == "third" and items["ad_id"]["stored_days"] is not None
    assert items["ad_id"]["domain"] == "ads.tracker.test"
    assert items["cookie_consent"]["source"] == "consentry"
    # inside a cross-site (out-of-process) iframe: its header cookie and its script's storage
    assert items["vid"]["domain"] == "video.tracker.test" and items["vid"]["declared"]
    assert items["vid"]["setters"][0].endswith("/embed.html")
    assert items["vid"]["stored_days"] is not None
    prefs = items["player_prefs"]
    assert (prefs["kind"], prefs["domain"], prefs["declared"]) == (
        "localStorage",
        "video.tracker.test",
        True,
    )
    assert prefs["setters"][0].endswith("/player.js")
    assert prefs["scenarios"] == ["accept-all", "purpose:functional", "withdraw"]


def test_requests_carry_their_type_initiator_and_phase(compliant: Any) -> None:
    scenarios = {s["name"]: s for s in compliant[1]["observations"]["scenarios"]}
    accepted = scenarios["accept-all"]["requests"]
    beacon = next(r for r in accepted if r["url"].endswith("/collect"))
    assert beacon["resource_type"] == "ping" and beacon["phase"] == "after-choice"
    assert beacon["initiator"].endswith("/stats.js")
    before = [r["host"] for r in scenarios["no-interaction"]["requests"]]
    assert "metrics.site.test" in before  # the exempt measurement runs at once
    assert not {"analytics.tracker.test", "ads.tracker.test"} & set(before)


def test_the_reports_are_written_stamped_and_valid(compliant: Any) -> None:
    report, out = compliant[1], compliant[3]
    jsonschema.validate(report, schema())
    assert report["stamp"]["tool"].startswith("consentry ")
    assert report["stamp"]["browser"].startswith("Chromium ")
    for name in ("consentry-scan.html", "consentry-cookies.csv", "consentry-scan.junit.xml"):
        assert (out / name).stat().st_size > 0
    html = (out / "consentry-scan.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 8  # one banner screenshot per scenario
    assert "<script" not in html
    csv = (out / "consentry-cookies.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].startswith("kind,name,domain,party")
    assert "_st_id" in csv


EXPECTED = {
    ("tracker-before-choice", "chat"),  # the chat widget writes before any choice
    ("refusal-ignored", "stats"),  # a refusal read as consent to audience measurement
    ("undeclared-tracker", "_st_extra"),  # a cookie nobody declared
    ("lifetime-over-13-months", "_ad_click"),  # a 25-month cookie (a warning, see below)
    ("reject-not-first-layer", "reject-all"),  # reject only in the second layer
    ("withdrawal-not-effective", "stats"),  # withdrawal leaves _st_id behind
}


def test_the_noncompliant_site_yields_exactly_its_planted_faults(noncompliant: Any) -> None:
    code, report, output = noncompliant[:3]
    found = {(f["code"], f["subject"]) for f in report["findings"]}
    assert found == EXPECTED, output
    assert code == 1
    # over 13 months is a CNIL recommendation for a consent-based cookie: a warning
    severities = {f["code"]: f["severity"] for f in report["findings"]}
    assert severities.pop("lifetime-over-13-months") == "warning"
    assert set(severities.values()) == {"error"}


def test_each_planted_fault_comes_with_its_evidence(noncompliant: Any) -> None:
    findings = {f["code"]: f for f in noncompliant[1]["findings"]}
    before = findings["tracker-before-choice"]
    assert (before["rule"], before["scenario"]) == ("R01", "no-interaction")
    assert before["evidence"][0]["setter"].endswith("/site.js")
    assert before["evidence"][0]["what"] == "localStorage"
    refused = findings["refusal-ignored"]
    assert refused["scenario"] == "refuse"
    assert any(e["raw"].endswith("/stats.js") for e in refused["evidence"])
    assert any(e["page_url"].endswith("/article.html") for e in refused["evidence"])
    lifetime = findings["lifetime-over-13-months"]
    assert "Max-Age=65664000" in lifetime["evidence"][0]["raw"]
    assert "25.0 months" in lifetime["message"]
    assert findings["reject-not-first-layer"]["rule"] == "R12"
    assert "second layer" in findings["reject-not-first-layer"]["message"]
    withdrawn = findings["withdrawal-not-effective"]
    assert withdrawn["scenario"] == "withdraw"
    assert {e["phase"] for e in withdrawn["evidence"]} == {"after-withdrawal"}
    undeclared = findings["undeclared-tracker"]
    assert undeclared["evidence"][0]["setter"].endswith("/site.js")


def test_junit_fails_the_rules_that_found_errors(noncompliant: Any) -> None:
    xml = (noncompliant[3] / "consentry-scan.junit.xml").read_text(encoding="utf-8")
    assert 'failures="5"' in xml  # --fail-on error: the five errors, not the warning
    assert 'name="refusal-ignored:' in xml


def _scan(chromium: str, variant: str, plans: list[str], **kw: Any) -> Any:
    with serve(variant) as site:
        return scan_site(
            ScanRequest(
                (site.url,),
                max_pages=1,
                browser=BrowserOptions(chromium, (resolver_rules(),), ignore_https_errors=True),
            ),
            site.declaration(),
            plans=[ScenarioPlan(p, p.split(":")[1] if ":" in p else None) for p in plans],
            **kw,
        )


def test_a_first_party_host_aliased_to_a_tracker_is_cname_cloaking(chromium: str) -> None:
    aliases = {"metrics.site.test": "site-test.eulerian.net"}
    result = _scan(chromium, "compliant", ["no-interaction"], resolver=aliases.get)
    [finding] = [f for f in result.findings if f.code == "cname-cloaking"]
    assert (finding.rule, finding.severity, finding.subject) == (
        "R53",
        "error",
        "metrics.site.test",
    )
    assert "Eulerian" in finding.message


def test_without_a_banner_only_the_no_interaction_scenario_is_kept(chromium: str) -> None:
    result = _scan(chromium, "nobanner", ["no-interaction", "refuse"], resolver=lambda h: None)
    assert [s.name for s in result.scan.scenarios] == ["no-interaction"]
    assert {f.code for f in result.findings} == {"no-banner"}


def test_another_cmps_banner_is_operated_by_its_wording(chromium: str) -> None:
    result = _scan(
        chromium, "othercmp", ["no-interaction", "refuse", "accept-all"], resolver=lambda h: None
    )
    runs = {s.name: s for s in result.scan.scenarios}
    assert runs["no-interaction"].banner is not None
    assert runs["no-interaction"].banner.kind == "generic"
    assert runs["refuse"].choice_made and runs["accept-all"].choice_made
    accepted_hosts = {q.host for q in runs["accept-all"].requests}
    refused_hosts = {q.host for q in runs["refuse"].requests}
    assert "analytics.tracker.test" in accepted_hosts - refused_hosts


def test_a_scan_started_from_running_async_code_still_runs(chromium: str) -> None:
    """Playwright's sync API or a notebook keep an event loop running in the caller's thread.

    The caller runs in a thread of its own here: the test's thread may already have a loop
    running (another module's Playwright sync API), where `asyncio.run` itself is refused.
    """
    results: list[Any] = []

    async def from_async_code() -> None:
        results.append(_scan(chromium, "compliant", ["no-interaction"], resolver=lambda h: None))

    caller = threading.Thread(target=lambda: asyncio.run(from_async_code()))
    caller.start()
    caller.join(timeout=300)
    [result] = results
    assert [s.name for s in result.scan.scenarios] == ["no-interaction"]
    assert [f for f in result.findings if f.severity == "error"] == []


def test_on_one_page_paired_scenarios_are_one_journey_cut_at_its_own_choice(
    chromium: str,
) -> None:
    """no-interaction is the refuse journey before its refusal; accept-all is the withdraw
    journey before its withdrawal, which comes after the accepted page was reloaded."""
    names = ["no-interaction", "refuse", "accept-all", "withdraw"]
    result = _scan(chromium, "compliant", names, resolver=lambda h: None)
    runs = {s.name: s for s in result.scan.scenarios}
    assert list(runs) == names
    browsed, refused = runs["no-interaction"], runs["refuse"]
    assert browsed.steps == ["landing page", "scroll to the bottom"]
    assert refused.steps == [*browsed.steps, "after choice (refuse)", "reload"]
    assert {q.phase for q in browsed.requests} == {"before-choice"}
    assert refused.requests[: len(browsed.requests)] == browsed.requests
    assert len(refused.requests) > len(browsed.requests)  # the reload after the refusal
    assert not browsed.choice_made and refused.choice_made
    accepted, withdrawn = runs["accept-all"], runs["withdraw"]
    assert accepted.steps == ["landing page", "after choice (accept-all)", "reload"]
    assert withdrawn.steps == [*accepted.steps, "after withdrawal", "reload"]
    assert {q.phase for q in accepted.requests} == {"before-choice", "after-choice"}
    assert "after-withdrawal" in {q.phase for q in withdrawn.requests}
    assert accepted.choice_made and withdrawn.choice_made
    # what accept-all saw is what the withdraw journey saw before its withdrawal
    assert accepted.stored == [s for s in withdrawn.stored if s.phase != "after-withdrawal"]
    assert [f for f in result.findings if f.severity == "error"] == []
