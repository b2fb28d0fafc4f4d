"""The module boundaries of DESIGN.md, checked on the source: arrows point one way.

Each package may import only the packages listed for it (and `consentry.errors`, which imports
nothing). Nothing imports `web` or `cli`. A new package must be added here on purpose.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "consentry"

ALLOWED: dict[str, set[str]] = {
    "catalog": set(),
    "declaration": {"catalog"},
    "rules": {"declaration", "catalog"},
    "policy": {"declaration", "rules"},
    "banner": {"declaration"},
    "ledger": {"declaration"},
    "scanner": {"declaration", "catalog", "rules"},
    "integrations": {"declaration", "ledger", "banner"},
    "demo": {"declaration", "banner", "policy"},
    "admin": {"ledger", "declaration"},
    "rights": {"ledger", "declaration"},
    "web": {"declaration", "catalog", "rules", "policy", "banner", "ledger", "admin", "rights"},
    "cli": {"*"},
}


def _packages() -> list[str]:
    return sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "consentry" and len(parts) > 1:
                    found.add(parts[1])
    return found - {package, "errors"}


def test_every_package_is_known_to_the_design() -> None:
    assert set(_packages()) <= set(ALLOWED), "add the new package to ALLOWED on purpose"


@pytest.mark.parametrize("package", _packages())
def test_imports_follow_the_design(package: str) -> None:
    allowed = ALLOWED[package]
    if "*" in allowed:
        return
    assert _imports(package) <= allowed


def test_errors_module_imports_nothing_of_ours() -> None:
    tree = ast.parse((SRC / "errors.py").read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in modules if m and m.startswith("consentry")]


@pytest.mark.parametrize("package", _packages())
def test_public_surface_is_declared(package: str) -> None:
    """Each package re-exports its API in `__all__`, and every name listed exists."""
    module = importlib.import_module(f"consentry.{package}")
    exported = getattr(module, "__all__", None)
    assert exported, f"consentry.{package} declares no __all__"
    for name in exported:
        assert hasattr(module, name), name
