"""The ledger's tables, as SQLAlchemy Core (the migrations in `migrations/` create them).

Times are integers (milliseconds since the epoch, UTC) so that both databases store and hash
exactly the same values. Choices are JSON *text*, not JSONB: the chain hashes their bytes, and
PostgreSQL's JSONB would reorder them. Every table name starts with `ledger_`, so the ledger
can share a database with the other parts of Consentry.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only makes INTEGER PRIMARY KEY the rowid (no second index); PostgreSQL wants BIGINT.
Seq = BigInteger().with_variant(Integer(), "sqlite")

records = Table(
    "ledger_records",
    metadata,
    Column("seq", Seq, primary_key=True, autoincrement=False, comment="position in the chain"),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("consent_id", String(32), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("mechanism", String(24), nullable=False),
    Column("purposes", Text, nullable=False),
    Column("services", Text, nullable=False),
    Column("policy_version", String(12), nullable=False),
    Column("texts_hash", String(64), nullable=False),
    Column("language", String(8), nullable=False),
    Column("page_url", Text, nullable=False),
    Column("client_time", String(32), nullable=False),
    Column("received_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("site", Text, nullable=False),
    Column("user_agent", String(64), nullable=False),
    Column("ip", String(64), nullable=True),
    Column("gpc", Boolean, nullable=False),
    Column("sec_gpc", Boolean, nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Index("ix_ledger_records_consent_id", "consent_id"),
    Index("ix_ledger_records_received_at", "received_at"),
)

chain_head = Table(
    "ledger_chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("chain_hash", String(64), nullable=False),
)

checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_mac", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
)

versions = Table(
    "ledger_versions",
    metadata,
    Column("version", String(12), primary_key=True),
    Column("published_at", BigInteger, nullable=False),
    Column("declaration", Text, nullable=False, comment="the declaration, as JSON"),
    Column("declaration_sha256", String(64), nullable=False),
    Column("rules", Text, nullable=False, comment="purposes, services, languages asked about"),
)

documents = Table(
    "ledger_documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", String(12), ForeignKey("ledger_versions.version"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("archived_at", BigInteger, nullable=False),
    UniqueConstraint("version", "kind", "language", "sha256", name="uq_ledger_documents"),
)
