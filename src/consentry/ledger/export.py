"""Stream records out for an auditor, as JSON Lines or CSV, in constant memory.

Both writers consume an iterator (the store streams rows from a server-side cursor) and write
each record as it comes, so a million records need no more memory than one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Literal, TextIO

import orjson

from consentry.ledger.records import StoredRecord

ExportFormat = Literal["jsonl", "csv"]

COLUMNS = (
    "seq",
    "record_id",
    "consent_id",
    "mechanism",
    "purposes",
    "services",
    "policy_version",
    "texts_hash",
    "language",
    "page_url",
    "client_time",
    "received_at",
    "expires_at",
    "site",
    "user_agent",
    "ip",
    "gpc",
    "sec_gpc",
    "chain_hash",
)


def export(records: Iterable[StoredRecord], out: TextIO, fmt: ExportFormat) -> int:
    """Write `records` to `out` in `fmt`; return how many were written."""
    return write_csv(records, out) if fmt == "csv" else write_jsonl(records, out)


def write_jsonl(records: Iterable[StoredRecord], out: TextIO) -> int:
    """One JSON object per line, the fields of a receipt's records."""
    count = 0
    for record in records:
        out.write(orjson.dumps(record.to_json()).decode())
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[StoredRecord], out: TextIO) -> int:
    """A header row, then one row per record; choices as compact JSON, booleans as true/false."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        data = record.to_json()
        writer.writerow(_cell(data[name], name) for name in COLUMNS)
        count += 1
    return count


def _cell(value: object, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if name in ("purposes", "services"):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    return str(value)
