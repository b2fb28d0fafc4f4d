"""Checks on the banner's mechanics: reject on the first layer, prominence, ticks, links."""

from __future__ import annotations

from dataclasses import replace

from consentry.scanner.checker import Checker
from consentry.scanner.findings import Evidence, Finding, make_finding
from consentry.scanner.prominence import compare_buttons


def banner_mechanics(checker: Checker) -> list[Finding]:
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
