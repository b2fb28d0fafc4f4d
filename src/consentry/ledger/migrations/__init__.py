"""Alembic migrations of the ledger tables; `store.open_store` runs them on start."""
