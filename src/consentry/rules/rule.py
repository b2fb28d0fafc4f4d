"""What a rule is: a pure check of a declaration, with its requirement id and legal source.

A rule is written as a generator of `(loc, message, hint)` and wrapped by `@rule(...)`, which
turns it into a `Rule`: a callable `(declaration) -> list[Issue]` that also carries its metadata.
The wrapper stamps every issue with the rule's severity, requirement id and source, so what a
rule reports and what the registry (and `docs/rules.md`) says about it can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from consentry.declaration import Declaration, Issue
from consentry.errors import Severity

Loc = tuple[str | int, ...]
Found = tuple[Loc, str, str]
"""What a rule body yields: where (a declaration path), what is wrong, what would be right."""


@dataclass(frozen=True)
class Rule:
    """One regulatory check; call it with a declaration to get its issues."""

    name: str
    """Unique, stable kebab-case name (several rules may share one requirement id)."""
    requirement: str
    """The requirement id of requirements.md, such as "R24"."""
    severity: Severity
    source: str
    """The legal source, in the short forms of requirements.md §15."""
    title: str
    body: Callable[[Declaration], Iterable[Found]]

    def __call__(self, declaration: Declaration) -> list[Issue]:
        return [
            Issue(
                loc,
                message,
                hint,
                severity=self.severity,
                rule=self.requirement,
                source=self.source,
            )
            for loc, message, hint in self.body(declaration)
        ]


def rule(
    requirement: str, severity: Severity, source: str, title: str
) -> Callable[[Callable[[Declaration], Iterable[Found]]], Rule]:
    """Declare a rule; its name is the function's name with dashes (`choice_too_long` → …)."""

    def wrap(body: Callable[[Declaration], Iterable[Found]]) -> Rule:
        return Rule(
            name=body.__name__.replace("_", "-"),
            requirement=requirement,
            severity=severity,
            source=source,
            title=title,
            body=body,
        )

    return wrap
