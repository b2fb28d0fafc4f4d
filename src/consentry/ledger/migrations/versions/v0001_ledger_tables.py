"""The ledger tables: records, chain head, checkpoints, archived versions and documents.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64
_seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ledger_records",
        sa.Column("seq", _seq, primary_key=True, autoincrement=False),
        sa.Column("record_id", sa.String(36), nullable=False, unique=True),
        sa.Column("consent_id", sa.String(32), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("mechanism", sa.String(24), nullable=False),
        sa.Column("purposes", sa.Text, nullable=False),
        sa.Column("services", sa.Text, nullable=False),
        sa.Column("policy_version", sa.String(12), nullable=False),
        sa.Column("texts_hash", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("page_url", sa.Text, nullable=False),
        sa.Column("client_time", sa.String(32), nullable=False),
        sa.Column("received_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("user_agent", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("gpc", sa.Boolean, nullable=False),
        sa.Column("sec_gpc", sa.Boolean, nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
    )
    # The receipt looks records up by consent id; export and purge by receipt time.
    op.create_index("ix_ledger_records_consent_id", "ledger_records", ["consent_id"])
    op.create_index("ix_ledger_records_received_at", "ledger_records", ["received_at"])

    head = op.create_table(
        "ledger_chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "chain_hash": GENESIS}])

    op.create_table(
        "ledger_checkpoints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_mac", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )

    op.create_table(
        "ledger_versions",
        sa.Column("version", sa.String(12), primary_key=True),
        sa.Column("published_at", sa.BigInteger, nullable=False),
        sa.Column("declaration", sa.Text, nullable=False),
        sa.Column("declaration_sha256", sa.String(64), nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
    )
    op.create_table(
        "ledger_documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "version", sa.String(12), sa.ForeignKey("ledger_versions.version"), nullable=False
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("archived_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("version", "kind", "language", "sha256", name="uq_ledger_documents"),
    )


def downgrade() -> None:
    op.drop_table("ledger_documents")
    op.drop_table("ledger_versions")
    op.drop_table("ledger_checkpoints")
    op.drop_table("ledger_chain_head")
    op.drop_index("ix_ledger_records_received_at", "ledger_records")
    op.drop_index("ix_ledger_records_consent_id", "ledger_records")
    op.drop_table("ledger_records")
