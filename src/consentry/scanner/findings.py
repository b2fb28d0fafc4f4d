"""Findings: what the scan proves against the declaration and the law, with its evidence.

Each finding carries a stable `code`, the requirement it checks (`rule`, R01–R69 of the shared
requirements), the legal `source`, a `severity`, the `scenario` it was seen in, a `subject`
(a service, cookie, host or banner control) and the evidence: the setter URL or script, the
raw Set-Cookie header or `document.cookie` argument, the page. The table of codes lives in
`data/findings.toml`; the checks themselves are pure functions in `checks.py`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 2, "warning": 1, "info": 0}


@dataclass(frozen=True)
class Evidence:
    """One observation backing a finding."""

    what: str
    page_url: str
    setter: str = ""
    raw: str = ""
    phase: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Rule:
    """An entry of the rulebook: the requirement, legal source, default severity and title."""

    code: str
    rule: str
    severity: Severity
    title: str
    source: str


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    source: str
    severity: Severity
    scenario: str
    subject: str
    message: str
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def title(self) -> str:
        return rulebook()[self.code].title


@cache
def rulebook() -> dict[str, Rule]:
    """Every finding code the scanner can report, from `data/findings.toml`."""
    text = (files("consentry.scanner") / "data" / "findings.toml").read_text(encoding="utf-8")
    return {
        code: Rule(code, v["rule"], v["severity"], v["title"], v["source"])
        for code, v in tomllib.loads(text).items()
    }


def make_finding(
    code: str,
    scenario: str,
    subject: str,
    message: str,
    evidence: list[Evidence] | tuple[Evidence, ...] = (),
    *,
    severity: Severity | None = None,
) -> Finding:
    """A finding with its rule, source and (unless overridden) severity from the rulebook."""
    rule = rulebook()[code]
    return Finding(
        code,
        rule.rule,
        rule.source,
        severity or rule.severity,
        scenario,
        subject,
        message,
        tuple(evidence[:20]),  # enough to act on; the JSON observations keep everything
    )


def at_or_above(findings: list[Finding], threshold: str) -> list[Finding]:
    """Findings whose severity reaches `threshold` ("error", "warning"); "never" gives none."""
    if threshold == "never":
        return []
    level = SEVERITY_ORDER[threshold]
    return [f for f in findings if SEVERITY_ORDER[f.severity] >= level]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by code and subject, so reports and tests read in a stable order."""
    return sorted(findings, key=lambda f: (-SEVERITY_ORDER[f.severity], f.code, f.subject))
