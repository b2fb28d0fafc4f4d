"""SQLite: WAL checkpoints run in the checkpointer's thread, never inside a consent commit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from consentry.ledger import open_store, wal
from tests.ledger.test_store import records


def database_size(path: Path) -> int:
    return path.stat().st_size


def test_commits_leave_the_wal_to_the_checkpointer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the checkpointer never told, thousands of records stay in the WAL: no commit
    copied them to the database file (that copy and its fsync were the slow commits)."""
    monkeypatch.setattr(wal, "EVERY_RECORDS", 10**9)
    path = tmp_path / "ledger.sqlite3"
    store = open_store(f"sqlite:///{path}", tmp_path / "ledger.key")
    batch = records(store, 2000)
    before = database_size(path)
    for start in range(0, len(batch), 50):
        store.append(batch[start : start + 50])
    assert Path(f"{path}-wal").stat().st_size > 4 * 1024 * 1024  # past SQLite's own 1000 pages
    assert database_size(path) == before
    store.close()  # closing the last connection checkpoints, as SQLite always does
    assert database_size(path) > before
    reopened = open_store(f"sqlite:///{path}", tmp_path / "ledger.key")
    try:
        assert reopened.count() == 2000
        assert reopened.verify().ok
    finally:
        reopened.close()


def test_the_checkpointer_copies_the_wal_while_the_store_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wal, "EVERY_RECORDS", 100)
    path = tmp_path / "ledger.sqlite3"
    store = open_store(f"sqlite:///{path}", tmp_path / "ledger.key")
    try:
        batch = records(store, 300)
        before = database_size(path)
        for start in range(0, len(batch), 50):
            store.append(batch[start : start + 50])
        deadline = time.monotonic() + 10
        while database_size(path) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert database_size(path) > before
        assert store.count() == 300
    finally:
        store.close()
