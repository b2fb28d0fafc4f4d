"""`consentry serve`: run the HTTP server for a declaration."""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn

from consentry.cli._app import ConfigOption, DbOption, out
from consentry.cli._listen import check_address
from consentry.cli.ledger import KeyFileOption, store_for
from consentry.declaration import Declaration
from consentry.errors import DeclarationError
from consentry.rules import check_file
from consentry.web import create_app


def load_checked(config: Path) -> Declaration:
    """The declaration, refused with `consentry check`'s messages if it has an error."""
    declaration, problems = check_file(config)
    errors = [p for p in problems if p.severity == "error"]
    if declaration is None or errors:
        raise DeclarationError(
            f"{config} has {len(errors)} error(s); the server did not start", errors
        )
    for problem in problems:
        out.print(str(problem), markup=False)
    return declaration


def serve(
    config: Path = ConfigOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = DbOption,
    key_file: Path | None = KeyFileOption,
) -> None:
    """Serve the banner script, the consent API and the policy page for a declaration."""
    declaration = load_checked(config)
    check_address(host, port)
    store = store_for(config, db, key_file, create=True)
    out.print(f"Consent ledger: {store.url}", markup=False)
    try:
        uvicorn.run(create_app(declaration, store), host=host, port=port, log_level="info")
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.command()(serve)
