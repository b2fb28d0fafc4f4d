"""Alembic environment: run on the connection `open_store` hands over (never from an .ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from consentry.ledger.schema import metadata

VERSION_TABLE = "ledger_alembic_version"


def run() -> None:
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("the ledger migrations run through consentry.ledger.open_store only")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
