"""The cookie index: every name the catalog and the Open Cookie Database know, ready to look up.

Built once from data (pure: services, OCD rows and corrections in, an index out), then each
look-up is a few dictionary probes. The order of preference is the brief's:

1. our catalog services, exact names, then patterns with `*`;
2. the Open Cookie Database, exact names, then prefix ("Wildcard match") rows;

and within that, the cookie's domain when the caller gives it: an entry bound to another
domain loses to one that matches or says nothing; a *generic* name (see corrections.toml)
counts only on its own domain. Longer literal names beat shorter prefixes.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from consentry.catalog.corrections import Corrections
from consentry.catalog.facts import OCD_CATEGORIES, PURPOSES, CookieFacts, Purpose
from consentry.catalog.names import (
    domain_matches,
    is_prefix_pattern,
    literal_prefix,
    name_regex,
    normalize_domain,
)
from consentry.catalog.ocd import OcdRow
from consentry.errors import CatalogError

CATALOG_EXACT, CATALOG_PATTERN, OCD_EXACT, OCD_PREFIX = range(4)
_TRACKING: frozenset[Purpose] = frozenset({"audience", "advertising"})


@dataclass(frozen=True, slots=True)
class _Entry:
    facts: CookieFacts
    tier: int
    hosts: tuple[str, ...]
    bound: bool  # generic name: counts only when the observed domain is one of `hosts`
    specificity: int  # length of the literal part of the name
    order: int  # position in the data, for a stable answer


class CookieIndex:
    """Look-ups by cookie name (and domain); built by `build_cookie_index`."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self._exact: dict[str, list[_Entry]] = defaultdict(list)
        prefixes: dict[str, list[_Entry]] = defaultdict(list)
        self._patterns: list[_Entry] = []
        for entry in entries:
            name = entry.facts.name
            if not entry.facts.pattern:
                self._exact[name].append(entry)
            elif is_prefix_pattern(name):
                prefixes[name[:-1]].append(entry)
            else:
                self._patterns.append(entry)
        # Prefixes bucketed by their first two characters: a look-up tries only the few
        # prefixes that start like the name (one-character prefixes sit under that character).
        self._prefixes: dict[str, list[tuple[str, list[_Entry]]]] = defaultdict(list)
        for prefix, bucket in sorted(prefixes.items()):
            self._prefixes[prefix[:2]].append((prefix, bucket))
        self._size = sum(map(len, self._exact.values())) + sum(map(len, prefixes.values()))
        self._size += len(self._patterns)

    def __len__(self) -> int:
        return self._size

    def lookup(self, name: str, domain: str | None = None) -> CookieFacts | None:
        """The best-known facts for a cookie or storage key named `name`, or None."""
        observed = normalize_domain(domain) if domain else None
        best: tuple[tuple[int, int, int, int, int], _Entry] | None = None
        for entry in self._candidates(name):
            matched = observed is not None and domain_matches(observed, entry.hosts)
            if entry.bound and observed is not None and not matched:
                continue  # a generic name seen on another site's domain is not this platform's
            mismatch = observed is not None and bool(entry.hosts) and not matched
            key = (int(mismatch), entry.tier, -int(matched), -entry.specificity, entry.order)
            if best is None or key < best[0]:
                best = (key, entry)
        if best is None:
            return None
        entry = best[1]
        if entry.bound and observed is None and entry.facts.well_known_tracker:
            # Unverified: without a domain a generic name may be anybody's cookie.
            return dataclasses.replace(entry.facts, well_known_tracker=False)
        return entry.facts

    def _candidates(self, name: str) -> list[_Entry]:
        found = list(self._exact.get(name, ()))
        for key in (name[:2], name[:1]) if len(name) > 1 else (name,):
            for prefix, bucket in self._prefixes.get(key, ()):
                if name.startswith(prefix):
                    found += bucket
        for entry in self._patterns:
            if name_regex(entry.facts.name).fullmatch(name):
                found.append(entry)
        return found


def build_cookie_index(
    services: Mapping[str, Mapping[str, Any]],
    rows: Iterable[OcdRow],
    corrections: Corrections,
) -> CookieIndex:
    """Index catalog services (raw TOML tables by id) and OCD rows, with our corrections."""
    ocd_entries = [_ocd_entry(row, order, corrections) for order, row in enumerate(rows)]
    ocd_only = CookieIndex(ocd_entries)
    catalog_entries = [
        entry
        for service_id in sorted(services)
        for entry in _service_entries(service_id, services[service_id], ocd_only, corrections)
    ]
    for order, entry in enumerate(catalog_entries):
        catalog_entries[order] = dataclasses.replace(entry, order=order)
    return CookieIndex([*catalog_entries, *ocd_entries])


def _ocd_entry(row: OcdRow, order: int, corrections: Corrections) -> _Entry:
    category: Purpose = OCD_CATEGORIES[row.category]
    lifetime = row.lifetime
    fix = corrections.fix_for(row.name, row.platform)
    if fix is not None:
        category = fix.category or category
        lifetime = fix.lifetime or lifetime
    name = row.name + "*" if row.prefix else row.name
    facts = CookieFacts(
        name=name,
        pattern=row.prefix,
        platform=row.platform,
        service_id=corrections.platforms.get(row.platform),
        category=category,
        lifetime=lifetime,
        domain=row.hosts[0] if row.hosts else None,
        description=row.description,
        provider=row.controller or None,
        privacy_policy=row.privacy_link,
        source="open-cookie-database",
        well_known_tracker=corrections.tracker(name, category in _TRACKING),
    )
    tier = OCD_PREFIX if row.prefix else OCD_EXACT
    return _Entry(
        facts, tier, row.hosts, corrections.is_generic(row.name), len(row.name), order + 100_000
    )


def _service_entries(
    service_id: str, service: Mapping[str, Any], ocd: CookieIndex, corrections: Corrections
) -> Iterable[_Entry]:
    where = f"consentry/catalog/services/{service_id}.toml"
    category = service.get("category")
    if category not in PURPOSES:
        raise CatalogError(f"{where}: category {category!r} is not one of {PURPOSES}")
    for index, cookie in enumerate(service.get("cookies", [])):
        try:
            name, lifetime, purpose = cookie["name"], cookie["lifetime"], cookie["purpose"]
        except (KeyError, TypeError) as exc:
            raise CatalogError(f"{where}: cookies[{index}] lacks {exc}") from None
        if not literal_prefix(name):
            raise CatalogError(f"{where}: cookies[{index}]: {name!r} must start with a literal")
        domain = cookie.get("domain")
        hosts = (normalize_domain(domain),) if domain else ()
        pattern = "*" in name
        facts = CookieFacts(
            name=name,
            pattern=pattern,
            platform=str(service["name"]),
            service_id=service_id,
            category=category,
            lifetime=str(lifetime),
            domain=domain,
            description=str(purpose.get("en") or purpose.get("fr") or ""),
            provider=str(service["provider"]),
            privacy_policy=str(service["privacy_policy"]),
            source="catalog",
            well_known_tracker=corrections.tracker(name, _ocd_says_tracker(name, hosts, ocd)),
        )
        bound = bool(hosts) and corrections.is_generic(literal_prefix(name))
        tier = CATALOG_PATTERN if pattern else CATALOG_EXACT
        yield _Entry(facts, tier, hosts, bound, len(literal_prefix(name)), 0)


def _ocd_says_tracker(name: str, hosts: tuple[str, ...], ocd: CookieIndex) -> bool:
    """The Open Cookie Database's verdict on a catalog cookie: does it class it as tracking?"""
    probe = literal_prefix(name)
    for domain in hosts or (None,):
        facts = ocd.lookup(probe, domain)
        if facts is not None and facts.well_known_tracker:
            return True
    return False
