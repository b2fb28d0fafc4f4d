"""SQLite WAL checkpoints in a thread of their own, off the commit path.

By default the connection whose commit takes the WAL past 1000 pages copies the WAL back into
the database file and fsyncs it, inside that COMMIT. For the ledger's writer that made one batch
in twenty wait 10 ms or more, and every request queued behind it: under load, checkpoints were
the p99 latency (paired bench/ledger.py runs: p99 22–25 ms with them in the commit, 15.7–18.6 ms
with them in this thread, 13.6–15.5 ms with no checkpoint at all). So the writer's
connection has automatic checkpoints off (`wal_autocheckpoint=0`) and tells a `Checkpointer`
how many records it committed; past `EVERY_RECORDS` the checkpointer's thread runs a PASSIVE
checkpoint on its own connection. PASSIVE never waits for a lock and never blocks writers or
readers, and sqlite3 releases the GIL while it runs, so the event loop goes on parsing meanwhile.

Several server processes each run their own checkpointer; when two overlap, one finds the
checkpoint lock taken and leaves the work to the other. Closing the last connection to the
database checkpoints what is left, as SQLite always does.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

EVERY_RECORDS = 500
"""Records committed between two checkpoints (the WAL then holds roughly 1000–2000 pages)."""
DEFAULT_AUTOCHECKPOINT = 1000
"""SQLite's own default, given back to a writer connection that returns to the pool."""


class Checkpointer:
    """Runs PASSIVE checkpoints of one SQLite database in a daemon thread, when told to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def committed(self, records: int) -> None:
        """Note `records` committed; start a checkpoint when enough have piled up since the last."""
        self._pending += records
        if self._pending >= EVERY_RECORDS and not self._stopping:
            self._pending = 0
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="consentry-wal-checkpoint", daemon=True
                )
                self._thread.start()
            self._wake.set()

    def stop(self) -> None:
        """Stop the thread (a checkpoint under way finishes first)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA synchronous=FULL")  # fsync the WAL, then the database
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                # An error here (a disk full, say) is the next commit's to report, and
                # SQLite's own checkpoint on close still runs: never let it end the thread.
                with suppress(sqlite3.Error):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()
