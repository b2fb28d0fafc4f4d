"""The Typer application and the one place where our errors become exit codes."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from consentry.errors import ConsentryError, DeclarationError

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class _Group(TyperGroup):
    """Turns a ConsentryError from any command into its message and exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ConsentryError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from exc


def report(error: ConsentryError) -> None:
    """Print an error and, for a declaration, each problem on its own line."""
    if isinstance(error, DeclarationError):
        err.print(f"[bold red]error:[/] {error.args[0]}", markup=True)
        for problem in error.problems:
            err.print(str(problem), markup=False)
    else:
        err.print("[bold red]error:[/] ", markup=True, end="")
        err.print(str(error), markup=False)


app = typer.Typer(
    cls=_Group,
    name="consentry",
    help="Consentry: a self-hosted consent platform driven by one declaration (consentry.toml).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

ConfigOption = typer.Option(
    "consentry.toml", "--config", "-c", help="The declaration file.", show_default=True
)
DbOption = typer.Option(
    None,
    "--db",
    envvar="CONSENTRY_DATABASE_URL",
    help="Ledger database URL (default: SQLite beside the config; postgresql://… for PostgreSQL).",
)
