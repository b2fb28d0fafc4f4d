"""`consentry wordpress-plugin`: write the WordPress plugin zip for a declaration."""

from __future__ import annotations

from pathlib import Path

import typer

from consentry.cli._app import ConfigOption, out
from consentry.declaration import load_declaration
from consentry.integrations.wordpress import build_plugin


def wordpress_plugin(
    config: Path = ConfigOption,
    out_dir: Path = typer.Option(Path("."), "--out", help="Folder to write the zip into."),
) -> None:
    """Write the WordPress plugin (a zip to upload) built from the declaration."""
    declaration = load_declaration(config)
    path = build_plugin(declaration, out_dir)
    out.print(
        f"Wrote {path} (policy version {declaration.policy_version}). Upload it in "
        "WordPress: Plugins → Add New → Upload Plugin; then set the consent server URL "
        "in Settings → Consentry.",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command("wordpress-plugin")(wordpress_plugin)
