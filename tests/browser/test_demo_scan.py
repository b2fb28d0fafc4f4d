"""The demo scans clean: the scanner, run on `consentry demo`, finds nothing undeclared and no
tracker before consent, while it does see the trackers run once the visitor accepts."""

from __future__ import annotations

import pytest

from consentry.scanner.driver import BrowserOptions
from consentry.scanner.observations import ACCEPT_ALL, BEFORE_CHOICE, NO_INTERACTION, REFUSE
from consentry.scanner.pipeline import ScanRequest, scan_site
from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser


def test_the_demo_site_has_no_error_and_nothing_undeclared(demo: Demo, chromium: str) -> None:
    result = scan_site(
        ScanRequest((demo.url("/"),), max_pages=3, browser=BrowserOptions(executable=chromium)),
        demo.declaration,
        resolver=lambda host: None,
    )
    errors = [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]
    assert errors == []
    assert [f.message for f in result.findings if f.rule == "R51"] == []  # nothing undeclared
    runs = {run.name: run for run in result.scan.scenarios}
    assert all(run.choice_made for name, run in runs.items() if name != NO_INTERACTION)
    assert len(runs[NO_INTERACTION].steps) == 6  # three pages, each loaded and scrolled

    def third_party(name: str, phase: str | None = None) -> set[str]:
        return {
            r.host
            for r in runs[name].requests
            if not r.host.startswith("www.mastermi.") and phase in (None, r.phase)
        }

    # Nothing before a choice, nothing after a refusal; every stand-in once accepted.
    assert third_party(NO_INTERACTION) == set()
    assert third_party(ACCEPT_ALL, BEFORE_CHOICE) == set()
    assert third_party(REFUSE) == set()
    assert third_party(ACCEPT_ALL) >= {
        "www.youtube.localhost",
        "player.vimeo.localhost",
        "www.googletagmanager.localhost",
        "region1.google-analytics.localhost",
        "platform.linkedin.localhost",
        "www.linkedin.localhost",
        "platform.twitter.localhost",
    }
    stored = {s.name for s in runs[ACCEPT_ALL].stored if s.kind == "cookie"}
    assert {"_ga", "vuid", "YSC", "bcookie", "lidc"} <= stored
