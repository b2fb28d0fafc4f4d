"""The inventory: one row per cookie or storage key seen, and one per third-party host.

What a DPO puts in a register or the cookie policy: what it is (by the declaration, else the
catalog or cookie database, else unknown), first or third party, where and when it was seen,
the lifetime the site asked for and the (400-day capped) one the browser kept, its flags,
who set it, and whether the browser refused it. Pure: built from recorded observations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consentry.declaration import Declaration
from consentry.scanner.classify import classify_item, classify_request
from consentry.scanner.knowledge import Knowledge
from consentry.scanner.observations import ItemKind, SiteScan

_DAY = 86400.0


@dataclass
class InventoryRow:
    kind: str
    name: str
    domain: str
    party: str
    source: str
    service: str
    provider: str
    purpose: str
    exempt: bool
    declared: bool
    declared_lifetime: str
    requested_days: float | None = None
    stored_days: float | None = None
    secure: bool = False
    http_only: bool = False
    same_site: str = ""
    partition_key: str = ""
    setters: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    first_phase: str = ""


@dataclass
class HostRow:
    host: str
    party: str
    source: str
    service: str
    provider: str
    purpose: str
    declared: bool
    types: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    beacons: int = 0


def build_inventory(
    scan: SiteScan, declaration: Declaration, knowledge: Knowledge
) -> list[InventoryRow]:
    """Every cookie and storage item, merged over scenarios, sorted by party, kind and name."""
    rows: dict[tuple[str, str, str], InventoryRow] = {}

    def row(kind: ItemKind, name: str, domain: str) -> InventoryRow:
        key = (kind, name, domain)
        if key not in rows:
            cls = classify_item(kind, name, domain, declaration, knowledge)
            rows[key] = InventoryRow(
                kind,
                name,
                domain,
                cls.party,
                cls.source,
                cls.service_id or "",
                cls.provider or "",
                cls.purpose or "unknown",
                cls.exempt,
                cls.declared,
                str(cls.declared_lifetime) if cls.declared_lifetime else "",
            )
        return rows[key]

    for run in scan.scenarios:
        for w in run.writes:
            if w.deleted:
                continue
            r = row(w.kind, w.name, w.domain)
            _seen(r, run.name, w.phase)
            if w.requested_seconds is not None:
                days = w.requested_seconds / _DAY
                r.requested_days = max(r.requested_days or 0.0, days)
            if w.setter and w.setter not in r.setters:
                r.setters.append(w.setter)
            for reason in w.blocked:
                if reason not in r.blocked:
                    r.blocked.append(reason)
        for s in run.stored:
            r = row(s.kind, s.name, s.domain)
            _seen(r, run.name, s.phase)
            if s.expires is not None and s.kind == "cookie":
                # The jar's expiry relative to the scan is close enough to the capped lifetime.
                days = (s.expires - _epoch(scan.started_at)) / _DAY
                r.stored_days = max(r.stored_days or 0.0, round(days, 1))
            r.secure, r.http_only = r.secure or s.secure, r.http_only or s.http_only
            r.same_site = r.same_site or s.same_site
            r.partition_key = r.partition_key or s.partition_key
    return sorted(rows.values(), key=lambda r: (r.party, r.kind, r.name.lower(), r.domain))


def build_hosts(scan: SiteScan, declaration: Declaration, knowledge: Knowledge) -> list[HostRow]:
    """Every host contacted, with what it is and in which scenarios."""
    rows: dict[str, HostRow] = {}
    for run in scan.scenarios:
        for q in run.requests:
            if q.host not in rows:
                cls = classify_request(q.url, declaration, knowledge)
                rows[q.host] = HostRow(
                    q.host,
                    cls.party,
                    cls.source,
                    cls.service_id or "",
                    cls.provider or "",
                    cls.purpose or "unknown",
                    cls.declared,
                )
            r = rows[q.host]
            if q.resource_type not in r.types:
                r.types.append(q.resource_type)
            if run.name not in r.scenarios:
                r.scenarios.append(run.name)
            r.beacons += q.is_beacon
    return sorted(rows.values(), key=lambda r: (r.party, r.host))


def unknowns(rows: list[InventoryRow], hosts: list[HostRow]) -> list[str]:
    """What nothing could classify: to review and add to the declaration."""
    items = [f"{r.kind} {r.name} ({r.domain})" for r in rows if r.source == "unknown"]
    return items + [f"host {h.host}" for h in hosts if h.source == "unknown"]


def _seen(row: InventoryRow, scenario: str, phase: str) -> None:
    if scenario not in row.scenarios:
        row.scenarios.append(scenario)
    if not row.first_phase or phase == "before-choice":
        row.first_phase = phase


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()
