"""The regulatory rules as pure functions over a declaration (filled in by the rules work)."""

from __future__ import annotations

from pathlib import Path

from consentry.declaration import Declaration, load_declaration
from consentry.errors import DeclarationError, Problem


def check_file(path: str | Path) -> tuple[Declaration | None, list[Problem]]:
    """Load a declaration and check it: the declaration (None if unloadable) and every problem."""
    try:
        declaration = load_declaration(path)
    except DeclarationError as exc:
        return None, exc.problems
    return declaration, []


__all__ = ["check_file"]
