"""The checker: each observed item classified once, and what is new after a step.

Shared by the checks (`consent_checks`, `inventory_checks`, ...), which are pure functions
of a `Checker` built over one scan.
"""

from __future__ import annotations

from dataclasses import dataclass

from consentry.declaration import Declaration
from consentry.scanner.classify import (
    Classification,
    classify_item,
    classify_request,
)
from consentry.scanner.findings import Evidence
from consentry.scanner.knowledge import Knowledge
from consentry.scanner.observations import (
    PHASES,
    ItemKind,
    ScenarioRun,
    SiteScan,
    StoredItem,
    Write,
)


@dataclass(frozen=True)
class Item:
    """A cookie or storage key seen in a scenario, through a write or a snapshot."""

    scenario: str
    phase: str
    kind: ItemKind
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

    def item_class(self, kind: ItemKind, name: str, domain: str) -> Classification:
        key = (kind, name, domain)
        if key not in self._items:
            self._items[key] = classify_item(kind, name, domain, self.declaration, self.knowledge)
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
    before = phase_index(phase)
    earlier = {(s.kind, s.name, s.domain) for s in run.stored if phase_index(s.phase) < before}
    earlier |= {(w.kind, w.name, w.domain) for w in run.writes if phase_index(w.phase) < before}
    return [
        i
        for i in items_of(run)
        if i.phase == phase and (i.write is not None or (i.kind, i.name, i.domain) not in earlier)
    ]


def phase_index(phase: str) -> int:
    return PHASES.index(phase)
