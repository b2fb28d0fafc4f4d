"""The checks: recorded observations and the declaration in, findings out (pure functions).

`check_scan` runs every check. The edge resolves DNS before calling it and passes the CNAME
answers in (`cnames`), so nothing here touches the network, the clock or the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from consentry.declaration import NECESSARY, Declaration, Duration
from consentry.scanner.classify import (
    CONSENT_PLATFORM,
    Classification,
    classify_item,
    classify_request,
    declared_service_for_host,
    party_of,
    registrable_domain,
)
from consentry.scanner.findings import Evidence, Finding, make_finding
from consentry.scanner.knowledge import Knowledge
from consentry.scanner.observations import (
    AFTER_CHOICE,
    AFTER_WITHDRAWAL,
    BEFORE_CHOICE,
    NO_INTERACTION,
    PURPOSE_PREFIX,
    REFUSE,
    WITHDRAW,
    RequestSeen,
    ScenarioRun,
    SiteScan,
    StoredItem,
    Write,
)
from consentry.scanner.prominence import compare_buttons

_DAY = 86400.0
_SLACK = 2 * _DAY
_MONTH = 365.2425 / 12 * _DAY
_CAP_MONTHS = 13


@dataclass(frozen=True)
class Item:
    """A cookie or storage key seen in a scenario, through a write or a snapshot."""

    scenario: str
    phase: str
    kind: str
    name: str
    domain: str
    evidence: Evidence
    write: Write | None = None
    stored: StoredItem | None = None


class Checker:
    """Runs the checks over one scan, classifying each item once."""

    def __init__(self, scan: SiteScan, declaration: Declaration, knowledge: Knowledge) -> None:
        self.scan = scan
        self.declaration = declaration
        self.knowledge = knowledge
        self._items: dict[tuple[str, str, str], Classification] = {}
        self._hosts: dict[str, Classification] = {}

    def item_class(self, kind: str, name: str, domain: str) -> Classification:
        key = (kind, name, domain)
        if key not in self._items:
            self._items[key] = classify_item(
                kind,  # type: ignore[arg-type]
                name,
                domain,
                self.declaration,
                self.knowledge,
            )
        return self._items[key]

    def request_class(self, url: str) -> Classification:
        if url not in self._hosts:
            self._hosts[url] = classify_request(url, self.declaration, self.knowledge)
        return self._hosts[url]


def items_of(run: ScenarioRun) -> list[Item]:
    """Every write (not deletions) and every snapshot entry of a scenario, as `Item`s."""
    items = [
        Item(
            run.name,
            w.phase,
            w.kind,
            w.name,
            w.domain,
            Evidence(
                w.kind,
                w.page_url,
                w.setter,
                w.raw,
                w.phase,
                f"blocked by the browser: {', '.join(w.blocked)}" if w.blocked else "",
            ),
            write=w,
        )
        for w in run.writes
        if not w.deleted
    ]
    items += [
        Item(
            run.name,
            s.phase,
            s.kind,
            s.name,
            s.domain,
            Evidence(s.kind, s.frame_url, "", "", s.phase, f"present after: {s.step}"),
            stored=s,
        )
        for s in run.stored
    ]
    return items


def new_after(run: ScenarioRun, phase: str) -> list[Item]:
    """Items written in `phase`, or found in its snapshots but neither seen nor written before."""
    before = _phase_index(phase)
    earlier = {(s.kind, s.name, s.domain) for s in run.stored if _phase_index(s.phase) < before}
    earlier |= {(w.kind, w.name, w.domain) for w in run.writes if _phase_index(w.phase) < before}
    return [
        i
        for i in items_of(run)
        if i.phase == phase and (i.write is not None or (i.kind, i.name, i.domain) not in earlier)
    ]


def _phase_index(phase: str) -> int:
    return [BEFORE_CHOICE, AFTER_CHOICE, AFTER_WITHDRAWAL].index(phase)


def check_scan(
    scan: SiteScan,
    declaration: Declaration,
    knowledge: Knowledge,
    cnames: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every finding for a scan (unsorted; see `findings.sort_findings`)."""
    checker = Checker(scan, declaration, knowledge)
    findings: list[Finding] = []
    findings += _before_choice(checker)
    findings += _after_refusal(checker)
    findings += _purpose_leaks(checker)
    findings += _after_withdrawal(checker)
    findings += _undeclared(checker)
    findings += _declared_not_seen(checker)
    findings += _lifetimes(checker)
    findings += _banner(checker)
    findings += _cname_cloaking(checker, cnames or {})
    findings += _not_observed(scan)
    return findings


def _group(
    checker: Checker,
    code: str,
    items: Iterable[Item],
    *,
    requests: Iterable[tuple[str, RequestSeen]],
    wanted: Callable[[Classification], bool],
    message: str,
) -> list[Finding]:
    """One finding per service (or per item when unattributed) among items passing `wanted`."""
    groups: dict[str, tuple[str, list[Evidence]]] = {}
    for item in items:
        cls = checker.item_class(item.kind, item.name, item.domain)
        if cls.known and wanted(cls):
            subject = cls.service_id or item.name
            groups.setdefault(subject, (item.scenario, []))[1].append(item.evidence)
    for scenario, request in requests:
        cls = checker.request_class(request.url)
        if cls.known and wanted(cls):
            subject = cls.service_id or request.host
            evidence = Evidence(
                f"request ({request.resource_type})",
                request.page_url,
                request.initiator,
                request.url,
                request.phase,
                "beacon" if request.is_beacon else "",
            )
            groups.setdefault(subject, (scenario, []))[1].append(evidence)
    return [
        make_finding(code, scenario, subject, message.format(subject=subject), evidence)
        for subject, (scenario, evidence) in groups.items()
    ]


def _needs_consent(cls: Classification) -> bool:
    return cls.needs_consent and cls.purpose != NECESSARY


def _before_choice(checker: Checker) -> list[Finding]:
    runs = sorted(checker.scan.scenarios, key=lambda r: r.name != NO_INTERACTION)
    items = [i for r in runs for i in items_of(r) if i.phase == BEFORE_CHOICE]
    requests = [(r.name, q) for r in runs for q in r.requests if q.phase == BEFORE_CHOICE]
    return _group(
        checker,
        "tracker-before-choice",
        items,
        requests=[],
        wanted=_needs_consent,
        message="{subject} wrote to the browser before the visitor made any choice",
    ) + _group(
        checker,
        "request-before-choice",
        [],
        requests=requests,
        wanted=_needs_consent,
        message="{subject} was contacted before the visitor made any choice",
    )


def _after_refusal(checker: Checker) -> list[Finding]:
    run = checker.scan.scenario(REFUSE)
    if run is None or not run.choice_made:
        return []
    requests = [(run.name, q) for q in run.requests if q.phase == AFTER_CHOICE]
    return _group(
        checker,
        "refusal-ignored",
        new_after(run, AFTER_CHOICE),
        requests=requests,
        wanted=_needs_consent,
        message="{subject} was active after the visitor refused (on reload and other pages)",
    )


def _purpose_leaks(checker: Checker) -> list[Finding]:
    findings: list[Finding] = []
    for run in checker.scan.scenarios:
        if not run.name.startswith(PURPOSE_PREFIX) or not run.choice_made:
            continue
        chosen = run.purpose

        def leaked(cls: Classification, chosen: str | None = chosen) -> bool:
            return _needs_consent(cls) and cls.purpose is not None and cls.purpose != chosen

        findings += _group(
            checker,
            "purpose-leak",
            new_after(run, AFTER_CHOICE),
            requests=[(run.name, q) for q in run.requests if q.phase == AFTER_CHOICE],
            wanted=leaked,
            message=f"{{subject}} was active although the visitor chose only “{chosen}”",
        )
    return findings


def _after_withdrawal(checker: Checker) -> list[Finding]:
    run = checker.scan.scenario(WITHDRAW)
    if run is None or not run.choice_made:
        return []
    active = new_after(run, AFTER_WITHDRAWAL)
    # First-party trackers the site could have deleted but left in place (R31).
    kept = [
        i
        for i in items_of(run)
        if i.stored is not None
        and i.phase == AFTER_WITHDRAWAL
        and party_of(i.domain, checker.declaration) == "first"
    ]
    requests = [(run.name, q) for q in run.requests if q.phase == AFTER_WITHDRAWAL]
    return _group(
        checker,
        "withdrawal-not-effective",
        [*active, *kept],
        requests=requests,
        wanted=_needs_consent,
        message="{subject} was still written, kept or contacted after the visitor withdrew",
    )


def _undeclared(checker: Checker) -> list[Finding]:
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


def _declared_not_seen(checker: Checker) -> list[Finding]:
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


def _lifetimes(checker: Checker) -> list[Finding]:
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


def _banner(checker: Checker) -> list[Finding]:
    run = next((r for r in checker.scan.scenarios if r.banner is not None), None)
    if run is None or run.banner is None:
        return []
    # The first layer as first seen; what other scenarios learnt by opening the second layer.
    others = [r.banner for r in checker.scan.scenarios if r.banner is not None]
    banner = replace(
        run.banner,
        reject_in_second_layer=any(b.reject_in_second_layer for b in others),
        pre_ticked=_ticked([b.pre_ticked for b in others]),
    )
    where = [Evidence("banner", checker.scan.url)]
    if banner.kind == "none":
        if not checker.declaration.consent_purposes:
            return []
        return [
            make_finding(
                "no-banner",
                run.name,
                "banner",
                "no consent banner was found (neither Consentry's DOM contract nor a "
                "first-layer button that accepts or refuses); only the no-interaction "
                "scenario was scanned",
                where,
            )
        ]
    findings = []
    if banner.reject is None:
        extra = (
            " (a reject control exists, but only in the second layer)"
            if banner.reject_in_second_layer
            else ""
        )
        findings.append(
            make_finding(
                "reject-not-first-layer",
                run.name,
                "reject-all",
                f"the first layer offers no reject-all button{extra}",
                where,
            )
        )
    elif banner.accept is not None:
        differences = compare_buttons(banner.accept, banner.reject)
        if differences:
            findings.append(
                make_finding(
                    "reject-less-prominent",
                    run.name,
                    "reject-all",
                    "reject differs from accept: " + "; ".join(differences),
                    where,
                )
            )
    if banner.pre_ticked:
        findings.append(
            make_finding(
                "pre-ticked",
                run.name,
                ", ".join(banner.pre_ticked),
                "these purposes were ticked before any choice: " + ", ".join(banner.pre_ticked),
                where,
            )
        )
    if banner.policy_link is None:
        findings.append(
            make_finding(
                "no-policy-link",
                run.name,
                "policy-link",
                "the banner has no link to the cookie policy",
                where,
            )
        )
    if banner.dialogs > 1:
        findings.append(
            make_finding(
                "several-consent-dialogs",
                run.name,
                "dialogs",
                f"{banner.dialogs} consent dialogs were visible at once",
                where,
            )
        )
    return findings


def _ticked(seen: list[tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """Every purpose found ticked in any scenario; None when no scenario could look."""
    looked = [s for s in seen if s is not None]
    return tuple(sorted({p for s in looked for p in s})) if looked else None


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


def _cname_cloaking(checker: Checker, cnames: Mapping[str, str]) -> list[Finding]:
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


def _not_observed(scan: SiteScan) -> list[Finding]:
    return [
        make_finding("not-observed", run.name, run.name, note)
        for run in scan.scenarios
        for note in run.notes
        if note.startswith("not observed:")
    ]
