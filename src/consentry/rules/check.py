"""Run every rule over a declaration, or load a file and check it: what `consentry check` does."""

from __future__ import annotations

from pathlib import Path

from consentry.declaration import Declaration, Issue, load_declaration, to_problems
from consentry.errors import DeclarationError, Problem
from consentry.rules.registry import RULES


def check_declaration(declaration: Declaration) -> list[Issue]:
    """Every issue every rule finds, rule by rule (pure: no clock, file or network)."""
    return [issue for rule in RULES for issue in rule(declaration)]


def check_file(path: str | Path) -> tuple[Declaration | None, list[Problem]]:
    """Load and check a declaration file.

    Returns the declaration (None when it cannot be loaded) and every problem located at file,
    line and column, in file order: the loader's errors when it cannot be loaded, else the
    rules' errors and warnings.
    """
    try:
        declaration = load_declaration(path)
    except DeclarationError as exc:
        return None, exc.problems
    issues = check_declaration(declaration)
    return declaration, to_problems(issues, declaration.source_text, declaration.source_file)
