"""Our corrections to the Open Cookie Database, read from `corrections.toml`.

The data file says what is wrong and why; this module only reads and checks it, so a bad edit
to the file fails loudly (CatalogError naming the entry) instead of silently changing answers.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, cast

from consentry.catalog.facts import PURPOSES, Purpose
from consentry.catalog.names import matches_any
from consentry.errors import CatalogError

FILE = "consentry/catalog/corrections.toml"
_DURATION = re.compile(
    r"^(session|persistent|[1-9]\d* (second|minute|hour|day|week|month|year)s?)$"
)
_FIX_KEYS = {"name", "platform", "lifetime", "category", "reason"}
_TOP_KEYS = {"fix", "trackers", "generic", "platforms"}


@dataclass(frozen=True, slots=True)
class Fix:
    """New values for the OCD rows named `name` (of `platform` only, when given)."""

    name: str
    platform: str | None
    lifetime: str | None
    category: Purpose | None
    reason: str


@dataclass(frozen=True)
class Corrections:
    fixes: tuple[Fix, ...] = ()
    trackers: tuple[str, ...] = ()
    not_trackers: tuple[str, ...] = ()
    generic_max_length: int = 0
    generic_names: frozenset[str] = frozenset()
    platforms: dict[str, str] = field(default_factory=dict)

    def fix_for(self, name: str, platform: str) -> Fix | None:
        """The correction of one OCD row, if any (a platform-specific one wins)."""
        general = None
        for fix in self.fixes:
            if fix.name != name:
                continue
            if fix.platform == platform:
                return fix
            if fix.platform is None:
                general = fix
        return general

    def is_generic(self, name: str) -> bool:
        """True for a name too short or too common to identify a platform by itself."""
        return len(name) <= self.generic_max_length or name in self.generic_names

    def tracker(self, name: str, default: bool) -> bool:
        """Whether an entry of this name is a well-known tracker, given the OCD's verdict."""
        if matches_any(self.not_trackers, name):
            return False
        return default or matches_any(self.trackers, name)


@cache
def corrections() -> Corrections:
    """The shipped corrections, read once."""
    try:
        text = (files("consentry.catalog") / "corrections.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{FILE}: {exc}") from exc
    return parse_corrections(data)


def parse_corrections(data: dict[str, Any]) -> Corrections:
    """Check and convert the TOML tables; CatalogError names the first wrong entry."""
    _no_unknown(data, _TOP_KEYS, FILE)
    fixes = tuple(_fix(entry, index) for index, entry in enumerate(_list(data, "fix")))
    trackers = _table(data, "trackers", {"always", "never"})
    generic = _table(data, "generic", {"max_length", "names"})
    platforms = _table(data, "platforms", None)
    max_length = generic.get("max_length", 0)
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 0:
        raise CatalogError(f"{FILE}: generic.max_length must be a whole number ≥ 0")
    for key, value in platforms.items():
        if not isinstance(value, str):
            raise CatalogError(f"{FILE}: platforms.{key} must be a catalog service id")
    return Corrections(
        fixes=fixes,
        trackers=_strings(trackers, "always", "trackers"),
        not_trackers=_strings(trackers, "never", "trackers"),
        generic_max_length=max_length,
        generic_names=frozenset(_strings(generic, "names", "generic")),
        platforms=cast(dict[str, str], dict(platforms)),
    )


def _fix(entry: Any, index: int) -> Fix:
    where = f"{FILE}: fix[{index}]"
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: expected a table")
    _no_unknown(entry, _FIX_KEYS, where)
    name, reason = entry.get("name"), entry.get("reason")
    if not isinstance(name, str) or not name:
        raise CatalogError(f"{where}: name is required")
    if not isinstance(reason, str) or not reason.strip():
        raise CatalogError(f"{where} ({name}): say why in `reason`")
    platform, lifetime, category = (entry.get(k) for k in ("platform", "lifetime", "category"))
    if platform is not None and not isinstance(platform, str):
        raise CatalogError(f"{where} ({name}): platform must be text")
    if lifetime is not None and not (isinstance(lifetime, str) and _DURATION.match(lifetime)):
        raise CatalogError(f'{where} ({name}): lifetime {lifetime!r} is not like "13 months"')
    if category is not None and category not in PURPOSES:
        raise CatalogError(f"{where} ({name}): category {category!r} is not one of {PURPOSES}")
    if lifetime is None and category is None:
        raise CatalogError(f"{where} ({name}): give a lifetime or a category to change")
    return Fix(name, platform, lifetime, cast(Purpose | None, category), reason)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise CatalogError(f"{FILE}: {key} must be an array of tables ([[{key}]])")
    return value


def _table(data: dict[str, Any], key: str, allowed: set[str] | None) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CatalogError(f"{FILE}: [{key}] must be a table")
    if allowed is not None:
        _no_unknown(value, allowed, f"{FILE}: [{key}]")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CatalogError(f"{FILE}: {where}.{key} must be a list of names")
    return tuple(value)


def _no_unknown(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise CatalogError(f"{where}: unknown key {unknown[0]!r}; known: {known}")
