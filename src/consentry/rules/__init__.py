"""The regulatory rules as pure functions over a declaration, each with its requirement id.

`check_declaration(declaration)` returns every `Issue`; `check_file(path)` loads a file and
returns located `Problem`s. `RULES` lists every rule (name, requirement, severity, source,
title) for the documentation and the tests.
"""

from consentry.rules.check import check_declaration, check_file
from consentry.rules.labels import LABEL_KEYS
from consentry.rules.registry import RULES, rule_named
from consentry.rules.rule import Rule

__all__ = ["LABEL_KEYS", "RULES", "Rule", "check_declaration", "check_file", "rule_named"]
