"""The consent store: the `ConsentStore` protocol, and `open_store(url)` that returns one.

The protocol is what the web app, the CLI and the tests rely on; `SqlStore` (sql.py) is the one
implementation, over SQLite or PostgreSQL, and the test suite runs the same tests on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from consentry.errors import StoreUnavailable
from consentry.ledger.archive import ArchivedVersion, VersionArchive
from consentry.ledger.chain import VerifyReport
from consentry.ledger.intake import VersionRules
from consentry.ledger.records import AppendResult, NewRecord, StoredRecord

KEY_SUFFIX = ".key"


@dataclass(frozen=True)
class StagedAppend:
    """A batch written in a transaction still open, which `commit` makes durable.

    `commit` must be called (it also frees the writer), and may wait on the disk: call it off
    the event loop when that is slow.
    """

    results: list[AppendResult]
    commit: Callable[[], None]


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed: how many records, up to which chain position, before which time."""

    purged: int
    through_seq: int
    before: int
    checkpoints: int


class ConsentStore(Protocol):
    """Append-only storage of consent records, their chain, and the archived versions."""

    @property
    def url(self) -> str:
        """The database URL with its password masked."""
        ...

    def append(self, records: Sequence[NewRecord]) -> list[AppendResult]:
        """Chain and store `records` in one durable transaction, one result per record.

        A record whose `record_id` is already stored is not stored again: `replayed` when the
        body is the same, `conflict` when it differs.
        """
        ...

    async def append_async(
        self, records: Sequence[NewRecord], locked: Callable[[], None] | None = None
    ) -> list[AppendResult] | None:
        """`append` with its network round trips awaited on the event loop, or None when the
        store has no such path (SQLite: use `stage`).

        `locked` is called once the batch holds the chain's head, its place in the chain
        decided. Another call may start then: it waits for this one's commit before it reads
        the head. At most two calls at once.
        """
        ...

    async def close_async(self) -> None:
        """Close what `append_async` opened, on the loop it ran on."""
        ...

    def stage(self, records: Sequence[NewRecord]) -> StagedAppend | None:
        """`append` up to its commit, without waiting on the disk, the network or a lock.

        None when that cannot be done (another process holds the write lock, or the database
        is across the network): use `append` then, off the event loop.
        """
        ...

    def get(self, consent_id: str, secret: str) -> list[StoredRecord]:
        """The records of `consent_id` made with `secret`, oldest first ([] if none match)."""
        ...

    def iter_range(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[StoredRecord]:
        """Records received in [since, until), in chain order, streamed."""
        ...

    def count(self, since: datetime | None = None, until: datetime | None = None) -> int: ...

    def verify(self) -> VerifyReport:
        """Re-walk the whole chain and its checkpoints (see chain.verify_chain)."""
        ...

    def purge(self, before: datetime, now: datetime, detail: dict[str, str]) -> PurgeReport:
        """Delete the records received before `before`, leaving purge checkpoints behind."""
        ...

    def archive_version(self, archive: VersionArchive, now: datetime) -> ArchivedVersion:
        """Archive a version and its documents (idempotent; nothing archived is ever changed)."""
        ...

    def archived_version(self, version: str) -> ArchivedVersion | None: ...

    def archived_document(self, version: str, kind: str, language: str) -> str | None:
        """The latest archived document of that kind and language for `version`."""
        ...

    def versions(self) -> dict[str, VersionRules]:
        """Every archived version, with what it asked about."""
        ...

    def close(self) -> None: ...


def open_store(
    url: str, key_file: Path | str | None = None, *, create: bool = True
) -> ConsentStore:
    """Open (and migrate) the ledger at `url`.

    `key_file` holds the checkpoint key (keys.py); for SQLite it defaults to the database file
    plus `.key`, for PostgreSQL it must be given (the CLI puts it beside the declaration).
    With `create=False` a SQLite file that does not exist is an error, not a new empty ledger:
    checking or exporting a mistyped path must not answer "OK: 0 records".
    """
    from consentry.ledger.database import parse_url, sqlite_path
    from consentry.ledger.sql import SqlStore

    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if not create and path is not None and not path.exists():
        raise StoreUnavailable(f"there is no ledger at {path}; check --db or --config")
    if key_file is None:
        if path is None:
            raise StoreUnavailable(
                "a PostgreSQL ledger needs a checkpoint key file (--key-file, or "
                "CONSENTRY_LEDGER_KEY_FILE)"
            )
        key_file = path.with_name(path.name + KEY_SUFFIX)
    return SqlStore(parsed, Path(key_file))
