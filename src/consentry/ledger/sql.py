"""`SqlStore`: the consent store over SQLite or PostgreSQL with SQLAlchemy Core.

Appends are serialised by the chain head: on SQLite `BEGIN IMMEDIATE` takes the database's
write lock before the head is read; on PostgreSQL the head row is read `FOR UPDATE`. Either way
two processes can never chain onto the same head, so records written by several servers at once
form one chain. One batch = one transaction = one fsync, however many records it holds (the
group commit in `group_commit.py` fills the batches). That hot transaction runs in the driver's
own SQL (`sql_append.py`); everything else goes through SQLAlchemy Core.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Select, delete, func, select
from sqlalchemy.engine import URL, Connection, Row
from sqlalchemy.exc import SQLAlchemyError

from consentry.errors import ChainBroken, StoreUnavailable
from consentry.ledger import database, schema, sql_append, sql_archive, wal
from consentry.ledger.archive import ArchivedVersion, VersionArchive
from consentry.ledger.chain import (
    ChainHead,
    Checkpoint,
    CheckpointKind,
    VerifyReport,
    make_checkpoint,
    verify_chain,
)
from consentry.ledger.intake import VersionRules
from consentry.ledger.keys import create_key, read_key
from consentry.ledger.records import (
    AppendResult,
    NewRecord,
    StoredRecord,
    hash_secret,
    iso_ms,
    to_ms,
)
from consentry.ledger.store import PurgeReport, StagedAppend

ASYNC_WRITERS = 2
"""PostgreSQL batches in flight at once: one holding the chain's head, one waiting for it."""
PURGE_CHUNK = 10_000
"""Records deleted per purge transaction (each leaves its own purge checkpoint)."""
STREAM_ROWS = 2000

_HEAD = (
    select(schema.chain_head.c.seq, schema.chain_head.c.chain_hash)
    .where(schema.chain_head.c.id == 1)
    .with_for_update()  # PostgreSQL: serialises writers; SQLite: BEGIN IMMEDIATE already did
)


class SqlStore:
    """The `ConsentStore` over a SQLAlchemy engine (see the module docstring)."""

    def __init__(self, url: URL, key_file: Path) -> None:
        self._engine = database.create(url)
        self._postgres = self._engine.dialect.name == "postgresql"
        try:
            database.migrate(self._engine)
            self._key = self._load_key(key_file)
        except BaseException:
            self._engine.dispose()
            raise
        self._lock = threading.Lock()
        self._writer: Connection | None = None
        self._async_slots = asyncio.Semaphore(ASYNC_WRITERS)
        self._async_idle: list[Any] = []  # psycopg.AsyncConnection, opened on the writer's loop
        self._append = sql_append.append_postgres if self._postgres else sql_append.append_sqlite
        self._driver_error: type[Exception] = self._engine.dialect.loaded_dbapi.Error
        path = database.sqlite_path(url)
        self._wal = wal.Checkpointer(path) if path is not None else None

    @property
    def url(self) -> str:
        return database.mask_url(self._engine.url)

    # -- writing ---------------------------------------------------------------------------

    def append(self, records: Sequence[NewRecord]) -> list[AppendResult]:
        if not records:
            return []
        with self._lock, self._failures("store the consent records"):
            driver = self._writer_connection().connection.driver_connection
            results = self._append(driver, records, self._key)
            self._committed(len(records))
            return results

    async def append_async(
        self, records: Sequence[NewRecord], locked: Callable[[], None] | None = None
    ) -> list[AppendResult] | None:
        if not self._postgres:
            return None
        if not records:
            return []
        async with self._async_slots:
            writer = self._async_idle.pop() if self._async_idle else None
            with self._failures("store the consent records"):
                try:
                    if writer is None or writer.closed:
                        writer = await self._connect_async()
                    return await sql_append.append_postgres_async(
                        writer, records, self._key, locked
                    )
                except self._driver_error:
                    await _close_quietly(writer)  # it may be broken: the next batch opens another
                    writer = None
                    raise
                finally:
                    if writer is not None:
                        self._async_idle.append(writer)

    async def close_async(self) -> None:
        idle, self._async_idle = self._async_idle, []
        for writer in idle:
            await _close_quietly(writer)

    def stage(self, records: Sequence[NewRecord]) -> StagedAppend | None:
        if self._postgres or not records or not self._lock.acquire(blocking=False):
            return None
        try:
            with self._failures("store the consent records"):
                driver = self._writer_connection().connection.driver_connection
                results = sql_append.stage_sqlite(driver, records, self._key)
        except BaseException:
            self._lock.release()
            raise
        if results is None:
            self._lock.release()
            return None
        return StagedAppend(results, partial(self._commit_staged, driver, len(records)))

    def purge(self, before: datetime, now: datetime, detail: dict[str, str]) -> PurgeReport:
        before_ms = to_ms(before)
        with self._failures("purge the ledger"), self._engine.connect() as connection:
            first = connection.execute(select(func.min(schema.records.c.seq))).scalar()
            kept = connection.execute(
                select(func.min(schema.records.c.seq)).where(
                    schema.records.c.received_at >= before_ms
                )
            ).scalar()
            head_seq = connection.execute(select(schema.chain_head.c.seq)).scalar_one()
        through = head_seq if kept is None else kept - 1
        if first is None or through < first:
            return PurgeReport(0, first - 1 if first else head_seq, before_ms, 0)
        self._verify_before_purge(first, through)

        purged = checkpoints = 0
        low = first
        while low <= through:
            high = min(through, low + PURGE_CHUNK - 1)
            with self._lock, self._failures("purge the ledger"):
                connection = self._writer_connection()
                with connection.begin():
                    connection.execute(_HEAD).one()
                    last = connection.execute(
                        select(schema.records.c.chain_hash).where(schema.records.c.seq == high)
                    ).scalar_one()
                    count = connection.execute(
                        delete(schema.records).where(schema.records.c.seq <= high)
                    ).rowcount
                    note = {**detail, "purged": str(count), "before": iso_ms(before_ms)}
                    text = orjson.dumps(note, option=orjson.OPT_SORT_KEYS).decode()
                    self._checkpoint(
                        connection,
                        kind="purge",
                        seq=high,
                        chain_hash=last,
                        created_at=to_ms(now),
                        detail=text,
                    )
            self._committed(count)
            purged += count
            checkpoints += 1
            low = high + 1
        return PurgeReport(purged, through, before_ms, checkpoints)

    def archive_version(self, archive: VersionArchive, now: datetime) -> ArchivedVersion:
        with self._failures("archive the policy version"), self._writing() as connection:
            sql_archive.store_version(connection, archive, to_ms(now), self._postgres)
        archived = self.archived_version(archive.version)
        if archived is None:  # pragma: no cover - the insert above guarantees it
            raise StoreUnavailable(f"policy version {archive.version} was not archived")
        return archived

    # -- reading ---------------------------------------------------------------------------

    def get(self, consent_id: str, secret: str) -> list[StoredRecord]:
        query = (
            select(schema.records)
            .where(schema.records.c.consent_id == consent_id)
            .order_by(schema.records.c.seq)
        )
        with self._failures("read the consent records"), self._engine.connect() as connection:
            rows = connection.execute(query).all()
        wanted = hash_secret(secret)
        # Compare in constant time, and compare even when nothing matched the id.
        found = [_record(row) for row in rows]
        mine = [r for r in found if hmac.compare_digest(r.secret_hash, wanted)]
        if not found:
            hmac.compare_digest(wanted, wanted)
        return mine

    def iter_range(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[StoredRecord]:
        query = _between(select(schema.records), since, until).order_by(schema.records.c.seq)
        with self._failures("read the consent records"), self._snapshot() as connection:
            result = connection.execute(query.execution_options(yield_per=STREAM_ROWS))
            try:
                for row in result:
                    yield _record(row)
            finally:
                result.close()  # a server-side cursor must close before its transaction

    def count(self, since: datetime | None = None, until: datetime | None = None) -> int:
        query = _between(select(func.count()).select_from(schema.records), since, until)
        with self._failures("count the consent records"), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def verify(self) -> VerifyReport:
        with self._failures("verify the ledger"), self._snapshot() as connection:
            head = connection.execute(
                select(schema.chain_head.c.seq, schema.chain_head.c.chain_hash)
            ).one()
            points = self._checkpoints(connection)
            query = select(schema.records).order_by(schema.records.c.seq)
            result = connection.execute(query.execution_options(yield_per=STREAM_ROWS))
            try:
                return verify_chain(
                    (_record(row) for row in result), points, ChainHead(*head), self._key
                )
            finally:
                result.close()  # verify may stop early; the cursor must close first

    def archived_version(self, version: str) -> ArchivedVersion | None:
        with self._failures("read the archive"), self._engine.connect() as connection:
            return sql_archive.read_version(connection, version)

    def archived_document(self, version: str, kind: str, language: str) -> str | None:
        with self._failures("read the archive"), self._engine.connect() as connection:
            return sql_archive.read_document(connection, version, kind, language)

    def versions(self) -> dict[str, VersionRules]:
        with self._failures("read the archive"), self._engine.connect() as connection:
            return sql_archive.read_versions(connection)

    def close(self) -> None:
        with self._lock:
            self._drop_writer()
        if self._wal is not None:
            self._wal.stop()
        idle, self._async_idle = self._async_idle, []
        for writer in idle:  # their loop is gone: close the sockets directly
            writer.pgconn.finish()
        self._engine.dispose()

    # -- internals -------------------------------------------------------------------------

    def _load_key(self, key_file: Path) -> bytes:
        key = read_key(key_file)
        if key is not None:
            return key
        with self._engine.connect() as connection:
            existing = connection.execute(
                select(func.count()).select_from(schema.checkpoints)
            ).scalar_one()
        if existing:
            raise StoreUnavailable(
                f"the ledger has {existing} checkpoint(s) but its key file {key_file} is "
                "missing; restore it from the backup made with the database"
            )
        return create_key(key_file)

    def _writer_connection(self) -> Connection:
        """The one connection appends and purges go through (held open between batches)."""
        if self._writer is None or self._writer.closed or self._writer.invalidated:
            connection = self._engine.connect()
            if not self._postgres:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                _autocheckpoint(connection, 0)  # the checkpointer's thread does it (wal.py)
            self._writer = connection
        return self._writer

    async def _connect_async(self) -> Any:
        """PostgreSQL: a connection for `append_async`, opened with the engine's own connection
        arguments and kept for the next batches."""
        import psycopg

        args, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        return await psycopg.AsyncConnection.connect(
            *args, **kwargs, autocommit=True, cursor_factory=psycopg.AsyncClientCursor
        )

    def _drop_writer(self) -> None:
        if self._writer is not None:
            if not self._postgres:  # back to the pool, where others checkpoint as usual
                with suppress(Exception):
                    _autocheckpoint(self._writer, wal.DEFAULT_AUTOCHECKPOINT)
            with suppress(SQLAlchemyError):
                self._writer.close()
            self._writer = None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction on a pooled connection (SQLite: taking the lock up front)."""
        with self._engine.connect() as opened:
            connection = opened
            if not self._postgres:
                connection = opened.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one consistent state from its first statement on."""
        with self._engine.connect() as opened:
            connection = opened
            if self._postgres:
                connection = opened.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    @contextmanager
    def _failures(self, action: str) -> Iterator[None]:
        """Turn database errors into StoreUnavailable naming the action and the database."""
        try:
            yield
        except (SQLAlchemyError, self._driver_error) as exc:
            # A driver error comes from the writer's raw connection (the hot path), which may
            # be broken: the next batch opens a new one.
            if isinstance(exc, self._driver_error) or (
                self._writer is not None and self._writer.invalidated
            ):
                self._drop_writer()
            raise StoreUnavailable(
                f"could not {action} in {self.url}: {database._reason(exc)}"
            ) from exc

    def _commit_staged(self, driver: Any, records: int) -> None:
        """Commit what `stage` wrote (possibly in another thread), then free the writer."""
        try:
            with self._failures("store the consent records"):
                sql_append.commit(driver)
            self._committed(records)
        finally:
            self._lock.release()

    def _committed(self, records: int) -> None:
        """SQLite: count toward the next WAL checkpoint, which the writer no longer runs."""
        if self._wal is not None:
            self._wal.committed(records)

    def _checkpoints(self, connection: Connection) -> list[Checkpoint]:
        c = schema.checkpoints.c
        rows = connection.execute(
            select(c.kind, c.seq, c.chain_hash, c.created_at, c.detail, c.prev_mac, c.mac).order_by(
                c.id
            )
        ).all()
        return [Checkpoint(*row) for row in rows]

    def _checkpoint(
        self,
        connection: Connection,
        *,
        kind: CheckpointKind,
        seq: int,
        chain_hash: str,
        created_at: int,
        detail: str,
    ) -> None:
        c = schema.checkpoints.c
        prev_mac = connection.execute(select(c.mac).order_by(c.id.desc()).limit(1)).scalar()
        point = make_checkpoint(
            self._key,
            kind=kind,
            seq=seq,
            chain_hash=chain_hash,
            created_at=created_at,
            detail=detail,
            prev_mac=prev_mac or "",
        )
        connection.execute(schema.checkpoints.insert().values(**asdict(point)))

    def _verify_before_purge(self, first: int, through: int) -> None:
        """Refuse to delete records whose chain does not verify: never destroy evidence."""
        with self._failures("verify the records to purge"), self._snapshot() as connection:
            points = [p for p in self._checkpoints(connection) if p.seq <= through]
            last = connection.execute(
                select(schema.records.c.chain_hash).where(schema.records.c.seq == through)
            ).scalar()
            query = (
                select(schema.records)
                .where(schema.records.c.seq <= through)
                .order_by(schema.records.c.seq)
            )
            result = connection.execute(query.execution_options(yield_per=STREAM_ROWS))
            try:
                report = verify_chain(
                    (_record(row) for row in result),
                    points,
                    ChainHead(through, last or ""),
                    self._key,
                )
            finally:
                result.close()
        if not report.ok:
            raise ChainBroken(
                f"refusing to purge records {first}–{through}: {report.problems[0]}; "
                "run `consentry ledger verify` and keep this evidence"
            )


async def _close_quietly(writer: Any) -> None:
    with suppress(Exception):
        await writer.close()


def _autocheckpoint(connection: Connection, pages: int) -> None:
    """Set SQLite's automatic checkpoint on the raw connection (no transaction begun)."""
    driver: Any = connection.connection.driver_connection
    driver.execute(f"PRAGMA wal_autocheckpoint={pages}")


def _between(query: Select[Any], since: datetime | None, until: datetime | None) -> Select[Any]:
    if since is not None:
        query = query.where(schema.records.c.received_at >= to_ms(since))
    if until is not None:
        query = query.where(schema.records.c.received_at < to_ms(until))
    return query


def _record(row: Row[Any]) -> StoredRecord:
    return StoredRecord(**row._mapping)
