"""Ledger fixtures (see tests/ledger_support.py)."""

from tests.ledger_support import key_file, pg_database, store, store_url

__all__ = ["key_file", "pg_database", "store", "store_url"]
