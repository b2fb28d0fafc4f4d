"""Build declarations for tests: `make_declaration(**overrides)` from a small valid base."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from consentry.declaration import Declaration, parse_declaration

MINIMAL_TOML = """\
[site]
name = "Site de test"
url = "https://www.site.test"
languages = ["fr", "en"]
policy_updated = 2025-10-01

[controller]
name = "Éditeur SAS"
email = "contact@site.test"

[[services]]
use = "matomo"
exempt = "audience-measurement"

[[services]]
use = "youtube"
"""


def minimal_data() -> dict[str, Any]:
    """The minimal declaration as a dict, to be changed by a test."""
    return tomllib.loads(MINIMAL_TOML)


def to_toml(data: dict[str, Any]) -> str:
    """Write a declaration dict back as TOML (enough of TOML for declarations)."""
    lines: list[str] = []
    scalars = {k: v for k, v in data.items() if not isinstance(v, (dict, list)) or _inline(v)}
    lines += [f"{k} = {_value(v)}" for k, v in scalars.items()]
    for key, value in data.items():
        if key in scalars:
            continue
        if isinstance(value, dict):
            _table(lines, [key], value)
        else:
            for item in value:
                _table(lines, [key], item, array=True)
    return "\n".join(lines) + "\n"


def make_declaration(**overrides: Any) -> Declaration:
    """The minimal declaration with top-level tables replaced or merged (`site={...}` merges)."""
    data = minimal_data()
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = copy.deepcopy(value)
    return parse_declaration(to_toml(data), "test.toml")


def _inline(value: Any) -> bool:
    if isinstance(value, list):
        return not any(isinstance(v, dict) for v in value) or all(
            isinstance(v, dict) and all(not isinstance(x, (dict, list)) for x in v.values())
            for v in value
        )
    return isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values())


def _table(lines: list[str], path: list[str], table: dict[str, Any], array: bool = False) -> None:
    header = ".".join(
        f'"{p}"' if not p.replace("-", "").replace("_", "").isalnum() else p for p in path
    )
    lines.append(f"[[{header}]]" if array else f"[{header}]")
    nested = []
    for key, value in table.items():
        if isinstance(value, dict) and not _inline(value):
            nested.append((key, value, False))
        elif isinstance(value, list) and not _inline(value):
            nested.append((key, value, True))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value, is_array in nested:
        if is_array:
            for item in value:
                _table(lines, [*path, key], item, array=True)
        else:
            _table(lines, [*path, key], value)


def _key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    return value.isoformat()  # type: ignore[no-any-return]
