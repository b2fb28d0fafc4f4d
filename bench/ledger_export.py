"""Export memory: peak Python memory while exporting N and 10·N records, as a ratio.

    .venv/bin/python bench/ledger_export.py [--records 100000]

Fills a SQLite ledger in a temporary folder (batches of 1000), then exports it twice to
/dev/null (JSON Lines), measuring the peak of Python allocations with tracemalloc; constant
memory means a ratio near 1, whatever the count. Outside the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import orjson

from consentry.declaration import parse_declaration
from consentry.ledger import Intake, RequestFacts, VersionArchive, export, open_store

CONFIG = """\
[site]
name = "Banc d'essai"
url = "https://www.site.test"
policy_updated = 2025-10-01
[controller]
name = "Éditeur SAS"
email = "contact@site.test"
[[services]]
use = "youtube"
"""


def body(version: str) -> bytes:
    return orjson.dumps(
        {
            "record_id": str(uuid.uuid4()),
            "consent_id": "a" * 32,
            "secret": "b" * 32,
            "mechanism": "custom",
            "purposes": {"functional": True},
            "services": {"youtube": True},
            "policy_version": version,
            "texts_hash": "c" * 64,
            "language": "fr",
            "page_url": "https://www.site.test/cours",
            "client_time": "2026-11-26T14:00:00.000Z",
            "gpc": False,
        }
    )


def peak_export(store_url: str, key: Path) -> tuple[int, int, float]:
    store = open_store(store_url, key)
    try:
        tracemalloc.start()
        started = time.perf_counter()
        with open("/dev/null", "w", encoding="utf-8") as sink:
            count = export(store.iter_range(), sink, "jsonl")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        store.close()
    return count, peak, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    declaration = parse_declaration(CONFIG, "bench.toml")
    work = Path(tempfile.mkdtemp(prefix="consentry-export-"))
    try:
        url, key = f"sqlite:///{work / 'ledger.sqlite3'}", work / "ledger.key"
        store = open_store(url, key)
        store.archive_version(VersionArchive.of(declaration), datetime.now(UTC))
        intake = Intake(declaration, store.versions())
        facts = RequestFacts(datetime.now(UTC), "Firefox/128.0", None, None)
        template = intake.record(intake.parse(body(declaration.policy_version)), facts)
        results = []
        written = 0
        for target in (args.records, args.records * 10):
            while written < target:
                batch = [
                    replace(template, record_id=str(uuid.uuid4()))
                    for _ in range(min(1000, target - written))
                ]
                store.append(batch)
                written += len(batch)
            results.append(peak_export(url, key))
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (n1, p1, t1), (n2, p2, t2) = results
    print(f"{n1:>9} records: peak {p1 / 1024:8.0f} KiB, {n1 / t1:8.0f} records/s")
    print(f"{n2:>9} records: peak {p2 / 1024:8.0f} KiB, {n2 / t2:8.0f} records/s")
    print(f"peak memory ratio (10x the records): {p2 / p1:.2f}")


if __name__ == "__main__":
    main()
