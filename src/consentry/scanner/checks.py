"""The checks: recorded observations and the declaration in, findings out (pure functions).

`check_scan` runs every check. The edge resolves DNS before calling it and passes the CNAME
answers in (`cnames`), so nothing here touches the network, the clock or the browser.
"""

from __future__ import annotations

from collections.abc import Mapping

from consentry.declaration import Declaration
from consentry.scanner.banner_checks import banner_mechanics
from consentry.scanner.checker import Checker
from consentry.scanner.consent_checks import (
    after_refusal,
    after_withdrawal,
    before_choice,
    purpose_leaks,
)
from consentry.scanner.dns_checks import cname_candidates, cname_cloaking
from consentry.scanner.findings import Finding, make_finding
from consentry.scanner.inventory_checks import declared_not_seen, lifetimes, undeclared
from consentry.scanner.knowledge import Knowledge
from consentry.scanner.observations import (
    SiteScan,
)

__all__ = ["check_scan", "cname_candidates"]


def check_scan(
    scan: SiteScan,
    declaration: Declaration,
    knowledge: Knowledge,
    cnames: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every finding for a scan (unsorted; see `findings.sort_findings`)."""
    checker = Checker(scan, declaration, knowledge)
    findings: list[Finding] = []
    findings += before_choice(checker)
    findings += after_refusal(checker)
    findings += purpose_leaks(checker)
    findings += after_withdrawal(checker)
    findings += undeclared(checker)
    findings += declared_not_seen(checker)
    findings += lifetimes(checker)
    findings += banner_mechanics(checker)
    findings += cname_cloaking(checker, cnames or {})
    findings += _not_observed(scan)
    return findings


def _not_observed(scan: SiteScan) -> list[Finding]:
    return [
        make_finding("not-observed", run.name, run.name, note)
        for run in scan.scenarios
        for note in run.notes
        if note.startswith("not observed:")
    ]
