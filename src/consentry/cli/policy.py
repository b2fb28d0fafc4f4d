"""`consentry policy`: render the cookie-policy page from the declaration."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer

from consentry.cli._app import ConfigOption, out
from consentry.declaration import load_declaration
from consentry.errors import ConsentryError
from consentry.policy import render_policy


def policy(
    config: Path = ConfigOption,
    lang: str | None = typer.Option(None, "--lang", help="fr or en (default: the site's first)."),
    format: str = typer.Option("html", "--format", help="html or markdown."),
    out_file: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Render the cookie policy (HTML or Markdown) in one language."""
    if format not in ("html", "markdown"):
        raise typer.BadParameter("use html or markdown", param_hint="--format")
    declaration = load_declaration(config)
    language = lang or declaration.site.default_language
    if language not in declaration.site.languages:
        raise typer.BadParameter(
            f"the site's languages are {', '.join(declaration.site.languages)}",
            param_hint="--lang",
        )
    fmt: Literal["html", "markdown"] = "html" if format == "html" else "markdown"
    text = render_policy(declaration, language, fmt)
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        try:
            out_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConsentryError(f"cannot write {out_file}: {exc.strerror or exc}") from None
        out.print(f"Wrote {out_file}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(policy)
