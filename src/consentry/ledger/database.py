"""Database URLs and engines: SQLite (default, WAL) or PostgreSQL (psycopg 3), migrated on open.

SQLite is opened in WAL mode with `synchronous=FULL`, so a commit is on disk (the WAL fsynced)
before the API answers 201, and readers never block the writer. Our own `BEGIN` is emitted
(pysqlite's implicit transactions are switched off) so that the writer can take the write lock
up front with `BEGIN IMMEDIATE`: that is what serialises chain appends between processes.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from consentry.errors import StoreUnavailable

DEFAULT_FILE = "consentry.sqlite3"
SQLITE_BUSY_MS = 10_000
_MIGRATION_LOCK = 0x436F6E73  # "Cons": PostgreSQL advisory lock held while migrating


def default_url(config: Path) -> str:
    """SQLite in `consentry.sqlite3` beside the declaration file."""
    return f"sqlite:///{config.resolve().parent / DEFAULT_FILE}"


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for `url`, with PostgreSQL pinned to psycopg 3; else StoreUnavailable."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreUnavailable(
            f"{mask_url(url)!r} is not a database URL; use sqlite:///path/to/file.sqlite3 "
            "or postgresql://user:password@host/database"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" or parsed.drivername == "postgres":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreUnavailable(
                "the ledger needs a SQLite file (sqlite:///path/to/file.sqlite3), not memory"
            )
        return parsed.set(drivername="sqlite")
    raise StoreUnavailable(
        f"unsupported database {parsed.drivername!r} in {mask_url(url)}; "
        "use sqlite:/// or postgresql://"
    )


def mask_url(url: str | URL) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    if not isinstance(url, str):
        return url.render_as_string(hide_password=True)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        # Nothing to parse a password out of: show what was typed, minus any credentials.
        scheme, separator, rest = url.partition("://")
        if "@" in rest:
            rest = "***@" + rest.rpartition("@")[2]
        return scheme + separator + rest
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, else None."""
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database)


def create(url: URL) -> Engine:
    """An engine for `url`, with the per-connection settings each database needs."""
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def migrate(engine: Engine) -> None:
    """Bring the ledger tables to the newest revision (safe with several processes starting)."""
    config = Config()
    config.set_main_option("script_location", str(files("consentry.ledger") / "migrations"))
    try:
        with engine.connect() as opened:
            connection = opened
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
                connection.commit()
            else:
                # BEGIN IMMEDIATE: a second process waits here until the first has migrated.
                connection = opened.execution_options(sqlite_begin="IMMEDIATE")
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
            finally:
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK}
                    )
                    connection.commit()
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"cannot open the ledger database {mask_url(engine.url)}: {_reason(exc)}"
        ) from exc


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    message = str(original if original is not None else exc).strip().splitlines()
    return message[0] if message else type(exc).__name__
