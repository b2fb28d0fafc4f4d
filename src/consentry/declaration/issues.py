"""A problem found in a declaration, before it is placed at a file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from consentry.declaration.locate import Loc, format_loc, locate
from consentry.errors import Problem, Severity


@dataclass(frozen=True)
class Issue:
    """What is wrong (`message`), where in the declaration (`loc`), and what would be right."""

    loc: Loc
    message: str
    hint: str = ""
    severity: Severity = "error"
    rule: str = ""
    source: str = ""

    def to_problem(self, text: str, file: str) -> Problem:
        position = locate(text, self.loc) if text else None
        hint = self.hint
        if self.source:
            hint = f"{hint}; {self.source}" if hint else self.source
        return Problem(
            file=file,
            line=position[0] if position else None,
            column=position[1] if position else None,
            field=format_loc(self.loc),
            message=self.message,
            hint=hint,
            severity=self.severity,
            rule=self.rule,
        )


def to_problems(issues: Iterable[Issue], text: str, file: str) -> list[Problem]:
    """Locate every issue, sorted in file order (unlocated ones last)."""
    problems = [issue.to_problem(text, file) for issue in issues]
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))
