"""The CSV cookie inventory: one row per cookie or storage key, for a spreadsheet or register."""

from __future__ import annotations

import csv
import io

from consentry.scanner.inventory import InventoryRow

COLUMNS = (
    "kind",
    "name",
    "domain",
    "party",
    "service",
    "provider",
    "purpose",
    "exempt",
    "declared",
    "declared_lifetime",
    "requested_days",
    "stored_days",
    "secure",
    "http_only",
    "same_site",
    "partition_key",
    "classified_by",
    "set_by",
    "blocked_by_browser",
    "scenarios",
    "first_seen",
)


def render_csv(rows: list[InventoryRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.kind,
                _safe(r.name),
                r.domain,
                r.party,
                r.service,
                _safe(r.provider),
                r.purpose,
                "yes" if r.exempt else "no",
                "yes" if r.declared else "no",
                r.declared_lifetime,
                "" if r.requested_days is None else f"{r.requested_days:.1f}",
                "" if r.stored_days is None else f"{r.stored_days:.1f}",
                "yes" if r.secure else "no",
                "yes" if r.http_only else "no",
                r.same_site,
                r.partition_key,
                r.source,
                " ".join(r.setters),
                " ".join(r.blocked),
                " ".join(r.scenarios),
                r.first_phase,
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas: names come from the scanned site, not from us."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
