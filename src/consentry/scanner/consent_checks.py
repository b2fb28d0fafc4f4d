"""Checks on the consent scenarios: before a choice, after refusal, per purpose, withdrawal."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from consentry.declaration import NECESSARY
from consentry.scanner.checker import Checker, Item, items_of, new_after
from consentry.scanner.classify import (
    Classification,
    party_of,
)
from consentry.scanner.findings import Evidence, Finding, make_finding
from consentry.scanner.observations import (
    AFTER_CHOICE,
    AFTER_WITHDRAWAL,
    BEFORE_CHOICE,
    NO_INTERACTION,
    PURPOSE_PREFIX,
    REFUSE,
    WITHDRAW,
    RequestSeen,
)


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


def before_choice(checker: Checker) -> list[Finding]:
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


def after_refusal(checker: Checker) -> list[Finding]:
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


def purpose_leaks(checker: Checker) -> list[Finding]:
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


def after_withdrawal(checker: Checker) -> list[Finding]:
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
