"""The append transaction in the database driver's own SQL: the store's one hot path.

Every consent POST ends here, in batches (`group_commit.py`). Through SQLAlchemy Core, compiling
each of a batch's statements, processing its parameters and building `Row` objects cost more
CPU than the database work itself, so a batch runs on the DB-API connection under the store's
writer: statements written once per database, tuples in, tuples out.

The locking is the store's (`sql.py`): SQLite takes the write lock with `BEGIN IMMEDIATE`
before the head is read, PostgreSQL reads the head row `FOR UPDATE`. The records already stored
are looked up only after that, so a retry committed by another process meanwhile is seen. On
PostgreSQL the insert carries the whole batch as one JSON array that the server unpacks:
psycopg's executemany spent about 100 µs of Python per row, and its array dumpers (for
`unnest`) as much. The array is cast to `jsonb`, parsed once: as `json`, each of a row's 20
`->>` parsed the row's text again, and the server spent 210 µs of CPU per record instead of
105 (batches of 16). psycopg's pipeline mode (two syncs instead of six round trips) cost more
Python than the round trips it saved on loopback, so the statements go one by one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import astuple, dataclass
from operator import attrgetter
from typing import Any

import orjson

from consentry.ledger import schema
from consentry.ledger.chain import link, make_checkpoint
from consentry.ledger.database import SQLITE_BUSY_MS
from consentry.ledger.records import AppendResult, AppendStatus, NewRecord, StoredRecord

CHECKPOINT_EVERY = 1000
"""A periodic checkpoint is written each time the chain crosses a multiple of this."""

FIELDS = tuple(NewRecord.__dataclass_fields__)
COLUMNS = (*FIELDS, "seq", "chain_hash")
"""The record columns in `StoredRecord` order (what the insert writes, what lookups read)."""
_values = attrgetter(*FIELDS)
_RECEIVED_AT = COLUMNS.index("received_at")
_GPC = COLUMNS.index("gpc"), COLUMNS.index("sec_gpc")
_POINT_COLUMNS = "kind, seq, chain_hash, created_at, detail, prev_mac, mac"


@dataclass(frozen=True)
class Statements:
    """The SQL of one batch, in one database's parameter style."""

    head: str
    known: str
    insert: str
    one_array: bool
    """True: `insert` takes the whole batch as one JSON array; else one tuple per row."""
    move_head: str
    last_mac: str
    checkpoint: str


def _statements(mark: str, known_ids: str, lock: str, *, one_array: bool) -> Statements:
    records, head, points = schema.records.name, schema.chain_head.name, schema.checkpoints.name
    if one_array:
        fields = ", ".join(f"(row->>{i})::{t}" for i, t in enumerate(_json_types()))
        values = f"SELECT {fields} FROM jsonb_array_elements({mark}::jsonb) AS row"
    else:
        values = f"VALUES ({', '.join([mark] * len(COLUMNS))})"
    return Statements(
        head=f"SELECT seq, chain_hash FROM {head} WHERE id = 1{lock}",
        known=f"SELECT {', '.join(COLUMNS)} FROM {records} WHERE record_id {known_ids}",
        insert=f"INSERT INTO {records} ({', '.join(COLUMNS)}) {values}",
        one_array=one_array,
        move_head=f"UPDATE {head} SET seq = {mark}, chain_hash = {mark} WHERE id = 1",
        last_mac=f"SELECT mac FROM {points} ORDER BY id DESC LIMIT 1",
        checkpoint=f"INSERT INTO {points} ({_POINT_COLUMNS}) VALUES ({', '.join([mark] * 7)})",
    )


def _json_types() -> list[str]:
    """PostgreSQL types for `COLUMNS` read from JSON: text, not varchar(n), whose cast would
    truncate; the insert then checks each column's length as a row-by-row insert did."""
    names = {str: "text", int: "bigint", bool: "boolean"}
    return [names[schema.records.c[name].type.python_type] for name in COLUMNS]


# One statement text whatever the batch size, so each driver prepares it once (an IN list
# would be a new statement for each length, parsed and planned again).
SQLITE = _statements("?", "IN (SELECT value FROM json_each(?))", "", one_array=False)
POSTGRES = _statements("%s", "= ANY(%s)", " FOR UPDATE", one_array=True)


def append_sqlite(connection: Any, records: Sequence[NewRecord], key: bytes) -> list[AppendResult]:
    """Append `records` in one transaction of a `sqlite3` connection in autocommit mode."""
    connection.execute("BEGIN IMMEDIATE")  # waits for another process's lock (busy_timeout)
    results = _in_transaction(connection, records, key)
    commit(connection)
    return results


def stage_sqlite(
    connection: Any, records: Sequence[NewRecord], key: bytes
) -> list[AppendResult] | None:
    """Run the batch's transaction up to its COMMIT, which is left to the caller.

    Everything before the COMMIT works in SQLite's page cache: only the COMMIT waits on the
    disk (the WAL write and fsync). The write lock is tried, never waited for: None (and
    nothing begun) when another connection holds it.
    """
    if not _try_begin_immediate(connection):
        return None
    return _in_transaction(connection, records, key)


def _in_transaction(
    connection: Any, records: Sequence[NewRecord], key: bytes
) -> list[AppendResult]:
    cursor = connection.cursor()
    try:
        seq, last = cursor.execute(SQLITE.head).fetchone()
        ids = orjson.dumps([r.record_id for r in records]).decode()
        known = _by_id(cursor.execute(SQLITE.known, (ids,)).fetchall())
        return _write(cursor, SQLITE, records, (seq, last), known, key=key)
    except BaseException:
        rollback(connection)
        raise
    finally:
        cursor.close()


def commit(connection: Any) -> None:
    """Commit the staged transaction (SQLite: the WAL write and fsync); roll back on failure."""
    try:
        connection.commit()
    except BaseException:
        rollback(connection)
        raise


def rollback(connection: Any) -> None:
    """Roll back, ignoring a second failure: the first error is the one to report."""
    with suppress(Exception):
        connection.rollback()


def _try_begin_immediate(connection: Any) -> bool:
    """Take SQLite's write lock if it is free; False at once if another connection has it."""
    connection.execute("PRAGMA busy_timeout=0")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            return False
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    return True


def append_postgres(
    connection: Any, records: Sequence[NewRecord], key: bytes
) -> list[AppendResult]:
    """Append `records` in one transaction of a psycopg 3 connection."""
    try:
        with connection.cursor() as cursor:
            row = cursor.execute(POSTGRES.head).fetchone()
            ids = [r.record_id for r in records]
            known = _by_id(cursor.execute(POSTGRES.known, (ids,)).fetchall())
            results = _write(cursor, POSTGRES, records, row, known, key=key)
        connection.commit()
    except BaseException:
        rollback(connection)
        raise
    return results


async def append_postgres_async(
    connection: Any,
    records: Sequence[NewRecord],
    key: bytes,
    locked: Callable[[], None] | None = None,
) -> list[AppendResult]:
    """`append_postgres` in two round trips, on a psycopg `AsyncConnection` in autocommit mode
    with client-side binding (so that one round trip may carry several statements).

    Each round trip waits for the event loop to come back to it, a millisecond or more when
    it is busy parsing requests: six round trips made a batch last 11 ms (p50) under load. The
    first round trip begins, locks the head and reads the stored ids (each statement sees what
    was committed before it ran, so after the lock); the second inserts, moves the head and
    commits. `locked` is called between the two.
    """
    try:
        async with connection.cursor() as cursor:
            await cursor.execute(_PG_READ, ([r.record_id for r in records],))
            cursor.nextset()  # past BEGIN
            start, last = await cursor.fetchone()
            cursor.nextset()
            known = _by_id(await cursor.fetchall())
            if locked is not None:
                locked()
            results, rows, seq, last = chain(records, start, last, known)
            if not rows:
                await cursor.execute("COMMIT")
            elif not _crosses(start, seq):
                await cursor.execute(
                    _PG_WRITE + "; COMMIT", (orjson.dumps(rows).decode(), seq, last)
                )
            else:
                await cursor.execute(_PG_WRITE, (orjson.dumps(rows).decode(), seq, last))
                await cursor.execute(POSTGRES.last_mac)
                point = _checkpoint(key, seq, last, rows, await cursor.fetchone())
                await cursor.execute(POSTGRES.checkpoint + "; COMMIT", point)
    except BaseException:
        if connection.info.transaction_status != _IDLE:
            with suppress(Exception):
                await connection.execute("ROLLBACK")
        raise
    return results


_PG_READ = f"BEGIN; {POSTGRES.head}; {POSTGRES.known}"
_PG_WRITE = f"WITH inserted AS ({POSTGRES.insert}) {POSTGRES.move_head}"
_IDLE = 0  # psycopg.pq.TransactionStatus.IDLE


def _write(
    cursor: Any,
    sql: Statements,
    records: Sequence[NewRecord],
    head: tuple[int, str],
    known: dict[str, StoredRecord],
    *,
    key: bytes,
) -> list[AppendResult]:
    """Insert the new records, move the head, checkpoint when a multiple is crossed."""
    results, rows, seq, last = chain(records, head[0], head[1], known)
    if rows:
        if sql.one_array:
            cursor.execute(sql.insert, (orjson.dumps(rows).decode(),))
        else:
            cursor.executemany(sql.insert, rows)
        cursor.execute(sql.move_head, (seq, last))
        if _crosses(head[0], seq):
            previous = cursor.execute(sql.last_mac).fetchone()
            cursor.execute(sql.checkpoint, _checkpoint(key, seq, last, rows, previous))
    return results


def _crosses(start: int, end: int) -> bool:
    """Whether the chain went past a multiple of CHECKPOINT_EVERY between the two positions."""
    return start // CHECKPOINT_EVERY != end // CHECKPOINT_EVERY


def _checkpoint(
    key: bytes, seq: int, last: str, rows: list[tuple[Any, ...]], previous: Sequence[str] | None
) -> tuple[Any, ...]:
    """The periodic checkpoint's row at the new head, chained to the `previous` MAC row."""
    point = make_checkpoint(
        key,
        kind="periodic",
        seq=seq,
        chain_hash=last,
        created_at=rows[-1][_RECEIVED_AT],
        detail="{}",
        prev_mac=previous[0] if previous else "",
    )
    return astuple(point)


def chain(
    records: Sequence[NewRecord], seq: int, last: str, known: dict[str, StoredRecord]
) -> tuple[list[AppendResult], list[tuple[Any, ...]], int, str]:
    """Results, rows to insert, and the new head, for a batch chained after (`seq`, `last`)."""
    results: list[AppendResult] = []
    rows: list[tuple[Any, ...]] = []
    seen: dict[str, NewRecord] = {}
    for record in records:
        record_id = record.record_id
        earlier = known.get(record_id) or seen.get(record_id)
        if earlier is not None:
            status: AppendStatus = "replayed" if earlier.same_submission(record) else "conflict"
            results.append(AppendResult(status, record_id, earlier.received_at))
            continue
        seq += 1
        last = link(last, record)
        rows.append((*_values(record), seq, last))
        seen[record_id] = record
        results.append(AppendResult("created", record_id, record.received_at))
    return results, rows, seq, last


def _by_id(rows: Iterable[Sequence[Any]]) -> dict[str, StoredRecord]:
    """Stored records by id, from rows in `COLUMNS` order (SQLite's booleans are 0/1)."""
    found = {}
    for row in rows:
        values = list(row)
        for index in _GPC:
            values[index] = bool(values[index])
        record = StoredRecord(*values)
        found[record.record_id] = record
    return found
