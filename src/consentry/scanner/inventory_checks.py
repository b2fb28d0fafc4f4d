"""Checks against the declared inventory: undeclared, never seen, lifetimes, exemptions."""

from __future__ import annotations

from datetime import UTC, datetime

from consentry.declaration import Duration
from consentry.scanner.checker import Checker, Item, items_of
from consentry.scanner.classify import (
    CONSENT_PLATFORM,
    Classification,
)
from consentry.scanner.findings import Evidence, Finding, make_finding
from consentry.scanner.observations import (
    NO_INTERACTION,
    Write,
)

_DAY = 86400.0
_SLACK = 2 * _DAY
_MONTH = 365.2425 / 12 * _DAY
_CAP_MONTHS = 13


def undeclared(checker: Checker) -> list[Finding]:
    items: dict[tuple[str, str], list[Item]] = {}
    for run in checker.scan.scenarios:
        for item in items_of(run):
            cls = checker.item_class(item.kind, item.name, item.domain)
            if not cls.declared:
                items.setdefault((item.kind, item.name), []).append(item)
    findings = []
    for (kind, name), seen in items.items():
        cls = checker.item_class(seen[0].kind, name, seen[0].domain)
        guess = (
            f"; the {cls.source} says: {cls.provider or cls.service_id} ({cls.purpose})"
            if cls.known
            else "; unknown to the catalog and the cookie database: classify it"
        )
        findings.append(
            make_finding(
                "undeclared-tracker",
                seen[0].scenario,
                name,
                f"{kind} “{name}” on {seen[0].domain} is in no declared service{guess}",
                [i.evidence for i in seen],
            )
        )
    hosts: dict[str, tuple[str, Classification, list[Evidence]]] = {}
    for run in checker.scan.scenarios:
        for q in run.requests:
            cls = checker.request_class(q.url)
            if cls.party == "third" and not cls.declared:
                entry = hosts.setdefault(q.host, (run.name, cls, []))
                entry[2].append(
                    Evidence("request", q.page_url, q.initiator, q.url, q.phase, q.resource_type)
                )
    for host, (scenario, cls, evidence) in hosts.items():
        tracker = cls.known
        findings.append(
            make_finding(
                "undeclared-host",
                scenario,
                host,
                f"{host} was contacted but no declared service lists it"
                + (f"; it is a known tracker ({cls.provider}, {cls.purpose})" if tracker else ""),
                evidence,
                severity="error" if tracker else None,
            )
        )
    return findings


def declared_not_seen(checker: Checker) -> list[Finding]:
    accepted = checker.scan.scenario("accept-all")
    if accepted is None or not accepted.choice_made:
        return []
    seen: set[tuple[str, str]] = set()
    for run in checker.scan.scenarios:
        for item in items_of(run):
            cls = checker.item_class(item.kind, item.name, item.domain)
            if cls.declared and cls.service_id:
                seen.add((cls.service_id, item.name))
    findings = []
    for service in checker.declaration.services:
        for cookie in service.cookies:
            if service.cookie_exempt(cookie) == "consent-choice":
                continue  # an opt-out cookie appears only after an opt-out, which no scenario does
            if not any(sid == service.id and cookie.matches(n) for sid, n in seen):
                findings.append(
                    make_finding(
                        "declared-not-seen",
                        "accept-all",
                        f"{service.id}/{cookie.name}",
                        f"{cookie.type} “{cookie.name}” of {service.name} is declared but was "
                        "not seen in any scenario, even after accepting everything",
                    )
                )
    return findings


def requested_over(write: Write, limit: Duration) -> bool:
    """True when a write asked to live longer than `limit`, in calendar months.

    Two days of slack: sites write "6 months" as 6 average months (182.6 days) or 180 days,
    and the calendar gives 181-184 days; only a real overrun should be reported.
    """
    if write.requested_seconds is None or limit.is_persistent:
        return False
    if limit.is_session:
        return True
    start = datetime.fromtimestamp(write.time, UTC)
    allowed = (limit.after(start) - start).total_seconds() + _SLACK
    return write.requested_seconds > allowed


def lifetimes(checker: Checker) -> list[Finding]:
    over_cap: dict[str, tuple[str, float, bool, list[Evidence]]] = {}
    over_declared: dict[str, tuple[str, float, Duration, list[Evidence]]] = {}
    cap = Duration(_CAP_MONTHS, "months")
    for run in checker.scan.scenarios:
        for item in items_of(run):
            write = item.write
            if write is None or write.kind != "cookie" or write.requested_seconds is None:
                continue
            cls = checker.item_class(item.kind, item.name, item.domain)
            if cls.service_id == CONSENT_PLATFORM:
                continue
            months = write.requested_seconds / _MONTH
            if requested_over(write, cap):
                entry = over_cap.setdefault(item.name, (run.name, months, cls.exempt, []))
                entry[3].append(item.evidence)
            declared = cls.declared_lifetime
            if declared is not None and requested_over(write, declared):
                found = over_declared.setdefault(item.name, (run.name, months, declared, []))
                found[3].append(item.evidence)
    # Exempt: 13 months is a condition of the exemption (R39), so an error. Consent-based:
    # the CNIL recommends 13 months for trackers, without binding force: a warning.
    findings = [
        make_finding(
            "lifetime-over-13-months",
            scenario,
            name,
            f"“{name}” asks to live {months:.1f} months; "
            + (
                "an exempt tracker may live 13 months at most"
                if exempt
                else "the CNIL recommends 13 months at most"
            ),
            ev,
            severity=None if exempt else "warning",
        )
        for name, (scenario, months, exempt, ev) in over_cap.items()
    ]
    findings += [
        make_finding(
            "lifetime-over-declared",
            scenario,
            name,
            f"“{name}” asks to live {months:.1f} months but is declared for {declared}",
            ev,
        )
        for name, (scenario, months, declared, ev) in over_declared.items()
    ]
    return findings + _exempt_trackers(checker)


def _exempt_trackers(checker: Checker) -> list[Finding]:
    found: dict[str, list[Evidence]] = {}
    for run in checker.scan.scenarios:
        for item in items_of(run):
            cls = checker.item_class(item.kind, item.name, item.domain)
            if cls.declared and cls.exempt and cls.well_known_tracker:
                found.setdefault(item.name, []).append(item.evidence)
    return [
        make_finding(
            "tracker-declared-exempt",
            NO_INTERACTION,
            name,
            f"“{name}” is a well-known advertising or analytics identifier but is declared "
            "necessary or exempt",
            ev,
        )
        for name, ev in found.items()
    ]
