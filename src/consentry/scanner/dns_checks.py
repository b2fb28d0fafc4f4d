"""CNAME cloaking (R53): first-party subdomains that are aliases of a tracker's host.

The edge resolves the candidates (`cname_candidates`) and passes the answers in.
"""

from __future__ import annotations

from collections.abc import Mapping

from consentry.declaration import Declaration
from consentry.scanner.checker import Checker
from consentry.scanner.classify import (
    declared_service_for_host,
    party_of,
    registrable_domain,
)
from consentry.scanner.findings import Evidence, Finding, make_finding
from consentry.scanner.observations import (
    SiteScan,
)


def cname_candidates(scan: SiteScan, declaration: Declaration) -> list[str]:
    """First-party hosts, other than the site's own, that received requests (R53)."""
    site = declaration.site.host
    hosts = {
        q.host
        for run in scan.scenarios
        for q in run.requests
        if q.host and q.host != site and party_of(q.host, declaration) == "first"
    }
    return sorted(hosts)


def cname_cloaking(checker: Checker, cnames: Mapping[str, str]) -> list[Finding]:
    findings = []
    for host, target in sorted(cnames.items()):
        if not target or party_of(target, checker.declaration) == "first":
            continue
        service = declared_service_for_host(target, checker.declaration)
        tracker = checker.knowledge.lookup_host(target)
        provider = (
            service.provider if service else tracker.provider if tracker else None
        ) or registrable_domain(target)
        known = service is not None or tracker is not None
        evidence = [Evidence("dns", f"http://{host}/", host, f"{host} CNAME {target}")]
        findings.append(
            make_finding(
                "cname-cloaking",
                "",
                host,
                f"{host} looks first-party but is an alias (CNAME) of {target}, run by "
                f"{provider}; name {provider} in the cookie policy, or stop the delegation",
                evidence,
                severity=None if known else "warning",
            )
        )
    return findings
