"""`consentry demo`: the reference site with its banner and third-party stand-ins, offline."""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn
from starlette.types import ASGIApp

from consentry.cli._app import out
from consentry.cli._listen import check_address
from consentry.demo import SITE_HOST, create_demo_app, demo_declaration
from consentry.ledger import ConsentStore, open_store
from consentry.web import create_app

DEMO_DATABASE = "consentry-demo.sqlite3"


def build_demo(port: int, store: ConsentStore | None = None) -> ASGIApp:
    """The demo app for a known port (its host names and CSP name the port).

    With a `store`, every choice made in the demo is kept in that consent ledger.
    """
    declaration = demo_declaration(port)
    return create_demo_app(declaration, create_app(declaration, store))


def demo(
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    db: str | None = typer.Option(
        None, "--db", help=f"Ledger database URL (default: SQLite in ./{DEMO_DATABASE})."
    ),
) -> None:
    """Run the reference e-learning site, its banner and its third parties, offline."""
    check_address(host, port)  # before a ledger file is made for a demo that cannot start
    database = Path(DEMO_DATABASE).resolve()
    # SQLite keeps its checkpoint key beside its file; a PostgreSQL demo keeps it here too.
    key_file = None if db is None or db.startswith("sqlite") else database.with_suffix(".key")
    store = open_store(db or f"sqlite:///{database}", key_file)
    try:
        app = build_demo(port, store)
        out.print(
            f"Consentry demo: open http://{SITE_HOST}:{port}/ in Chromium or Firefox "
            "(every *.localhost name is this machine). Ctrl+C stops it.\n"
            f"Consent ledger: {store.url} (check it with: consentry ledger verify --db …)",
            markup=False,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.command()(demo)
