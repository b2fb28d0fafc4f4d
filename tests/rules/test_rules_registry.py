"""The registry: every rule named once, tied to a real requirement and source, and documented."""

from __future__ import annotations

import builtins
import io
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest

import consentry.rules
from consentry.declaration import Declaration, load_declaration
from consentry.rules import RULES, check_declaration, rule_named
from tests.catalog_double import force_catalog_double

ROOT = Path(__file__).parent.parent.parent
REQUIREMENTS = Path("/work/shared/requirements.md")
DOCS = ROOT / "docs" / "rules.md"
REFERENCE = ROOT / "examples" / "mastermi-learning" / "consentry.toml"
# Short forms of requirements.md §15, plus the one source it does not list.
SOURCES = re.compile(
    r"^(LIL art\. 82|ePD art\. 5\(3\)|GDPR art\. [\d()a-z, ]+|CNIL-LD art\. \d|"
    r"CNIL-REC art\. \d( §2\.\d)?|CNIL-FAQ|CNIL-AUD|CNIL-2013|EDPB-TF paras? [\d–]+|"
    r"EDPB-CONSENT §\d\.\d|SAN-\d{4}-\d{3}|WCAG 2\.2 SC [\d.]+|Code civil art\. 2224)$"
)


def test_names_are_unique_and_kebab_case() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)


def test_rule_named_finds_each_rule_and_names_the_known_ones() -> None:
    assert all(rule_named(rule.name) is rule for rule in RULES)
    with pytest.raises(KeyError, match="choice-kept-over-6-months"):
        rule_named("no-such-rule")


def test_every_requirement_id_exists() -> None:
    if not REQUIREMENTS.exists():
        ids = {f"R{n:02d}" for n in range(1, 70)}
    else:
        ids = set(re.findall(r"^\*\*(R\d\d) —", REQUIREMENTS.read_text(encoding="utf-8"), re.M))
    assert {rule.requirement for rule in RULES} <= ids


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_source_uses_the_short_forms(rule: Any) -> None:
    for part in rule.source.split("; "):
        assert SOURCES.match(part), part


def test_the_themes_cover_the_issue() -> None:
    # Issue 2, item 4: lifetimes, exemptions, R38–R43, R19, R23, R15, R10.
    required = {"R10", "R15", "R19", "R23", "R24", "R37", "R38", "R39", "R40", "R41", "R43"}
    assert required <= {rule.requirement for rule in RULES}
    assert {rule.severity for rule in RULES} == {"error", "warning"}


def test_package_surface() -> None:
    for name in consentry.rules.__all__:
        assert hasattr(consentry.rules, name)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_docs_list_every_rule(rule: Any) -> None:
    row = next(
        (
            line
            for line in DOCS.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{rule.name}` |")
        ),
        None,
    )
    assert row is not None, f"docs/rules.md does not list {rule.name}"
    assert rule.requirement in row and rule.severity in row and rule.source in row


def test_rules_read_no_clock_file_or_network(monkeypatch: pytest.MonkeyPatch) -> None:
    force_catalog_double(monkeypatch)
    declaration: Declaration = load_declaration(REFERENCE)
    before = check_declaration(declaration)  # warms the caches of package data

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a rule did I/O or read the clock")

    for target, name in [
        (builtins, "open"),
        (io, "open"),
        (socket, "socket"),
        (socket, "create_connection"),
        (time, "time"),
        (time, "time_ns"),
    ]:
        monkeypatch.setattr(target, name, forbidden)
    assert check_declaration(declaration) == before
