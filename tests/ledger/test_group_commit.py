"""The group committer: batches, checkpoints and replays; SQLite's lock never stalls the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson

from consentry.ledger import (
    ConsentStore,
    GroupCommitter,
    Intake,
    RequestFacts,
    VersionArchive,
    VersionRules,
    open_store,
)
from consentry.ledger.records import AppendResult, NewRecord
from tests.factories import make_declaration
from tests.ledger_support import body

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
D = make_declaration()
T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on a new event loop in its own thread (a test may leave one running)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=120)


def test_a_batch_waits_for_another_process_lock_while_the_loop_keeps_serving(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    store = open_store(f"sqlite:///{path}", tmp_path / "ledger.key")
    store.archive_version(VersionArchive.of(D), NOW)
    intake = Intake(D, store.versions())
    facts = RequestFacts(NOW, "Firefox/128.0", None, None)
    records = [intake.record(intake.parse(orjson.dumps(body(D))), facts) for _ in range(3)]
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)  # another server

    async def scenario(committer: GroupCommitter) -> list[str]:
        committer.start()
        other.execute("BEGIN IMMEDIATE")  # it holds the write lock
        waiting = [asyncio.create_task(committer.submit(r)) for r in records[:2]]
        for _ in range(200):  # the loop goes on running other work meanwhile
            await asyncio.sleep(0)
        assert not any(task.done() for task in waiting)
        other.rollback()  # run by the loop itself: it was never blocked on the lock
        done = await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
        done.append(await committer.submit(records[2]))
        await committer.stop()
        return [result.status for result in done]

    try:
        assert _run(scenario(GroupCommitter(store))) == ["created"] * 3
        assert store.count() == 3 and store.verify().ok
    finally:
        other.close()
        store.close()


def test_batches_cross_a_checkpoint_and_replays_answer_the_first_receipt(
    store: ConsentStore,
) -> None:
    store.archive_version(VersionArchive.of(D), NOW)
    intake = Intake(D, store.versions())
    facts = RequestFacts(NOW, "Firefox/128.0", None, None)
    records = [intake.record(intake.parse(orjson.dumps(body(D))), facts) for _ in range(1003)]
    retry = NewRecord(**{**asdict(records[0]), "received_at": records[0].received_at + 9000})
    changed = NewRecord(**{**asdict(records[1]), "mechanism": "reject_all"})

    async def scenario(committer: GroupCommitter) -> list[AppendResult]:
        committer.start()
        first = await asyncio.gather(*(committer.submit(r) for r in records))
        again = await asyncio.gather(committer.submit(retry), committer.submit(changed))
        await committer.stop()
        assert committer.stats.batches > 1  # several batches, one of them crossing seq 1000
        return [*first, *again]

    results = _run(scenario(GroupCommitter(store, max_batch=64)))
    assert [r.status for r in results] == ["created"] * 1003 + ["replayed", "conflict"]
    assert results[-2].received_at == records[0].received_at
    report = store.verify()
    assert report.ok, report.problems
    assert report.records == 1003 and report.checkpoints == 1


class _GatedStore:
    """A store whose appends wait until the test opens the gate (stands for a slow commit)."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.batches: list[int] = []

    async def append_async(self, records: list[NewRecord]) -> list[AppendResult]:
        self.batches.append(len(records))
        await self.gate.wait()
        return [AppendResult("created", r.record_id, r.received_at) for r in records]

    async def close_async(self) -> None:
        return None


def test_stopping_answers_the_batch_under_way_and_what_was_queued_behind_it() -> None:
    intake = Intake(D, {D.policy_version: VersionRules.of(D)})
    facts = RequestFacts(NOW, "Firefox/128.0", None, None)
    first, second = (intake.record(intake.parse(orjson.dumps(body(D))), facts) for _ in "ab")

    async def scenario() -> list[str]:
        store = _GatedStore()
        committer = GroupCommitter(store)  # type: ignore[arg-type]
        committer.start()
        under_way = asyncio.create_task(committer.submit(first))
        while not store.batches:  # the first batch is being committed
            await asyncio.sleep(0)
        stopping = asyncio.create_task(committer.stop())  # e.g. the server shutting down
        queued = asyncio.create_task(committer.submit(second))
        await asyncio.sleep(0.05)
        assert not stopping.done()  # it waits for the commit under way
        store.gate.set()
        results = await asyncio.wait_for(asyncio.gather(under_way, queued), timeout=10)
        await asyncio.wait_for(stopping, timeout=10)
        assert store.batches == [1, 1]
        return [result.status for result in results]

    assert _run(scenario()) == ["created", "created"]
