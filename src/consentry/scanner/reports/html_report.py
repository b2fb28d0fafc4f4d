"""The HTML report: one self-contained file (inline CSS, screenshots as data: URIs, no script).

Its Content-Security-Policy allows no script at all, images only as data: URIs, and the one
style sheet by its hash.

Jinja2 autoescapes everything: cookie names, URLs and banner texts come from the scanned site
and must never become markup in the report.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from consentry.scanner.inventory import HostRow, InventoryRow, unknowns
from consentry.scanner.observations import (
    AFTER_CHOICE,
    AFTER_WITHDRAWAL,
    BEFORE_CHOICE,
    ScenarioRun,
)
from consentry.scanner.pipeline import ScanResult

_ENV = Environment(
    loader=PackageLoader("consentry.scanner.reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


_PHASES = (BEFORE_CHOICE, AFTER_CHOICE, AFTER_WITHDRAWAL)


@dataclass(frozen=True)
class ScenarioView:
    run: ScenarioRun
    items: list[dict[str, Any]]
    hosts: Sequence[tuple[str, str, str, int]]


def _scenario_view(run: ScenarioRun, inventory: list[InventoryRow]) -> ScenarioView:
    rows = {(r.kind, r.name, r.domain): r for r in inventory}
    items: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for w in run.writes:
        if not w.deleted:
            key = (w.kind, w.name, w.domain, w.phase)
            items.setdefault(key, {"row": rows.get(key[:3]), "phase": w.phase, "via": set()})
            items[key]["via"].add(w.via)
    for s in run.stored:
        key = (s.kind, s.name, s.domain, s.phase)
        items.setdefault(key, {"row": rows.get(key[:3]), "phase": s.phase, "via": set()})
        items[key]["via"].add("kept")
    counts = Counter((q.phase, q.host, q.resource_type) for q in run.requests)
    hosts = sorted(
        ((phase, host, kind, n) for (phase, host, kind), n in counts.items()),
        key=lambda h: (_PHASES.index(h[0]), h[1], h[2]),
    )
    ordered = sorted(
        items.values(), key=lambda i: (_PHASES.index(i["phase"]), i["row"].name if i["row"] else "")
    )
    return ScenarioView(run, ordered, hosts)


def render_html(result: ScanResult, inventory: list[InventoryRow], hosts: list[HostRow]) -> str:
    template = _ENV.get_template("report.html")
    css = (files("consentry.scanner.reports") / "templates" / "report.css").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return template.render(
        css=css,
        css_hash=f"sha256-{digest}",
        result=result,
        findings=result.findings,
        errors=sum(f.severity == "error" for f in result.findings),
        warnings=sum(f.severity == "warning" for f in result.findings),
        scenarios=[_scenario_view(r, inventory) for r in result.scan.scenarios],
        inventory=inventory,
        hosts=hosts,
        unknowns=unknowns(inventory, hosts),
    )
