"""Every rule, caught in a broken declaration at the line and field its annotation names.

Each `tests/declarations/broken-*.toml` says, in `# expect: SEVERITY RULE FIELD` comments, what
`consentry check` must report on the next non-comment line. A file must produce exactly its
announced problems (no more, no fewer), and every rule of the registry must be announced in at
least one file, so a rule without a test fails here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from consentry.declaration import load_declaration, to_problems
from consentry.rules import RULES, Rule, check_file, rule_named
from tests.catalog_double import force_catalog_double

DECLARATIONS = Path(__file__).parent.parent / "declarations"
BROKEN = sorted(DECLARATIONS.glob("broken-*.toml"))
_EXPECT = re.compile(r"^\s*#\s*expect:\s*(error|warning)\s+(\S+)\s+(\S+)\s*$")


@dataclass(frozen=True)
class Expected:
    file: Path
    line: int
    severity: str
    rule: str  # a rule name, or "loader"
    field: str

    @property
    def requirement(self) -> str:
        return "" if self.rule == "loader" else rule_named(self.rule).requirement


def expectations(path: Path) -> list[Expected]:
    """The annotations of one file, each bound to the next line that is not a comment."""
    found: list[Expected] = []
    pending: list[tuple[str, str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.match(line)
        if match:
            severity, rule, field = match.groups()
            pending.append((severity, rule, field))
        elif line.strip() and not line.lstrip().startswith("#"):
            found += [Expected(path, number, s, r, f) for s, r, f in pending]
            pending = []
    assert not pending, f"{path.name}: an expectation is not followed by a line"
    return found


ALL_EXPECTED = [e for path in BROKEN for e in expectations(path)]


@pytest.fixture(params=["catalog-double", "real-catalog"])
def catalog(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test double's facts, then the shipped catalog's: both must give the same verdicts."""
    if request.param == "catalog-double":
        force_catalog_double(monkeypatch)
    return str(request.param)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_file_reports_exactly_what_it_announces(path: Path, catalog: str) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} announces nothing"
    _, problems = check_file(path)
    got = Counter((p.line, p.severity, p.rule, p.field) for p in problems)
    want = Counter((e.line, e.severity, e.requirement, e.field) for e in expected)
    assert got == want
    for problem in problems:
        text = str(problem)
        assert text.startswith(f"{path}:{problem.line}:{problem.column}: {problem.severity}")
        assert f": {problem.field}: " in text
        assert problem.message
        if problem.rule:  # the rules always say what would be right, and cite their source
            assert problem.hint


def test_every_annotation_names_a_known_rule() -> None:
    names = {rule.name for rule in RULES} | {"loader"}
    unknown = {e.rule for e in ALL_EXPECTED} - names
    assert not unknown


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_fires_on_its_broken_declaration(rule: Rule, monkeypatch: pytest.MonkeyPatch) -> None:
    force_catalog_double(monkeypatch)
    mine = [e for e in ALL_EXPECTED if e.rule == rule.name]
    assert mine, f"no broken declaration exercises {rule.name}"
    for path in sorted({e.file for e in mine}):
        declaration = load_declaration(path)
        problems = to_problems(rule(declaration), declaration.source_text, str(path))
        got = Counter((p.line, p.field) for p in problems)
        want = Counter((e.line, e.field) for e in mine if e.file == path)
        assert got == want, path.name
        assert {p.severity for p in problems} == {rule.severity}
        assert {e.severity for e in mine} == {rule.severity}
        assert all(p.rule == rule.requirement for p in problems)
        assert all(rule.source in p.hint for p in problems)
