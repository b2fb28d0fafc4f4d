"""`consentry init` and `consentry check`: write a declaration, and check one against the rules."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import typer

from consentry.cli._app import ConfigOption, err, out
from consentry.errors import ConsentryError
from consentry.rules import check_file


def init(
    config: Path = ConfigOption,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a starter declaration (the reference e-learning site) to edit."""
    if config.exists() and not force:
        raise ConsentryError(f"{config} already exists; pass --force to overwrite it")
    template = (files("consentry.declaration") / "template.toml").read_text(encoding="utf-8")
    config.write_text(template, encoding="utf-8")
    out.print(f"Wrote {config}. Edit it, then run: consentry check --config {config}")


def check(
    file: Path | None = typer.Argument(None, help="Declaration to check (default: --config)."),
    config: Path = ConfigOption,
) -> None:
    """Print every problem of a declaration; exit 1 if any is an error."""
    path = file or config
    _, problems = check_file(path)
    for problem in problems:
        (err if problem.severity == "error" else out).print(str(problem), markup=False)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        err.print(f"{path}: {errors} error(s), {warnings} warning(s)", markup=False)
        raise typer.Exit(1)
    out.print(f"{path}: OK ({warnings} warning(s))", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(check)
