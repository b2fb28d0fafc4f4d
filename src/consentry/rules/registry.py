"""Every rule, in one list: what `check_declaration` runs and what `docs/rules.md` documents.

Rules are grouped by theme, one module each; the registry collects the `Rule` objects each
module defines, in definition order, so adding a rule is writing it, nothing more.
"""

from __future__ import annotations

from types import ModuleType

from consentry.rules import audience, exemptions, labels, legal_basis, lifetimes, site
from consentry.rules.rule import Rule

THEMES: tuple[ModuleType, ...] = (lifetimes, exemptions, audience, legal_basis, labels, site)


def _collect(themes: tuple[ModuleType, ...]) -> tuple[Rule, ...]:
    return tuple(
        value for theme in themes for value in vars(theme).values() if isinstance(value, Rule)
    )


RULES: tuple[Rule, ...] = _collect(THEMES)
"""All rules, theme by theme."""


def rule_named(name: str) -> Rule:
    """The rule with this name; raise KeyError naming the known ones."""
    for candidate in RULES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no rule {name!r}; known: {', '.join(r.name for r in RULES)}")
