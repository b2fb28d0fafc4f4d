"""`consentry demo`: the reference site with its banner and third-party stand-ins, offline."""

from __future__ import annotations

import typer
import uvicorn
from starlette.types import ASGIApp

from consentry.cli._app import out
from consentry.demo import SITE_HOST, create_demo_app, demo_declaration
from consentry.web import create_app


def build_demo(port: int) -> ASGIApp:
    """The demo app for a known port (its host names and CSP name the port)."""
    declaration = demo_declaration(port)
    return create_demo_app(declaration, create_app(declaration))


def demo(
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
) -> None:
    """Run the reference e-learning site, its banner and its third parties, offline."""
    app = build_demo(port)
    out.print(
        f"Consentry demo: open http://{SITE_HOST}:{port}/ in Chromium or Firefox "
        "(every *.localhost name is this machine). Ctrl+C stops it.",
        markup=False,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(demo)
