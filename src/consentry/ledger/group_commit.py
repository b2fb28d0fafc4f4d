"""Group commit: many concurrent consent POSTs, one transaction and one fsync.

Each request puts its record in a queue and awaits a future. One writer task takes *everything*
queued since its last commit (at most `max_batch`), appends it in one transaction, and only
then resolves the futures, so no request hears "201" before its record is on disk. There is no
timer: under light load a batch is one record committed at once, under heavy load batches grow
by themselves while the previous commit runs (write-limits.md measured a fixed 2 ms window at
0.34–0.43× the bare endpoint, and this "window 0" design at about 0.5×).

The batch's transaction is written on the event-loop thread up to its COMMIT
(`ConsentStore.stage`: SQLite works in its page cache until then), and only the COMMIT, the
one step that waits on the disk, may leave the loop. Running the whole transaction in a thread
handed the GIL back and forth once per statement and per row while the loop was busy parsing.
A commit on a fast disk is a local fsync of a fraction of a millisecond: it runs on the loop
too, because a hand-off to a thread costs more than it saves (write-limits.md). When commits
get slow (a busy or slow disk: `SLOW_COMMIT_S` on average), blocking the loop for them would
stop all parsing meanwhile, so they move to one dedicated thread until they are fast again.
In the thread, the time measured includes the wait for the loop to come back to the batch, so
under load commits stay there, which is also where they are faster: on the loop, 2.4k req/s
against 3.3–3.7k in the thread (bench/ledger.py, quiet machine). The lock is only tried on
the loop: when another process holds it, the whole append runs in the thread.

PostgreSQL's append is all network round trips, awaited on the loop (`append_async`): in a
thread, the writer waited for the GIL after every round trip while the loop parsed requests.
Each await still lasts until the loop comes back to it, so the batch makes two round trips.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from consentry.errors import LedgerError, StoreUnavailable
from consentry.ledger.records import AppendResult, NewRecord
from consentry.ledger.store import ConsentStore

MAX_BATCH = 256
SWITCH_INTERVAL_S = 0.0005
"""The GIL switch interval while a writer runs (Python's default is 5 ms; see `start`)."""
SLOW_COMMIT_S = 0.002
"""Average commit time above which SQLite commits leave the event loop for the thread."""

_Pending = tuple[NewRecord, "asyncio.Future[AppendResult]"]


@dataclass
class CommitStats:
    """How many transactions the writer committed, and how many records they held."""

    batches: int = 0
    records: int = 0


class GroupCommitter:
    """Batches `submit`ted records into transactions; see the module docstring."""

    def __init__(self, store: ConsentStore, max_batch: int = MAX_BATCH) -> None:
        self.store = store
        self.max_batch = max_batch
        self.stats = CommitStats()
        self._queue: list[_Pending] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._commit_s = 0.0  # moving average of the time one commit takes
        self._switch_interval = sys.getswitchinterval()
        self._stopping = False

    def start(self) -> None:
        """Start the writer on the running event loop.

        A commit in the writer's thread (or a WAL checkpoint in its own) needs the GIL back
        once the disk has answered, while the loop, parsing requests, holds it; the thread
        then waits for Python's switch interval, 5 ms by default, longer than the fsync
        itself, and the whole batch with it. While a writer runs the interval is 0.5 ms:
        SQLite POSTs under `wrk` (32 connections, quiet machine), 9 interleaved pairs,
        faster in 7, medians 3,320 → 4,050 and 3,600 → 4,200 req/s in the two series; p99
        unchanged. With no thread waiting for it, the interval changes nothing.
        """
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL_S))
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="consentry-ledger")
        self._task = asyncio.get_running_loop().create_task(self._run(), name="ledger-writer")

    async def stop(self) -> None:
        """Commit what is still queued (the batch under way included), then stop the writer."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self._stopping = False
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        sys.setswitchinterval(self._switch_interval)
        await self.store.close_async()

    async def submit(self, record: NewRecord) -> AppendResult:
        """Queue `record`; return once the transaction holding it has committed.

        Raises StoreUnavailable (or the store's LedgerError) when the commit failed: the
        record was not stored.
        """
        if self._task is None or self._task.done():
            raise StoreUnavailable("the ledger writer is not running")
        future: asyncio.Future[AppendResult] = asyncio.get_running_loop().create_future()
        self._queue.append((record, future))
        if len(self._queue) == 1:
            self._wake.set()
        return await future

    async def _run(self) -> None:
        while True:
            if not self._queue:
                if self._stopping:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            await self._commit_next()

    async def _commit_next(self) -> None:
        batch = self._queue[: self.max_batch]
        del self._queue[: self.max_batch]
        records = [record for record, _ in batch]
        try:
            results = await self._append(records)
        except Exception as exc:  # every waiter of the batch hears of it; none got a 201
            error = exc if isinstance(exc, LedgerError) else StoreUnavailable(str(exc))
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        self.stats.batches += 1
        self.stats.records += len(records)
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _append(self, records: list[NewRecord]) -> list[AppendResult]:
        """Stage the batch on the loop, commit it on the loop or in the thread (see above)."""
        store, executor = self.store, self._executor
        if executor is None:
            return store.append(records)
        appended = await store.append_async(records)
        if appended is not None:
            return appended
        loop = asyncio.get_running_loop()
        staged = store.stage(records)
        if staged is None:
            return await loop.run_in_executor(executor, store.append, records)
        started = time.perf_counter()
        if self._commit_s > SLOW_COMMIT_S:
            await loop.run_in_executor(executor, staged.commit)
        else:
            staged.commit()
        self._commit_s = 0.8 * self._commit_s + 0.2 * (time.perf_counter() - started)
        return staged.results
