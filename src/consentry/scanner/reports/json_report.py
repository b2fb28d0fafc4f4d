"""The JSON report: everything, in a versioned shape described by `scan-report.schema.json`.

`schema_version` changes only when a field is removed or changes meaning; new fields may be
added within a version. The raw observations are included (without screenshots), so a stored
report can be re-checked later with `scan_from_dict` and a newer rulebook.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib.resources import files
from typing import Any

from consentry.scanner.inventory import HostRow, InventoryRow, unknowns
from consentry.scanner.observations import to_dict
from consentry.scanner.pipeline import ScanResult

SCHEMA_VERSION = 1
SCHEMA_ID = "https://consentry.example/schemas/scan-report-1.json"


def schema() -> dict[str, Any]:
    """The JSON Schema of the report (shipped beside this module)."""
    text = (files("consentry.scanner.reports") / "scan-report.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def report_data(
    result: ScanResult, inventory: list[InventoryRow], hosts: list[HostRow]
) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    observations = to_dict(result.scan)
    for run in observations["scenarios"]:
        if run.get("banner"):
            run["banner"].pop("screenshot_png", None)
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "stamp": result.stamp,
        "site": {
            "url": result.scan.url,
            "declaration": result.declaration.source_file,
            "policy_version": result.declaration.policy_version,
        },
        "summary": {
            "errors": errors,
            "warnings": warnings,
            "scenarios": [s.name for s in result.scan.scenarios],
            "seconds": round(result.scan.seconds, 2),
        },
        "findings": [
            {**asdict(f), "title": f.title, "evidence": [asdict(e) for e in f.evidence]}
            for f in result.findings
        ],
        "inventory": [asdict(r) for r in inventory],
        "hosts": [asdict(h) for h in hosts],
        "unknowns": unknowns(inventory, hosts),
        "cnames": result.cnames,
        "notes": result.scan.notes,
        "observations": observations,
    }


def render_json(result: ScanResult, inventory: list[InventoryRow], hosts: list[HostRow]) -> str:
    return json.dumps(report_data(result, inventory, hosts), ensure_ascii=False, indent=2)
