"""The `consentry` command: composes one module per command group, and sets exit codes.

Exit 0 on success, 2 on a usage error (Click), 1 on a `ConsentryError` (printed with every
problem it carries, to stderr) or when findings reach `--fail-on`.
"""

from __future__ import annotations

from consentry.cli import check, demo, ledger, policy, scan, serve, wordpress
from consentry.cli._app import app

for module in (check, policy, serve, demo, ledger, scan, wordpress):
    module.register(app)


def main() -> None:
    """Entry point of the console script."""
    app()


__all__ = ["app", "main"]
